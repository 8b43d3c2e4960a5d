package org.sepapi.examples.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.transport.jainsip.peers.Kamailio;
import org.sepapi.transport.jainsip.peers.Sipp;

/**
 * The gateway jar with Kamailio as its PBX ({@code --pbx}), on 127.0.0.1: sipp registers a user,
 * Kamailio notifies the gateway, the gateway calls a test HTTP server back. Skipped without
 * Kamailio and sipp unless {@code SEPAPI_PEERS=required}.
 */
class KamailioGatewayIT {
  private static final XmlCodec<Reginfo> REGINFO = XmlCodec.of(Reginfo.class);

  @TempDir Path dir;

  @Test
  void aRegistrationAtKamailioReachesTheCallbackAndDeleteUnsubscribes() throws Exception {
    try (Kamailio kamailio = Kamailio.start(dir);
        CallbackServer callbacks = new CallbackServer();
        GatewayProcess gateway = start(kamailio)) {
      String alice = kamailio.uri("alice");
      HttpResponse<String> created =
          gateway.post("/v/2009-06/sep", Callbacks.subscribe("reg", callbacks.url(), alice));
      assertEquals(201, created.statusCode(), created::body);
      URI location = URI.create(created.headers().firstValue("Location").orElseThrow());
      callbacks.await(
          c ->
              Callbacks.instances(c.document(), alice).stream()
                  .anyMatch(i -> i.state() == Instance.State.ACTIVE),
          "active");

      String contact = "sip:alice@192.0.2.1:5060";
      register(kamailio, "alice", contact);
      callbacks.await(
          c ->
              Callbacks.withContent(c.document(), alice)
                  .map(i -> REGINFO.decode(i.content().get(0)))
                  .map(reg -> reg.toString().contains(contact))
                  .orElse(false),
          "with alice's contact");

      String inDialog = "REQ SUBSCRIBE sip:" + kamailio.hostPort() + " from";
      long before = kamailio.logCount(inDialog);
      assertEquals(204, gateway.delete(location).statusCode());
      callbacks.await(c -> Callbacks.terminated(c.document(), alice), "terminated");
      kamailio.awaitLog(inDialog, before + 1);
    }
  }

  @Test
  void sigtermUnsubscribesAtKamailio() throws Exception {
    try (Kamailio kamailio = Kamailio.start(dir);
        CallbackServer callbacks = new CallbackServer();
        GatewayProcess gateway = start(kamailio)) {
      String bob = kamailio.uri("bob");
      assertEquals(
          201,
          gateway
              .post("/v/2009-06/sep", Callbacks.subscribe("reg", callbacks.url(), bob))
              .statusCode());
      callbacks.await(
          c ->
              Callbacks.instances(c.document(), bob).stream()
                  .anyMatch(i -> i.state() == Instance.State.ACTIVE),
          "active");
      String inDialog = "REQ SUBSCRIBE sip:" + kamailio.hostPort() + " from";
      long before = kamailio.logCount(inDialog);
      assertEquals(143, gateway.terminate(), gateway::log);
      kamailio.awaitLog(inDialog, before + 1);
      assertTrue(gateway.log().contains("unsubscribed 1 subscription(s)"), gateway::log);
    }
  }

  private GatewayProcess start(Kamailio kamailio) throws Exception {
    return GatewayProcess.start(dir, "--pbx", kamailio.hostPort(), "--domain", "127.0.0.1");
  }

  private void register(Kamailio kamailio, String user, String contact) throws Exception {
    try (Sipp sipp =
        Sipp.scenario("kam_register", dir)
            .remote(kamailio.hostPort())
            .args("-s", user)
            .key("contact", contact)
            .key("expires", "3600")
            .timeout(Duration.ofSeconds(10))
            .start()) {
      assertEquals(0, sipp.await(GatewayProcess.WAIT), () -> sipp.report() + kamailio.report());
    }
  }
}
