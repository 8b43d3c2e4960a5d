package org.sepapi.examples.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepapi.core.WebhookSignature;
import org.sepapi.examples.e2e.CallbackServer.Callback;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.CallEvent;
import org.sepapi.model.api.TextBody;
import org.sepapi.model.callstatus.StatusLines;
import org.sepapi.model.messagesummary.MessageSummary;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.rlmi.Instance;

/**
 * The gateway jar as the README runs it, with its demo PBX: subscriptions over HTTP, callbacks to a
 * test HTTP server, and its command line and shutdown.
 */
class DemoGatewayIT {
  private static final XmlCodec<Reginfo> REGINFO = XmlCodec.of(Reginfo.class);
  private static final XmlCodec<CallEvent> CALLS = XmlCodec.of(CallEvent.class);
  private static final XmlCodec<StatusLines> STATUS = XmlCodec.of(StatusLines.class);
  private static final String ALICE = "sip:alice@demo.sepapi";
  private static final String BOB = "sip:bob@demo.sepapi";
  private static final String SECRET = "it-secret";

  @TempDir Path dir;

  @Test
  void aSubscriptionThroughTheDemoPbxIsCalledBackSignedAndEndsWithATerminatedCallback()
      throws Exception {
    try (CallbackServer callbacks = new CallbackServer();
        GatewayProcess gateway = GatewayProcess.start(dir, "--callback-secret", SECRET)) {
      HttpResponse<String> created =
          gateway.post("/v/2009-06/sep", Callbacks.subscribe("reg", callbacks.url(), ALICE));
      assertEquals(201, created.statusCode(), created::body);
      URI location = URI.create(created.headers().firstValue("Location").orElseThrow());
      assertTrue(location.getPath().startsWith("/v/2009-06/sep/"), location::toString);
      gateway.awaitLog("subscription created by ~trusted", 1);

      // the first callback: the full state, signed
      Callback first =
          callbacks.await(c -> Callbacks.withContent(c.document(), ALICE).isPresent(), "first");
      assertTrue(first.document().list().orElseThrow().fullState());
      assertTrue(
          WebhookSignature.verify(
              SECRET,
              first.timestamp(),
              first.body(),
              first.signature(),
              Clock.systemUTC(),
              Duration.ofMinutes(5)),
          "a signed callback");
      Reginfo reginfo =
          REGINFO.decode(Callbacks.withContent(first.document(), ALICE).get().content().get(0));
      assertEquals(ALICE, reginfo.registrations().get(0).aor());

      // the demo PBX changes alice's registrations every few seconds: a later callback
      long version = first.document().list().get().version();
      Callback change =
          callbacks.await(
              c -> c.document().list().map(l -> l.version() > version).orElse(false), "change");
      assertTrue(Callbacks.withContent(change.document(), ALICE).isPresent());

      HttpResponse<String> state = gateway.get(location);
      assertEquals(200, state.statusCode());
      assertTrue(state.body().contains("urn:ietf:params:xml:ns:reginfo"), state.body());

      assertEquals(204, gateway.delete(location).statusCode());
      callbacks.await(c -> Callbacks.terminated(c.document(), ALICE), "terminated");
      gateway.awaitLog("demo PBX: sip:sepapi@demo.sepapi unsubscribed from reg of alice", 1);
      assertEquals(404, gateway.get(location).statusCode());
    }
  }

  @Test
  void aThirdPartyCallOverHttpRingsTheDemoPhonesAndCallsBackItsStates() throws Exception {
    try (CallbackServer callbacks = new CallbackServer();
        GatewayProcess gateway = GatewayProcess.start(dir)) {
      String callback = java.net.URLEncoder.encode(callbacks.url(), "UTF-8");
      HttpResponse<String> placed =
          gateway.post("/callcontroller/alice/bob?subject=IT&callback=" + callback, "");
      assertEquals(200, placed.statusCode(), placed::body);
      URI location = URI.create(placed.headers().firstValue("Location").orElseThrow());
      assertEquals(gateway.uri("/callcontroller/alice/bob"), location);

      Callback completed =
          callbacks.await(c -> c.text().contains("state=\"completed\""), "a completed call");
      CallEvent event = CALLS.decode(completed.body());
      assertEquals(CallEvent.State.COMPLETED, event.state());
      assertEquals(ALICE, event.calling());
      assertEquals(BOB, event.called());
      assertEquals(
          java.util.List.of(
              CallEvent.State.INITIATED,
              CallEvent.State.RINGING,
              CallEvent.State.ANSWERED,
              CallEvent.State.COMPLETED),
          event.transitions().stream().map(CallEvent.Transition::state).toList());

      StatusLines lines = STATUS.decode(gateway.get(location).body());
      java.util.List<String> seen =
          lines.statuses().stream().map(s -> s.method() + " " + s.statusLine()).toList();
      assertTrue(seen.contains("REFER SIP/2.0 202 Accepted"), seen::toString);
      assertTrue(seen.contains("NOTIFY SIP/2.0 200 OK"), seen::toString);
      assertEquals("BYE SIP/2.0 200 OK", seen.get(seen.size() - 1), seen::toString);

      // the INVITE method to a busy demo user: the call fails, and GET shows the 486
      URI busy = gateway.uri("/callcontroller/alice/busy");
      assertEquals(
          200, gateway.post("/callcontroller/alice/busy?sipMethod=INVITE", "").statusCode());
      long deadline = System.nanoTime() + GatewayProcess.WAIT.toNanos();
      String body = "";
      while (System.nanoTime() < deadline && !body.contains("BYE")) {
        body = gateway.get(busy).body();
      }
      assertTrue(body.contains("SIP/2.0 486 Busy Here"), body);
      assertEquals(404, gateway.get(gateway.uri("/callcontroller/bob/alice")).statusCode());
      assertEquals(
          406, gateway.post("/callcontroller/alice/bob?sipMethod=MESSAGE", "").statusCode());
    }
  }

  @Test
  void messageSummaryAndDialogStateArriveToo() throws Exception {
    try (CallbackServer callbacks = new CallbackServer();
        GatewayProcess gateway = GatewayProcess.start(dir)) {
      assertEquals(
          201,
          gateway
              .post("/v/2009-06/sep", Callbacks.subscribe("message-summary", callbacks.url(), BOB))
              .statusCode());
      Callback summary =
          callbacks.await(
              c -> Callbacks.withContent(c.document(), BOB).isPresent(), "message-summary");
      Instance instance = Callbacks.withContent(summary.document(), BOB).get();
      TextBody body = TextBody.from(instance.content().get(0)).orElseThrow();
      assertEquals(MessageSummary.CONTENT_TYPE, body.contentType());
      assertEquals("sip:bob@demo.sepapi", MessageSummary.parse(body.text()).messageAccount().get());

      assertEquals(
          201,
          gateway
              .post("/v/2009-06/sep", Callbacks.subscribe("dialog", callbacks.url(), BOB))
              .statusCode());
      callbacks.await(
          c ->
              c.document().event().equals("dialog")
                  && Callbacks.withContent(c.document(), BOB)
                      .map(i -> i.content().get(0).name().getLocalPart().equals("dialog-info"))
                      .orElse(false),
          "dialog-info");
    }
  }

  @Test
  void sigtermUnsubscribesBeforeTheGatewayEnds() throws Exception {
    try (CallbackServer callbacks = new CallbackServer();
        GatewayProcess gateway = GatewayProcess.start(dir)) {
      assertEquals(
          201,
          gateway
              .post("/v/2009-06/sep", Callbacks.subscribe("presence", callbacks.url(), ALICE))
              .statusCode());
      callbacks.await(c -> Callbacks.withContent(c.document(), ALICE).isPresent(), "presence");
      int exit = gateway.terminate();
      assertEquals(143, exit, gateway::log);
      String log = gateway.log();
      assertTrue(
          log.contains("demo PBX: sip:sepapi@demo.sepapi unsubscribed from presence of alice"),
          log);
      assertTrue(log.contains("unsubscribed 1 subscription(s)"), log);
      assertTrue(log.contains("stopped"), log);
      assertTrue(!log.contains("Exception"), log);
    }
  }

  @Test
  void httpsServesTheApiWithTheKeystoresCertificate() throws Exception {
    Path keystore = dir.resolve("gateway.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "gateway",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "san=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    keytool.getInputStream().readAllBytes();
    assertEquals(0, keytool.waitFor());
    int httpsPort;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      httpsPort = free.getLocalPort();
    }
    try (GatewayProcess gateway =
        GatewayProcess.start(
            dir,
            "--https-port",
            Integer.toString(httpsPort),
            "--keystore",
            keystore.toString(),
            "--keystore-password",
            "changeit")) {
      java.security.KeyStore trust =
          java.security.KeyStore.getInstance(keystore.toFile(), "changeit".toCharArray());
      javax.net.ssl.TrustManagerFactory trustManagers =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
      tls.init(null, trustManagers.getTrustManagers(), null);
      java.net.http.HttpClient client =
          java.net.http.HttpClient.newBuilder()
              .version(java.net.http.HttpClient.Version.HTTP_1_1)
              .sslContext(tls)
              .build();
      HttpResponse<String> list =
          client.send(
              java.net.http.HttpRequest.newBuilder(
                      URI.create("https://127.0.0.1:" + httpsPort + "/v/2009-06/sep"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, list.statusCode(), list.body());
      assertTrue(list.body().contains("<subscriptions"), list.body());
      assertTrue(gateway.log().contains("HTTPS: https://127.0.0.1:" + httpsPort), gateway.log());
    }
  }

  @Test
  void helpExplainsTheOptionsAndAWrongOptionExitsWith2() throws Exception {
    GatewayProcess.Finished help = GatewayProcess.run(dir, "--help");
    assertEquals(0, help.exitCode(), help.output());
    for (String option :
        new String[] {
          "--http-port",
          "--https-port",
          "--sip-port",
          "--pbx",
          "--domain",
          "--users",
          "--trusted",
          "--callback-secret",
          "--call-timeout",
          "--result-cache-time"
        }) {
      assertTrue(help.output().contains(option), option);
    }
    GatewayProcess.Finished wrong = GatewayProcess.run(dir, "--sip-port", "seventy");
    assertEquals(2, wrong.exitCode(), wrong.output());
    assertTrue(
        wrong.output().startsWith("sepapi-gateway: --sip-port wants a port"), wrong.output());
    assertTrue(wrong.output().contains("Usage:"), wrong.output());
  }

  @Test
  void aTakenPortIsOneLineAndExit1() throws Exception {
    try (java.net.DatagramSocket taken =
        new java.net.DatagramSocket(
            new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 0))) {
      GatewayProcess.Finished failed =
          GatewayProcess.run(
              dir, "--http-port", "0", "--sip-port", Integer.toString(taken.getLocalPort()));
      assertEquals(1, failed.exitCode(), failed.output());
      assertTrue(failed.output().contains("cannot start"), failed.output());
      assertTrue(!failed.output().contains("\tat "), "no stack trace:\n" + failed.output());
    }
  }
}
