package org.sepapi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.SipTransport;

/** The in-memory transport passes the contract, on simulated time: no test waits. */
class InMemorySipTransportContractTest extends SipTransportContractTest {
  private final InMemorySipNetwork network = InMemorySipNetwork.create();
  private int hosts;

  @Override
  protected SipTransport newTransport() {
    return network.transport("host" + ++hosts + ".test");
  }

  /** Beyond the contract: an in-memory transport is reached at its host name, port 5060. */
  @Test
  void aTransportIsReachedAtItsHostName() {
    SipTransport transport = network.transport("named.test");
    assertEquals(SipUri.parse("sip:named.test:5060"), transport.contactUri());
    transport.close();
  }

  @Override
  protected void awaitIdle() {
    network.runUntilIdle();
  }

  @Override
  protected Duration timeout() {
    return Duration.ZERO;
  }

  @Override
  protected Duration quietPeriod() {
    return Duration.ZERO;
  }

  @Override
  protected SipUri unreachableUri() {
    return SipUri.parse("sip:nobody@nowhere.test");
  }

  @Override
  protected boolean duplicateNextRequest() {
    network.duplicateNext(packet -> packet.message() instanceof SipRequest);
    return true;
  }

  @Override
  protected boolean advanceTime(Duration duration) {
    network.advance(duration);
    return true;
  }
}
