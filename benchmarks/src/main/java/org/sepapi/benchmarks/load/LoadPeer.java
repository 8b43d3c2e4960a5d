package org.sepapi.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.locks.LockSupport;

/**
 * The side under load: it subscribes to sipp's notifier and answers the NOTIFYs. One per run; a
 * step is {@link #beginStep}, {@link #subscribeAll}, then sipp's NOTIFYs, then {@link #finishStep}
 * and {@link #endStep}. The JAIN-SIP peers run in this JVM and count as they go; the sipp peer runs
 * a process per step and counts from its statistics when it has ended.
 */
interface LoadPeer extends AutoCloseable {
  /** The mode's name in reports. */
  String name();

  /**
   * An experiment: sets the stack's UDP socket buffers to {@code bytes} (see {@link
   * StackInternals}); returns the size the kernel gave.
   */
  int enlargeUdpBuffers(int bytes);

  /** The client and server transactions the stack holds now, as "client/server". */
  String transactions();

  /** How many client and server transactions the stack holds now, both together. */
  int transactionsHeld();

  /**
   * Whether the peer runs in this JVM, so that this JVM's heap is what the peer holds (the JAIN-SIP
   * peers; not the sipp peer).
   */
  default boolean inThisJvm() {
    return true;
  }

  /**
   * Whether nothing of an earlier step is left in the peer: no transaction (JAIN-SIP keeps a
   * completed one up to 32 s), and (sepapi) no subscription.
   */
  default boolean idle() {
    return transactionsHeld() == 0;
  }

  /** The UDP port the peer listens on (127.0.0.1). */
  int port();

  /** Starts counting a new step, whose files (if the peer writes any) go below {@code dir}. */
  void beginStep(StepCounters counters, Path dir);

  /** Subscribes to the reg events of resource {@code index} at the notifier {@code host:port}. */
  void subscribe(int index, String host, int port);

  /**
   * Subscribes resources 0 to {@code count - 1} at the notifier {@code host:port}, evenly spread
   * over {@code spreadNanos} from now; returns when the last one is sent (or, for a peer that paces
   * itself, has been handed over).
   */
  default void subscribeAll(int count, String host, int port, long spreadNanos) {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long wait = start + i * (spreadNanos / count) - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      subscribe(i, host, port);
    }
  }

  /** The CPU time the peer has used so far, in nanoseconds: this JVM's, unless it runs apart. */
  default long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The datagrams the kernel has dropped at the peer's socket so far (see {@link UdpDrops}). */
  default long drops() {
    return UdpDrops.of(port());
  }

  /**
   * Called once the notifier has ended: waits, at most {@code limit}, for what the peer still has
   * to do, and returns what went wrong on its side (nothing for the JAIN-SIP peers, whose counters
   * the driver checks).
   */
  default List<String> finishStep(Duration limit) throws IOException, InterruptedException {
    return List.of();
  }

  /**
   * Received messages the peer's transport has dropped so far because it was overloaded (see {@code
   * JainSipTransport.shedMessages()}); 0 for a peer that sheds nothing.
   */
  default long shedMessages() {
    return 0;
  }

  /**
   * How many of the step's subscriptions are active now as the peer sees them, every resource with
   * an active dialog; empty for a peer that keeps no subscriptions (the bare stack).
   */
  default OptionalInt activeSubscriptions() throws InterruptedException {
    return OptionalInt.empty();
  }

  /** Drops what the step left (sepapi: the API subscriptions, whose dialogs sipp ended). */
  void endStep();

  @Override
  void close();
}
