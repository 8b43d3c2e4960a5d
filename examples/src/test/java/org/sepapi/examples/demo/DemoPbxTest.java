package org.sepapi.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.TransportException;
import org.sepapi.examples.demo.DemoState.Package;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.TextBody;
import org.sepapi.model.dialoginfo.DialogInfo;
import org.sepapi.model.messagesummary.MessageSummary;
import org.sepapi.model.pidf.Presence;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.reginfo.Registration;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.testkit.ManualClock;
import org.sepapi.testkit.ManualScheduler;
import org.sepapi.transport.jainsip.JainSipTransport;
import org.sepapi.transport.jainsip.peers.Gateway;

/**
 * The demo PBX over real SIP on 127.0.0.1: sepapi's subscription engine on a JAIN-SIP transport
 * subscribes through it as the gateway does; its changes come from a manual scheduler.
 */
class DemoPbxTest {
  private static final XmlCodec<Reginfo> REGINFO = XmlCodec.of(Reginfo.class);
  private static final XmlCodec<DialogInfo> DIALOG_INFO = XmlCodec.of(DialogInfo.class);
  private static final XmlCodec<Presence> PIDF = XmlCodec.of(Presence.class);

  private final ManualScheduler pbxTimers = ManualScheduler.on(ManualClock.create());
  private DemoPbx pbx;
  private Gateway gateway;

  @BeforeEach
  void start() {
    pbx = DemoPbx.builder().scheduler(pbxTimers).seed(42).build();
    gateway = Gateway.start(service -> service.outboundProxy(pbx.uri()));
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (pbx != null) {
      pbx.close();
    }
  }

  private String alice() {
    return pbx.aor("alice").toString();
  }

  @Test
  void aRegSubscriptionGetsTheFullStateAtOnceAndEveryChange() throws Exception {
    String id = gateway.subscribe("reg", alice());
    Instance first = gateway.awaitInstance(id, alice(), i -> !i.content().isEmpty(), this::none);
    Reginfo initial = REGINFO.decode(first.content().get(0));
    Registration registration = initial.registrations().get(0);
    assertEquals("sip:alice@demo.sepapi", registration.aor());
    assertEquals(Registration.State.INIT, registration.state());
    assertTrue(registration.contacts().isEmpty());

    // the first change registers a device of alice's
    pbxTimers.advance(Duration.ofSeconds(3));
    Instance changed =
        gateway.awaitInstance(
            id,
            alice(),
            i -> !REGINFO.decode(i.content().get(0)).registrations().get(0).contacts().isEmpty(),
            this::none);
    Registration now = REGINFO.decode(changed.content().get(0)).registrations().get(0);
    assertEquals(Registration.State.ACTIVE, now.state());
    assertEquals(1, now.contacts().size());
    assertTrue(now.contacts().get(0).uri().startsWith("sip:alice@"), now.toString());
    assertEquals(Instance.State.ACTIVE, changed.state());

    assertEquals(1, pbx.subscriptionCount().get(5, TimeUnit.SECONDS));
    assertTrue(gateway.delete(id));
    awaitSubscriptions(0);
  }

  @Test
  void dialogMessageSummaryAndPresenceCarryTheirDocuments() throws Exception {
    String bob = pbx.aor("bob").toString();
    String dialogs = gateway.subscribe("dialog", bob);
    String voicemail = gateway.subscribe("message-summary", bob);
    String presence = gateway.subscribe("presence", bob);

    Instance dialog = gateway.awaitInstance(dialogs, bob, i -> !i.content().isEmpty(), this::none);
    DialogInfo info = DIALOG_INFO.decode(dialog.content().get(0));
    assertEquals(bob, info.entity().orElseThrow());
    assertTrue(info.dialogs().isEmpty(), "no call yet");

    Instance summary =
        gateway.awaitInstance(voicemail, bob, i -> !i.content().isEmpty(), this::none);
    assertEquals(MessageSummary.CONTENT_TYPE, text(summary).contentType());
    assertFalse(MessageSummary.parse(text(summary).text()).messagesWaiting());

    Instance pidf = gateway.awaitInstance(presence, bob, i -> !i.content().isEmpty(), this::none);
    assertEquals("pres:bob@demo.sepapi", PIDF.decode(pidf.content().get(0)).entity());

    // a voicemail arrives with the first change
    pbxTimers.advance(Duration.ofSeconds(3));
    gateway.awaitInstance(
        voicemail, bob, i -> MessageSummary.parse(text(i).text()).messagesWaiting(), this::none);
    // within a few changes a call shows up
    for (int tick = 0; tick < 10; tick++) {
      pbxTimers.advance(Duration.ofSeconds(3));
    }
    gateway.awaitInstance(
        dialogs, bob, i -> !DIALOG_INFO.decode(i.content().get(0)).dialogs().isEmpty(), this::none);
  }

  @Test
  void otherPackagesAre489AndUnknownUsers404() throws Exception {
    try (JainSipTransport client =
        JainSipTransport.builder().bind("127.0.0.1", 0).stackName("demo-test").build()) {
      client.start(transaction -> {});
      assertEquals(489, subscribe(client, "alice", "vq-rtcpxr").status());
      assertEquals(404, subscribe(client, "mallory", "reg").status());
      SipResponse ok = subscribe(client, "carol", "presence");
      assertEquals(200, ok.status());
      assertTrue(ok.headers().first("To").orElseThrow().contains("tag="), ok.toString());
      assertTrue(ok.headers().contains("Expires"));
      assertTrue(ok.headers().contains("Contact"));
    }
  }

  @Test
  void closingEndsTheSubscriptionsStillOpen() throws Exception {
    String id = gateway.subscribe("reg", alice());
    gateway.awaitInstance(id, alice(), i -> !i.content().isEmpty(), this::none);
    pbx.close();
    gateway.awaitInstance(id, alice(), i -> i.state() == Instance.State.TERMINATED, this::none);
    pbx = null;
  }

  @Test
  void theSameSeedMakesTheSameChanges() {
    List<String> one = run(7);
    assertEquals(one, run(7));
    assertNotEquals(one, run(8));
  }

  private static List<String> run(long seed) {
    DemoState state = new DemoState("alice", "demo.sepapi", List.of("bob", "carol"));
    SplittableRandom random = new SplittableRandom(seed);
    List<String> bodies = new ArrayList<>();
    for (int tick = 0; tick < 30; tick++) {
      state.tick(random);
      for (Package pkg : Package.values()) {
        bodies.add(new String(state.body(pkg, tick).content(), StandardCharsets.UTF_8));
      }
      state.settle();
    }
    return bodies;
  }

  private static TextBody text(Instance instance) {
    return TextBody.from(instance.content().get(0)).orElseThrow();
  }

  private void awaitSubscriptions(int count) throws Exception {
    long deadline = System.nanoTime() + Gateway.WAIT.toNanos();
    while (pbx.subscriptionCount().get(5, TimeUnit.SECONDS) != count) {
      assertTrue(System.nanoTime() < deadline, "the PBX still has subscriptions");
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  private String none() {
    return "";
  }

  private SipResponse subscribe(JainSipTransport client, String user, String event)
      throws Exception {
    SipRequest request =
        SipRequest.builder("SUBSCRIBE", pbx.aor(user))
            .header("Route", "<" + pbx.uri() + ";lr>")
            .header("From", "<sip:test@127.0.0.1>;tag=t" + System.nanoTime())
            .header("To", "<" + pbx.aor(user) + ">")
            .header("Call-ID", "demo-test-" + System.nanoTime())
            .header("CSeq", "1 SUBSCRIBE")
            .header("Max-Forwards", "70")
            .header("Event", event)
            .header("Expires", "60")
            .header("Contact", "<" + client.contactUri() + ">")
            .build();
    CompletableFuture<SipResponse> answer = new CompletableFuture<>();
    client.send(
        request,
        new SipTransport.ResponseListener() {
          @Override
          public void onFinal(SipResponse response) {
            answer.complete(response);
          }

          @Override
          public void onFailure(TransportException failure) {
            answer.completeExceptionally(failure);
          }
        });
    return answer.get(10, TimeUnit.SECONDS);
  }
}
