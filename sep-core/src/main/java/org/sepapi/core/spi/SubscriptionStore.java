package org.sepapi.core.spi;

import java.util.List;
import java.util.Optional;
import org.sepapi.core.SubscriptionRequest;

/**
 * Keeps API subscriptions across restarts, and hands them from one engine to another: an engine
 * that starts {@linkplain org.sepapi.core.SubscriptionService#recover() recovers} what its store
 * holds by subscribing again and sending a full-state callback. Only what the client asked for is
 * stored; SIP dialogs and merged state are rebuilt. Thread-safe.
 */
public interface SubscriptionStore {
  /** One stored subscription: its id and what was asked for. */
  record Stored(String id, SubscriptionRequest request) {}

  /** Saves (or replaces) a subscription. */
  void save(Stored subscription);

  /** Removes a subscription; does nothing if there is none. */
  void delete(String id);

  Optional<Stored> find(String id);

  /** Every stored subscription. */
  List<Stored> all();
}
