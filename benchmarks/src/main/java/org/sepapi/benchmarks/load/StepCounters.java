package org.sepapi.benchmarks.load;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a peer saw during one step. The NOTIFYs of a dialog are told apart by their order: the first
 * one of a Call-ID is the initial full state, one with {@code Subscription-State: terminated} the
 * last, every other one is a loop NOTIFY, the load that is measured. Thread-safe.
 */
final class StepCounters {
  /** The place of a NOTIFY in its dialog. */
  enum Kind {
    INITIAL,
    LOOP,
    FINAL
  }

  final AtomicLong subscribesSent = new AtomicLong();
  final AtomicLong initialNotifies = new AtomicLong();
  final AtomicLong loopNotifies = new AtomicLong();
  final AtomicLong finalNotifies = new AtomicLong();
  final AtomicLong otherRequests = new AtomicLong();
  final AtomicLong non200Answers = new AtomicLong();

  /** Changes queued (sink signals) that follow a loop NOTIFY on the same thread: sepapi only. */
  final AtomicLong loopChanges = new AtomicLong();

  /** Other sink signals (initial NOTIFYs, terminations): sepapi only. */
  final AtomicLong otherChanges = new AtomicLong();

  /** When each loop NOTIFY was handed over by the SIP stack (System.nanoTime). */
  final Samples loopReceived;

  /** Loop NOTIFY handed over to change queued, in nanoseconds: sepapi only. */
  final Samples latencies;

  /** Loop NOTIFY handed over to its 200 sent (the stack's send call returned), in nanoseconds. */
  final Samples answers;

  private final Set<String> dialogs = ConcurrentHashMap.newKeySet();

  StepCounters(int expectedLoopNotifies) {
    int capacity = expectedLoopNotifies + expectedLoopNotifies / 10 + 1024;
    this.loopReceived = new Samples(capacity);
    this.latencies = new Samples(capacity);
    this.answers = new Samples(capacity);
  }

  /**
   * Counts a NOTIFY of dialog {@code callId} and says which it is; a loop NOTIFY's time is kept.
   */
  Kind notifyReceived(String callId, String subscriptionState, long nanoTime) {
    if (subscriptionState.regionMatches(true, 0, "terminated", 0, 10)) {
      finalNotifies.incrementAndGet();
      return Kind.FINAL;
    }
    if (dialogs.add(callId)) {
      initialNotifies.incrementAndGet();
      return Kind.INITIAL;
    }
    loopNotifies.incrementAndGet();
    loopReceived.add(nanoTime);
    return Kind.LOOP;
  }
}
