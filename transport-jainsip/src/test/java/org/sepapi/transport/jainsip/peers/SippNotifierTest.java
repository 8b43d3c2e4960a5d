package org.sepapi.transport.jainsip.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepapi.core.spi.SipCredentials;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.reginfo.Contact;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.reginfo.Registration;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.transport.jainsip.JainSipTransport;

/**
 * sepapi's subscriber against sipp notifiers (an independent SIP implementation) on 127.0.0.1: each
 * scenario in {@code src/test/resources/sipp} plays one notifier behaviour, checks on the wire what
 * sepapi sends (sipp fails a call on any unexpected message), and the test checks the merged state
 * sepapi gives for it.
 */
class SippNotifierTest {
  private static final XmlCodec<Reginfo> REGINFO = XmlCodec.of(Reginfo.class);

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

  private Sipp notifier(String scenario, Sipp.Builder options) throws Exception {
    sipp = options.start().awaitListening();
    return sipp;
  }

  private String resource() {
    return "sip:alice@" + sipp.hostPort();
  }

  private Instance await(String id, Predicate<Map<String, Contact.State>> contacts)
      throws Exception {
    return await(id, resource(), contacts);
  }

  private Instance await(String id, String resource, Predicate<Map<String, Contact.State>> contacts)
      throws Exception {
    return gateway.awaitInstance(
        id,
        resource,
        instance -> instance.state() == Instance.State.ACTIVE && contacts.test(contacts(instance)),
        sipp::report);
  }

  /** The contacts of the instance's reginfo, by id, with their states. */
  private static Map<String, Contact.State> contacts(Instance instance) {
    Map<String, Contact.State> contacts = new LinkedHashMap<>();
    if (instance.content().isEmpty()) {
      return contacts;
    }
    Reginfo reginfo = REGINFO.decode(instance.content().get(0));
    for (Registration registration : reginfo.registrations()) {
      for (Contact contact : registration.contacts()) {
        contacts.put(contact.id(), contact.state());
      }
    }
    return contacts;
  }

  private void unsubscribeAndPass(String id) throws Exception {
    assertTrue(gateway.delete(id));
    assertEquals(0, sipp.await(Gateway.WAIT), sipp::report);
  }

  private static boolean active(Map<String, Contact.State> contacts, String id) {
    return contacts.get(id) == Contact.State.ACTIVE;
  }

  @Test
  void partialNotifiesAddAndExpireContactsOfTheFullState() throws Exception {
    gateway = Gateway.start();
    notifier(
        "notifier_reg_partial", Sipp.scenario("notifier_reg_partial", dir).args("-s", "alice"));
    String id = gateway.subscribe("reg", resource());

    await(id, contacts -> active(contacts, "c2") && !active(contacts, "c1"));

    unsubscribeAndPass(id);
  }

  @Test
  void aVersionGapAsksForTheFullStateWhichReplacesWhatWasKnown() throws Exception {
    gateway = Gateway.start();
    notifier("notifier_reg_resync", Sipp.scenario("notifier_reg_resync", dir).args("-s", "alice"));
    String id = gateway.subscribe("reg", resource());

    Instance instance = await(id, contacts -> contacts.keySet().equals(Set.of("c3")));
    assertEquals(Contact.State.ACTIVE, contacts(instance).get("c3"));

    unsubscribeAndPass(id);
  }

  @Test
  void aBodyThatIsNotXmlKeepsTheSubscriptionAndAsksForTheStateAgain() throws Exception {
    gateway = Gateway.start();
    notifier(
        "notifier_non_xml_body", Sipp.scenario("notifier_non_xml_body", dir).args("-s", "alice"));
    String id = gateway.subscribe("reg", resource());

    await(id, contacts -> active(contacts, "c1"));

    unsubscribeAndPass(id);
  }

  @Test
  void a423IsAnsweredWithTheSubscribeAgainAskingMinExpires() throws Exception {
    gateway = Gateway.start();
    notifier("notifier_423", Sipp.scenario("notifier_423", dir).args("-s", "alice"));
    String id = gateway.subscribe("reg", resource());

    await(id, contacts -> active(contacts, "c1"));

    unsubscribeAndPass(id);
  }

  @Test
  void a401IsAnsweredWithDigestCredentialsThatTheNotifierVerifies() throws Exception {
    gateway =
        Gateway.start(
            builder ->
                builder.credentials(
                    (identity, realm) ->
                        realm.equals("sipp.test")
                            ? Optional.of(SipCredentials.password("sepapi", "s3cret"))
                            : Optional.empty()));
    notifier(
        "notifier_401",
        Sipp.scenario("notifier_401", dir)
            .args("-s", "alice")
            .key("user", "sepapi")
            .key("secret", "s3cret"));
    String id = gateway.subscribe("reg", resource());

    await(id, contacts -> active(contacts, "c1"));

    unsubscribeAndPass(id);
  }

  @Test
  void a481ToARefreshSubscribesAgainAtOnce() throws Exception {
    gateway = Gateway.start();
    notifier(
        "notifier_481_on_refresh",
        Sipp.scenario("notifier_481_on_refresh", dir).args("-s", "alice").calls(2));
    String id = gateway.subscribe("reg", resource());
    await(id, contacts -> active(contacts, "c1"));

    // 600 s granted: the refresh falls due between 80% and 90% of it
    gateway.scheduler().advance(Duration.ofSeconds(550));

    await(id, contacts -> active(contacts, "c2") && !contacts.containsKey("c1"));
    unsubscribeAndPass(id);
  }

  @Test
  void deactivatedSubscribesAgainAtOnce() throws Exception {
    gateway = Gateway.start();
    notifier(
        "notifier_terminated",
        Sipp.scenario("notifier_terminated", dir)
            .args("-s", "alice")
            .key("state", "terminated;reason=deactivated")
            .calls(2));
    String id = gateway.subscribe("reg", resource());

    await(id, contacts -> active(contacts, "c2") && !contacts.containsKey("c1"));
    unsubscribeAndPass(id);
  }

  @Test
  void probationWaitsTheRetryAfterBeforeSubscribingAgain() throws Exception {
    gateway = Gateway.start();
    notifier(
        "notifier_terminated",
        Sipp.scenario("notifier_terminated", dir)
            .args("-s", "alice")
            .key("state", "terminated;reason=probation;retry-after=120")
            .calls(2));
    String id = gateway.subscribe("reg", resource());
    Instance ended =
        gateway.awaitInstance(
            id, resource(), instance -> instance.state() != Instance.State.ACTIVE, sipp::report);
    assertEquals(Optional.of("probation"), ended.reason());

    Duration untilRetry = gateway.scheduler().untilNext().orElseThrow();
    assertTrue(
        untilRetry.compareTo(Duration.ofSeconds(120)) >= 0
            && untilRetry.compareTo(Duration.ofMinutes(10)) < 0,
        "the retry falls due in " + untilRetry);
    gateway.scheduler().advanceToNext();

    await(id, contacts -> active(contacts, "c2"));
    unsubscribeAndPass(id);
  }

  @Test
  void rejectedEndsTheResourceForGood() throws Exception {
    gateway = Gateway.start();
    notifier(
        "notifier_terminated",
        Sipp.scenario("notifier_terminated", dir)
            .args("-s", "alice")
            .key("state", "terminated;reason=rejected")
            .calls(1));
    String id = gateway.subscribe("reg", resource());

    Instance ended =
        gateway.awaitInstance(
            id,
            resource(),
            instance -> instance.state() == Instance.State.TERMINATED,
            sipp::report);
    assertEquals(Optional.of("rejected"), ended.reason());
    assertEquals(0, sipp.await(Gateway.WAIT), sipp::report);
    // nothing left to do for it before the subscription itself ends, an hour after it began
    Duration untilNext = gateway.scheduler().untilNext().orElse(Duration.ofDays(1));
    assertTrue(untilNext.compareTo(Duration.ofMinutes(50)) > 0, "a timer in " + untilNext);
  }

  @Test
  void aNotifyBeforeThe200IsTaken() throws Exception {
    gateway = Gateway.start();
    notifier(
        "notifier_notify_before_200",
        Sipp.scenario("notifier_notify_before_200", dir).args("-s", "alice"));
    String id = gateway.subscribe("reg", resource());

    await(id, contacts -> active(contacts, "c1"));
    unsubscribeAndPass(id);
  }

  @Test
  void forkedNotifiesMakeOneInstancePerDialogAndTheUnsubscribeEndsBoth() throws Exception {
    gateway = Gateway.start();
    notifier("notifier_forked", Sipp.scenario("notifier_forked", dir).args("-s", "alice"));
    String id = gateway.subscribe("reg", resource());

    Instance first = await(id, contacts -> active(contacts, "c1"));
    Instance second = await(id, contacts -> active(contacts, "c2"));
    assertNotEquals(first.id(), second.id());

    unsubscribeAndPass(id);
  }

  @Test
  void inDialogRequestsFollowTheRecordedRoute() throws Exception {
    gateway = Gateway.start();
    notifier(
        "notifier_record_route", Sipp.scenario("notifier_record_route", dir).args("-s", "alice"));
    String id = gateway.subscribe("reg", resource());

    await(id, contacts -> active(contacts, "c1"));
    unsubscribeAndPass(id);
  }

  @Test
  void overTcpTheSameNotifierSequenceWorks() throws Exception {
    gateway = Gateway.start(JainSipTransport.Protocol.TCP);
    notifier(
        "notifier_reg_resync", Sipp.scenario("notifier_reg_resync", dir).args("-s", "alice").tcp());
    String id = gateway.subscribe("reg", resource() + ";transport=tcp");

    await(id, resource() + ";transport=tcp", contacts -> contacts.keySet().equals(Set.of("c3")));
    unsubscribeAndPass(id);
  }
}
