package org.sepapi.benchmarks.load;

/**
 * The side under load: it subscribes to sipp's notifier and answers the NOTIFYs. One per run; a
 * step is {@link #beginStep}, {@code subscriptions} calls of {@link #subscribe}, then sipp's
 * NOTIFYs, then {@link #endStep}.
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

  /** The UDP port the peer listens on (127.0.0.1). */
  int port();

  /** Starts counting a new step. */
  void beginStep(StepCounters counters);

  /** Subscribes to the reg events of resource {@code index} at the notifier {@code host:port}. */
  void subscribe(int index, String host, int port);

  /** Drops what the step left (sepapi: the API subscriptions, whose dialogs sipp ended). */
  void endStep();

  @Override
  void close();
}
