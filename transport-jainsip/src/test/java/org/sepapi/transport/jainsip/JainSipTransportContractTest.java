package org.sepapi.transport.jainsip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.testkit.SipTransportContractTest;

/**
 * The transport contract over UDP on loopback; {@link Tcp} runs it over TCP, {@link Tls} over TLS.
 */
class JainSipTransportContractTest extends SipTransportContractTest {
  @Override
  protected SipTransport newTransport() {
    return JainSipTransport.builder().bind("127.0.0.1", 0).build();
  }

  /** Beyond the contract: the contact names the bound address and the port picked for port 0. */
  @Test
  void theContactNamesTheAddressAndThePortBound() {
    try (JainSipTransport udp = JainSipTransport.builder().bind("127.0.0.1", 0).build();
        JainSipTransport tcp =
            JainSipTransport.builder()
                .bind("127.0.0.1", 0)
                .protocol(JainSipTransport.Protocol.TCP)
                .build()) {
      for (JainSipTransport transport : new JainSipTransport[] {udp, tcp}) {
        assertEquals("127.0.0.1", transport.contactUri().host());
        assertTrue(transport.contactUri().port().orElse(0) > 0, transport.contactUri()::toString);
      }
      assertEquals(Optional.of("tcp"), tcp.contactUri().parameter("transport"));
    }
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

  /**
   * The same contract over TLS, both ends with the same test identity ({@code localhost} and {@code
   * 127.0.0.1}), each trusting it, the host names checked.
   */
  @Nested
  class Tls extends SipTransportContractTest {
    @Override
    protected SipTransport newTransport() {
      return JainSipTransport.builder()
          .bind("127.0.0.1", 0)
          .protocol(JainSipTransport.Protocol.TLS)
          .tls(TestTls.localhost())
          .build();
    }
  }
}
