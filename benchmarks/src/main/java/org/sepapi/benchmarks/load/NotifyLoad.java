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
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    this.runDir = Path.of(options.get("out")).resolve(options.get("mode") + "-" + stamp);
    Files.createDirectories(runDir);
  }

  /** The outcome of one step. */
  private record Step(
      String label,
      int target,
      long pauseMillis,
      int loops,
      double achieved,
      int sippExit,
      Map<String, String> sippStats,
      long expectedLoop,
      long loopNotifies,
      long loopChanges,
      long subscribes,
      long non200,
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
    defaults.put("scenario", "benchmarks/load/notifier.xml");
    defaults.put("subscriber-scenario", "benchmarks/load/subscriber.xml");
    defaults.put("out", "benchmarks/target/load");
    Optional<Map<String, String>> parsed = Options.parse(defaults, args);
    if (parsed.isEmpty()) {
      return;
    }
    Map<String, String> options = parsed.get();
    Options.quietSepapi();
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
    }
    if (found.isEmpty()) {
      log("RESULT mode=" + mode + " subscriptions=" + subscriptions + " held=0 (no step passed)");
      return;
    }
    Step held = found.get();
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
            millis(Samples.quantile(held.latencies(), 0.50)),
            millis(Samples.quantile(held.latencies(), 0.99)),
            millis(Samples.quantile(held.answers(), 0.50)),
            millis(Samples.quantile(held.answers(), 0.99)),
            held.cpuMicrosPerNotify(),
            bytes(held.bytesPerSubscription())));
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

  /** How long a step of {@code seconds} may take: three times that, the settle and a minute. */
  private static Duration timeout(int seconds) {
    return Duration.ofSeconds(3L * seconds + SETTLE_SECONDS + 60);
  }

  /** One step: sipp at {@code rate} NOTIFYs/s for about {@code seconds}, and what came of it. */
  private Step step(LoadPeer peer, String label, int rate, int seconds) throws Exception {
    long pauseMillis = Math.max(1, Math.round(subscriptions * 1000.0 / rate));
    int loops = (int) Math.max(2, Math.round((double) seconds * rate / subscriptions));
    long expectedLoop = (long) subscriptions * loops;
    StepCounters counters = new StepCounters(Math.toIntExact(expectedLoop));
    Path dir = runDir.resolve(String.format(Locale.ROOT, "%02d-%s-%d", ++stepNumber, label, rate));
    peer.beginStep(counters, dir);
    OptionalLong heapBefore = heapBeforeSubscribing(peer, dir);
    String loadAverage = Machine.loadAverage();
    int port = BarePeer.freeUdpPort();
    Duration timeout = timeout(seconds);
    long peerDropsBefore = peer.drops();
    long peerCpuBefore = peer.cpuNanos();
    Sipp run =
        Sipp.startNotifier(
            sipp,
            scenario,
            dir,
            port,
            subscriptions,
            loops,
            pauseMillis,
            timeout.plusSeconds(5),
            sippArgs);
    int exit;
    String transactions;
    long cpuBefore;
    OptionalLong bytesPerSubscription = OptionalLong.empty();
    long measureCpu = 0;
    try {
      // subscribe at about --subscribe-rate, over a whole number of periods, so that the dialogs'
      // NOTIFYs come evenly spread over each period
      long period = TimeUnit.MILLISECONDS.toNanos(pauseMillis);
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
      exit = run.await(timeout.plusSeconds(10));
    } catch (RuntimeException | InterruptedException e) {
      run.stop();
      throw e;
    }
    List<String> peerFailures = peer.finishStep(Duration.ofSeconds(30));
    // the last NOTIFYs' changes may still be on their way to the sink
    long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < settle
        && (counters.loopNotifies.get() < expectedLoop
            || (peer instanceof SepapiPeer
                && counters.loopChanges.get() < counters.loopNotifies.get()))) {
      Thread.sleep(20);
    }
    long peerCpu = peer.cpuNanos() - peerCpuBefore - measureCpu;
    long cpu = peer.cpuNanos() - cpuBefore;
    long peerDrops = peer.drops() - peerDropsBefore;
    peer.endStep();

    Map<String, String> stats = run.stats();
    long[] received = counters.loopReceived.sorted();
    double achieved = steadyRate(received);
    long notifies = counters.loopNotifies.get() + counters.finalNotifies.get();
    List<String> failures = new ArrayList<>();
    Sipp.checkCalls(failures, "notifier", exit, stats, subscriptions);
    failures.addAll(peerFailures);
    long retransmissions = Sipp.count(stats, "Retransmissions(C)");
    long loopRetransmissions = run.loopRetransmissions();
    if (strict && loopRetransmissions != 0) {
      failures.add("loop NOTIFYs sent again " + loopRetransmissions);
    }
    if (counters.loopNotifies.get() != expectedLoop) {
      failures.add("loop NOTIFYs " + counters.loopNotifies.get() + "/" + expectedLoop);
    }
    if (counters.subscribesSent.get() != subscriptions) {
      failures.add("SUBSCRIBEs " + counters.subscribesSent.get() + "/" + subscriptions);
    }
    if (counters.non200Answers.get() != 0) {
      failures.add("answers not 200 " + counters.non200Answers.get());
    }
    if (peer instanceof SepapiPeer && counters.loopChanges.get() != counters.loopNotifies.get()) {
      failures.add("changes queued " + counters.loopChanges.get() + "/" + counters.loopNotifies);
    }
    double target = subscriptions * 1000.0 / pauseMillis;
    if (achieved < minRateFraction * target) {
      failures.add(
          String.format(Locale.ROOT, "rate %.0f < %.0f%%", achieved, 100 * minRateFraction));
    }
    return new Step(
        label,
        rate,
        pauseMillis,
        loops,
        achieved,
        exit,
        stats,
        expectedLoop,
        counters.loopNotifies.get(),
        counters.loopChanges.get(),
        counters.subscribesSent.get(),
        counters.non200Answers.get(),
        counters.latencies.sorted(),
        counters.answers.sorted(),
        notifies == 0 ? 0 : cpu / 1000.0 / notifies,
        run.cpu(),
        Duration.ofNanos(peerCpu),
        retransmissions,
        loopRetransmissions,
        transactions,
        peerDrops,
        run.drops(),
        loadAverage,
        bytesPerSubscription,
        failures);
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
        step.sippExit(),
        step.loopNotifies() + "/" + step.expectedLoop(),
        step.loopChanges(),
        millis(Samples.quantile(step.latencies(), 0.50)),
        millis(Samples.quantile(step.latencies(), 0.99)),
        millis(step.latencies().length == 0 ? 0 : step.latencies()[step.latencies().length - 1]),
        millis(Samples.quantile(step.answers(), 0.50)),
        millis(Samples.quantile(step.answers(), 0.99)),
        step.cpuMicrosPerNotify(),
        step.sippCpu().toMillis() / 1000.0,
        step.peerCpu().toMillis() / 1000.0,
        step.loopRetransmissions() + "/" + step.retransmissions(),
        step.transactions(),
        step.peerDrops() + "/" + step.sippDrops(),
        bytes(step.bytesPerSubscription()),
        step.loadAverage(),
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
