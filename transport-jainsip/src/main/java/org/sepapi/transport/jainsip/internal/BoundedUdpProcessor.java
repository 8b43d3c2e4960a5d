package org.sepapi.transport.jainsip.internal;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The stack's UDP listening point, with a bounded queue. The stock processor reads every datagram
 * into a new buffer of the largest datagram size (64 KiB, whatever the datagram's length) and
 * queues it without bound for the stack's threads, so once they fall behind the heap fills at 64
 * KiB a datagram. This one reads into one buffer, queues a copy of the datagram's own length, and
 * queues at most {@link TransactionStack#udpQueueCapacity} of them:
 *
 * <ul>
 *   <li>a request is dropped when the queue holds three quarters of that, a response only when it
 *       is full: a response completes a transaction this side started (and saves its
 *       retransmissions), a request is new work;
 *   <li>a dropped datagram is as if the network had lost it: the sender retransmits it (T1, then
 *       doubling), so nothing is lost while the overload lasts less than the sender's Timer F, and
 *       the queue, the heap and the latency of what is taken stay bounded. A 503 is not sent for a
 *       shed request: most are NOTIFYs, and a 503 to a NOTIFY may end the subscription (RFC 6665
 *       section 4.2.2);
 *   <li>drops are counted ({@link TransactionStack#shedRequests}, {@link
 *       TransactionStack#shedResponses}) and logged at most every ten seconds.
 * </ul>
 *
 * It logs, once, the receive buffer the kernel granted, beside {@code net.core.rmem_max}, which
 * caps it without an error.
 */
final class BoundedUdpProcessor extends UDPMessageProcessor {
  private static final Logger LOG = System.getLogger(BoundedUdpProcessor.class.getName());
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final TransactionStack stack;
  private final int capacity;
  private final int requestLimit;
  private long lastLog = System.nanoTime() - LOG_INTERVAL_NANOS;
  private long loggedRequests;
  private long loggedResponses;

  BoundedUdpProcessor(InetAddress address, TransactionStack stack, int port) throws IOException {
    super(address, stack, port);
    this.stack = stack;
    this.capacity = stack.udpQueueCapacity();
    this.requestLimit = Math.max(1, capacity * 3 / 4);
    this.messageQueue = new LinkedBlockingQueue<>(capacity);
    logBuffers(stack.getReceiveUdpBufferSize(), sock.getReceiveBufferSize(), port);
  }

  private static void logBuffers(int asked, int reported, int port) {
    long max = rmemMax();
    // Linux reports twice what it grants (its bookkeeping), and grants at most rmem_max
    if (max > 0 && max < asked) {
      LOG.log(
          Level.WARNING,
          "UDP port {0}: receive buffer of {1} bytes asked for, the kernel grants {2}"
              + " (net.core.rmem_max); bursts beyond it are dropped before the stack sees them:"
              + " raise it with sysctl -w net.core.rmem_max={1}",
          Integer.toString(port),
          Integer.toString(asked),
          Long.toString(max));
    } else {
      LOG.log(
          Level.INFO,
          "UDP port {0}: receive buffer of {1} bytes asked for, the kernel reports {2}"
              + " (net.core.rmem_max {3})",
          Integer.toString(port),
          Integer.toString(asked),
          Integer.toString(reported),
          max > 0 ? Long.toString(max) : "unknown");
    }
  }

  /** The kernel's cap on socket receive buffers, or -1 where it cannot be read (not Linux). */
  private static long rmemMax() {
    // read line by line: Files.readString gives only the first byte of a procfs file here
    try (java.io.BufferedReader reader =
        Files.newBufferedReader(Path.of("/proc/sys/net/core/rmem_max"))) {
      String line = reader.readLine();
      return line == null ? -1 : Long.parseLong(line.strip());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public void run() {
    LinkedList<UDPMessageChannel> channels = new LinkedList<>();
    for (int i = 0; i < stack.channelThreads(); i++) {
      channels.add(
          new Channel(stack, this, stack.getStackName() + "-UDPMessageChannelThread-" + i));
    }
    this.messageChannels = channels;
    byte[] buffer = new byte[SipStackImpl.MAX_DATAGRAM_SIZE];
    DatagramPacket received = new DatagramPacket(buffer, buffer.length);
    while (isRunning) {
      try {
        received.setLength(buffer.length);
        sock.receive(received);
        queue(received, buffer);
      } catch (SocketException e) {
        if (!isRunning) {
          return;
        }
        LOG.log(Level.DEBUG, "UDP receive failed, going on: {0}", e.toString());
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, "UDP receive failed, going on: {0}", e.toString());
      }
    }
  }

  private void queue(DatagramPacket received, byte[] buffer) {
    int length = received.getLength();
    boolean response =
        length > 4 && buffer[0] == 'S' && buffer[1] == 'I' && buffer[2] == 'P' && buffer[3] == '/';
    if (response ? messageQueue.size() < capacity : messageQueue.size() < requestLimit) {
      byte[] copy = new byte[length];
      System.arraycopy(buffer, 0, copy, 0, length);
      DatagramPacket packet =
          new DatagramPacket(copy, length, received.getAddress(), received.getPort());
      if (messageQueue.offer(
          new DatagramQueuedMessageDispatch(packet, System.currentTimeMillis()))) {
        return;
      }
    }
    stack.shed(response);
    long now = System.nanoTime();
    if (now - lastLog >= LOG_INTERVAL_NANOS) {
      long requests = stack.shedRequests();
      long responses = stack.shedResponses();
      LOG.log(
          Level.WARNING,
          "UDP port {0} overloaded: {1} requests and {2} responses dropped on arrival since the"
              + " last report, {3} datagrams queued; their senders retransmit them",
          Integer.toString(getPort()),
          Long.toString(requests - loggedRequests),
          Long.toString(responses - loggedResponses),
          Integer.toString(messageQueue.size()));
      lastLog = now;
      loggedRequests = requests;
      loggedResponses = responses;
    }
  }

  /** One of the stack's threads that take datagrams from the queue, parse and dispatch them. */
  private static final class Channel extends UDPMessageChannel {
    Channel(SIPTransactionStack stack, UDPMessageProcessor processor, String name) {
      super(stack, processor, name);
    }
  }
}
