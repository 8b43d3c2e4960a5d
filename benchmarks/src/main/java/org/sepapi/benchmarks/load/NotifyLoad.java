package org.sepapi.benchmarks.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The NOTIFY load test: sipp plays a registrar (reg event package) for N subscriptions and sends
 * their NOTIFYs at a rising rate, against sepapi ({@code --mode sepapi}: the subscription service
 * on the JAIN-SIP transport), against a bare JAIN-SIP stack that only answers 200 ({@code --mode
 * bare}: the stack's own ceiling) or against a second sipp that subscribes and answers 200 ({@code
 * --mode sipp}, {@code subscriber.xml}: the load generator's own ceiling for the same NOTIFY flow).
 * Each step reports the rate held, whether any transaction failed, and, for sepapi, the time from a
 * NOTIFY handed over by the transport to its change queued for the callback.
 *
 * <p>Why sipp is the notifier (a UAS that the peer subscribes to) and not a UAC replaying dialogs
 * from an injection file: sipp matches responses to its calls by Call-ID and only knows the
 * Call-IDs it made itself, so a NOTIFY sent with a Call-ID of sepapi's never sees its 200. As the
 * UAS it takes the Call-ID of each SUBSCRIBE, as a registrar does.
 *
 * <p>A step at target rate R with N subscriptions: sipp waits {@code N/R} between a dialog's
 * NOTIFYs (after each 200); the peer subscribes the N resources at about {@code --subscribe-rate},
 * spread over a whole number of such periods so that the dialogs are out of phase; each dialog gets
 * one full NOTIFY, waits 35 s (the peer's stack forgets the SUBSCRIBE transactions meanwhile), then
 * gets {@code loops} partial ones (version and CSeq one up each time: every one is a change the
 * engine takes), then a terminating one. See {@code benchmarks/load/README.md}. Run by {@code
 * benchmarks/load/notify-load.sh}.
 *
 * <p>Each step of a JVM peer also reports the heap each live subscription holds ({@code B/sub}).
 * With {@code --overload true}, after the ramp, the JVM peers run an overload step: twice the held
 * step's rate for {@code --overload-seconds}, then its rate for {@code --recovery-seconds}, in one
 * notifier run; it reports heap, OutOfMemoryErrors, shed messages, subscriptions still active,
 * failed notifier calls and how soon the rate came back, in one {@code OVERLOAD} line.
 */
public final class NotifyLoad {
  private final Map<String, String> options;
  private final PrintStream out = System.out;
  private final Path runDir;
  private final int subscriptions;
  private final String sipp;
  private final Path scenario;
  private final Path subscriberScenario;
  private final double minRateFraction;
  private final List<String> sippArgs;
  private final boolean strict;
  private final int subscribeRate;

  /** How long each dialog waits between its full NOTIFY and its loop (fixed in notifier.xml). */
  private static final int SETTLE_SECONDS = 35;

  /**
   * How long a step waits, before it measures the heap and subscribes, for the peer to let go of
   * the step before: JAIN-SIP keeps a completed server transaction 32 s (Timer J), and a step
   * leaves one per NOTIFY of its last 32 s.
   */
  private static final Duration IDLE_WAIT = Duration.ofSeconds(40);

  /** The overload step's heap bound: 1 GiB. */
  private static final long HEAP_LIMIT_BYTES = 1L << 30;

  private static final long MIB = 1L << 20;

  /** How soon after the load falls the overload step wants the rate back. */
  private static final int RECOVERY_LIMIT_SECONDS = 10;

  private int stepNumber;

  private NotifyLoad(Map<String, String> options) throws IOException {
    this.options = options;
    this.subscriptions = Integer.parseInt(options.get("subscriptions"));
    this.sipp = options.get("sipp");
    this.scenario = Path.of(options.get("scenario"));
    this.subscriberScenario = Path.of(options.get("subscriber-scenario"));
    this.minRateFraction = Double.parseDouble(options.get("min-rate-fraction"));
    this.strict = Boolean.parseBoolean(options.get("strict"));
    this.subscribeRate = Integer.parseInt(options.get("subscribe-rate"));
    String extra = options.get("sipp-args").strip();
    this.sippArgs = extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
    if (!Files.isRegularFile(scenario)) {
      throw new IllegalArgumentException("no scenario at " + scenario);
    }
    if (Boolean.parseBoolean(options.get("overload"))
        && (Integer.parseInt(options.get("overload-seconds")) < 3
            || Integer.parseInt(options.get("recovery-seconds")) < 2 + Recovery.STEADY)) {
      throw new IllegalArgumentException(
          "--overload-seconds 3 or more, --recovery-seconds " + (2 + Recovery.STEADY) + " or more");
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    this.runDir = Path.of(options.get("out")).resolve(options.get("mode") + "-" + stamp);
    Files.createDirectories(runDir);
  }

  /** What one notifier run gave, before a step or the overload step judges it. */
  private record Run(
      int sippExit,
      Map<String, String> sippStats,
      long loopNotifies,
      long loopChanges,
      long subscribes,
      long non200,
      long[] received,
      long[] latencies,
      long[] answers,
      double cpuMicrosPerNotify,
      Duration sippCpu,
      Duration peerCpu,
      long retransmissions,
      long loopRetransmissions,
      String transactions,
      long peerDrops,
      long sippDrops,
      String loadAverage,
      OptionalLong bytesPerSubscription,
      OptionalInt activeLate,
      List<String> peerFailures) {}

  /** The outcome of one step of the ramp. */
  private record Step(
      String label,
      int target,
      long pauseMillis,
      int loops,
      double achieved,
      long expectedLoop,
      Run run,
      List<String> failures) {
    boolean passed() {
      return failures.isEmpty();
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("mode", "sepapi");
    defaults.put("subscriptions", "1000");
    defaults.put("rates", "2000,4000,6000,8000,10000,12000,14000,16000");
    defaults.put("step-seconds", "10");
    defaults.put("warmup-seconds", "10");
    defaults.put("retries", "1");
    defaults.put("min-rate-fraction", "0.75");
    defaults.put("keep-going", "false");
    defaults.put("sipp", "sipp");
    defaults.put("sipp-args", "");
    defaults.put("strict", "false");
    defaults.put("udp-buffer", "0");
    defaults.put("subscribe-rate", "500");
    defaults.put("overload", "false");
    defaults.put("overload-seconds", "60");
    defaults.put("recovery-seconds", "30");
    defaults.put("recovery-fraction", "0.9");
    defaults.put("scenario", "benchmarks/load/notifier.xml");
    defaults.put("subscriber-scenario", "benchmarks/load/subscriber.xml");
    defaults.put("out", "benchmarks/target/load");
    Optional<Map<String, String>> parsed = Options.parse(defaults, args);
    if (parsed.isEmpty()) {
      return;
    }
    Map<String, String> options = parsed.get();
    Options.quietSepapi();
    HeapWatch.countOutOfMemoryErrors();
    Runtime.getRuntime().addShutdownHook(new Thread(Sipp::stopAll));
    new NotifyLoad(options).run();
    System.exit(0); // the JAIN-SIP stack leaves non-daemon threads behind
  }

  private void run() throws Exception {
    String mode = options.get("mode");
    Ramp ramp = Ramp.of(options);
    log(
        "# NOTIFY load, mode "
            + mode
            + ", "
            + subscriptions
            + " subscriptions, options "
            + options);
    log("# " + Machine.describe());
    log("# results in " + runDir);
    Optional<Step> found;
    int buffer = Integer.parseInt(options.get("udp-buffer"));
    try (LoadPeer peer = newPeer(mode, ramp)) {
      if (buffer > 0) {
        log(
            "# EXPERIMENT: the stack's UDP buffers set to "
                + peer.enlargeUdpBuffers(buffer)
                + " bytes by reflection (the stack's default is 64 KiB)");
      }
      log(header());
      found =
          ramp.run(
              (label, rate, seconds) -> step(peer, label, rate, seconds),
              Step::passed,
              NotifyLoad::line,
              this::log);
      result(mode, found);
      if (Boolean.parseBoolean(options.get("overload"))) {
        if (found.isEmpty()) {
          log("# no overload step: no rate held");
        } else if (!peer.inThisJvm()) {
          log("# no overload step in mode " + mode + ": it watches this JVM, for the JVM peers");
        } else {
          overload(peer, found.get());
        }
      }
    }
  }

  /** The RESULT line: the step held, if any. */
  private void result(String mode, Optional<Step> found) throws IOException {
    if (found.isEmpty()) {
      log("RESULT mode=" + mode + " subscriptions=" + subscriptions + " held=0 (no step passed)");
      return;
    }
    Step held = found.get();
    Run run = held.run();
    log(
        String.format(
            Locale.ROOT,
            "RESULT mode=%s subscriptions=%d held=%.0f target=%d queued_p50_ms=%s"
                + " queued_p99_ms=%s answer_p50_ms=%s answer_p99_ms=%s cpu_us_per_notify=%.1f"
                + " bytes_per_subscription=%s",
            mode,
            subscriptions,
            held.achieved(),
            held.target(),
            millis(Samples.quantile(run.latencies(), 0.50)),
            millis(Samples.quantile(run.latencies(), 0.99)),
            millis(Samples.quantile(run.answers(), 0.50)),
            millis(Samples.quantile(run.answers(), 0.99)),
            run.cpuMicrosPerNotify(),
            bytes(run.bytesPerSubscription())));
  }

  private LoadPeer newPeer(String mode, Ramp ramp) {
    return switch (mode) {
      case "sepapi" -> new SepapiPeer();
      case "bare" -> new BarePeer(false);
      case "bare-stock" -> new BarePeer(true);
      case "sipp" ->
          new SippPeer(
              sipp,
              subscriberScenario,
              timeout(Math.max(ramp.stepSeconds(), ramp.warmupSeconds())).plusSeconds(15),
              sippArgs);
      default ->
          throw new IllegalArgumentException("--mode is sepapi, bare, bare-stock or sipp: " + mode);
    };
  }

  /**
   * How long a step with {@code seconds} of loops may take: three times that, the subscribing
   * (twice its planned time), the settle and a minute.
   */
  private Duration timeout(long seconds) {
    return Duration.ofSeconds(
        3L * seconds + 2L * subscriptions / subscribeRate + SETTLE_SECONDS + 60);
  }

  /** One step: sipp at {@code rate} NOTIFYs/s for about {@code seconds}, and what came of it. */
  private Step step(LoadPeer peer, String label, int rate, int seconds) throws Exception {
    long pauseMillis = Math.max(1, Math.round(subscriptions * 1000.0 / rate));
    int loops = (int) Math.max(2, Math.round((double) seconds * rate / subscriptions));
    long expectedLoop = (long) subscriptions * loops;
    Run run =
        run(peer, label, rate, Sipp.Loops.of(loops, pauseMillis), seconds, OptionalLong.empty());
    double achieved = steadyRate(run.received());
    List<String> failures = new ArrayList<>();
    Sipp.checkCalls(failures, "notifier", run.sippExit(), run.sippStats(), subscriptions);
    failures.addAll(run.peerFailures());
    if (strict && run.loopRetransmissions() != 0) {
      failures.add("loop NOTIFYs sent again " + run.loopRetransmissions());
    }
    if (run.loopNotifies() != expectedLoop) {
      failures.add("loop NOTIFYs " + run.loopNotifies() + "/" + expectedLoop);
    }
    if (run.subscribes() != subscriptions) {
      failures.add("SUBSCRIBEs " + run.subscribes() + "/" + subscriptions);
    }
    if (run.non200() != 0) {
      failures.add("answers not 200 " + run.non200());
    }
    if (peer instanceof SepapiPeer && run.loopChanges() != run.loopNotifies()) {
      failures.add("changes queued " + run.loopChanges() + "/" + run.loopNotifies());
    }
    double target = subscriptions * 1000.0 / pauseMillis;
    if (achieved < minRateFraction * target) {
      failures.add(
          String.format(Locale.ROOT, "rate %.0f < %.0f%%", achieved, 100 * minRateFraction));
    }
    return new Step(label, rate, pauseMillis, loops, achieved, expectedLoop, run, failures);
  }

  /**
   * One run of the notifier, its dialogs sending {@code loops}, for a step labelled {@code label}
   * at {@code rate} whose loops last about {@code seconds}; at {@code probeMillis} after the first
   * SUBSCRIBE, if given, it reads how many subscriptions the peer has active.
   */
  private Run run(
      LoadPeer peer,
      String label,
      int rate,
      Sipp.Loops loops,
      int seconds,
      OptionalLong probeMillis)
      throws Exception {
    long expectedLoop = (long) subscriptions * (loops.loops() + loops.loops2());
    boolean timed = loops.seconds() > 0 || loops.seconds2() > 0;
    StepCounters counters = new StepCounters(Math.toIntExact(expectedLoop));
    Path dir = runDir.resolve(String.format(Locale.ROOT, "%02d-%s-%d", ++stepNumber, label, rate));
    peer.beginStep(counters, dir);
    OptionalLong heapBefore = heapBeforeSubscribing(peer, dir);
    String loadAverage = Machine.loadAverage();
    int port = BarePeer.freeUdpPort();
    Duration timeout =
        timeout(
            Math.max(
                seconds,
                (loops.loops() * loops.pauseMillis() + loops.loops2() * loops.pause2Millis())
                    / 1000));
    long peerDropsBefore = peer.drops();
    long peerCpuBefore = peer.cpuNanos();
    Sipp notifier =
        Sipp.startNotifier(
            sipp, scenario, dir, port, subscriptions, loops, timeout.plusSeconds(5), sippArgs);
    int exit;
    String transactions;
    long cpuBefore;
    OptionalLong bytesPerSubscription = OptionalLong.empty();
    OptionalInt active = OptionalInt.empty();
    long measureCpu = 0;
    try {
      // subscribe at about --subscribe-rate, over a whole number of periods, so that the dialogs'
      // NOTIFYs come evenly spread over each period
      long period = TimeUnit.MILLISECONDS.toNanos(loops.pauseMillis());
      long wanted = TimeUnit.SECONDS.toNanos(subscriptions) / subscribeRate;
      long spread = period * Math.max(1, (wanted + period / 2) / period);
      long start = System.nanoTime();
      peer.subscribeAll(subscriptions, "127.0.0.1", port, spread);
      if (heapBefore.isPresent()) {
        LiveHeap settled = heapSettled(peer, dir, start);
        measureCpu = settled.cpuNanos();
        bytesPerSubscription =
            OptionalLong.of((settled.bytes() - heapBefore.getAsLong()) / subscriptions);
      }
      // CPU from when the loops begin; the stack's transaction tables at the middle of the loops
      long loopsBegin = TimeUnit.NANOSECONDS.toMillis(spread) + SETTLE_SECONDS * 1000L;
      sleepUntil(start, loopsBegin);
      cpuBefore = peer.cpuNanos();
      sleepUntil(start, loopsBegin + seconds * 500L);
      transactions = peer.transactions();
      if (probeMillis.isPresent()) {
        sleepUntil(start, probeMillis.getAsLong());
        active = peer.activeSubscriptions();
      }
      exit = notifier.await(timeout.plusSeconds(10));
    } catch (RuntimeException | InterruptedException e) {
      notifier.stop();
      throw e;
    }
    List<String> peerFailures = peer.finishStep(Duration.ofSeconds(30));
    // the last NOTIFYs' changes may still be on their way to the sink (with time limits, sipp
    // sends fewer loop NOTIFYs than their count, and every one it sent has been answered)
    long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < settle
        && ((!timed && counters.loopNotifies.get() < expectedLoop)
            || (peer instanceof SepapiPeer
                && counters.loopChanges.get() < counters.loopNotifies.get()))) {
      Thread.sleep(20);
    }
    long peerCpu = peer.cpuNanos() - peerCpuBefore - measureCpu;
    long cpu = peer.cpuNanos() - cpuBefore;
    long peerDrops = peer.drops() - peerDropsBefore;
    peer.endStep();

    Map<String, String> stats = notifier.stats();
    long notifies = counters.loopNotifies.get() + counters.finalNotifies.get();
    return new Run(
        exit,
        stats,
        counters.loopNotifies.get(),
        counters.loopChanges.get(),
        counters.subscribesSent.get(),
        counters.non200Answers.get(),
        counters.loopReceived.sorted(),
        counters.latencies.sorted(),
        counters.answers.sorted(),
        notifies == 0 ? 0 : cpu / 1000.0 / notifies,
        notifier.cpu(),
        Duration.ofNanos(peerCpu),
        Sipp.count(stats, "Retransmissions(C)"),
        notifier.loopRetransmissions(),
        transactions,
        peerDrops,
        notifier.drops(),
        loadAverage,
        bytesPerSubscription,
        active,
        peerFailures);
  }

  /**
   * The overload step, after the ramp has found the rate held: each dialog sends its loop NOTIFYs
   * at half the held step's pause (twice its rate) for {@code --overload-seconds}, then at its
   * pause for {@code --recovery-seconds}, both phases ended by time (notifier.xml's time limits),
   * so that the load falls at the same moment whatever the peer's pace. Watches the heap and
   * OutOfMemoryErrors meanwhile, reads the transport's shed messages, the subscriptions still
   * active late in the recovery, and when the rate came back; logs one OVERLOAD line.
   */
  private void overload(LoadPeer peer, Step held) throws Exception {
    int overloadSeconds = Integer.parseInt(options.get("overload-seconds"));
    int recoverySeconds = Integer.parseInt(options.get("recovery-seconds"));
    double recoveryFraction = Double.parseDouble(options.get("recovery-fraction"));
    long pause = held.pauseMillis();
    long overloadPause = Math.max(1, Math.round(pause / 2.0));
    // the counts one above what the pauses allow: the time limits end the phases
    Sipp.Loops loops =
        new Sipp.Loops(
            (int) (overloadSeconds * 1000L / overloadPause) + 1,
            overloadPause,
            (int) (recoverySeconds * 1000L / pause) + 1,
            pause,
            overloadSeconds,
            recoverySeconds);
    int overloadTarget = (int) Math.round(subscriptions * 1000.0 / overloadPause);
    // the subscriptions are read 2 s before the first dialog's recovery ends (the windows stop
    // there too), when every dialog is still in its loop
    int windows = recoverySeconds - 2;
    long probe = (SETTLE_SECONDS + overloadSeconds + windows) * 1000L;
    long shedBefore = peer.shedMessages();
    long errorsBefore = HeapWatch.outOfMemoryErrors();
    Run run;
    long maxUsed;
    long maxAfterCollection;
    try (HeapWatch heap = HeapWatch.start()) {
      run =
          run(
              peer,
              "overload",
              overloadTarget,
              loops,
              overloadSeconds + recoverySeconds,
              OptionalLong.of(probe));
      maxUsed = heap.maxUsed();
      maxAfterCollection = heap.maxAfterCollection();
    }
    long shed = peer.shedMessages() - shedBefore;
    long errors = HeapWatch.outOfMemoryErrors() - errorsBefore;

    // the load falls when the first dialog ends its overload: its loop began one pause before
    // the first loop NOTIFY arrived
    long[] received = run.received();
    long fall =
        received.length == 0
            ? 0
            : received[0]
                - TimeUnit.MILLISECONDS.toNanos(overloadPause)
                + TimeUnit.SECONDS.toNanos(overloadSeconds);
    double threshold = recoveryFraction * held.achieved();
    Recovery recovery = Recovery.of(received, fall, windows, threshold);
    // the overload's rate: its last seconds, every dialog in its loop
    int overloadWindows = Math.max(1, overloadSeconds - 2);
    double overloadRate =
        Samples.countBetween(received, fall - TimeUnit.SECONDS.toNanos(overloadWindows), fall)
            / (double) overloadWindows;
    Map<String, String> stats = run.sippStats();
    long failedCalls = Sipp.count(stats, "FailedCall(C)");
    long timedOut = Sipp.count(stats, "FailedMaxUDPRetrans(C)");
    long unexpected = Sipp.count(stats, "FailedUnexpectedMessage(C)");
    long resubscribes = run.subscribes() - subscriptions;

    List<String> failures = new ArrayList<>();
    if (errors != 0) {
      failures.add("OutOfMemoryErrors " + errors);
    }
    if (maxUsed >= HEAP_LIMIT_BYTES) {
      failures.add("heap " + maxUsed / MIB + " MiB");
    }
    if (run.activeLate().isPresent() && run.activeLate().getAsInt() != subscriptions) {
      failures.add("subscriptions active " + run.activeLate().getAsInt() + "/" + subscriptions);
    }
    if (failedCalls != 0) {
      failures.add("notifier calls failed " + failedCalls + " (subscriptions lost)");
    }
    if (run.sippExit() != 0 && failedCalls == 0) {
      failures.add("notifier sipp exit " + run.sippExit());
    }
    if (!recovery.recovered() || recovery.recoveredAfter() > RECOVERY_LIMIT_SECONDS) {
      failures.add(
          String.format(
              Locale.ROOT, "not back at %.0f/s within %d s", threshold, RECOVERY_LIMIT_SECONDS));
    }
    log(
        "# overload: loop NOTIFYs per second, the "
            + overloadWindows
            + " s before the load fell: "
            + Recovery.perSecondText(
                Recovery.perSecond(
                    received, fall - TimeUnit.SECONDS.toNanos(overloadWindows), overloadWindows))
            + " | after: "
            + Recovery.perSecondText(recovery.perSecond()));
    log(
        String.format(
            Locale.ROOT,
            "OVERLOAD mode=%s subscriptions=%d held=%.0f overload_target=%d overload_seconds=%d"
                + " overload_rate=%.0f recovery_target=%.0f recovery_seconds=%d recovered_after_s=%s"
                + " recovery_rate=%.0f threshold=%.0f heap_max_mib=%d heap_after_gc_max_mib=%d"
                + " oom=%d shed=%d active=%s resubscribes=%d notifier_calls_failed=%d"
                + " timed_out=%d unexpected=%d retransmissions=%d drops=%d/%d loadavg=%s %s",
            options.get("mode"),
            subscriptions,
            held.achieved(),
            overloadTarget,
            overloadSeconds,
            overloadRate,
            subscriptions * 1000.0 / pause,
            recoverySeconds,
            recovery.recovered() ? Integer.toString(recovery.recoveredAfter()) : "never",
            recovery.rate(),
            threshold,
            maxUsed / MIB,
            maxAfterCollection / MIB,
            errors,
            shed,
            run.activeLate().isPresent() ? run.activeLate().getAsInt() + "/" + subscriptions : "-",
            resubscribes,
            failedCalls,
            timedOut,
            unexpected,
            run.retransmissions(),
            run.peerDrops(),
            run.sippDrops(),
            run.loadAverage(),
            failures.isEmpty() ? "PASS" : "FAIL " + String.join(", ", failures)));
  }

  /** This JVM's live heap ({@link Machine#liveHeapBytes}) and the CPU time taking it cost. */
  private record LiveHeap(long bytes, long cpuNanos) {
    static LiveHeap of(LoadPeer peer) {
      long cpu = peer.cpuNanos();
      long bytes = Machine.liveHeapBytes();
      return new LiveHeap(bytes, peer.cpuNanos() - cpu);
    }
  }

  /**
   * The live heap before a step subscribes, for a peer in this JVM: once the peer holds nothing of
   * the step before ({@link LoadPeer#idle}), or after {@link #IDLE_WAIT}.
   */
  private OptionalLong heapBeforeSubscribing(LoadPeer peer, Path dir)
      throws IOException, InterruptedException {
    if (!peer.inThisJvm()) {
      return OptionalLong.empty();
    }
    long deadline = System.nanoTime() + IDLE_WAIT.toNanos();
    while (!peer.idle() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    if (!peer.idle()) {
      log(
          "# "
              + dir.getFileName()
              + ": heap taken before the SUBSCRIBEs, the peer not idle after "
              + IDLE_WAIT.toSeconds()
              + " s (transactions "
              + peer.transactions()
              + ")");
    }
    return OptionalLong.of(LiveHeap.of(peer).bytes());
  }

  /**
   * The live heap late in the settle, {@code startNanos} being when the SUBSCRIBEs began: 2 s
   * before the first dialog's loop, or as soon after as the initial NOTIFYs' server transactions
   * (32 s, Timer J) have all ended, but never later than 1 s before the loop.
   */
  private LiveHeap heapSettled(LoadPeer peer, Path dir, long startNanos)
      throws IOException, InterruptedException {
    sleepUntil(startNanos, (SETTLE_SECONDS - 2) * 1000L);
    long latest = startNanos + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS - 1);
    while (peer.transactionsHeld() != 0 && System.nanoTime() < latest) {
      Thread.sleep(50);
    }
    String held = peer.transactions();
    LiveHeap heap = LiveHeap.of(peer);
    if (!held.equals("0/0")) {
      log(
          "# "
              + dir.getFileName()
              + ": heap taken in the settle with transactions "
              + held
              + " (client/server) still held: they count in B/sub");
    }
    return heap;
  }

  private static void sleepUntil(long startNanos, long millisAfter) throws InterruptedException {
    long left = millisAfter - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    if (left > 0) {
      Thread.sleep(left);
    }
  }

  /**
   * The rate of loop NOTIFYs between the 10th and the 90th percentile of their arrival: the steady
   * part, when every dialog is in its loop.
   */
  static double steadyRate(long[] sortedNanos) {
    int n = sortedNanos.length;
    if (n < 10) {
      return 0;
    }
    int from = n / 10;
    int to = n - 1 - n / 10;
    long span = sortedNanos[to] - sortedNanos[from];
    return span <= 0 ? 0 : (to - from) * 1e9 / span;
  }

  private static String header() {
    return String.format(
        Locale.ROOT,
        "%-6s %6s %6s %5s %7s %4s %11s %9s %8s %8s %8s %8s %8s %7s %6s %7s %11s %11s %9s %7s %-14s"
            + " %s",
        "step",
        "target",
        "held",
        "pause",
        "loops",
        "exit",
        "loopNOTIFY",
        "changes",
        "q50ms",
        "q99ms",
        "qmaxms",
        "ans50ms",
        "ans99ms",
        "cpuus/N",
        "sippcpu",
        "peercpu",
        "retr l/all",
        "tx c/s",
        "drops p/s",
        "B/sub",
        "loadavg",
        "verdict");
  }

  private static String line(Step step) {
    return String.format(
        Locale.ROOT,
        "%-6s %6d %6.0f %5d %7d %4d %11s %9d %8s %8s %8s %8s %8s %7.1f %6.1fs %6.1fs %11s %11s %9s %7s"
            + " %-14s %s",
        step.label(),
        step.target(),
        step.achieved(),
        step.pauseMillis(),
        step.loops(),
        step.run().sippExit(),
        step.run().loopNotifies() + "/" + step.expectedLoop(),
        step.run().loopChanges(),
        millis(Samples.quantile(step.run().latencies(), 0.50)),
        millis(Samples.quantile(step.run().latencies(), 0.99)),
        millis(Samples.quantile(step.run().latencies(), 1)),
        millis(Samples.quantile(step.run().answers(), 0.50)),
        millis(Samples.quantile(step.run().answers(), 0.99)),
        step.run().cpuMicrosPerNotify(),
        step.run().sippCpu().toMillis() / 1000.0,
        step.run().peerCpu().toMillis() / 1000.0,
        step.run().loopRetransmissions() + "/" + step.run().retransmissions(),
        step.run().transactions(),
        step.run().peerDrops() + "/" + step.run().sippDrops(),
        bytes(step.run().bytesPerSubscription()),
        step.run().loadAverage(),
        step.passed() ? "PASS" : "FAIL " + String.join(", ", step.failures()));
  }

  /** Bytes per subscription, or {@code -} where the peer's heap is not this JVM's. */
  private static String bytes(OptionalLong bytes) {
    return bytes.isPresent() ? Long.toString(bytes.getAsLong()) : "-";
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }

  private void log(String line) throws IOException {
    out.println(line);
    Files.writeString(
        runDir.resolve("report.txt"),
        line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
