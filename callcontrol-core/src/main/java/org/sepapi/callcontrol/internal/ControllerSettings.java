package org.sepapi.callcontrol.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;
import org.sepapi.callcontrol.CallStatus;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.CredentialsProvider;
import org.sepapi.core.spi.NotificationSink;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.core.spi.SipTransport;

/**
 * What every call of one controller shares. Immutable (the parts it holds are thread-safe).
 *
 * @param router the controller's router, where calls register their dialogs
 * @param sink where call-state callbacks go; empty for none
 * @param callEvent the body of a callback: the call's status and its version
 * @param timeout how long a phone may ring when the request names no timeout
 * @param resultCacheTime how long an ended call is kept when the request names no time
 * @param referWait how long the controller waits for the REFER's NOTIFYs before it leaves
 */
public record ControllerSettings(
    SipTransport transport,
    CallRouter router,
    Scheduler scheduler,
    Clock clock,
    Executor executor,
    RandomGenerator random,
    CredentialsProvider credentials,
    Optional<SipUri> outboundProxy,
    Optional<NotificationSink> sink,
    BiFunction<CallStatus, Long, Body> callEvent,
    Duration timeout,
    Duration resultCacheTime,
    Duration referWait,
    String userAgent) {
  public ControllerSettings {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(outboundProxy, "outboundProxy");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(callEvent, "callEvent");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(resultCacheTime, "resultCacheTime");
    Objects.requireNonNull(referWait, "referWait");
    Objects.requireNonNull(userAgent, "userAgent");
  }
}
