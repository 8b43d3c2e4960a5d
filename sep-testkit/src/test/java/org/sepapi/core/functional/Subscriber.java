package org.sepapi.core.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.sepapi.core.EventPackages;
import org.sepapi.core.SubscriberState;
import org.sepapi.core.Termination;
import org.sepapi.core.internal.Backoff;
import org.sepapi.core.internal.DialogRouter;
import org.sepapi.core.internal.DigestChallengeAnswerer;
import org.sepapi.core.internal.NotifyContent;
import org.sepapi.core.internal.SerialExecutor;
import org.sepapi.core.internal.SubscriberSettings;
import org.sepapi.core.internal.SubscriptionStateMachine;
import org.sepapi.core.sip.EventHeader;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.sip.SubscriptionState;
import org.sepapi.core.spi.CredentialsProvider;
import org.sepapi.core.spi.EventPackage;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.testkit.InMemorySipNetwork;
import org.sepapi.testkit.ManualClock;
import org.sepapi.testkit.ManualScheduler;
import org.sepapi.testkit.MockSipPeer;

/**
 * One gateway on an in-memory network with a PBX, and subscriber state machines driven on it
 * directly: the fixture of the functional tests. Everything runs on the test thread: the machines'
 * executors are direct, the network and the timers run when the test moves the scheduler.
 *
 * <p>Every task that throws inside a serial executor, every request the router could not route, and
 * every NOTIFY, body or listener that failed inside a machine is logged as a warning or an error;
 * {@link #assertNothingThrew()} fails on them, so a test sees an exception that the executor or the
 * machine would otherwise swallow.
 */
final class Subscriber {
  static final SipUri ALICE = SipUri.parse("sip:alice@pbx.test");
  static final SipUri BOB = SipUri.parse("sip:bob@pbx.test");
  static final NameAddr IDENTITY = NameAddr.of(SipUri.parse("sip:gateway@gateway.test"));
  static final String ALLOW_EVENTS = "reg, dialog";
  static final Duration TIMER_N = Duration.ofSeconds(32);
  static final Duration UNSUBSCRIBE_WAIT = Duration.ofSeconds(32);
  static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofMinutes(5));

  private static final Logger EXECUTOR_LOG = Logger.getLogger(SerialExecutor.class.getName());
  private static final Logger ROUTER_LOG = Logger.getLogger(DialogRouter.class.getName());
  private static final Logger MACHINE_LOG =
      Logger.getLogger(SubscriptionStateMachine.class.getName());

  final ManualScheduler scheduler = ManualScheduler.on(ManualClock.create());
  final ManualClock clock = scheduler.clock();
  final Instant start = clock.instant();
  final InMemorySipNetwork network = InMemorySipNetwork.create(scheduler);
  final SipTransport transport = network.transport("gateway.test");
  final MockSipPeer pbx = network.peer("pbx.test");
  final DialogRouter router = new DialogRouter();
  final SplittableRandom random;
  final List<LogRecord> errors = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            synchronized (errors) {
              errors.add(record);
            }
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  // the settings of the next machine; tests change them before calling machine()
  Duration defaultExpires = Duration.ofHours(1);
  List<SipUri> outboundRoute = List.of();
  CredentialsProvider credentials = CredentialsProvider.none();
  int maxDialogs = 4;
  Backoff backoff = BACKOFF;

  Subscriber() {
    this(42);
  }

  Subscriber(long seed) {
    random = new SplittableRandom(seed);
    transport.start(router::onRequest);
    EXECUTOR_LOG.addHandler(handler);
    ROUTER_LOG.addHandler(handler);
    MACHINE_LOG.addHandler(handler);
  }

  /** Detaches the log handler; call when the test is done. */
  void close() {
    EXECUTOR_LOG.removeHandler(handler);
    ROUTER_LOG.removeHandler(handler);
    MACHINE_LOG.removeHandler(handler);
  }

  SubscriberSettings settings() {
    return new SubscriberSettings(
        transport,
        router,
        () -> new DigestChallengeAnswerer(credentials, random),
        scheduler,
        clock,
        random,
        IDENTITY,
        outboundRoute,
        credentials,
        defaultExpires,
        backoff,
        TIMER_N,
        UNSUBSCRIBE_WAIT,
        maxDialogs,
        ALLOW_EVENTS);
  }

  /** A machine subscribing to {@code dialog} of {@code resource}, not started. */
  Machine machine(SipUri resource) {
    return machine(resource, EventPackages.dialog(), false);
  }

  Machine machine(SipUri resource, EventPackage<?> eventPackage, boolean eventList) {
    List<String> accept = new ArrayList<>(eventPackage.accept());
    if (eventList) {
      accept.add("application/rlmi+xml");
      accept.add("multipart/related");
    }
    SubscriptionStateMachine.Target target =
        new SubscriptionStateMachine.Target(
            resource, EventHeader.of(eventPackage.name()), accept, eventList, eventPackage);
    return new Machine(settings(), target);
  }

  /** Seconds since the test began. */
  double elapsed() {
    return Duration.between(start, clock.instant()).toMillis() / 1000.0;
  }

  void advance(Duration duration) {
    scheduler.advance(duration);
  }

  void advanceSeconds(double seconds) {
    scheduler.advance(Duration.ofMillis(Math.round(seconds * 1000)));
  }

  /**
   * The next request {@code peer} received and the test has not taken: one already there, or else
   * the first to arrive as the network and timers run, task by task, at most {@code within} from
   * now. {@link #elapsed()} is then when it arrived (or now, for one already there).
   *
   * @throws AssertionError if none arrives in time
   */
  SipRequest awaitRequest(MockSipPeer peer, Duration within) {
    Instant end = clock.instant().plus(within);
    while (true) {
      try {
        return peer.takeRequest();
      } catch (AssertionError none) {
        Optional<Duration> next = scheduler.untilNext();
        if (next.isEmpty() || clock.instant().plus(next.get()).isAfter(end)) {
          throw new AssertionError(
              "no request reached "
                  + peer.host()
                  + " within "
                  + within
                  + " (at +"
                  + elapsed()
                  + ")");
        }
        scheduler.advance(next.get());
      }
    }
  }

  SipRequest awaitRequest(Duration within) {
    return awaitRequest(pbx, within);
  }

  /** Checks that the PBX receives nothing for {@code duration}, moving time that far. */
  void assertQuietFor(Duration duration) {
    pbx.assertNoMoreRequests();
    scheduler.advance(duration);
    pbx.assertNoMoreRequests();
  }

  void assertNothingThrew() {
    synchronized (errors) {
      assertTrue(
          errors.isEmpty(),
          () ->
              "errors were logged: "
                  + errors.stream().map(r -> r.getMessage() + " " + r.getThrown()).toList());
    }
  }

  /** A machine, its executor, and what its listener heard. */
  final class Machine implements SubscriptionStateMachine.Listener {
    final SerialExecutor executor = new SerialExecutor(Runnable::run);
    final SubscriptionStateMachine fsm;
    final List<String> events = new ArrayList<>();
    final List<SubscriberState> states = new ArrayList<>();
    final List<Termination> dialogTerminations = new ArrayList<>();
    final List<NotifyContent> contents = new ArrayList<>();
    Termination terminated;

    /** Thrown by every callback once it is heard, when set: an owner with a defect. */
    RuntimeException failWith;

    Machine(SubscriberSettings settings, SubscriptionStateMachine.Target target) {
      fsm = new SubscriptionStateMachine(settings, target, executor, this);
    }

    void start(Instant deadline) {
      executor.execute(() -> fsm.start(deadline));
    }

    /** Starts with a deadline a day away. */
    Machine start() {
      start(clock.instant().plus(Duration.ofDays(1)));
      return this;
    }

    void stop() {
      executor.execute(fsm::stop);
    }

    void extendTo(Instant deadline) {
      executor.execute(() -> fsm.extendTo(deadline));
    }

    SubscriberState state() {
      return fsm.state();
    }

    void assertState(SubscriberState expected) {
      network.runUntilIdle();
      assertEquals(expected, fsm.state(), () -> "events: " + events);
    }

    Optional<String> lastEvent() {
      return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
    }

    private void fail() {
      if (failWith != null) {
        throw failWith;
      }
    }

    @Override
    public void onState(SubscriberState state) {
      states.add(state);
      events.add("state " + state);
      fail();
    }

    @Override
    public void onDialog(String instanceId, SubscriptionState state) {
      events.add("dialog " + instanceId + " " + state.state());
      fail();
    }

    @Override
    public void onContent(String instanceId, NotifyContent content) {
      contents.add(content);
      events.add("content " + instanceId);
      fail();
    }

    @Override
    public void onDialogTerminated(String instanceId, Termination termination) {
      dialogTerminations.add(termination);
      events.add("dialog-terminated " + instanceId + " " + termination.reason());
      fail();
    }

    @Override
    public void onTerminated(Termination termination) {
      if (terminated != null) {
        events.add("terminated AGAIN " + termination.reason());
      }
      terminated = termination;
      events.add("terminated " + termination.reason());
      fail();
    }
  }
}
