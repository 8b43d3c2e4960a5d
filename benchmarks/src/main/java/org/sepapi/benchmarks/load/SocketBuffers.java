package org.sepapi.benchmarks.load;

import gov.nist.javax.sip.ListeningPointImpl;
import java.lang.reflect.Field;
import java.net.DatagramSocket;
import java.net.SocketException;
import javax.sip.ListeningPoint;

/**
 * An experiment, not a setting: enlarges the UDP socket buffers of a JAIN-SIP listening point after
 * the fact, by reflection into the stack (its {@code UDPMessageProcessor}'s socket). JAIN-SIP sets
 * them to {@code gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE} / {@code SEND_UDP_BUFFER_SIZE}, 64 KiB
 * by default, when it binds, and {@code JainSipTransport} offers no way to change them; this shows
 * what a larger buffer would change. The kernel caps the size at {@code net.core.rmem_max} / {@code
 * wmem_max}.
 */
final class SocketBuffers {
  private SocketBuffers() {}

  /** Sets both buffers of the point's UDP socket to {@code bytes}; returns what the kernel gave. */
  static int enlarge(ListeningPoint point, int bytes) {
    try {
      Object processor = ((ListeningPointImpl) point).getMessageProcessor();
      Field field = processor.getClass().getDeclaredField("sock");
      field.setAccessible(true);
      DatagramSocket socket = (DatagramSocket) field.get(processor);
      socket.setReceiveBufferSize(bytes);
      socket.setSendBufferSize(bytes);
      return socket.getReceiveBufferSize();
    } catch (ReflectiveOperationException | SocketException | ClassCastException e) {
      throw new IllegalStateException("cannot reach the stack's UDP socket: " + e, e);
    }
  }

  /** The same for the listening point inside a {@code JainSipTransport}. */
  static int enlarge(org.sepapi.transport.jainsip.JainSipTransport transport, int bytes) {
    try {
      Field field = transport.getClass().getDeclaredField("listeningPoint");
      field.setAccessible(true);
      return enlarge((ListeningPoint) field.get(transport), bytes);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot reach the transport's listening point: " + e, e);
    }
  }
}
