package org.sepapi.core.spi;

/**
 * Delivers the callbacks of API subscriptions: the HTTP webhook by default, a queue or a stream in
 * other deployments. A sink delivers one subscription's notifications one at a time, in order, and
 * tells the source how each ended. Thread-safe.
 */
public interface NotificationSink extends AutoCloseable {
  /**
   * Says that {@code source} has something new. Returns at once; the sink {@linkplain
   * NotificationSource#take() takes} it when it has finished with the source's previous
   * notification. Signalling a source that is already waiting or sending does nothing more than
   * have it taken once more after the current notification, so changes made meanwhile coalesce.
   */
  void signal(NotificationSource source);

  /** Stops delivering; pending notifications are dropped. */
  @Override
  void close();
}
