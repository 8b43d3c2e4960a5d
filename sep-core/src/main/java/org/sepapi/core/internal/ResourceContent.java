package org.sepapi.core.internal;

import java.util.List;
import java.util.Optional;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.EventPackage;
import org.sepapi.core.spi.Merge;
import org.sepapi.model.AnyElement;

/**
 * The merged state of one resource instance in fan-out mode: each NOTIFY body decoded by the
 * package's codec and merged by its merger. Confined to the subscription's executor.
 *
 * @param <T> the package's state value
 */
public final class ResourceContent<T> implements NotifyContent {
  private final EventPackage<T> eventPackage;
  private T state;

  public ResourceContent(EventPackage<T> eventPackage) {
    this.eventPackage = eventPackage;
  }

  @Override
  public Outcome apply(Body body) {
    T incoming = eventPackage.codec().decode(body);
    Merge<T> merge = eventPackage.merger().merge(Optional.ofNullable(state), incoming);
    if (merge instanceof Merge.Changed<T> changed) {
      state = changed.state();
      return Outcome.CHANGED;
    }
    return merge instanceof Merge.Resync<T> ? Outcome.RESYNC : Outcome.UNCHANGED;
  }

  @Override
  public Outcome applyEmpty() {
    if (state == null || !eventPackage.emptyBodyClearsState()) {
      return Outcome.UNCHANGED;
    }
    state = null;
    return Outcome.CHANGED;
  }

  /** The merged state, if any NOTIFY brought one. */
  public Optional<T> state() {
    return Optional.ofNullable(state);
  }

  /** The merged state as the elements of an RLMI instance; empty before the first state. */
  public List<AnyElement> inline() {
    return state == null ? List.of() : eventPackage.codec().inline(state);
  }
}
