package org.sepapi.callcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.spi.Body;
import org.sepapi.testkit.MockSipPeer;

/**
 * Properties of both state machines under phones that behave at random: any answer or none to every
 * request, NOTIFYs with any status line (or none, or garbage), BYEs at any moment, time jumping
 * ahead in random steps. Whatever they do, no task fails (a state machine asked for a transition
 * its table lacks logs an error, caught here), the call ends in a final state once the phones fall
 * silent, its states only go forward, it reports COMPLETED only if the called user was reached, and
 * it is forgotten after its result cache time.
 */
class CallTheoriesTest {
  private static final String[] FRAGS = {
    "SIP/2.0 100 Trying",
    "SIP/2.0 180 Ringing",
    "SIP/2.0 183 Session Progress",
    "SIP/2.0 200 OK",
    "SIP/2.0 486 Busy Here",
    "SIP/2.0 603 Decline",
    "not a status line",
    ""
  };

  private final List<LogRecord> errors = new ArrayList<>();
  private final Logger serial = Logger.getLogger("org.sepapi.core.internal.SerialExecutor");
  private final Handler handler =
      new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
            errors.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void watchTasks() {
    serial.addHandler(handler);
  }

  @AfterEach
  void stopWatching() {
    serial.removeHandler(handler);
  }

  private final java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();

  @Test
  void anyPhoneBehaviourEndsTheCallCleanly() {
    qt().withExamples(400)
        .forAll(longs().all(), integers().between(0, 1))
        .checkAssert(
            (seed, method) -> run(seed, method == 0 ? CallMethod.REFER : CallMethod.INVITE));
    // the phones' randomness reaches every outcome of both methods, or the property proves little
    for (CallMethod method : CallMethod.values()) {
      for (CallState state : new CallState[] {CallState.COMPLETED, CallState.FAILED}) {
        assertTrue(outcomes.getOrDefault(method + " " + state, 0) > 5, outcomes::toString);
      }
    }
  }

  /** Regressions found by the property, kept as examples. */
  @Test
  void seedsThatOnceFailed() {
    // a connected INVITE call whose phones never hang up stays up: the property once expected
    // every call to end by itself; now only REFER calls and unconnected INVITE calls must
    run(-576, CallMethod.INVITE);
  }

  private void run(long seed, CallMethod method) {
    errors.clear();
    Random random = new Random(seed);
    Fixture kit =
        new Fixture(
            builder ->
                builder
                    .timeout(Duration.ofSeconds(20))
                    .resultCacheTime(Duration.ofMinutes(10))
                    .referWait(Duration.ofSeconds(15)));
    Phone alice = new Phone(kit, kit.alice, random);
    Phone bob = new Phone(kit, kit.bob, random);
    kit.connect(kit.request(method).forwardingAllowed(random.nextBoolean()).build());
    for (int step = 0; step < 30; step++) {
      kit.advance(Duration.ofMillis(random.nextInt(4000)));
      if (random.nextInt(10) == 0) {
        (random.nextBoolean() ? alice : bob).hangUp();
      }
      if (random.nextInt(40) == 0) {
        kit.controller.hangUp(Fixture.OWNER, Fixture.ALICE, Fixture.BOB);
      }
    }
    alice.silent = true;
    bob.silent = true;
    kit.advance(Duration.ofMinutes(5));
    CallStatus settled = kit.status();
    if (!settled.state().isFinal()) {
      // only a connected INVITE call stays up without its phones: both answered, no one hung up
      String context = "seed " + seed + " " + method + ": " + settled + " errors " + errors;
      assertEquals(CallMethod.INVITE, method, context);
      assertEquals(CallState.ANSWERED, settled.state(), context);
      assertTrue(bob.answered, context);
      kit.controller.hangUp(Fixture.OWNER, Fixture.ALICE, Fixture.BOB);
      kit.advance(Duration.ofMinutes(1));
    }

    String context = "seed " + seed + " " + method + ": " + kit.status() + " errors " + errors;
    CallStatus status = kit.status();
    assertTrue(errors.isEmpty(), context);
    assertTrue(status.state().isFinal(), context);
    assertEquals(0, kit.controller.size(), context);
    List<CallStatus.Transition> transitions = status.transitions();
    assertEquals(CallState.INITIATED, transitions.get(0).state(), context);
    for (int i = 1; i < transitions.size(); i++) {
      assertTrue(
          transitions.get(i).state().ordinal() > transitions.get(i - 1).state().ordinal(), context);
    }
    outcomes.merge(method + " " + status.state(), 1, Integer::sum);
    if (status.state() == CallState.COMPLETED) {
      boolean reached =
          method == CallMethod.INVITE
              ? bob.answered
              : status.statusLines().stream()
                  .anyMatch(
                      l ->
                          l.method().equals("NOTIFY")
                              && (l.statusLine().contains(" 180 ")
                                  || l.statusLine().contains(" 183 ")
                                  || l.statusLine().contains(" 200 ")));
      assertTrue(reached, context);
    }
    kit.advance(Duration.ofMinutes(10));
    assertTrue(kit.controller.status(Fixture.OWNER, Fixture.ALICE, Fixture.BOB).isEmpty(), context);
  }

  /** A phone that answers each request at random, and may send NOTIFYs and BYE. */
  private static final class Phone {
    final Fixture kit;
    final MockSipPeer peer;
    final Random random;
    final List<SipRequest> dialogs = new ArrayList<>();
    boolean silent;
    boolean answered;

    Phone(Fixture kit, MockSipPeer peer, Random random) {
      this.kit = kit;
      this.peer = peer;
      this.random = random;
      peer.onRequest("INVITE", this::invite);
      peer.onRequest("REFER", this::refer);
      peer.onRequest("BYE", request -> silent || random.nextInt(8) > 0 ? ok(request) : null);
      peer.onRequest("OPTIONS", this::ok);
    }

    private SipResponse ok(SipRequest request) {
      return peer.response(request, 200).build();
    }

    private SipResponse invite(SipRequest request) {
      boolean initial = request.to().tag().isEmpty();
      if (silent) {
        return initial ? peer.response(request, 480).build() : sdp(request);
      }
      if (random.nextBoolean()) {
        peer.respond(request, 180);
      }
      switch (random.nextInt(initial ? 10 : 4)) {
        case 0, 1, 2, 3 -> {
          if (initial) {
            dialogs.add(request);
            answered = true;
          }
          return sdp(request);
        }
        case 4 -> {
          return peer.response(request, 486).build();
        }
        case 5 -> {
          return null; // rings until cancelled or timed out
        }
        case 6 -> {
          return peer.response(request, 302)
              .setHeader("Contact", "<" + peer.contactUri().withParameter("x", "y") + ">")
              .build();
        }
        case 7 -> {
          dialogs.add(request);
          answered = true;
          return peer.response(request, 200).build(); // no session description
        }
        case 8 -> {
          return peer.response(request, 603).build();
        }
        default -> {
          return peer.response(request, 500).build();
        }
      }
    }

    private SipResponse sdp(SipRequest request) {
      return peer.response(request, 200)
          .body(Body.of("application/sdp", Fixture.PHONE_SDP))
          .build();
    }

    private SipResponse refer(SipRequest refer) {
      if (silent) {
        return peer.response(refer, 403).build();
      }
      int choice = random.nextInt(6);
      if (choice == 0) {
        return peer.response(refer, 405).build();
      }
      if (choice == 1) {
        return null; // never answered
      }
      int notifies = random.nextInt(4);
      for (int i = 0; i < notifies; i++) {
        boolean last = i == notifies - 1 && random.nextBoolean();
        String frag = FRAGS[random.nextInt(FRAGS.length)];
        long delay = random.nextInt(3000);
        kit.network
            .scheduler()
            .schedule(
                Duration.ofMillis(delay),
                () ->
                    peer.notifyFor(refer)
                        .state(last ? "terminated;reason=noresource" : "active;expires=60")
                        .header("Event", "refer")
                        .body("message/sipfrag", frag)
                        .send());
      }
      return peer.response(refer, 202).build();
    }

    void hangUp() {
      if (!dialogs.isEmpty() && !silent) {
        peer.requestFor(dialogs.get(random.nextInt(dialogs.size())), "BYE").send();
      }
    }
  }
}
