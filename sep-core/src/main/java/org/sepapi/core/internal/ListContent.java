package org.sepapi.core.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.BodyException;
import org.sepapi.core.spi.EventPackage;
import org.sepapi.model.ModelException;
import org.sepapi.model.rlmi.RlmiNotification;

/**
 * The merged state of a subscription to an RLS list (RFC 4662): each multipart/related NOTIFY read
 * and applied to an {@link RlsState}, and the resources it changed remembered until the next
 * callback takes them. Confined to the subscription's executor.
 *
 * @param <T> the package's state value
 */
public final class ListContent<T> implements NotifyContent {
  private RlsState<T> state;
  private final Set<String> changed = new LinkedHashSet<>();

  public ListContent(EventPackage<T> eventPackage) {
    this.state = RlsState.empty(eventPackage);
  }

  @Override
  public Outcome apply(Body body) {
    RlmiNotification notification;
    try {
      notification = RlmiNotification.parse(body.contentType(), body.content());
    } catch (ModelException e) {
      throw new BodyException("unreadable RLS NOTIFY body: " + e.getMessage(), e);
    }
    RlsState.Update<T> update = state.apply(notification);
    state = update.state();
    changed.addAll(update.changed());
    if (update.resync().isPresent()) {
      return update.changed().isEmpty() ? Outcome.RESYNC : Outcome.CHANGED_RESYNC;
    }
    return update.changed().isEmpty() ? Outcome.UNCHANGED : Outcome.CHANGED;
  }

  /** An RLS's NOTIFY without a body says nothing of its resources: nothing changes. */
  @Override
  public Outcome applyEmpty() {
    return Outcome.UNCHANGED;
  }

  public RlsState<T> state() {
    return state;
  }

  /** The URIs of the resources changed since the last call, in order; clears them. */
  public Set<String> takeChanged() {
    Set<String> taken = new LinkedHashSet<>(changed);
    changed.clear();
    return taken;
  }
}
