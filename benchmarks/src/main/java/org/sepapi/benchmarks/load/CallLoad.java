package org.sepapi.benchmarks.load;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.sepapi.callcontrol.CallControlException;
import org.sepapi.callcontrol.CallController;
import org.sepapi.callcontrol.CallMethod;
import org.sepapi.callcontrol.CallRequest;
import org.sepapi.callcontrol.CallState;
import org.sepapi.callcontrol.CallStatus;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.SystemScheduler;
import org.sepapi.transport.jainsip.JainSipTransport;

/**
 * The call load test: call setups per second over UDP on 127.0.0.1, at rising rates, one sipp phone
 * process per step answering every call ({@code -m N}).
 *
 * <ul>
 *   <li>{@code --mode sepapi}: sepapi's {@link CallController} (REFER method) over a {@link
 *       JainSipTransport} places N = rate x step-seconds calls, paced at the target rate, each to a
 *       new calling user at the sipp phone ({@code refer-phone.xml}: 180, 200, ACK, REFER, 202, two
 *       sipfrag NOTIFYs, BYE; twelve messages a call). A call counts when its state is COMPLETED.
 *   <li>{@code --mode sipp-refer}: the baseline for the same twelve messages: a sipp UAC playing
 *       the controller ({@code refer-controller.xml}) against the same phone.
 *   <li>{@code --mode sipp-invite}: sipp's built-in {@code uac} against its built-in {@code uas}, a
 *       plain INVITE/BYE call (INVITE, 180, 200, ACK, BYE, 200: six messages).
 * </ul>
 *
 * <p>A step passes when every call completed (none failed, none left live, none refused) and the
 * phone sipp (and the UAC sipp) exits 0 with every call successful, and the rate held is at least
 * {@code --min-rate-fraction} of the target. Held: the calls completed over the time from the first
 * call placed to the last call ended. See {@code benchmarks/load/README.md}. Run by {@code
 * benchmarks/load/call-load.sh}.
 */
public final class CallLoad {
  private static final String OWNER = "load";

  private final Map<String, String> options;
  private final PrintStream out = System.out;
  private final Path runDir;
  private final String mode;
  private final String sipp;
  private final Path phoneScenario;
  private final Path controllerScenario;
  private final double minRateFraction;
  private final List<String> sippArgs;
  private int stepNumber;

  private CallLoad(Map<String, String> options) throws IOException {
    this.options = options;
    this.mode = options.get("mode");
    if (!List.of("sepapi", "sipp-refer", "sipp-invite").contains(mode)) {
      throw new IllegalArgumentException("--mode is sepapi, sipp-refer or sipp-invite: " + mode);
    }
    this.sipp = options.get("sipp");
    this.phoneScenario = Path.of(options.get("phone-scenario"));
    this.controllerScenario = Path.of(options.get("controller-scenario"));
    this.minRateFraction = Double.parseDouble(options.get("min-rate-fraction"));
    String extra = options.get("sipp-args").strip();
    this.sippArgs = extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
    for (Path scenario : List.of(phoneScenario, controllerScenario)) {
      if (!Files.isRegularFile(scenario)) {
        throw new IllegalArgumentException("no scenario at " + scenario);
      }
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    this.runDir = Path.of(options.get("out")).resolve("calls-" + mode + "-" + stamp);
    Files.createDirectories(runDir);
  }

  /** The outcome of one step. */
  private record Step(
      String label,
      int target,
      int calls,
      double placedRate,
      double held,
      long completed,
      long failed,
      long live,
      long refused,
      Map<String, Integer> reasons,
      long[] answered,
      long[] ended,
      double cpuMicrosPerCall,
      Duration phoneCpu,
      long retransmissions,
      long peerDrops,
      long phoneDrops,
      String exits,
      String loadAverage,
      List<String> failures) {
    boolean passed() {
      return failures.isEmpty();
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("mode", "sepapi");
    defaults.put("rates", "100,200,400,600,800,1000,1200,1500");
    defaults.put("step-seconds", "10");
    defaults.put("warmup-seconds", "10");
    defaults.put("retries", "1");
    defaults.put("min-rate-fraction", "0.9");
    defaults.put("keep-going", "false");
    defaults.put("udp-buffer", "0");
    defaults.put("threads", "0");
    defaults.put("sipp", "sipp");
    defaults.put("sipp-args", "");
    defaults.put("phone-scenario", "benchmarks/load/refer-phone.xml");
    defaults.put("controller-scenario", "benchmarks/load/refer-controller.xml");
    defaults.put("out", "benchmarks/target/load");
    Optional<Map<String, String>> parsed = Options.parse(defaults, args);
    if (parsed.isEmpty()) {
      return;
    }
    Map<String, String> options = parsed.get();
    Options.quietSepapi();
    Runtime.getRuntime().addShutdownHook(new Thread(Sipp::stopAll));
    new CallLoad(options).run();
    System.exit(0); // the JAIN-SIP stack leaves non-daemon threads behind
  }

  private void run() throws Exception {
    Ramp ramp = Ramp.of(options);
    log("# call load, mode " + mode + ", options " + options);
    log("# " + Machine.describe());
    log("# results in " + runDir);
    Optional<Step> found;
    try (Controller controller =
        mode.equals("sepapi")
            ? new Controller(
                Integer.parseInt(options.get("udp-buffer")),
                Integer.parseInt(options.get("threads")),
                Duration.ofSeconds(3L * Math.max(ramp.stepSeconds(), ramp.warmupSeconds()) + 120))
            : null) {
      log(header());
      found =
          ramp.run(
              (label, rate, seconds) -> step(controller, label, rate, seconds),
              Step::passed,
              CallLoad::line,
              this::log);
    }
    if (found.isEmpty()) {
      log("RESULT mode=" + mode + " held=0 (no step passed)");
      return;
    }
    Step held = found.get();
    log(
        String.format(
            Locale.ROOT,
            "RESULT mode=%s held=%.0f target=%d answered_p50_ms=%s answered_p99_ms=%s"
                + " ended_p50_ms=%s ended_p99_ms=%s cpu_us_per_call=%.1f",
            mode,
            held.held(),
            held.target(),
            quantile(held.answered(), 0.50),
            quantile(held.answered(), 0.99),
            quantile(held.ended(), 0.50),
            quantile(held.ended(), 0.99),
            held.cpuMicrosPerCall()));
  }

  /** sepapi's side: a call controller on a JAIN-SIP transport, for the whole run. */
  private static final class Controller implements AutoCloseable {
    final JainSipTransport transport;
    final SystemScheduler scheduler = SystemScheduler.create();
    final ExecutorService pool;
    final CallController calls;

    Controller(int udpBuffer, int threads, Duration keep) {
      JainSipTransport.Builder builder = JainSipTransport.builder().bind("127.0.0.1", 0);
      if (udpBuffer > 0) {
        builder.udpBufferBytes(udpBuffer);
      }
      transport = builder.build();
      AtomicInteger names = new AtomicInteger();
      pool =
          threads > 0
              ? Executors.newFixedThreadPool(
                  threads,
                  task -> {
                    Thread thread = new Thread(task, "calls-" + names.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                  })
              : null;
      calls =
          CallController.builder()
              .transport(transport)
              .scheduler(scheduler)
              .executor(pool != null ? pool : ForkJoinPool.commonPool())
              .domain("127.0.0.1")
              .resultCacheTime(keep)
              .build();
    }

    @Override
    public void close() {
      calls.close();
      transport.close();
      scheduler.close();
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private Step step(Controller controller, String label, int rate, int seconds) throws Exception {
    int calls = rate * seconds;
    String loadAverage = Machine.loadAverage();
    Path dir = runDir.resolve(String.format(Locale.ROOT, "%02d-%s-%d", ++stepNumber, label, rate));
    Path phoneDir = Files.createDirectories(dir.resolve("phone"));
    int port = BarePeer.freeUdpPort();
    Duration timeout = Duration.ofSeconds(3L * seconds + 60);
    List<String> phoneCommand = new ArrayList<>(List.of(sipp));
    if (mode.equals("sipp-invite")) {
      phoneCommand.addAll(List.of("-sn", "uas"));
    } else {
      Files.copy(phoneScenario, phoneDir.resolve("phone.xml"));
      phoneCommand.addAll(List.of("-sf", "phone.xml"));
    }
    phoneCommand.addAll(sippOptions(port, calls, timeout));
    Sipp phone = Sipp.launch(phoneCommand, phoneDir, port);
    try {
      return controller != null
          ? sepapiStep(controller, label, rate, calls, phone, port, timeout, loadAverage)
          : sippStep(label, rate, calls, phone, port, dir, timeout, loadAverage);
    } finally {
      phone.stop();
    }
  }

  private List<String> sippOptions(int port, int calls, Duration timeout) {
    List<String> args = new ArrayList<>(Sipp.options(port, calls, timeout, "1"));
    args.addAll(sippArgs);
    return args;
  }

  private Step sepapiStep(
      Controller controller,
      String label,
      int rate,
      int calls,
      Sipp phone,
      int port,
      Duration timeout,
      String loadAverage)
      throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long peerDropsBefore = UdpDrops.of(controller.transport.port());
    String owner = OWNER + "-" + stepNumber;
    SipUri[] calling = new SipUri[calls];
    SipUri[] called = new SipUri[calls];
    for (int i = 0; i < calls; i++) {
      calling[i] = SipUri.parse("sip:a" + i + "@127.0.0.1:" + port);
      called[i] = SipUri.parse("sip:b" + i + "@127.0.0.1:9");
    }
    long refused = 0;
    long cpuBefore = os.getProcessCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      long wait = start + i * 1_000_000_000L / rate - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (i % 200 == 0) {
        phone.sample();
      }
      try {
        controller.calls.connect(
            CallRequest.builder(owner, calling[i], called[i]).method(CallMethod.REFER).build());
      } catch (CallControlException e) {
        refused++;
      }
    }
    double placedRate = calls * 1e9 / (System.nanoTime() - start);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (controller.calls.size() > 0 && System.nanoTime() < deadline) {
      phone.sample();
      Thread.sleep(20);
    }
    long cpu = os.getProcessCpuTime() - cpuBefore;
    int exit = phone.await(timeout);
    long peerDrops = UdpDrops.of(controller.transport.port()) - peerDropsBefore;

    long completed = 0;
    long failed = 0;
    long live = 0;
    Map<String, Integer> reasons = new TreeMap<>();
    long[] answered = new long[calls];
    long[] ended = new long[calls];
    int answers = 0;
    int ends = 0;
    Instant first = null;
    Instant last = null;
    for (int i = 0; i < calls; i++) {
      Optional<CallStatus> found = controller.calls.status(owner, calling[i], called[i]);
      if (found.isEmpty()) {
        continue; // refused
      }
      CallStatus status = found.get();
      Instant started = status.started();
      first = first == null || started.isBefore(first) ? started : first;
      if (!status.state().isFinal()) {
        live++;
        continue;
      }
      Instant end = status.ended().orElseThrow();
      last = last == null || end.isAfter(last) ? end : last;
      if (status.state() == CallState.COMPLETED) {
        completed++;
        ended[ends++] = Duration.between(started, end).toNanos();
      } else {
        failed++;
        reasons.merge(status.reason().orElse("?"), 1, Integer::sum);
      }
      for (CallStatus.Transition transition : status.transitions()) {
        if (transition.state() == CallState.ANSWERED) {
          answered[answers++] = Duration.between(started, transition.time()).toNanos();
        }
      }
    }
    double held =
        first == null || last == null || !last.isAfter(first)
            ? 0
            : completed * 1e9 / Duration.between(first, last).toNanos();
    Map<String, String> stats = phone.stats();
    List<String> failures = new ArrayList<>();
    Sipp.checkCalls(failures, "phone", exit, stats, calls);
    if (completed != calls) {
      failures.add("completed " + completed + "/" + calls);
    }
    if (failed != 0) {
      failures.add("failed " + failed);
    }
    if (live != 0) {
      failures.add("still live " + live);
    }
    if (refused != 0) {
      failures.add("refused " + refused);
    }
    checkRate(failures, held, rate);
    return new Step(
        label,
        rate,
        calls,
        placedRate,
        held,
        completed,
        failed,
        live,
        refused,
        reasons,
        sorted(answered, answers),
        sorted(ended, ends),
        calls == 0 ? 0 : cpu / 1000.0 / calls,
        phone.cpu(),
        Sipp.count(stats, "Retransmissions(C)"),
        peerDrops,
        phone.drops(),
        Integer.toString(exit),
        loadAverage,
        failures);
  }

  private Step sippStep(
      String label,
      int rate,
      int calls,
      Sipp phone,
      int phonePort,
      Path dir,
      Duration timeout,
      String loadAverage)
      throws Exception {
    Path uacDir = Files.createDirectories(dir.resolve("controller"));
    int port = BarePeer.freeUdpPort();
    List<String> command = new ArrayList<>(List.of(sipp, "127.0.0.1:" + phonePort));
    if (mode.equals("sipp-invite")) {
      command.addAll(List.of("-sn", "uac", "-d", "0"));
    } else {
      Files.copy(controllerScenario, uacDir.resolve("controller.xml"));
      command.addAll(List.of("-sf", "controller.xml"));
    }
    command.addAll(List.of("-r", Integer.toString(rate)));
    command.addAll(sippOptions(port, calls, timeout));
    Sipp uac = Sipp.launch(command, uacDir, port);
    int uacExit;
    int phoneExit;
    try {
      long deadline = System.nanoTime() + timeout.plusSeconds(10).toNanos();
      while (uac.isAlive() && System.nanoTime() < deadline) {
        phone.sample();
        uac.sample();
        Thread.sleep(200);
      }
      uacExit = uac.await(Duration.ofSeconds(10));
      phoneExit = phone.await(timeout.plusSeconds(10));
    } finally {
      uac.stop();
    }
    Map<String, String> uacStats = uac.stats();
    Map<String, String> phoneStats = phone.stats();
    long completed = Sipp.count(uacStats, "SuccessfulCall(C)");
    long failed = Sipp.count(uacStats, "FailedCall(C)");
    double seconds =
        Sipp.epochSeconds(uacStats.get("CurrentTime"))
            - Sipp.epochSeconds(uacStats.get("StartTime"));
    double held = seconds <= 0 ? 0 : completed / seconds;
    List<String> failures = new ArrayList<>();
    Sipp.checkCalls(failures, "phone", phoneExit, phoneStats, calls);
    Sipp.checkCalls(failures, "uac", uacExit, uacStats, calls);
    checkRate(failures, held, rate);
    return new Step(
        label,
        rate,
        calls,
        Double.NaN,
        held,
        completed,
        failed,
        0,
        0,
        Map.of(),
        new long[0],
        new long[0],
        calls == 0 ? 0 : uac.cpu().toNanos() / 1000.0 / calls,
        phone.cpu(),
        Sipp.count(phoneStats, "Retransmissions(C)") + Sipp.count(uacStats, "Retransmissions(C)"),
        uac.drops(),
        phone.drops(),
        phoneExit + "/" + uacExit,
        loadAverage,
        failures);
  }

  private void checkRate(List<String> failures, double held, int rate) {
    if (held < minRateFraction * rate) {
      failures.add(
          String.format(
              Locale.ROOT, "held %.0f < %.0f%% of %d", held, 100 * minRateFraction, rate));
    }
  }

  private static long[] sorted(long[] values, int size) {
    long[] copy = Arrays.copyOf(values, size);
    Arrays.sort(copy);
    return copy;
  }

  private static String header() {
    return String.format(
        Locale.ROOT,
        "%-6s %6s %7s %7s %7s %15s %8s %8s %8s %8s %8s %7s %6s %5s %-9s %-14s %s",
        "step",
        "target",
        "calls",
        "placed",
        "held",
        "done/fail/live",
        "ans50ms",
        "ans99ms",
        "end50ms",
        "end99ms",
        "cpuus/c",
        "phcpu",
        "retr",
        "drops",
        "exit",
        "loadavg",
        "verdict");
  }

  private static String line(Step step) {
    return String.format(
        Locale.ROOT,
        "%-6s %6d %7d %7s %7.0f %15s %8s %8s %8s %8s %8.1f %6.1fs %6d %5s %-9s %-14s %s",
        step.label(),
        step.target(),
        step.calls(),
        Double.isNaN(step.placedRate())
            ? "-"
            : String.format(Locale.ROOT, "%.0f", step.placedRate()),
        step.held(),
        step.completed() + "/" + step.failed() + "/" + step.live(),
        quantile(step.answered(), 0.50),
        quantile(step.answered(), 0.99),
        quantile(step.ended(), 0.50),
        quantile(step.ended(), 0.99),
        step.cpuMicrosPerCall(),
        step.phoneCpu().toMillis() / 1000.0,
        step.retransmissions(),
        step.peerDrops() + "/" + step.phoneDrops(),
        step.exits(),
        step.loadAverage(),
        (step.passed() ? "PASS" : "FAIL " + String.join(", ", step.failures()))
            + (step.reasons().isEmpty() ? "" : " reasons " + step.reasons()));
  }

  /** A quantile in milliseconds, or "-" where none was measured (the sipp modes). */
  private static String quantile(long[] sorted, double q) {
    return sorted.length == 0 ? "-" : millis(Samples.quantile(sorted, q));
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
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
