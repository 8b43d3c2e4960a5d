package org.sepapi.core.internal;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * @param router incoming NOTIFYs to subscriptions
 * @param packages the event package of a name (a pass-through for unknown names)
 * @param sink delivers callbacks
 * @param store keeps subscriptions
 * @param policy checks callback URLs
 * @param executor runs the serial executors of subscriptions
 * @param challenges a fresh challenge answerer for each SIP subscription
 * @param subscribesPerSecond how fast a long resource list is subscribed (fan-out pacing)
 * @param listUri the RLMI list URI of a subscription id
 */
public record Engine(
    SubscriberSettings settings,
    DialogRouter router,
    Function<String, EventPackage<?>> packages,
    NotificationSink sink,
    SubscriptionStore store,
    CallbackPolicy policy,
    Executor executor,
    Supplier<ChallengeAnswerer> challenges,
    int subscribesPerSecond,
    Function<String, String> listUri,
    XmlCodec<Subscription> codec) {
  public Engine {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(packages, "packages");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(challenges, "challenges");
    if (subscribesPerSecond < 1) {
      throw new IllegalArgumentException("subscribesPerSecond < 1");
    }
    Objects.requireNonNull(listUri, "listUri");
    Objects.requireNonNull(codec, "codec");
  }
}
