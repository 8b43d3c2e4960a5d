package org.sepapi.transport.jainsip.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken and unwanted SIP from sipp: the transport answers what can be answered (400, 481, 405),
 * drops what is not SIP, and keeps working for the next request.
 */
class SippGarbageTest {
  @TempDir Path dir;
  private Gateway gateway;
  private Sipp sipp;

  @AfterEach
  void close() {
    if (sipp != null) {
      sipp.close();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void garbageAndUnsolicitedRequestsLeaveTheTransportAnswering() throws Exception {
    gateway = Gateway.start();
    sipp =
        Sipp.scenario("uac_garbage", dir)
            .remote(Peers.LOOPBACK + ":" + gateway.transport().port())
            .start();

    assertEquals(0, sipp.await(Gateway.WAIT), sipp::report);
  }
}
