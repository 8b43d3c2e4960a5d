package org.sepapi.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.CredentialsProvider;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.core.spi.SipTransport;

/**
 * What every subscriber state machine of one engine shares. Immutable.
 *
 * @param transport sends and receives
 * @param router hands incoming NOTIFYs to the subscriptions
 * @param challenges makes the challenge answerer of a subscription, when it is first challenged
 * @param scheduler every timer
 * @param clock the time
 * @param random jitter of refreshes and backoffs
 * @param identity the From of every SUBSCRIBE (a tag is added per subscription)
 * @param outboundRoute Route headers of every initial SUBSCRIBE (an outbound proxy), maybe empty
 * @param credentials answers 401/407 challenges
 * @param defaultExpires the Expires a SUBSCRIBE asks for, when the deadline is further away
 * @param backoff retry delays after failures
 * @param timerN how long to wait for the first NOTIFY after a 2xx (RFC 6665 Timer N, 64*T1)
 * @param unsubscribeWait how long to wait for the final NOTIFY after an unsubscribe
 * @param maxDialogs how many dialogs a forked SUBSCRIBE may create
 * @param allowEvents the Allow-Events header value, empty for none
 */
public record SubscriberSettings(
    SipTransport transport,
    DialogRouter router,
    Supplier<ChallengeAnswerer> challenges,
    Scheduler scheduler,
    Clock clock,
    RandomGenerator random,
    NameAddr identity,
    List<SipUri> outboundRoute,
    CredentialsProvider credentials,
    Duration defaultExpires,
    Backoff backoff,
    Duration timerN,
    Duration unsubscribeWait,
    int maxDialogs,
    String allowEvents) {
  public SubscriberSettings {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(challenges, "challenges");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(identity, "identity");
    outboundRoute = List.copyOf(outboundRoute);
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(defaultExpires, "defaultExpires");
    Objects.requireNonNull(timerN, "timerN");
    Objects.requireNonNull(unsubscribeWait, "unsubscribeWait");
    if (defaultExpires.getSeconds() < 1) {
      throw new IllegalArgumentException("default expires < 1 s");
    }
    if (timerN.isNegative() || timerN.isZero()) {
      throw new IllegalArgumentException("Timer N is positive: " + timerN);
    }
    if (unsubscribeWait.isNegative() || unsubscribeWait.isZero()) {
      throw new IllegalArgumentException("the unsubscribe wait is positive: " + unsubscribeWait);
    }
    if (maxDialogs < 1) {
      throw new IllegalArgumentException("maxDialogs < 1");
    }
    Objects.requireNonNull(allowEvents, "allowEvents");
  }
}
