package org.sepapi.transport.jainsip.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.api.TextBody;
import org.sepapi.model.dialoginfo.Dialog;
import org.sepapi.model.dialoginfo.DialogInfo;
import org.sepapi.model.messagesummary.MessageContextClass;
import org.sepapi.model.messagesummary.MessageCounts;
import org.sepapi.model.messagesummary.MessageSummary;
import org.sepapi.model.pidf.Presence;
import org.sepapi.model.pidf.Status;
import org.sepapi.model.pidf.Tuple;
import org.sepapi.model.reginfo.Contact;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.reginfo.Registration;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;

/**
 * sepapi's subscriber against Kamailio (registrar and presence server, an independent SIP
 * implementation) on 127.0.0.1: sipp registers users, calls them and PUBLISHes their presence and
 * voicemail counts; Kamailio notifies sepapi of reg, dialog, presence and message-summary; the
 * tests check the merged state sepapi gives. One Kamailio and one gateway serve the class; each
 * test has users of its own. What Kamailio does that the RFCs do not promise is in docs/peers.md.
 */
class KamailioTest {
  private static final XmlCodec<Reginfo> REGINFO = XmlCodec.of(Reginfo.class);
  private static final XmlCodec<DialogInfo> DIALOG_INFO = XmlCodec.of(DialogInfo.class);
  private static final XmlCodec<Presence> PIDF = XmlCodec.of(Presence.class);

  @TempDir static Path dir;
  private static Kamailio kamailio;
  private static Gateway gateway;
  private final List<Sipp> sipps = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    kamailio = Kamailio.start(dir);
    gateway = Gateway.startTakingCallbacks();
  }

  @AfterAll
  static void stop() {
    // Kamailio first: it ends what subscriptions are left, and the gateway still answers
    if (kamailio != null) {
      kamailio.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (kamailio != null) {
      assertFalse(kamailio.running(), "a kamailio process outlived close()");
    }
  }

  @AfterEach
  void closeSipps() {
    sipps.forEach(Sipp::close);
  }

  // ---- reg

  @Test
  void registrationsAndUnregistrationsShowInTheRegState() throws Exception {
    String alice = kamailio.uri("alice");
    String id = gateway.subscribe("reg", alice);
    // nobody registered yet: Kamailio's first NOTIFY has no body, the instance no content
    Instance first = gateway.awaitInstance(id, alice, KamailioTest::active, this::report);
    assertTrue(first.content().isEmpty(), first::toString);

    register("alice", uriOf(1), 3600);
    Instance one = awaitReg(id, alice, reg -> contacts(reg).keySet().equals(Set.of(uriOf(1))));
    Registration registration = REGINFO.decode(one.content().get(0)).registrations().get(0);
    assertEquals("sip:alice@127.0.0.1", registration.aor(), "the AOR has no port");
    assertEquals(Registration.State.ACTIVE, registration.state());
    assertEquals(Contact.State.ACTIVE, registration.contacts().get(0).state());
    // attributes RFC 3680 does not define pass through as they came
    assertEquals(
        Map.of(new QName("received"), "", new QName("path"), "", new QName("user_agent"), "n/a"),
        registration.contacts().get(0).otherAttributes());
    assertEquals(3600, contacts(REGINFO.decode(one.content().get(0))).get(uriOf(1)), 1);

    register("alice", uriOf(2), 600);
    Instance two =
        awaitReg(id, alice, reg -> contacts(reg).keySet().equals(Set.of(uriOf(1), uriOf(2))));
    assertEquals(600, contacts(REGINFO.decode(two.content().get(0))).get(uriOf(2)), 5);

    // Kamailio lists the removed contact once as terminated/unregistered; the merged state drops it
    register("alice", uriOf(1), 0);
    awaitReg(id, alice, reg -> contacts(reg).keySet().equals(Set.of(uriOf(2))));

    register("alice", uriOf(2), 0);
    Instance none =
        awaitReg(
            id,
            alice,
            reg ->
                reg.registrations().size() == 1
                    && reg.registrations().get(0).state() == Registration.State.TERMINATED
                    && reg.registrations().get(0).contacts().isEmpty());
    assertEquals(
        Instance.State.ACTIVE, none.state(), "the subscription outlives the registrations");

    assertTrue(gateway.delete(id));
  }

  @Test
  void aRefreshStaysInTheDialogKamailioKeeps() throws Exception {
    String erin = kamailio.uri("erin");
    // longer than the hour a SUBSCRIBE asks (and Kamailio grants at most): it must be refreshed
    String id = gateway.subscribe("reg", List.of(), Duration.ofHours(3), erin);
    register("erin", "sip:erin@192.0.2.5:5060", 3600);
    Instance before =
        awaitReg(id, erin, reg -> contacts(reg).containsKey("sip:erin@192.0.2.5:5060"));

    // in-dialog requests go to Kamailio's Contact, which has no user part
    String inDialog = "REQ SUBSCRIBE sip:" + kamailio.hostPort() + " from";
    long sent = kamailio.logCount(inDialog);
    assertTrue(gateway.scheduler().advance(Duration.ofMinutes(55)) > 0, "no refresh fell due");
    kamailio.awaitLog(inDialog, sent + 1);

    register("erin", "sip:erin@192.0.2.6:5060", 3600);
    Instance after = awaitReg(id, erin, reg -> contacts(reg).size() == 2);
    assertEquals(before.id(), after.id(), "the refresh kept the dialog (no new subscription)");
    assertEquals(1, kamailio.logCount("REQ SUBSCRIBE " + erin + " "), this::report);

    assertTrue(gateway.delete(id));
  }

  private static String uriOf(int host) {
    return "sip:alice@192.0.2." + host + ":5060";
  }

  /** REGISTERs (or with 0, removes) {@code contact} for {@code user} at Kamailio. */
  private void register(String user, String contact, int expires) throws Exception {
    run(
        Sipp.scenario("kam_register", dir)
            .remote(kamailio.hostPort())
            .args("-s", user)
            .key("contact", contact)
            .key("expires", Integer.toString(expires)));
  }

  private Instance awaitReg(String id, String resource, Predicate<Reginfo> wanted)
      throws Exception {
    return gateway.awaitInstance(
        id,
        resource,
        instance ->
            active(instance)
                && !instance.content().isEmpty()
                && wanted.test(REGINFO.decode(instance.content().get(0))),
        this::report);
  }

  /** The contacts of every registration, URI to expires, in document order. */
  private static Map<String, Long> contacts(Reginfo reginfo) {
    Map<String, Long> contacts = new LinkedHashMap<>();
    for (Registration registration : reginfo.registrations()) {
      for (Contact contact : registration.contacts()) {
        contacts.put(contact.uri(), contact.expires().orElse(-1));
      }
    }
    return contacts;
  }

  // ---- dialog

  @Test
  void aCallThroughKamailioShowsEarlyConfirmedAndTerminatedInTheDialogState() throws Exception {
    Sipp bobPhone =
        start(Sipp.scenario("kam_called", dir).timeout(Duration.ofSeconds(30))).awaitListening();
    register("bob", "sip:bob@" + bobPhone.hostPort(), 3600);
    String bob = kamailio.uri("bob");
    String caller = kamailio.uri("ctrl");
    String bobId = gateway.subscribe("dialog", bob);
    String callerId = gateway.subscribe("dialog", caller);
    gateway.awaitInstance(bobId, bob, KamailioTest::active, this::report);
    gateway.awaitInstance(callerId, caller, KamailioTest::active, this::report);

    Sipp call =
        start(Sipp.scenario("uac_invite_bye", dir).remote(kamailio.hostPort()).args("-s", "bob"));
    assertEquals(0, call.await(Gateway.WAIT), () -> report());

    // every callback of bob's subscription, as the states of bob's dialogs it carried
    String seen =
        dialogStates(
            gateway.awaitCallbacks(
                bobId, callbacks -> dialogStates(callbacks, bob).endsWith("none"), this::report),
            bob);
    assertEquals("early confirmed none", seen, () -> "bob's dialog states, " + report());

    // the caller's first state is "Trying", RFC 4235's "trying" in another case: read as it
    gateway.awaitCallbacks(
        callerId,
        callbacks -> dialogStates(callbacks, caller).endsWith("confirmed none"),
        this::report);
    Resource callerNow = gateway.document(callerId).list().orElseThrow().resource(caller).get();
    assertEquals(1, callerNow.instances().size(), callerNow::toString);
    assertTrue(active(callerNow.instances().get(0)), callerNow::toString);

    assertEquals(0, bobPhone.await(Gateway.WAIT), () -> report());
    assertTrue(gateway.delete(bobId));
    assertTrue(gateway.delete(callerId));
  }

  /**
   * The states of the resource's dialogs in each callback that carried them, space-separated,
   * repeats removed: {@code none} for no dialog.
   */
  private static String dialogStates(List<Subscription> callbacks, String resource) {
    List<String> states = new ArrayList<>();
    for (Subscription callback : callbacks) {
      Optional<Resource> found = callback.list().flatMap(list -> list.resource(resource));
      if (found.isEmpty()) {
        continue;
      }
      for (Instance instance : found.get().instances()) {
        if (instance.content().isEmpty()) {
          continue;
        }
        List<Dialog> dialogs = DIALOG_INFO.decode(instance.content().get(0)).dialogs();
        String state =
            dialogs.isEmpty()
                ? "none"
                : dialogs.stream().map(d -> d.state().xml()).collect(Collectors.joining("+"));
        if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
          states.add(state);
        }
      }
    }
    return String.join(" ", states);
  }

  // ---- presence

  @Test
  void publishedPresenceShowsAndItsChangesReplaceIt() throws Exception {
    String carol = kamailio.uri("carol");
    String id = gateway.subscribe("presence", carol);
    Instance first = gateway.awaitInstance(id, carol, KamailioTest::active, this::report);
    assertTrue(first.content().isEmpty(), "no presence published yet: " + first);

    String etag =
        publish("carol", "presence", "application/pidf+xml", pidf("carol", "t1", "open", "desk"));
    awaitPresence(id, carol, tuples -> tuples.equals(Map.of("t1", "open desk")));

    publishAgain(
        "carol",
        etag,
        "presence",
        "application/pidf+xml",
        pidf("carol", "t1", "closed", "gone home"));
    awaitPresence(id, carol, tuples -> tuples.equals(Map.of("t1", "closed gone home")));

    // a second device's publication: Kamailio composes one document with both tuples
    publish("carol", "presence", "application/pidf+xml", pidf("carol", "t2", "open", "mobile"));
    awaitPresence(
        id, carol, tuples -> tuples.equals(Map.of("t1", "closed gone home", "t2", "open mobile")));

    assertTrue(gateway.delete(id));
  }

  private static String pidf(String user, String tuple, String basic, String note) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:"
        + user
        + "@127.0.0.1\"><tuple id=\""
        + tuple
        + "\"><status><basic>"
        + basic
        + "</basic></status><note>"
        + note
        + "</note></tuple></presence>";
  }

  private void awaitPresence(String id, String resource, Predicate<Map<String, String>> wanted)
      throws Exception {
    gateway.awaitInstance(
        id,
        resource,
        instance ->
            active(instance)
                && !instance.content().isEmpty()
                && wanted.test(tuples(PIDF.decode(instance.content().get(0)))),
        this::report);
  }

  /** Tuple id to "basic note". */
  private static Map<String, String> tuples(Presence presence) {
    Map<String, String> tuples = new LinkedHashMap<>();
    for (Tuple tuple : presence.tuples()) {
      String notes =
          tuple.notes().stream()
              .map(org.sepapi.model.LocalizedText::text)
              .collect(Collectors.joining(" "));
      tuples.put(tuple.id(), tuple.basic().map(Status.Basic::xml).orElse("?") + " " + notes);
    }
    return tuples;
  }

  // ---- message-summary

  @Test
  void publishedVoicemailCountsShowAndChange() throws Exception {
    String dave = kamailio.uri("dave");
    String id = gateway.subscribe("message-summary", dave);
    gateway.awaitInstance(id, dave, KamailioTest::active, this::report);

    String etag =
        publish(
            "dave",
            "message-summary",
            MessageSummary.CONTENT_TYPE,
            summary("yes", "sip:dave@127.0.0.1", "2/8 (0/2)"));
    MessageSummary waiting = awaitSummary(id, dave, summary -> summary.messagesWaiting());
    assertEquals(Optional.of("sip:dave@127.0.0.1"), waiting.messageAccount());
    MessageCounts voice = waiting.counts(MessageContextClass.VOICE_MESSAGE).orElseThrow();
    assertEquals(List.of(2L, 8L), List.of(voice.newCount(), voice.oldCount()));

    String changed =
        publishAgain(
            "dave",
            etag,
            "message-summary",
            MessageSummary.CONTENT_TYPE,
            summary("no", "sip:dave@127.0.0.1", "0/10"));
    MessageSummary read = awaitSummary(id, dave, summary -> !summary.messagesWaiting());
    MessageCounts after = read.counts(MessageContextClass.VOICE_MESSAGE).orElseThrow();
    assertEquals(List.of(0L, 10L), List.of(after.newCount(), after.oldCount()));

    // the mailbox's publication removed: Kamailio NOTIFYs without a body, and the counts go
    run(
        Sipp.scenario("kam_publish_remove", dir)
            .remote(kamailio.hostPort())
            .args("-s", "dave")
            .key("etag", changed)
            .key("event", "message-summary"));
    gateway.awaitInstance(
        id, dave, candidate -> active(candidate) && candidate.content().isEmpty(), this::report);

    assertTrue(gateway.delete(id));
  }

  /**
   * An RFC 3842 body. Kamailio's presence_mwi refuses a line that does not end in CRLF (sipp adds
   * the last one: the body is the last line of the scenario's message).
   */
  private static String summary(String waiting, String account, String voice) {
    return "Messages-Waiting: "
        + waiting
        + "\r\nMessage-Account: "
        + account
        + "\r\nVoice-Message: "
        + voice;
  }

  private MessageSummary awaitSummary(String id, String resource, Predicate<MessageSummary> wanted)
      throws Exception {
    Instance instance =
        gateway.awaitInstance(
            id,
            resource,
            candidate ->
                active(candidate)
                    && !candidate.content().isEmpty()
                    && wanted.test(summaryOf(candidate)),
            this::report);
    return summaryOf(instance);
  }

  private static MessageSummary summaryOf(Instance instance) {
    TextBody body = TextBody.from(instance.content().get(0)).orElseThrow();
    assertEquals(MessageSummary.CONTENT_TYPE, body.contentType());
    return MessageSummary.parse(body.text());
  }

  // ---- PUBLISH

  /** PUBLISHes a new event state for {@code user}; returns its entity tag. */
  private String publish(String user, String event, String type, String body) throws Exception {
    return etag(
        run(
            Sipp.scenario("kam_publish", dir)
                .remote(kamailio.hostPort())
                .args("-s", user)
                .key("event", event)
                .key("ctype", type)
                .key("body", body)));
  }

  /** PUBLISHes a change of the state {@code etag} names; returns the new entity tag. */
  private String publishAgain(String user, String etag, String event, String type, String body)
      throws Exception {
    return etag(
        run(
            Sipp.scenario("kam_publish_modify", dir)
                .remote(kamailio.hostPort())
                .args("-s", user)
                .key("etag", etag)
                .key("event", event)
                .key("ctype", type)
                .key("body", body)));
  }

  private static String etag(Sipp publisher) {
    return publisher.logLines().stream()
        .filter(line -> line.contains("etag="))
        .map(line -> line.substring(line.indexOf("etag=") + 5).strip())
        .reduce((first, second) -> second)
        .orElseThrow(() -> new AssertionError("no SIP-ETag logged\n" + publisher.report()));
  }

  // ---- helpers

  private static boolean active(Instance instance) {
    return instance.state() == Instance.State.ACTIVE;
  }

  private Sipp start(Sipp.Builder builder) throws Exception {
    Sipp sipp = builder.start();
    sipps.add(sipp);
    return sipp;
  }

  /** Runs a client scenario to its end; fails unless it passed. */
  private Sipp run(Sipp.Builder builder) throws Exception {
    Sipp sipp = start(builder.timeout(Duration.ofSeconds(10)));
    assertEquals(0, sipp.await(Gateway.WAIT), () -> "sipp failed\n" + report());
    return sipp;
  }

  /** Every peer's log, for failure messages. */
  private String report() {
    StringBuilder text = new StringBuilder();
    for (Sipp sipp : sipps) {
      text.append(sipp.report()).append('\n');
    }
    return text.append(kamailio.report()).toString();
  }
}
