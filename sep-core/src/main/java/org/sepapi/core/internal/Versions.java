package org.sepapi.core.internal;

import java.util.OptionalLong;
import org.sepapi.core.spi.Merge;

/**
 * The version rule that reginfo (RFC 3680 section 5), dialog-info (RFC 4235 section 4.1) and RLMI
 * (RFC 4662 section 5.2) documents share: the notifier numbers its NOTIFYs of one subscription 0,
 * 1, 2... A subscriber applies a partial document only on the state of the version just before it;
 * an older or equal version is a duplicate or arrived late, a newer one means a NOTIFY was lost.
 * Thread-safe (stateless).
 */
public final class Versions {
  private Versions() {}

  /** What to do with a partial document. */
  public enum Verdict {
    /** The version just after the current one: apply it. */
    APPLY,
    /** The current version or an older one: a duplicate or a late NOTIFY, nothing to do. */
    STALE,
    /** No state to apply it on, or a version was skipped: fetch the full state again. */
    RESYNC
  }

  /** The verdict on a partial document of version {@code incoming}. */
  public static Verdict partial(OptionalLong current, long incoming) {
    if (current.isEmpty()) {
      return Verdict.RESYNC;
    }
    long known = current.getAsLong();
    if (incoming <= known) {
      return Verdict.STALE;
    }
    return incoming - known == 1 ? Verdict.APPLY : Verdict.RESYNC;
  }

  /** Why a partial document cannot be applied, for {@link Merge.Resync}. */
  public static String resyncReason(String document, OptionalLong current, long incoming) {
    if (current.isEmpty()) {
      return "a partial " + document + " (version " + incoming + ") before any full state";
    }
    long missed = incoming - current.getAsLong() - 1;
    return document
        + " version "
        + incoming
        + " follows version "
        + current.getAsLong()
        + ": "
        + missed
        + (missed == 1 ? " NOTIFY was" : " NOTIFYs were")
        + " lost";
  }
}
