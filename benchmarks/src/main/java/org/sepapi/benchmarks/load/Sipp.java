package org.sepapi.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sipp process on 127.0.0.1, run in a directory of its own, its statistics read when it has
 * ended: the notifier or the subscriber of the NOTIFY load test ({@link #startNotifier}, {@link
 * #startSubscriber}), or a phone or UAC of the call load test ({@link #launch}). Only this process
 * is ever stopped, by its own handle; {@link #stopAll} stops the ones still running, for a driver's
 * shutdown hook. Not thread-safe, but for {@link #stopAll}.
 */
final class Sipp {
  /**
   * The NOTIFY load test's sipps time to the millisecond (default 10 ms), so that sipp's own pacing
   * takes as little of the target rate as it can.
   */
  private static final List<String> FINE_TIMERS = List.of("-timer_resol", "1");

  /** The processes started and not yet seen ended or stopped. */
  private static final Set<Sipp> LIVE = ConcurrentHashMap.newKeySet();

  private final Process process;
  private final Path dir;
  private final int port;
  private volatile Duration cpu = Duration.ZERO;
  private volatile long drops = -1;

  private Sipp(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /**
   * What each dialog of the notifier sends after its 35 s to settle, the line of {@code
   * notifier.xml}'s injection file: {@code loops} loop NOTIFYs {@code pauseMillis} apart, then
   * {@code loops2} more {@code pause2Millis} apart; a phase with a time limit ({@code seconds},
   * {@code seconds2} above 0) ends once it has run that long, whatever its count.
   */
  record Loops(
      int loops, long pauseMillis, int loops2, long pause2Millis, int seconds, int seconds2) {
    /** One phase of {@code loops} NOTIFYs {@code pauseMillis} apart, no time limit. */
    static Loops of(int loops, long pauseMillis) {
      return new Loops(loops, pauseMillis, 0, 0, 0, 0);
    }

    /** The injection file's line: every field, zeros where unused. */
    String line() {
      return String.join(
          ";",
          Integer.toString(loops),
          Long.toString(pauseMillis),
          Integer.toString(loops2),
          Long.toString(pause2Millis),
          Integer.toString(seconds),
          Integer.toString(seconds2));
    }
  }

  /**
   * Starts the notifier in {@code dir} with the scenario {@code scenario} (copied there) on {@code
   * port}: {@code calls} dialogs, each sending {@code loops} (after the scenario's 35 s to settle),
   * and waits until its socket is bound.
   */
  static Sipp startNotifier(
      String binary,
      Path scenario,
      Path dir,
      int port,
      int calls,
      Loops loops,
      Duration timeout,
      List<String> extraArgs)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Files.copy(scenario, dir.resolve("notifier.xml"));
    Files.writeString(
        dir.resolve("params.csv"), "SEQUENTIAL\n" + loops.line() + "\n", StandardCharsets.US_ASCII);
    List<String> command =
        new ArrayList<>(List.of(binary, "-sf", "notifier.xml", "-inf", "params.csv"));
    command.addAll(options(port, calls, timeout, "1"));
    command.addAll(FINE_TIMERS);
    command.addAll(extraArgs);
    return launch(command, dir, port);
  }

  /**
   * Starts the subscriber in {@code dir} with the scenario {@code scenario} (copied there) on
   * {@code port}: {@code calls} calls to the notifier on {@code notifierPort}, started evenly over
   * {@code spreadMillis}, all of them live at once; its statistics every 100 ms. Waits until its
   * socket is bound.
   */
  static Sipp startSubscriber(
      String binary,
      Path scenario,
      Path dir,
      int port,
      int notifierPort,
      int calls,
      long spreadMillis,
      Duration timeout,
      List<String> extraArgs)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Files.copy(scenario, dir.resolve("subscriber.xml"));
    List<String> command =
        new ArrayList<>(
            List.of(
                binary,
                "127.0.0.1:" + notifierPort,
                "-sf",
                "subscriber.xml",
                "-r",
                Integer.toString(calls),
                "-rp",
                Long.toString(spreadMillis),
                "-l",
                Integer.toString(calls)));
    command.addAll(options(port, calls, timeout, "100ms"));
    command.addAll(FINE_TIMERS);
    command.addAll(extraArgs);
    return launch(command, dir, port);
  }

  /**
   * The options every sipp of the load tests takes: 127.0.0.1 and {@code port}, {@code calls}
   * calls, no keyboard and no default behaviour, 4 MiB buffers, {@code timeout} as an error,
   * statistics to {@code stats.csv} every {@code statsPeriod} ({@code -fd}), errors to {@code
   * errors.log}.
   */
  static List<String> options(int port, int calls, Duration timeout, String statsPeriod) {
    return List.of(
        "-i",
        "127.0.0.1",
        "-p",
        Integer.toString(port),
        "-m",
        Integer.toString(calls),
        "-nostdin",
        // 4 MiB socket buffers (the most Linux grants here by default, net.core.rmem_max): the
        // load generator should not be the one that drops datagrams
        "-buff_size",
        "4194304",
        "-nd",
        "-timeout",
        timeout.toSeconds() + "s",
        "-timeout_error",
        "-trace_stat",
        "-stf",
        "stats.csv",
        "-fd",
        statsPeriod,
        "-trace_err",
        "-error_file",
        "errors.log");
  }

  /**
   * Starts sipp as {@code command} (the binary first) in {@code dir}, which must exist and hold
   * what the command names; writes the command to {@code command.txt}, output to {@code sipp.out}
   * and {@code sipp.err}, and waits until {@code port}, its UDP port, is bound.
   */
  static Sipp launch(List<String> command, Path dir, int port)
      throws IOException, InterruptedException {
    Files.writeString(dir.resolve("command.txt"), String.join(" ", command) + "\n");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("sipp.out").toFile())
            .redirectError(dir.resolve("sipp.err").toFile())
            .start();
    Sipp sipp = new Sipp(process, dir, port);
    LIVE.add(sipp);
    sipp.awaitBound();
    return sipp;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The UDP port sipp listens on (127.0.0.1). */
  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** Waits until sipp's UDP port is bound (seen in /proc/net/udp), or 5 seconds have passed. */
  private void awaitBound() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline && process.isAlive() && UdpDrops.of(port) < 0) {
      Thread.sleep(20);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("sipp ended at once (exit " + process.exitValue() + ")");
    }
  }

  /**
   * Waits for sipp to end, at most {@code limit}; past it, stops this process. Returns its exit
   * code.
   */
  int await(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (process.isAlive() && System.nanoTime() < deadline) {
      sample();
      process.waitFor(200, TimeUnit.MILLISECONDS);
    }
    if (process.isAlive()) {
      stop();
      return -1;
    }
    LIVE.remove(this);
    return process.exitValue();
  }

  /**
   * Reads sipp's CPU time and its socket's drops now, while it runs (they cannot be read once it
   * has ended): {@link #await} does it every 200 ms; call it meanwhile for a sipp not awaited.
   */
  void sample() {
    if (process.isAlive()) {
      process.info().totalCpuDuration().ifPresent(d -> cpu = d);
      long dropped = UdpDrops.of(port);
      if (dropped >= 0) {
        drops = dropped;
      }
    }
  }

  /** Stops this sipp process (and only it). */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
    LIVE.remove(this);
  }

  /** Stops every sipp process started here that is still running: a driver's shutdown hook. */
  static void stopAll() {
    for (Sipp sipp : LIVE) {
      try {
        sipp.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Datagrams dropped at sipp's socket (full receive buffer), as last seen while it ran. */
  long drops() {
    return drops;
  }

  /** sipp's CPU time, as last seen while it ran (sampled every 200 ms). */
  Duration cpu() {
    return cpu;
  }

  /** The cumulative counters of sipp's last statistics line, by column name. */
  Map<String, String> stats() throws IOException {
    List<Map<String, String>> lines = statsLines();
    return lines.isEmpty() ? new HashMap<>() : lines.get(lines.size() - 1);
  }

  /** Every statistics line sipp wrote (one each {@code -fd} period), oldest first, by column. */
  List<Map<String, String>> statsLines() throws IOException {
    Path file = dir.resolve("stats.csv");
    List<Map<String, String>> rows = new ArrayList<>();
    if (!Files.exists(file)) {
      return rows;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    if (lines.isEmpty()) {
      return rows;
    }
    String[] names = lines.get(0).split(";", -1);
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split(";", -1);
      Map<String, String> values = new HashMap<>();
      for (int i = 0; i < Math.min(names.length, fields.length); i++) {
        values.put(names[i], fields[i]);
      }
      rows.add(values);
    }
    return rows;
  }

  /** A cumulative counter of {@link #stats}, -1 where it is missing or not a number. */
  static long count(Map<String, String> stats, String name) {
    String value = stats.get(name);
    if (value == null || value.isBlank()) {
      return -1;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Adds to {@code failures} what went wrong in a sipp run of {@code calls} calls, seen from its
   * exit code and {@link #stats}: an exit other than 0, fewer successful calls, any failed call.
   */
  static void checkCalls(
      List<String> failures, String who, int exit, Map<String, String> stats, int calls) {
    if (exit != 0) {
      failures.add(who + " sipp exit " + exit);
    }
    long ok = count(stats, "SuccessfulCall(C)");
    if (ok != calls) {
      failures.add(who + " calls ok " + ok + "/" + calls);
    }
    long failed = count(stats, "FailedCall(C)");
    if (failed != 0) {
      failures.add(who + " failed calls " + failed);
    }
  }

  /**
   * The seconds since the epoch at the end of a sipp time stamp of {@link #stats} (date, time,
   * epoch, by tabs); 0 if there is none.
   */
  static double epochSeconds(String stamp) {
    if (stamp == null) {
      return 0;
    }
    String[] parts = stamp.strip().split("\\s+");
    try {
      return Double.parseDouble(parts[parts.length - 1]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Retransmissions of the loop NOTIFYs alone (the message that starts sipp's response-time
   * counter), read from the last screen sipp printed; -1 if not found.
   */
  long loopRetransmissions() throws IOException {
    Path file = dir.resolve("sipp.out");
    if (!Files.exists(file)) {
      return -1;
    }
    Matcher last = null;
    for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
      Matcher matcher = LOOP_ROW.matcher(line);
      if (matcher.find()) {
        last = matcher;
      }
    }
    return last == null ? -1 : Long.parseLong(last.group(2));
  }

  private static final Pattern LOOP_ROW = Pattern.compile("NOTIFY\\s+B-RTD1\\s+(\\d+)\\s+(\\d+)");
}
