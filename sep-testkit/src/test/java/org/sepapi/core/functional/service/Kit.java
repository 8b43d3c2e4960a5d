package org.sepapi.core.functional.service;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.sepapi.core.SubscriptionRequest;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.NotificationSink;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.core.spi.SubscriptionStore;
import org.sepapi.model.api.Subscription;
import org.sepapi.testkit.InMemorySipNetwork;
import org.sepapi.testkit.ManualClock;
import org.sepapi.testkit.ManualScheduler;
import org.sepapi.testkit.MockSipPeer;

/**
 * One functional test's world: a manual clock and scheduler, an in-memory SIP network with a PBX
 * ({@code pbx.test}, a {@link Registrar} unless the test scripts it), the gateway's transport and a
 * {@link SubscriptionService} on it with a direct executor and a {@link RecordingSink}.
 */
final class Kit {
  static final String OWNER = "owner-1";
  static final URI CALLBACK = URI.create("http://client.test/callbacks/1");
  static final Duration WAIT = Duration.ofSeconds(20);

  final ManualClock clock = ManualClock.create();
  final ManualScheduler scheduler = ManualScheduler.on(clock);
  final InMemorySipNetwork network = InMemorySipNetwork.create(scheduler);
  final MockSipPeer pbx = network.peer("pbx.test");
  final Registrar registrar = new Registrar(pbx, clock);
  final RecordingSink sink = new RecordingSink();
  final Instant start = clock.instant();

  private int services;

  /** A service on {@code gateway.test} with the kit's sink and the defaults of these tests. */
  SubscriptionService service() {
    return service(b -> b);
  }

  SubscriptionService service(UnaryOperator<SubscriptionService.Builder> options) {
    return options.apply(builder("gateway.test", sink, scheduler)).build();
  }

  SubscriptionService.Builder builder(String host, NotificationSink sink, Scheduler timers) {
    return SubscriptionService.builder()
        .transport(network.transport(host))
        .scheduler(timers)
        .clock(clock)
        .executor(Runnable::run)
        .random(new Random(17 + services++))
        .sink(sink)
        .identity(NameAddr.parse("<sip:sepapi@" + host + ">"));
  }

  /** A fan-out subscription of {@link #OWNER} to the reg state of {@code users}, for an hour. */
  SubscriptionRequest reg(String... users) {
    return request("reg", Optional.of(CALLBACK), Duration.ofHours(1), users);
  }

  SubscriptionRequest request(
      String event, Optional<URI> callback, Duration lasting, String... users) {
    List<SipUri> resources = java.util.Arrays.stream(users).map(registrar::uri).toList();
    return new SubscriptionRequest(
        OWNER,
        event,
        resources,
        Optional.empty(),
        callback,
        clock.instant().plus(lasting),
        List.of());
  }

  static SubscriptionStore.Stored stored(String id, SubscriptionRequest request) {
    return new SubscriptionStore.Stored(id, request);
  }

  /** Creates and lets the SIP side run until idle; returns the new subscription's id. */
  String create(SubscriptionService service, SubscriptionRequest request) {
    Subscription created = done(service.create(request));
    network.runUntilIdle();
    return created.id();
  }

  /** The subscription as its owner GETs it now. */
  Subscription get(SubscriptionService service, String id) {
    return done(service.get(OWNER, id))
        .orElseThrow(() -> new AssertionError("no subscription " + id));
  }

  /** A stage that the direct executor has completed already, or completes within {@link #WAIT}. */
  static <T> T done(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      throw new AssertionError("the stage failed", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the stage did not complete within " + WAIT);
    }
  }

  /** Seconds since the kit started. */
  long elapsedSeconds() {
    return Duration.between(start, clock.instant()).toSeconds();
  }
}
