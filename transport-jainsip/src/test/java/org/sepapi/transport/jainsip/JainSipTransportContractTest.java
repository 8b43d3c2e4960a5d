package org.sepapi.transport.jainsip;

import org.junit.jupiter.api.Nested;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.testkit.SipTransportContractTest;

/** The transport contract over UDP on loopback; {@link Tcp} runs it over TCP. */
class JainSipTransportContractTest extends SipTransportContractTest {
  @Override
  protected SipTransport newTransport() {
    return JainSipTransport.builder().bind("127.0.0.1", 0).build();
  }

  /** A request above UDP's limit cannot go over UDP: it fails with SEND_FAILED. */
  @Override
  protected boolean deliversLargeRequests() {
    return false;
  }

  /** The same contract over TCP, which carries a request of any size. */
  @Nested
  class Tcp extends SipTransportContractTest {
    @Override
    protected SipTransport newTransport() {
      return JainSipTransport.builder()
          .bind("127.0.0.1", 0)
          .protocol(JainSipTransport.Protocol.TCP)
          .build();
    }
  }
}
