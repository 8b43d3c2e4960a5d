package org.sepapi.core.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.sepapi.core.functional.Subscriber.ALICE;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sepapi.core.SubscriberState;
import org.sepapi.core.internal.SubscriptionStateMachine;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.testkit.InMemorySipNetwork.Packet;
import org.sepapi.testkit.MockSipPeer;

/**
 * Random scripts of notifier behaviour (answers, NOTIFYs of every state, forks, lost, duplicated
 * and stale messages, outages, time passing, deadline moves, a stop) against one subscriber state
 * machine. Whatever the script: nothing throws inside the machine or the router, every state change
 * is one the transition table allows, no SUBSCRIBE storm (a bounded number per simulated hour), and
 * nothing at all is sent once the machine is terminated, nor anything but unsubscribes once it is
 * stopped.
 */
class SubscriberTheoriesTest {
  private static final int[] ANSWERS = {200, 202, 408, 481, 500, 503, 423};
  private static final String[] STATES = {
    "active;expires=3600",
    "active;expires=300",
    "active",
    "pending",
    "pending;expires=600",
    "active;expires=0",
    "terminated;reason=deactivated",
    "terminated;reason=timeout",
    "terminated;reason=probation;retry-after=60",
    "terminated;reason=probation",
    "terminated;reason=giveup",
    "terminated;reason=giveup;retry-after=900",
    "terminated;reason=rejected",
    "terminated;reason=noresource",
    "terminated;reason=invariant",
    "terminated;reason=somethingnew",
    "terminated",
    null // no Subscription-State at all
  };
  private static final Duration[] ADVANCES = {
    Duration.ZERO,
    Duration.ofMillis(500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(32),
    Duration.ofMinutes(2),
    Duration.ofMinutes(10),
    Duration.ofHours(1)
  };

  /** SUBSCRIBEs allowed in any one hour: a fixed allowance, and some for each scripted step. */
  private static final int BASE_PER_HOUR = 80;

  private static final int PER_STEP = 4;

  /** One run: the network, the machine, what was sent and when. */
  private static final class Run {
    final Subscriber gw;
    final Subscriber.Machine m;
    final List<Instant> subscribes = new ArrayList<>();
    final List<Instant> steps = new ArrayList<>();
    final List<SipRequest> received = new ArrayList<>();
    final List<String> forks = new ArrayList<>();
    int answer = 202;
    String[] headers = new String[0];
    boolean unreachable;
    Instant stoppedAt;
    Instant terminatedAt;
    int sentAfterTerminated;
    int subscribesAfterStop;

    Run(long seed) {
      gw = new Subscriber(seed);
      gw.maxDialogs = 2;
      m = gw.machine(ALICE);
      // sees every message the gateway sends, and lets it pass
      gw.network.dropAll(this::observe);
      gw.pbx.onRequest("SUBSCRIBE", this::answer);
    }

    private boolean observe(Packet packet) {
      if (!packet.source().equals("gateway.test")
          || !(packet.message() instanceof SipRequest request)) {
        return false;
      }
      Instant now = gw.clock.instant();
      if (terminatedAt != null) {
        sentAfterTerminated++;
      }
      if (request.method().equals("SUBSCRIBE")) {
        subscribes.add(now);
        if (stoppedAt != null && request.expires().orElse(-1) != 0) {
          subscribesAfterStop++;
        }
      }
      return false;
    }

    private SipResponse answer(SipRequest request) {
      synchronized (received) {
        received.add(request);
      }
      SipResponse.Builder response = gw.pbx.response(request, answer);
      for (String header : headers) {
        int colon = header.indexOf(':');
        response.setHeader(header.substring(0, colon), header.substring(colon + 1).strip());
      }
      return response.build();
    }

    SipRequest lastSubscribe() {
      synchronized (received) {
        return received.isEmpty() ? null : received.get(received.size() - 1);
      }
    }

    void step(int code) {
      steps.add(gw.clock.instant());
      int kind = code % 10;
      int arg = code / 10;
      switch (kind) {
        case 0 -> {
          answer = ANSWERS[arg % ANSWERS.length];
          headers =
              switch (answer) {
                case 423 -> arg % 3 == 0 ? new String[0] : new String[] {"Min-Expires: 7200"};
                case 500, 503 ->
                    arg % 4 == 0
                        ? new String[0]
                        : new String[] {
                          "Retry-After: " + (arg % 4 == 1 ? 0 : arg % 4 == 2 ? 30 : 900)
                        };
                case 200, 202 -> arg % 3 == 0 ? new String[] {"Expires: 300"} : new String[0];
                default -> new String[0];
              };
        }
        case 1, 2 -> notify(arg);
        case 3 -> {
          switch (arg % 4) {
            case 0 -> gw.network.dropNext(p -> p.isRequest("SUBSCRIBE"));
            case 1 ->
                gw.network.dropNext(
                    p -> p.source().equals("pbx.test") && p.message() instanceof SipResponse);
            case 2 -> gw.network.dropNext(p -> p.isRequest("NOTIFY"));
            default ->
                gw.network.dropNext(
                    p -> p.source().equals("gateway.test") && p.message() instanceof SipResponse);
          }
        }
        case 4 -> {
          if (arg % 2 == 0) {
            gw.network.duplicateNext(p -> p.isRequest("NOTIFY"));
          } else {
            gw.network.duplicateNext(p -> p.message() instanceof SipResponse);
          }
        }
        case 5, 6, 7 -> gw.advance(ADVANCES[arg % ADVANCES.length]);
        case 8 -> {
          if (arg % 3 == 0) {
            unreachable = !unreachable;
            if (unreachable) {
              gw.network.unreachable("pbx.test");
            } else {
              gw.network.reachable("pbx.test");
            }
          } else {
            Duration ahead = arg % 3 == 1 ? Duration.ofMinutes(20) : Duration.ofDays(1);
            m.extendTo(gw.clock.instant().plus(ahead));
          }
        }
        default -> {
          if (arg % 6 == 0) {
            if (stoppedAt == null) {
              stoppedAt = gw.clock.instant();
            }
            m.stop();
          } else {
            gw.advance(Duration.ofSeconds(1));
          }
        }
      }
      gw.network.runUntilIdle();
      check();
    }

    private void notify(int arg) {
      SipRequest subscribe = lastSubscribe();
      if (subscribe == null) {
        return;
      }
      String state = STATES[arg % STATES.length];
      MockSipPeer.DialogRequestBuilder notify = gw.pbx.notifyFor(subscribe);
      int fork = (arg / 20) % 5;
      if (fork == 0) {
        String tag = gw.pbx.newTag();
        forks.add(tag);
        notify.tag(tag);
      } else if (fork == 1 && !forks.isEmpty()) {
        notify.tag(forks.get(forks.size() - 1));
      }
      if (state != null) {
        notify.state(state);
      }
      switch ((arg / 100) % 4) {
        case 0 -> notify.body(NotifyTest.DIALOG_INFO, NotifyTest.dialogInfo(arg % 7, "confirmed"));
        case 1 -> notify.body(NotifyTest.DIALOG_INFO, "<dialog-info");
        case 2 -> notify.cseq(1); // stale, or the first
        default -> {}
      }
      SipRequest built = notify.build();
      if (state == null) {
        built = built.toBuilder().headers(built.headers().without("Subscription-State")).build();
      }
      gw.pbx.send(built);
    }

    void check() {
      gw.assertNothingThrew();
      SubscriberState previous = SubscriberState.INIT;
      for (SubscriberState next : m.states) {
        if (!SubscriptionStateMachine.allowed(previous, next)) {
          throw new AssertionError(previous + " -> " + next + " in " + m.events);
        }
        previous = next;
      }
      assertEquals(previous, m.state());
      if (m.state() == SubscriberState.TERMINATED && terminatedAt == null) {
        terminatedAt = gw.clock.instant();
        assertEquals(0, gw.router.size(), "a terminated machine is unregistered");
      }
      assertTrue(gw.router.size() <= 1);
      assertEquals(0, sentAfterTerminated, () -> "sent after TERMINATED: " + m.events);
      assertEquals(0, subscribesAfterStop, () -> "subscribed after stop(): " + m.events);
    }

    /** SUBSCRIBEs in every one-hour window, against the allowance for the steps in it. */
    void checkNoStorm() {
      for (Instant from : subscribes) {
        Instant to = from.plus(Duration.ofHours(1));
        long inWindow =
            subscribes.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count();
        long stepsInWindow =
            steps.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count();
        assertTrue(
            inWindow <= BASE_PER_HOUR + PER_STEP * stepsInWindow,
            inWindow
                + " SUBSCRIBEs in the hour from "
                + from
                + " with "
                + stepsInWindow
                + " steps");
      }
    }
  }

  @Test
  void noScriptBreaksTheMachineOrMakesItStorm() {
    qt().withExamples(300)
        .forAll(
            lists().of(integers().between(0, 1_000_000)).ofSizeBetween(0, 60),
            longs().all(),
            integers().between(0, 2))
        .checkAssert(
            (script, seed, settle) -> {
              Run run = new Run(seed);
              try {
                run.m.start();
                run.gw.network.runUntilIdle();
                run.check();
                for (int code : script) {
                  run.step(code);
                }
                // then time goes on: a day, in steps the allowance does not count
                for (int i = 0; i < 24 * 6; i++) {
                  run.gw.advance(Duration.ofMinutes(10));
                  run.check();
                }
                if (settle == 0) {
                  run.stoppedAt = run.gw.clock.instant();
                  run.m.stop();
                  run.gw.advance(Duration.ofMinutes(5));
                  run.check();
                  assertEquals(SubscriberState.TERMINATED, run.m.state(), run.m.events::toString);
                }
                run.checkNoStorm();
              } finally {
                run.gw.close();
              }
            });
  }
}
