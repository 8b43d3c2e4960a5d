package org.sepapi.transport.jainsip.internal;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import javax.sip.ListeningPoint;

/**
 * The stack's message processor factory (its {@code MESSAGE_PROCESSOR_FACTORY}): a {@link
 * BoundedUdpProcessor} for UDP on a {@link TransactionStack}, the stock processors otherwise.
 * Instantiated by the stack by name; stateless.
 */
public final class UdpProcessorFactory extends OIOMessageProcessorFactory {
  @Override
  public MessageProcessor createMessageProcessor(
      SIPTransactionStack stack, InetAddress address, int port, String transport)
      throws IOException {
    if (transport.equalsIgnoreCase(ListeningPoint.UDP) && stack instanceof TransactionStack own) {
      BoundedUdpProcessor processor = new BoundedUdpProcessor(address, own, port);
      own.udpListening();
      return processor;
    }
    return super.createMessageProcessor(stack, address, port, transport);
  }
}
