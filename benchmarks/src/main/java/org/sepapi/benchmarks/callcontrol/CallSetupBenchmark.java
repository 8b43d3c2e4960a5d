package org.sepapi.benchmarks.callcontrol;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sepapi.callcontrol.CallController;
import org.sepapi.callcontrol.CallMethod;
import org.sepapi.callcontrol.CallRequest;
import org.sepapi.callcontrol.CallState;
import org.sepapi.callcontrol.CallStatus;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.SystemScheduler;

/**
 * Call setups per second through the call controller alone: REFER-method calls to in-memory phones
 * that answer at once ({@link LoopbackPhones}): INVITE, 180, 200, ACK, REFER, 202, NOTIFY 100
 * Trying, NOTIFY 200 OK (terminated), BYE, 200; each call ends COMPLETED. One operation is one call
 * placed and ended; an invocation places {@value #BATCH} calls to distinct users, then waits until
 * none is live.
 *
 * <p>{@code executor}: {@code direct} runs every call on the benchmark thread (the controller's
 * cost on one core); {@code commonPool} is the controller's default executor, the benchmark thread
 * only placing calls. {@code random}: the controller's default {@code SecureRandom} for Call-IDs
 * and tags, or {@code ThreadLocalRandom}. Ended calls are forgotten at once (result cache time 0),
 * on the {@link SystemScheduler}'s thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CallSetupBenchmark {
  static final int BATCH = 1_000;
  private static final int USERS = 10_000;

  /**
   * The controller logs every call's end at INFO, which the JDK's default handler writes to the
   * console: kept to WARNING here, as a deployment under load would (held here: JUL keeps loggers
   * weakly).
   */
  private static final java.util.logging.Logger QUIET =
      java.util.logging.Logger.getLogger("org.sepapi");

  @Param({"direct", "commonPool"})
  public String executor;

  @Param({"secure", "threadLocal"})
  public String random;

  private LoopbackPhones phones;
  private SystemScheduler scheduler;
  private CallController controller;
  private SipUri[] calling;
  private SipUri[] called;
  private long placed;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    QUIET.setLevel(java.util.logging.Level.WARNING);
    phones = new LoopbackPhones();
    scheduler = SystemScheduler.create();
    Executor calls = executor.equals("direct") ? Runnable::run : ForkJoinPool.commonPool();
    CallController.Builder builder =
        CallController.builder()
            .transport(phones)
            .scheduler(scheduler)
            .executor(calls)
            .resultCacheTime(Duration.ZERO)
            .domain("example.bench");
    if (random.equals("threadLocal")) {
      builder.random(ThreadLocalRandom.current()); // its methods use the calling thread's state
    } else if (!random.equals("secure")) {
      throw new IllegalArgumentException("random: " + random);
    }
    controller = builder.build();
    calling = new SipUri[USERS];
    called = new SipUri[USERS];
    for (int i = 0; i < USERS; i++) {
      calling[i] = SipUri.parse("sip:caller" + i + "@phones.bench");
      called[i] = SipUri.parse("sip:callee" + i + "@phones.bench");
    }
    checkOneCall();
  }

  /** One call, kept after it ends, must be COMPLETED with the six status lines of the flow. */
  private void checkOneCall() {
    SipUri from = SipUri.parse("sip:check@phones.bench");
    SipUri to = SipUri.parse("sip:checked@phones.bench");
    controller.connect(
        CallRequest.builder("check", from, to)
            .method(CallMethod.REFER)
            .resultCacheTime(Duration.ofMinutes(1))
            .build());
    placed++;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    CallStatus status = controller.status("check", from, to).orElseThrow();
    while (!status.state().isFinal() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(100_000);
      status = controller.status("check", from, to).orElseThrow();
    }
    if (status.state() != CallState.COMPLETED || status.statusLines().size() != 6) {
      throw new IllegalStateException("the check call did not complete: " + status);
    }
  }

  @TearDown(Level.Iteration)
  public void checkIteration() {
    checkOneCall();
    String wrong = phones.check(placed);
    if (!wrong.isEmpty()) {
      throw new IllegalStateException(wrong);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    controller.close();
    scheduler.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int referCalls() {
    for (int i = 0; i < BATCH; i++) {
      int user = next;
      next = (next + 1) % USERS;
      controller.connect(
          CallRequest.builder("bench", calling[user], called[user])
              .method(CallMethod.REFER)
              .build());
    }
    placed += BATCH;
    while (controller.size() > 0) {
      LockSupport.parkNanos(50_000); // leaves the core to the pool (2 cores here)
    }
    return controller.size();
  }
}
