package org.sepapi.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's own ceiling: a second sipp process per step, a UAC playing the subscriber
 * ({@code subscriber.xml}) that sends the SUBSCRIBEs, answers every NOTIFY 200 and ends each call
 * at the terminating one. The same NOTIFY flow as the JAIN-SIP peers, sipp against sipp.
 *
 * <p>sipp counts what it answered but does not time each NOTIFY: its statistics every 100 ms give
 * the loop NOTIFYs answered so far (the scenario's counter {@code loop}). The driver's rate wants
 * arrival times, so each interval's NOTIFYs are placed evenly over it, the count taken as a
 * straight line between two samples. CPU and drops are the subscriber sipp's. Not thread-safe: the
 * driver's thread only.
 */
final class SippPeer implements LoadPeer {
  private final String binary;
  private final Path scenario;
  private final Duration timeout;
  private final List<String> extraArgs;
  private StepCounters counters = new StepCounters(0);
  private Path dir;
  private int subscriptions;
  private Sipp subscriber;

  /**
   * A subscriber run as {@code binary} with {@code scenario}, each step's process ended by sipp
   * itself after {@code timeout}; {@code extraArgs} go at the end of its command line.
   */
  SippPeer(String binary, Path scenario, Duration timeout, List<String> extraArgs) {
    if (!Files.isRegularFile(scenario)) {
      throw new IllegalArgumentException("no subscriber scenario at " + scenario);
    }
    this.binary = binary;
    this.scenario = scenario;
    this.timeout = timeout;
    this.extraArgs = List.copyOf(extraArgs);
  }

  @Override
  public String name() {
    return "sipp";
  }

  @Override
  public int enlargeUdpBuffers(int bytes) {
    throw new UnsupportedOperationException("the subscriber sipp has 4 MiB buffers (-buff_size)");
  }

  @Override
  public String transactions() {
    return "-";
  }

  /** None in this JVM: sipp keeps no transactions the driver can see. */
  @Override
  public int transactionsHeld() {
    return 0;
  }

  @Override
  public boolean inThisJvm() {
    return false;
  }

  @Override
  public int port() {
    return subscriber == null ? -1 : subscriber.port();
  }

  @Override
  public void beginStep(StepCounters counters, Path dir) {
    this.counters = counters;
    this.dir = dir.resolve("subscriber");
    this.subscriber = null;
  }

  @Override
  public void subscribe(int index, String host, int port) {
    throw new UnsupportedOperationException("the subscriber sipp sends all SUBSCRIBEs itself");
  }

  /** Starts this step's subscriber sipp, which paces the SUBSCRIBEs itself ({@code -r -rp}). */
  @Override
  public void subscribeAll(int count, String host, int notifierPort, long spreadNanos) {
    try {
      subscriptions = count;
      subscriber =
          Sipp.startSubscriber(
              binary,
              scenario,
              dir,
              BarePeer.freeUdpPort(),
              notifierPort,
              count,
              Math.max(1, TimeUnit.NANOSECONDS.toMillis(spreadNanos)),
              timeout,
              extraArgs);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the subscriber sipp: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted starting the subscriber sipp", e);
    }
  }

  @Override
  public long cpuNanos() {
    if (subscriber == null) {
      return 0;
    }
    subscriber.sample();
    return subscriber.cpu().toNanos();
  }

  @Override
  public long drops() {
    if (subscriber == null) {
      return 0;
    }
    subscriber.sample();
    return subscriber.drops();
  }

  /** Waits for the subscriber sipp to end and fills the step's counters from its statistics. */
  @Override
  public List<String> finishStep(Duration limit) throws IOException, InterruptedException {
    int exit = subscriber.await(limit);
    List<Map<String, String>> lines = subscriber.statsLines();
    Map<String, String> last = lines.isEmpty() ? Map.of() : lines.get(lines.size() - 1);
    counters.subscribesSent.set(Sipp.count(last, "OutgoingCall(C)"));
    counters.loopNotifies.set(Sipp.count(last, "loop(C)"));
    counters.finalNotifies.set(Sipp.count(last, "final(C)"));
    long before = 0;
    long beforeNanos = lines.isEmpty() ? 0 : nanos(lines.get(0));
    for (Map<String, String> line : lines) {
      long count = Sipp.count(line, "loop(C)");
      long nanos = nanos(line);
      for (long i = 1; i <= count - before; i++) {
        counters.loopReceived.add(beforeNanos + (nanos - beforeNanos) * i / (count - before));
      }
      before = Math.max(before, count);
      beforeNanos = nanos;
    }
    List<String> failures = new ArrayList<>();
    Sipp.checkCalls(failures, "subscriber", exit, last, subscriptions);
    return failures;
  }

  /** When sipp wrote a statistics line, in nanoseconds since the epoch. */
  private static long nanos(Map<String, String> line) {
    return Math.round(Sipp.epochSeconds(line.get("CurrentTime")) * 1e9);
  }

  @Override
  public void endStep() {}

  @Override
  public void close() {
    if (subscriber != null) {
      try {
        subscriber.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
