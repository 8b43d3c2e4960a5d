package org.sepapi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.TransportException;

/**
 * The kit as an engine's functional test uses it: a subscriber with a refresh timer on the shared
 * {@link ManualScheduler}, a scripted notifier, no sleep. The subscriber here is a stand-in for the
 * sep-core engine, written in the engine's style (everything on one thread, timers through the
 * scheduler).
 */
class SubscriptionScenarioTest {
  private final ManualScheduler scheduler = ManualScheduler.on(ManualClock.create());
  private final Instant start = scheduler.clock().instant();

  @Test
  void theReadmeExample() {
    InMemorySipNetwork network = InMemorySipNetwork.create(scheduler);
    SipTransport transport = network.transport("gateway.test");
    MockSipPeer pbx = network.peer("pbx.test");
    pbx.answer("SUBSCRIBE", 202);
    Subscriber subscriber =
        new Subscriber(transport, scheduler, SipUri.parse("sip:alice@pbx.test"));

    subscriber.subscribe();
    SipRequest subscribe = pbx.takeRequest("SUBSCRIBE");
    pbx.notifyFor(subscribe)
        .state("active;expires=3600")
        .body("application/dialog-info+xml", "<x/>")
        .send();
    network.runUntilIdle();
    assertEquals(List.of("202", "NOTIFY <x/>"), subscriber.log);

    scheduler.advance(Duration.ofSeconds(3400));
    assertEquals("SUBSCRIBE", pbx.takeRequest().method());
    assertEquals("202 at +3400", subscriber.log.get(2));
  }

  @Test
  void aRefreshWhoseAnswerIsLostTimesOutAndItsRetryGoesThrough() {
    InMemorySipNetwork network = InMemorySipNetwork.create(scheduler);
    MockSipPeer pbx = network.peer("pbx.test");
    pbx.answer("SUBSCRIBE", 202);
    Subscriber subscriber =
        new Subscriber(
            network.transport("gateway.test"), scheduler, SipUri.parse("sip:alice@pbx.test"));
    subscriber.subscribe();
    pbx.takeRequest("SUBSCRIBE");

    pbx.dropNext(p -> p.isResponse(202)); // the first refresh's answer is lost
    scheduler.advance(Duration.ofSeconds(3400 + 32));
    // Timer F fires 32 s after the refresh; the retry it causes is answered at that instant
    assertEquals(List.of("202", "TIMEOUT at +3432", "202 at +3432"), subscriber.log);

    scheduler.advance(Duration.ofSeconds(3400));
    assertEquals(4, pbx.requests().size());
    assertEquals("202 at +6832", subscriber.log.get(3));
  }

  /** Subscribes, answers NOTIFYs, refreshes 200 s before expiry, retries at once on a timeout. */
  private final class Subscriber {
    final List<String> log = new ArrayList<>();
    private final SipTransport transport;
    private final Scheduler timers;
    private final SipUri target;
    private String toTag;
    private long cseq;

    Subscriber(SipTransport transport, Scheduler timers, SipUri target) {
      this.transport = transport;
      this.timers = timers;
      this.target = target;
      transport.start(
          transaction -> {
            log.add("NOTIFY " + transaction.request().body().map(b -> b.text()).orElse(""));
            transaction.respond(SipResponse.to(transaction.request(), 200).build());
          });
    }

    void subscribe() {
      NameAddr to = NameAddr.of(target);
      SipRequest request =
          SipRequest.builder("SUBSCRIBE", target)
              .header("Max-Forwards", "70")
              .header("From", "<sip:gw@gateway.test>;tag=sub")
              .header("To", toTag == null ? to.toString() : to.withTag(toTag).toString())
              .header("Call-ID", "scenario@gateway.test")
              .header("CSeq", ++cseq + " SUBSCRIBE")
              .header("Event", "dialog")
              .header("Expires", "3600")
              .header("Contact", NameAddr.of(transport.contactUri()).toString())
              .build();
      transport.send(
          request,
          new SipTransport.ResponseListener() {
            @Override
            public void onFinal(SipResponse response) {
              toTag = response.to().tag().orElse(toTag);
              log.add(response.status() + at());
              long expires = response.expires().orElse(3600);
              timers.schedule(Duration.ofSeconds(expires - 200), Subscriber.this::subscribe);
            }

            @Override
            public void onFailure(TransportException failure) {
              log.add(failure.kind() + at());
              subscribe();
            }
          });
    }

    private String at() {
      long seconds = Duration.between(start, scheduler.clock().instant()).toSeconds();
      return seconds == 0 ? "" : " at +" + seconds;
    }
  }
}
