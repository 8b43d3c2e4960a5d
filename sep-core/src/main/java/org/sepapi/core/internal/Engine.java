package org.sepapi.core.internal;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.sepapi.core.spi.CallbackPolicy;
import org.sepapi.core.spi.EventPackage;
import org.sepapi.core.spi.NotificationSink;
import org.sepapi.core.spi.SubscriptionStore;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.Subscription;

/**
 * What the API subscriptions of one service share. Immutable.
 *
 * @param settings the SIP side
 * @param packages the event package of a name (a pass-through for unknown names)
 * @param sink delivers callbacks
 * @param store keeps subscriptions
 * @param policy checks callback URLs
 * @param executor runs the serial executors of subscriptions
 * @param subscribesPerSecond how fast a long resource list is subscribed (fan-out pacing)
 * @param listUri the RLMI list URI of a subscription id
 */
public record Engine(
    SubscriberSettings settings,
    Function<String, EventPackage<?>> packages,
    NotificationSink sink,
    SubscriptionStore store,
    CallbackPolicy policy,
    Executor executor,
    int subscribesPerSecond,
    Function<String, String> listUri,
    XmlCodec<Subscription> codec) {
  public Engine {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(packages, "packages");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(executor, "executor");
    if (subscribesPerSecond < 1) {
      throw new IllegalArgumentException("subscribesPerSecond < 1");
    }
    Objects.requireNonNull(listUri, "listUri");
    Objects.requireNonNull(codec, "codec");
  }
}
