package org.sepapi.benchmarks.load;

import gov.nist.javax.sip.ListeningPointImpl;
import gov.nist.javax.sip.SipStackImpl;
import java.lang.reflect.Field;
import java.net.DatagramSocket;
import java.net.SocketException;
import javax.sip.ListeningPoint;
import org.sepapi.transport.jainsip.JainSipTransport;

/**
 * Looks inside a JAIN-SIP stack, by reflection where {@code JainSipTransport} keeps it private: an
 * instrument and an experiment for the load test, not a setting.
 *
 * <ul>
 *   <li>{@link #transactions}, {@link #held}: how many client and server transactions the stack
 *       holds (JAIN-SIP looks through every client transaction for each NOTIFY it receives, in
 *       {@code SIPTransactionStack.findSubscribeTransaction}).
 *   <li>{@link #enlargeUdpBuffers}: sets the UDP socket buffers after the fact. JAIN-SIP sets them
 *       to {@code gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE} / {@code SEND_UDP_BUFFER_SIZE}, 64
 *       KiB by default, when it binds, and {@code JainSipTransport} offers no way to change them;
 *       this shows what a larger buffer changes. The kernel caps the size at {@code
 *       net.core.rmem_max}.
 * </ul>
 */
final class StackInternals {
  private StackInternals() {}

  /** Client and server transactions the stack holds now, as "client/server". */
  static String transactions(SipStackImpl stack) {
    return stack.getClientTransactionTableSize() + "/" + stack.getServerTransactionTableSize();
  }

  /** Client and server transactions the stack holds now, both together. */
  static int held(SipStackImpl stack) {
    return stack.getClientTransactionTableSize() + stack.getServerTransactionTableSize();
  }

  static SipStackImpl stackOf(JainSipTransport transport) {
    return (SipStackImpl) field(transport, "stack");
  }

  /** Sets both buffers of the point's UDP socket to {@code bytes}; returns what the kernel gave. */
  static int enlargeUdpBuffers(ListeningPoint point, int bytes) {
    Object processor = ((ListeningPointImpl) point).getMessageProcessor();
    DatagramSocket socket = (DatagramSocket) field(processor, "sock");
    try {
      socket.setReceiveBufferSize(bytes);
      socket.setSendBufferSize(bytes);
      return socket.getReceiveBufferSize();
    } catch (SocketException e) {
      throw new IllegalStateException("cannot size the stack's UDP socket: " + e, e);
    }
  }

  static int enlargeUdpBuffers(JainSipTransport transport, int bytes) {
    return enlargeUdpBuffers((ListeningPoint) field(transport, "listeningPoint"), bytes);
  }

  private static Object field(Object owner, String name) {
    for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + name + " of " + owner.getClass(), e);
      }
    }
    throw new IllegalStateException("no field " + name + " in " + owner.getClass());
  }
}
