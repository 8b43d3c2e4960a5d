package org.sepapi.transport.jainsip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.SubscriptionRequest;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.NotificationSink;
import org.sepapi.core.spi.NotificationSource;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.SipTransport.ServerTransaction;
import org.sepapi.core.spi.TransportException;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.reginfo.Registration;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.testkit.ManualClock;
import org.sepapi.testkit.ManualScheduler;

/**
 * sep-core's {@link SubscriptionService} over a real JAIN-SIP transport on loopback UDP, against a
 * registrar scripted on a second JainSipTransport: SUBSCRIBE, 200, NOTIFY with reginfo, and the
 * merged state in the subscription's document.
 */
class SubscriptionOverJainSipTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ManualClock clock = ManualClock.create();
  private final ManualScheduler scheduler = ManualScheduler.on(clock);
  private final ExecutorService engine = Executors.newSingleThreadExecutor();
  private final BlockingQueue<ServerTransaction> atRegistrar = new LinkedBlockingQueue<>();
  private final BlockingQueue<NotificationSource> signals = new LinkedBlockingQueue<>();
  private final JainSipTransport gateway = JainSipTransport.builder().bind("127.0.0.1", 0).build();
  private final JainSipTransport registrar =
      JainSipTransport.builder().bind("127.0.0.1", 0).build();
  private SubscriptionService service;

  @AfterEach
  void close() {
    if (service != null) {
      service.close();
    }
    engine.shutdownNow();
    gateway.close();
    registrar.close();
  }

  @Test
  void aRegSubscriptionShowsTheStateTheRegistrarNotifies() throws Exception {
    registrar.start(atRegistrar::add);
    service =
        SubscriptionService.builder()
            .transport(gateway)
            .scheduler(scheduler)
            .clock(clock)
            .executor(engine)
            .sink(
                new NotificationSink() {
                  @Override
                  public void signal(NotificationSource source) {
                    signals.add(source);
                  }

                  @Override
                  public void close() {}
                })
            .identity(NameAddr.parse("<sip:sepapi@127.0.0.1>"))
            .build();
    String aor = "sip:alice@127.0.0.1:" + registrar.port();
    Subscription created =
        service
            .create(
                new SubscriptionRequest(
                    "owner-1",
                    "reg",
                    List.of(SipUri.parse(aor)),
                    Optional.empty(),
                    Optional.of(URI.create("http://client.test/callbacks/1")),
                    clock.instant().plus(Duration.ofHours(1)),
                    List.of()))
            .toCompletableFuture()
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    ServerTransaction transaction = atRegistrar.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(transaction, "no SUBSCRIBE reached the registrar");
    SipRequest subscribe = transaction.request();
    assertEquals("SUBSCRIBE", subscribe.method());
    assertEquals(Optional.of("reg"), subscribe.header("Event"));
    assertEquals(gateway.contactUri(), subscribe.contact().orElseThrow().uri());
    transaction.respond(
        SipResponse.to(subscribe, 200)
            .toTag("registrar")
            .header("Expires", "3600")
            .header("Contact", NameAddr.of(registrar.contactUri()).toString())
            .build());

    String reginfo =
        "<?xml version=\"1.0\"?>\n"
            + "<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"0\" state=\"full\">\n"
            + "  <registration aor=\""
            + aor
            + "\" id=\"r1\" state=\"active\">\n"
            + "    <contact id=\"c1\" state=\"active\" event=\"registered\">\n"
            + "      <uri>sip:alice@192.0.2.7:5060</uri>\n"
            + "    </contact>\n"
            + "  </registration>\n"
            + "</reginfo>\n";
    SipRequest notify =
        SipRequest.builder("NOTIFY", subscribe.contact().orElseThrow().uri())
            .header("Max-Forwards", "70")
            .header("From", subscribe.to().withTag("registrar").toString())
            .header("To", subscribe.header("From").orElseThrow())
            .header("Call-ID", subscribe.callId())
            .header("CSeq", "1 NOTIFY")
            .header("Event", subscribe.header("Event").orElseThrow())
            .header("Subscription-State", "active;expires=3600")
            .header("Contact", NameAddr.of(registrar.contactUri()).toString())
            .body(Body.of(Reginfo.CONTENT_TYPE, reginfo.getBytes(StandardCharsets.UTF_8)))
            .build();
    BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    registrar.send(
        notify,
        new SipTransport.ResponseListener() {
          @Override
          public void onFinal(SipResponse response) {
            answers.add(response);
          }

          @Override
          public void onFailure(TransportException failure) {
            answers.add(failure);
          }
        });
    Object answer = answers.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(
        answer instanceof SipResponse response && response.status() == 200,
        "the NOTIFY's answer: " + answer);
    assertNotNull(
        signals.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "no change told to the sink");

    Subscription got =
        service
            .get("owner-1", created.id())
            .toCompletableFuture()
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
            .orElseThrow();
    Instance instance = got.list().orElseThrow().resource(aor).orElseThrow().instances().get(0);
    assertEquals(Instance.State.ACTIVE, instance.state());
    Reginfo state = XmlCodec.of(Reginfo.class).decode(instance.content().get(0));
    Registration registration = state.registrations().get(0);
    assertEquals(aor, registration.aor());
    assertEquals(Registration.State.ACTIVE, registration.state());
    assertEquals("sip:alice@192.0.2.7:5060", registration.contacts().get(0).uri());
  }
}
