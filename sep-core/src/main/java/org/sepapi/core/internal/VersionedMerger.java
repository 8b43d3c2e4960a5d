package org.sepapi.core.internal;

import java.util.Optional;
import java.util.OptionalLong;
import org.sepapi.core.spi.Merge;
import org.sepapi.core.spi.StateMerger;

/**
 * The version rule that reginfo (RFC 3680 section 5.2) and dialog-info (RFC 4235 section 4.1)
 * share: a full document always replaces (real registrars send {@code version="0"} with every full
 * NOTIFY); a partial one applies only on the version just before it, and asks for a resync when it
 * comes first or after a gap; an equal or older version changes nothing. Subclasses say how a
 * document is read and how a partial one applies. Thread-safe (stateless).
 *
 * @param <T> the document
 */
abstract class VersionedMerger<T> implements StateMerger<T> {
  private final String documentName;

  VersionedMerger(String documentName) {
    this.documentName = documentName;
  }

  abstract boolean isFull(T document);

  abstract long version(T document);

  /** A full document as the merged state keeps it (terminated parts dropped, say). */
  abstract T normalised(T full);

  /** {@code partial} applied to {@code current}, whose version is just before it. */
  abstract T apply(T current, T partial);

  @Override
  public final Merge<T> merge(Optional<T> current, T incoming) {
    if (isFull(incoming)) {
      T merged = normalised(incoming);
      return current.isPresent() && current.get().equals(merged)
          ? Merge.unchanged()
          : Merge.changed(merged);
    }
    OptionalLong version =
        current.isPresent() ? OptionalLong.of(version(current.get())) : OptionalLong.empty();
    switch (Versions.partial(version, version(incoming))) {
      case STALE:
        return Merge.unchanged();
      case RESYNC:
        return Merge.resync(Versions.resyncReason(documentName, version, version(incoming)));
      default:
        return Merge.changed(apply(current.get(), incoming));
    }
  }
}
