package org.sepapi.core.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sepapi.core.WebhookSignature;
import org.sepapi.core.WebhookSink;
import org.sepapi.core.spi.CallbackPolicy;
import org.sepapi.core.spi.CallbackPolicy.CallbackRefusedException;
import org.sepapi.core.spi.DeliveryOutcome;
import org.sepapi.core.spi.Notification;
import org.sepapi.core.spi.NotificationSource;
import org.sepapi.testkit.ManualClock;
import org.sepapi.testkit.ManualScheduler;

/**
 * {@link WebhookSink} against a real HTTP server on 127.0.0.1. Retry waits run on a manual
 * scheduler: a test awaits the sink's schedule() call (the sink learns of a failure on an HTTP
 * thread), then moves time. Only HTTP round trips and the request timeout take real time.
 */
@Timeout(60)
class WebhookSinkTest {
  private static final Duration MS = Duration.ofMillis(1);

  /**
   * The request timeout of the tests that wait one out in real time. Their other requests must be
   * answered within it too, on a machine that may be loaded, so it is not short.
   */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  private CallbackServer server;
  private ManualClock clock;
  private ManualScheduler manual;
  private RecordingScheduler timers;
  private WebhookSink sink;

  @BeforeEach
  void start() throws IOException {
    server = CallbackServer.start();
    clock = ManualClock.create();
    manual = ManualScheduler.on(clock);
    timers = new RecordingScheduler(manual);
  }

  @AfterEach
  void stop() {
    if (sink != null) {
      sink.close();
    }
    server.close();
  }

  private WebhookSink sink(UnaryOperator<WebhookSink.Builder> options) {
    sink = options.apply(WebhookSink.builder().scheduler(timers).clock(clock)).build();
    return sink;
  }

  private FakeSource source(String id) {
    return new FakeSource(id, server.uri("/" + id));
  }

  private void changeAndSignal(FakeSource source) {
    source.change();
    sink.signal(source);
  }

  /**
   * Moves time to one millisecond before the retry wait ends, checks that nothing more was sent and
   * that the retry still waits, then moves the last millisecond.
   */
  private void advanceThroughRetry(Duration delay) {
    int sent = server.count();
    if (!delay.isZero()) {
      manual.advance(delay.minus(MS));
      assertEquals(sent, server.count(), "a request before the retry wait ended");
      assertEquals(1, manual.pending(), "the retry no longer waits");
      manual.advance(MS);
    } else {
      manual.runDue();
    }
  }

  private static void assertWithin(Duration ceiling, Duration delay) {
    assertFalse(delay.isNegative(), delay::toString);
    assertTrue(delay.compareTo(ceiling) <= 0, () -> delay + " > " + ceiling);
  }

  @Test
  void deliversOneAtATimeInOrderAndCoalescesWhatArrivesMeanwhile() throws Exception {
    sink(b -> b);
    FakeSource a = source("a");
    CallbackServer.Stall stall = server.stall(200);
    server.script("/a", stall);

    changeAndSignal(a);
    CallbackServer.Request first = server.take();
    assertEquals("1", first.text());
    changeAndSignal(a);
    changeAndSignal(a);
    changeAndSignal(a);
    assertEquals(1, server.count());
    stall.release();

    FakeSource.Outcome one = a.awaitOutcome();
    assertEquals(DeliveryOutcome.DELIVERED, one.outcome());
    assertEquals(1, one.notification().version());
    CallbackServer.Request second = server.take();
    assertEquals("2,3,4", second.text());
    FakeSource.Outcome two = a.awaitOutcome();
    assertEquals(DeliveryOutcome.DELIVERED, two.outcome());
    assertEquals(2, two.notification().version());
    assertEquals(
        List.of("take:1", "delivered:1:DELIVERED", "take:2", "delivered:2:DELIVERED"), a.calls());

    assertEquals("POST", first.method());
    assertEquals("HTTP/1.1", first.protocol());
    assertNull(first.header("Upgrade"), "no h2c upgrade");
    assertEquals("text/plain; charset=utf-8", first.header("Content-Type"));
    assertEquals("a", first.subscriptionId());
    assertEquals("1", first.header(WebhookSink.VERSION_HEADER));
    assertEquals("2", second.header(WebhookSink.VERSION_HEADER));
    UUID.fromString(first.deliveryId());
    UUID.fromString(second.deliveryId());
    assertNotEquals(first.deliveryId(), second.deliveryId());
    assertNull(first.header(WebhookSink.SIGNATURE_HEADER), "unsigned without a secret");
    assertNull(first.header(WebhookSink.TIMESTAMP_HEADER));
    assertEquals(0, manual.pending());
  }

  @Test
  void aSignalWithNothingPendingSendsNothing() throws Exception {
    sink(b -> b);
    FakeSource a = source("a");
    sink.signal(a);
    FakeSource barrier = source("barrier");
    changeAndSignal(barrier);
    assertEquals(DeliveryOutcome.DELIVERED, barrier.awaitOutcome().outcome());
    assertEquals(List.of("take:empty"), a.calls());
    assertEquals(List.of("/barrier"), paths());

    changeAndSignal(a);
    assertEquals(DeliveryOutcome.DELIVERED, a.awaitOutcome().outcome());
    assertEquals("1", server.received("/a").get(0).text());
  }

  @Test
  void retriesTheSameDeliveryWithGrowingBackoffOnTheScheduler() throws Exception {
    sink(b -> b.initialBackoff(Duration.ofSeconds(1)).backoffMultiplier(2));
    FakeSource a = source("a");
    server.script("/a", CallbackServer.status(500), CallbackServer.status(502));

    changeAndSignal(a);
    CallbackServer.Request first = server.take();
    Duration d1 = timers.awaitScheduled();
    assertWithin(Duration.ofSeconds(1), d1);
    changeAndSignal(a); // arrives while the first waits to be retried
    advanceThroughRetry(d1);

    CallbackServer.Request second = server.take();
    assertEquals(first.deliveryId(), second.deliveryId());
    assertEquals("1", second.text());
    Duration d2 = timers.awaitScheduled();
    assertWithin(Duration.ofSeconds(2), d2);
    advanceThroughRetry(d2);

    CallbackServer.Request third = server.take();
    assertEquals(first.deliveryId(), third.deliveryId());
    FakeSource.Outcome outcome = a.awaitOutcome();
    assertEquals(DeliveryOutcome.DELIVERED, outcome.outcome());
    assertEquals("1", outcome.text());

    // the change made during the retries comes next, as a new delivery
    CallbackServer.Request fourth = server.take();
    assertEquals("2", fourth.text());
    assertNotEquals(first.deliveryId(), fourth.deliveryId());
    assertEquals(DeliveryOutcome.DELIVERED, a.awaitOutcome().outcome());
    assertEquals(0, manual.pending());
    assertFalse(timers.hasScheduled());
  }

  @Test
  void honoursRetryAfterOn429And503UpToTheCap() throws Exception {
    sink(b -> b.maxBackoff(Duration.ofSeconds(60)));
    FakeSource a = source("a");
    server.script(
        "/a",
        CallbackServer.status(429, "Retry-After", "7"),
        CallbackServer.status(503, "Retry-After", "600"),
        CallbackServer.status(500, "Retry-After", "3600"));

    changeAndSignal(a);
    server.take();
    Duration d1 = timers.awaitScheduled();
    assertEquals(Duration.ofSeconds(7), d1);
    advanceThroughRetry(d1);

    server.take();
    Duration d2 = timers.awaitScheduled();
    assertEquals(Duration.ofSeconds(60), d2, "Retry-After is capped by maxBackoff");
    advanceThroughRetry(d2);

    server.take();
    Duration d3 = timers.awaitScheduled();
    assertWithin(Duration.ofSeconds(4), d3); // a 500's Retry-After is not honoured
    advanceThroughRetry(d3);

    server.take();
    assertEquals(DeliveryOutcome.DELIVERED, a.awaitOutcome().outcome());
    assertEquals(4, server.count());
  }

  @Test
  void goneEndsTheDeliveryWithoutRetryAndDropsSignalsMeanwhile() throws Exception {
    sink(b -> b);
    FakeSource a = source("a");
    CallbackServer.Stall stall = server.stall(410);
    server.script("/a", stall);

    changeAndSignal(a);
    server.take();
    changeAndSignal(a);
    stall.release();
    assertEquals(DeliveryOutcome.GONE, a.awaitOutcome().outcome());

    // everything the sink did after GONE happened before it reads the barrier's signal
    FakeSource barrier = source("barrier");
    changeAndSignal(barrier);
    assertEquals(DeliveryOutcome.DELIVERED, barrier.awaitOutcome().outcome());
    assertEquals(List.of("take:1", "delivered:1:GONE"), a.calls());
    assertEquals(List.of("/a", "/barrier"), paths());
    assertFalse(timers.hasScheduled());
    assertEquals(0, manual.pending());
  }

  @Test
  void givesUpAfterMaxAttemptsAndGoesOnWithTheNextNotification() throws Exception {
    sink(b -> b.maxAttempts(3));
    FakeSource a = source("a");
    server.always("/a", CallbackServer.status(500));

    changeAndSignal(a);
    String deliveryId = server.take().deliveryId();
    Duration d1 = timers.awaitScheduled();
    assertWithin(Duration.ofSeconds(1), d1);
    advanceThroughRetry(d1);
    assertEquals(deliveryId, server.take().deliveryId());
    Duration d2 = timers.awaitScheduled();
    assertWithin(Duration.ofSeconds(2), d2);
    advanceThroughRetry(d2);
    assertEquals(deliveryId, server.take().deliveryId());

    FakeSource.Outcome outcome = a.awaitOutcome();
    assertEquals(DeliveryOutcome.GAVE_UP, outcome.outcome());
    assertEquals(1, outcome.notification().version());
    assertEquals(3, server.count());
    assertFalse(timers.hasScheduled());
    assertEquals(0, manual.pending());

    server.always("/a", CallbackServer.status(204));
    changeAndSignal(a);
    CallbackServer.Request next = server.take();
    assertEquals("2", next.text());
    assertEquals("2", next.header(WebhookSink.VERSION_HEADER));
    assertNotEquals(deliveryId, next.deliveryId());
    assertEquals(DeliveryOutcome.DELIVERED, a.awaitOutcome().outcome());
  }

  @Test
  void signsEachAttemptSoThatTheVerifierAcceptsItAndNothingElse() throws Exception {
    String secret = "whsec-3f8a";
    sink(b -> b.signingSecret(secret));
    FakeSource a = source("a");
    server.script("/a", CallbackServer.status(500));

    changeAndSignal(a);
    CallbackServer.Request first = server.take();
    String timestamp = first.header(WebhookSink.TIMESTAMP_HEADER);
    String signature = first.header(WebhookSink.SIGNATURE_HEADER);
    assertEquals(Long.toString(clock.instant().getEpochSecond()), timestamp);
    assertTrue(signature.matches("v1=[0-9a-f]{64}"), signature);
    Duration tolerance = Duration.ofMinutes(5);
    assertTrue(
        WebhookSignature.verify(secret, timestamp, first.body(), signature, clock, tolerance));
    assertFalse(
        WebhookSignature.verify(
            "whsec-other", timestamp, first.body(), signature, clock, tolerance));
    byte[] tampered = first.text().replace('1', '2').getBytes();
    assertFalse(WebhookSignature.verify(secret, timestamp, tampered, signature, clock, tolerance));

    // the retry, sent later, is signed again with its own timestamp
    advanceThroughRetry(timers.awaitScheduled());
    CallbackServer.Request retry = server.take();
    assertEquals(first.deliveryId(), retry.deliveryId());
    String retryTimestamp = retry.header(WebhookSink.TIMESTAMP_HEADER);
    assertEquals(Long.toString(clock.instant().getEpochSecond()), retryTimestamp);
    assertTrue(
        WebhookSignature.verify(
            secret,
            retryTimestamp,
            retry.body(),
            retry.header(WebhookSink.SIGNATURE_HEADER),
            clock,
            tolerance));

    // a receiver whose clock is past the tolerance refuses it
    clock.advance(Duration.ofMinutes(5).plusSeconds(2));
    assertFalse(
        WebhookSignature.verify(
            secret,
            retryTimestamp,
            retry.body(),
            retry.header(WebhookSink.SIGNATURE_HEADER),
            clock,
            tolerance));
    assertEquals(DeliveryOutcome.DELIVERED, a.awaitOutcome().outcome());
  }

  @Test
  void aCallbackThatNeverAnswersTimesOutFreesItsSlotAndIsRetried() throws Exception {
    sink(b -> b.requestTimeout(REQUEST_TIMEOUT).maxConcurrentRequests(1));
    FakeSource a = source("a");
    FakeSource b = source("b");
    CallbackServer.Stall stall = server.stall(200);
    server.script("/a", stall);

    changeAndSignal(a);
    CallbackServer.Request first = server.take();
    changeAndSignal(b); // waits for the only slot

    Duration wait = timers.awaitScheduled(); // the request timed out (real time)
    assertEquals(DeliveryOutcome.DELIVERED, b.awaitOutcome().outcome(), "the slot was freed");
    assertFalse(a.hasOutcome());
    advanceThroughRetry(wait);

    assertEquals("/b", server.take().path());
    CallbackServer.Request retry = server.take();
    assertEquals("/a", retry.path());
    assertEquals(first.deliveryId(), retry.deliveryId());
    assertEquals(DeliveryOutcome.DELIVERED, a.awaitOutcome().outcome());
  }

  @Test
  void aCallbackThatStallsAfterItsHeadersTimesOutToo() throws Exception {
    sink(b -> b.requestTimeout(REQUEST_TIMEOUT));
    FakeSource a = source("a");
    CallbackServer.Stall stall = server.stallBody();
    server.script("/a", stall);

    changeAndSignal(a);
    CallbackServer.Request first = server.take();
    stall.awaitReached();
    Duration wait = timers.awaitScheduled();
    assertFalse(a.hasOutcome());
    advanceThroughRetry(wait);

    assertEquals(first.deliveryId(), server.take().deliveryId());
    assertEquals(DeliveryOutcome.DELIVERED, a.awaitOutcome().outcome());
  }

  @Test
  void aCallbackDownThenUpLosesNothingAndKeepsTheOrder() throws Exception {
    sink(b -> b.maxAttempts(50));
    FakeSource a = source("a");
    changeAndSignal(a);
    assertEquals(DeliveryOutcome.DELIVERED, a.awaitOutcome().outcome());

    server.stop();
    changeAndSignal(a); // 2: fails while the callback is down
    for (int failures = 1; failures <= 4; failures++) {
      Duration wait = timers.awaitScheduled();
      assertWithin(Duration.ofSeconds(1L << (failures - 1)), wait);
      changeAndSignal(a); // 3, 4, 5, 6 wait in the source
      if (failures == 4) {
        server.restart();
      }
      advanceThroughRetry(wait);
    }

    assertEquals(DeliveryOutcome.DELIVERED, a.awaitOutcome().outcome());
    assertEquals(DeliveryOutcome.DELIVERED, a.awaitOutcome().outcome());
    changeAndSignal(a); // 7
    assertEquals(DeliveryOutcome.DELIVERED, a.awaitOutcome().outcome());

    List<CallbackServer.Request> requests = server.received("/a");
    assertEquals(
        List.of("1", "2", "3,4,5,6", "7"),
        requests.stream().map(CallbackServer.Request::text).collect(Collectors.toList()));
    assertEquals(
        List.of("1", "2", "3", "4"),
        requests.stream()
            .map(r -> r.header(WebhookSink.VERSION_HEADER))
            .collect(Collectors.toList()));
    assertEquals(4, requests.stream().map(CallbackServer.Request::deliveryId).distinct().count());
  }

  @Test
  void oneStalledCallbackDoesNotHoldUpOtherSources() throws Exception {
    sink(b -> b.maxConcurrentRequests(4));
    FakeSource stuck = source("stuck");
    CallbackServer.Stall stall = server.stall(200);
    server.script("/stuck", stall);
    changeAndSignal(stuck);
    stall.awaitReached();

    List<FakeSource> others = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      FakeSource other = new FakeSource("s" + i, server.uri("/s" + i), i % 2 == 0);
      others.add(other);
      changeAndSignal(other);
      changeAndSignal(other);
    }
    for (FakeSource other : others) {
      FakeSource.Outcome outcome = other.awaitOutcome();
      assertEquals(DeliveryOutcome.DELIVERED, outcome.outcome());
      if (outcome.text().equals("1")) { // the second change came after the first take
        assertEquals(DeliveryOutcome.DELIVERED, other.awaitOutcome().outcome());
      } else {
        assertEquals("1,2", outcome.text());
      }
    }
    assertFalse(stuck.hasOutcome());

    stall.release();
    assertEquals(DeliveryOutcome.DELIVERED, stuck.awaitOutcome().outcome());
  }

  @Test
  void noMoreRequestsThanTheCapAreInFlight() throws Exception {
    // With a caller-runs executor, signal() does the sink's work before it returns: whether the
    // source was taken from shows at once whether it got a slot.
    sink(b -> b.executor(Runnable::run).maxConcurrentRequests(2));
    FakeSource x = source("x");
    FakeSource y = source("y");
    FakeSource z = source("z");
    CallbackServer.Stall xStall = server.stall(200);
    CallbackServer.Stall yStall = server.stall(200);
    CallbackServer.Stall zStall = server.stall(200);
    server.script("/x", xStall);
    server.script("/y", yStall);
    server.script("/z", zStall);

    changeAndSignal(x);
    changeAndSignal(y);
    changeAndSignal(z);
    assertEquals(List.of(1, 1, 0), List.of(x.taken(), y.taken(), z.taken()));
    xStall.awaitReached();
    yStall.awaitReached();
    assertEquals(0, z.taken());

    xStall.release();
    assertEquals(DeliveryOutcome.DELIVERED, x.awaitOutcome().outcome());
    zStall.awaitReached();
    assertEquals(1, z.taken());
    yStall.release();
    zStall.release();
    assertEquals(DeliveryOutcome.DELIVERED, y.awaitOutcome().outcome());
    assertEquals(DeliveryOutcome.DELIVERED, z.awaitOutcome().outcome());
    // x and y were in flight together, so either may have arrived first; z came after both
    assertEquals(Set.of("/x", "/y"), Set.copyOf(paths().subList(0, 2)));
    assertEquals("/z", paths().get(2));
  }

  @Test
  void sourcesTakeTurnsForTheSlots() throws Exception {
    sink(b -> b.maxConcurrentRequests(1));
    FakeSource a = source("a");
    FakeSource b = source("b");
    FakeSource c = source("c");
    CallbackServer.Stall stall = server.stall(200);
    server.script("/a", stall);

    changeAndSignal(a);
    server.take();
    changeAndSignal(b);
    changeAndSignal(c);
    changeAndSignal(a); // a is busy: it goes after b and c
    stall.release();

    for (FakeSource source : List.of(a, b, c, a)) {
      assertEquals(DeliveryOutcome.DELIVERED, source.awaitOutcome().outcome());
    }
    assertEquals(List.of("/a", "/b", "/c", "/a"), paths());
  }

  @Test
  void aRefusedCallbackGivesUpWithoutARequest() throws Exception {
    AtomicInteger checks = new AtomicInteger();
    CallbackPolicy policy =
        uri -> {
          if (uri.getPath().equals("/private")) {
            throw new CallbackRefusedException("private callbacks are not allowed: " + uri);
          }
          // /flaky is allowed once, then refused (its host "moved")
          if (uri.getPath().equals("/flaky") && checks.incrementAndGet() > 1) {
            throw new CallbackRefusedException("flaky now resolves to a private address");
          }
        };
    sink(b -> b.callbackPolicy(policy));
    FakeSource refused = source("private");
    FakeSource flaky = source("flaky");
    FakeSource allowed = source("allowed");
    server.script("/flaky", CallbackServer.status(500));

    changeAndSignal(refused);
    changeAndSignal(allowed);
    assertEquals(DeliveryOutcome.GAVE_UP, refused.awaitOutcome().outcome());
    assertEquals(DeliveryOutcome.DELIVERED, allowed.awaitOutcome().outcome());

    changeAndSignal(flaky);
    server.take();
    advanceThroughRetry(timers.awaitScheduled());
    assertEquals(DeliveryOutcome.GAVE_UP, flaky.awaitOutcome().outcome());
    assertEquals(2, checks.get(), "checked before each attempt");
    assertEquals(List.of("/allowed", "/flaky"), paths());
  }

  @Test
  void aRetryTheSchedulerRefusesGivesUpInsteadOfWaitingForever() throws Exception {
    sink(
        b ->
            b.scheduler(
                (delay, task) -> {
                  throw new RejectedExecutionException("scheduler stopped");
                }));
    FakeSource a = source("a");
    server.script("/a", CallbackServer.status(500));

    changeAndSignal(a);
    assertEquals(DeliveryOutcome.GAVE_UP, a.awaitOutcome().outcome());
    changeAndSignal(a);
    assertEquals(DeliveryOutcome.DELIVERED, a.awaitOutcome().outcome());
    assertEquals(List.of("1", "2"), texts("/a"));
  }

  @Test
  void aSourceWhoseTakeFailsIsLeftAloneAndOthersGoOn() throws Exception {
    sink(b -> b.maxConcurrentRequests(1));
    AtomicInteger takes = new AtomicInteger();
    NotificationSource throwing = failingSource("throwing", takes, true);
    NotificationSource failing = failingSource("failing", takes, false);
    FakeSource fine = source("fine");

    sink.signal(throwing);
    sink.signal(failing);
    changeAndSignal(fine);
    assertEquals(DeliveryOutcome.DELIVERED, fine.awaitOutcome().outcome());
    assertEquals(2, takes.get());
    assertEquals(List.of("/fine"), paths());

    sink.signal(throwing); // a failed take does not stick: the next signal takes again
    changeAndSignal(fine);
    assertEquals(DeliveryOutcome.DELIVERED, fine.awaitOutcome().outcome());
    assertEquals(3, takes.get());
  }

  private static NotificationSource failingSource(
      String id, AtomicInteger takes, boolean throwing) {
    return new NotificationSource() {
      @Override
      public String subscriptionId() {
        return id;
      }

      @Override
      public CompletionStage<Optional<Notification>> take() {
        takes.incrementAndGet();
        if (throwing) {
          throw new IllegalStateException("source broken");
        }
        return CompletableFuture.failedFuture(new IllegalStateException("state lost"));
      }

      @Override
      public void delivered(Notification notification, DeliveryOutcome outcome) {
        throw new AssertionError("nothing was taken");
      }
    };
  }

  @Test
  void closeAbandonsWhatIsInFlightCancelsRetriesAndSendsNothingMore() throws Exception {
    sink(b -> b);
    FakeSource stuck = source("stuck");
    FakeSource retrying = source("retrying");
    CallbackServer.Stall stall = server.stall(200);
    server.script("/stuck", stall);
    server.script("/retrying", CallbackServer.status(500));

    changeAndSignal(stuck);
    stall.awaitReached();
    changeAndSignal(retrying);
    timers.awaitScheduled();
    assertEquals(1, manual.pending());
    assertEquals(2, server.count());

    sink.close();
    assertEquals(0, manual.pending(), "the retry was cancelled");
    changeAndSignal(source("late"));
    changeAndSignal(retrying);
    manual.advance(Duration.ofHours(1));
    stall.release();
    assertEquals(2, server.count());
    assertFalse(stuck.hasOutcome());
    assertFalse(retrying.hasOutcome());
    assertEquals(List.of("take:1"), retrying.calls());
  }

  @Test
  void manySourcesWithChangesDuringDeliveryEachGetEveryChangeInOrder() throws Exception {
    sink(b -> b.maxConcurrentRequests(3));
    List<FakeSource> sources = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sources.add(new FakeSource("m" + i, server.uri("/m" + i), i % 2 == 1));
    }
    for (int round = 0; round < 5; round++) {
      for (FakeSource source : sources) {
        changeAndSignal(source);
      }
    }
    for (FakeSource source : sources) {
      List<Integer> seen = new ArrayList<>();
      Set<Long> versions = new HashSet<>();
      while (seen.size() < 5) {
        FakeSource.Outcome outcome = source.awaitOutcome();
        assertEquals(DeliveryOutcome.DELIVERED, outcome.outcome());
        assertTrue(versions.add(outcome.notification().version()));
        for (String number : outcome.text().split(",")) {
          seen.add(Integer.parseInt(number));
        }
      }
      assertEquals(List.of(1, 2, 3, 4, 5), seen);
      List<String> bodies =
          server.received("/" + source.subscriptionId()).stream()
              .map(CallbackServer.Request::text)
              .collect(Collectors.toList());
      assertEquals("1,2,3,4,5", String.join(",", bodies));
    }
  }

  private List<String> texts(String path) {
    return server.received(path).stream()
        .map(CallbackServer.Request::text)
        .collect(Collectors.toList());
  }

  private List<String> paths() {
    return server.received().stream()
        .map(CallbackServer.Request::path)
        .collect(Collectors.toList());
  }
}
