package org.sepapi.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Application;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.spi.Notification;
import org.sepapi.model.DocumentState;
import org.sepapi.model.ModelTheories;
import org.sepapi.model.api.ApiError;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.api.SubscriptionSummary;
import org.sepapi.model.reginfo.Contact;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;

/**
 * Every call of the SEP API over real HTTP on 127.0.0.1, against a host that a subclass starts: the
 * same cases run in every host, so what passes here passes in each. The SIP side is the in-memory
 * network with a {@link Pbx}; each test calls as its own user about its own addresses, so the tests
 * share one host and one service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SepApiContract {
  static final String BASE = "/v/2009-06/sep";
  static final String OLD_BASE = "/v/2009-01/sep";
  static final String NS = "http://voip.co.uk/api/sep/2009-06";
  static final String CALLBACK = "http://client.test/callbacks/1";

  private static final AtomicInteger TESTS = new AtomicInteger();

  World world;
  Host host;
  Client client;
  String user;

  /** Starts {@code application} in the host under test, on 127.0.0.1 and a port of its choosing. */
  abstract Host start(Application application);

  /** A resource besides the API that fails unexpectedly, to see the 500 the API's mapper makes. */
  @Path("/boom")
  public static final class Boom {
    @GET
    public String boom() {
      throw new IllegalStateException("secret detail of a bug");
    }

    @GET
    @Path("busy")
    public String busy() {
      throw new ServiceUnavailableException(120L);
    }
  }

  @BeforeAll
  @SuppressWarnings("deprecation") // getSingletons: still the portable way to hand over instances
  void startHost() {
    world = new World();
    SepFeature feature = SepFeature.builder().service(world.service).build();
    host =
        start(
            new Application() {
              @Override
              public Set<Object> getSingletons() {
                Set<Object> singletons = new HashSet<>(feature.singletons());
                singletons.add(new TestPrincipalFilter());
                singletons.add(new Boom());
                return singletons;
              }
            });
  }

  @AfterAll
  void stopHost() {
    if (host != null) {
      host.close();
    }
    if (world != null) {
      world.close();
    }
  }

  @BeforeEach
  void newUser(TestInfo test) {
    user = "u" + TESTS.incrementAndGet();
    client = new Client(host.base(), user);
  }

  // ---- documents

  /** A user's name at the PBX, unique to this test. */
  String name(String who) {
    return user + "-" + who;
  }

  String aor(String who) {
    return world.pbx.aor(name(who));
  }

  String subscribe(String event, Instant expires, String... who) {
    return subscribe(event, CALLBACK, expires, Arrays.stream(who).map(this::aor).toList());
  }

  static String subscribe(String event, String notify, Instant expires, List<String> uris) {
    StringBuilder xml = new StringBuilder();
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append("<subscribe xmlns=\"").append(NS).append("\" event=\"").append(event).append("\">");
    xml.append("<resource-lists xmlns=\"urn:ietf:params:xml:ns:resource-lists\"><list>");
    for (String uri : uris) {
      xml.append("<entry uri=\"").append(uri).append("\"/>");
    }
    xml.append("</list></resource-lists>");
    if (notify != null) {
      xml.append("<notify url=\"").append(notify).append("\"/>");
    }
    if (expires != null) {
      xml.append("<expires>").append(expires).append("</expires>");
    }
    return xml.append("</subscribe>").toString();
  }

  String regFor(String... who) {
    return subscribe("reg", world.in(Duration.ofHours(1)), who);
  }

  /** Creates a reg subscription to {@code who} and lets the SIP side settle; returns its id. */
  String created(String... who) {
    Subscription created = client.post(BASE, regFor(who)).expect(201).subscription();
    world.run();
    return created.id();
  }

  static List<String> uris(Subscription subscription) {
    return subscription.list().orElseThrow().resources().stream().map(Resource::uri).toList();
  }

  static Reginfo reginfo(Subscription subscription, String aor) {
    Resource resource =
        subscription.list().orElseThrow().resources().stream()
            .filter(r -> r.uri().equals(aor))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no resource " + aor + " in " + subscription));
    Instance instance = resource.instances().get(0);
    return Pbx.REGINFO.decode(instance.content().get(0));
  }

  static List<String> contactIds(Reginfo reginfo) {
    return reginfo.registrations().get(0).contacts().stream().map(Contact::id).toList();
  }

  // ---- the calls

  @ParameterizedTest
  @ValueSource(strings = {BASE, OLD_BASE})
  void postAnswers201WithTheNewSubscriptionAndItsLocationUnderTheSameBase(String base) {
    Instant expires = world.in(Duration.ofHours(2));
    Client.Answer answer = client.post(base, subscribe("reg", expires, "alice", "bob", "alice"));

    answer.expect(201);
    Subscription created = answer.subscription();
    assertEquals("reg", created.event());
    assertEquals(List.of(aor("alice"), aor("bob")), uris(created), "de-duplicated, in order");
    assertEquals(Optional.of(CALLBACK), created.notifyUrl());
    assertEquals(Optional.of(expires.atOffset(ZoneOffset.UTC)), created.expires());
    assertTrue(answer.header("Content-Type").orElseThrow().startsWith("application/xml"));
    URI location = URI.create(answer.header("Location").orElseThrow());
    assertEquals(client.uri(base + "/" + created.id()), location);

    world.run();
    assertEquals(1, world.pbx.subscribes(name("alice")).size(), "one SUBSCRIBE per resource");
    assertEquals(1, world.pbx.subscribes(name("bob")).size());
    Subscription got = client.get(location.getPath()).expect(200).subscription();
    assertEquals(created.id(), got.id());
    // the other base serves the same subscription
    String other = base.equals(BASE) ? OLD_BASE : BASE;
    assertEquals(
        created.id(), client.get(other + "/" + created.id()).expect(200).subscription().id());
  }

  @Test
  void getShowsTheMergedStateOfEveryResourceAfterEachNotify() {
    String first = world.pbx.register(name("alice"));
    String id = created("alice", "bob");

    Subscription got = client.get(BASE + "/" + id).expect(200).subscription();
    assertEquals(List.of(first), contactIds(reginfo(got, aor("alice"))));
    assertEquals(List.of(), contactIds(reginfo(got, aor("bob"))));

    String second = world.pbx.register(name("alice")); // a partial NOTIFY
    String bobs = world.pbx.register(name("bob"));
    world.run();
    got = client.get(BASE + "/" + id).expect(200).subscription();
    Reginfo alice = reginfo(got, aor("alice"));
    assertEquals(DocumentState.FULL, alice.state(), "partial NOTIFYs merged to full state");
    assertEquals(List.of(first, second), contactIds(alice));
    assertEquals(List.of(bobs), contactIds(reginfo(got, aor("bob"))));
    assertEquals(
        Instance.State.ACTIVE,
        got.list().orElseThrow().resources().get(0).instances().get(0).state());
  }

  @Test
  void putChangesTheExpiryAndTheResources() {
    String id = created("alice", "bob");
    Instant later = world.in(Duration.ofHours(5));

    String callback = "https://client.test/elsewhere";
    Client.Answer answer =
        client.put(
            BASE + "/" + id,
            subscribe("reg", callback, later, List.of(aor("alice"), aor("carol"))));

    Subscription updated = answer.expect(200).subscription();
    assertEquals(id, updated.id());
    assertEquals(Optional.of(callback), updated.notifyUrl());
    assertEquals(Optional.of(later.atOffset(ZoneOffset.UTC)), updated.expires());
    assertEquals(List.of(aor("alice"), aor("carol")), uris(updated));
    world.run();
    List<SipRequest> bob = world.pbx.subscribes(name("bob"));
    assertEquals(OptionalLong.of(0), bob.get(bob.size() - 1).expires(), "bob is unsubscribed");
    assertEquals(1, world.pbx.subscribes(name("carol")).size(), "carol is subscribed");
    Subscription got = client.get(BASE + "/" + id).expect(200).subscription();
    assertEquals(List.of(aor("alice"), aor("carol")), uris(got));
    assertEquals(Optional.of(later.atOffset(ZoneOffset.UTC)), got.expires());
    assertEquals(1, client.get(BASE).expect(200).subscriptions().subscriptions().size());
  }

  @Test
  void putRefusesWhatAnUpdateCannotChangeOrSay() {
    String id = created("alice");
    String path = BASE + "/" + id;
    assertTrue(
        client
            .put(path, subscribe("dialog", world.in(Duration.ofHours(1)), "alice"))
            .expect(400)
            .error()
            .message()
            .contains("event package"));
    client.put(path, subscribe("reg", world.in(Duration.ofHours(-1)), "alice")).expect(400).error();
    client.put(path, "<subscribe xmlns='" + NS + "' event='reg'/>").expect(400).error();
    client.put(BASE + "/nosuchid", regFor("alice")).expect(404).error();
    assertEquals(200, client.get(path).status(), "the subscription is unchanged");
  }

  @Test
  void deleteAnswers204AndEndsEverySipSubscription() {
    String id = created("alice", "bob");

    Client.Answer answer = client.delete(BASE + "/" + id);

    assertEquals(204, answer.status(), answer::body);
    assertEquals("", answer.body());
    world.run();
    for (String who : List.of("alice", "bob")) {
      List<SipRequest> subscribes = world.pbx.subscribes(name(who));
      assertEquals(2, subscribes.size(), "subscribe, unsubscribe: " + subscribes);
      assertEquals(OptionalLong.of(0), subscribes.get(1).expires(), "SUBSCRIBE with Expires: 0");
    }
    List<Notification> callbacks = world.sink.notifications(id);
    assertTrue(callbacks.get(callbacks.size() - 1).terminal(), "a final callback says terminated");
    client.get(BASE + "/" + id).expect(404).error();
    client.delete(BASE + "/" + id).expect(404).error();
    assertEquals(List.of(), client.get(BASE).expect(200).subscriptions().subscriptions());
  }

  @Test
  void theListShowsTheCallersOwnSubscriptionsOnly() {
    Client other = client.as(user + "-other");
    String one = created("alice");
    String two = created("bob", "carol");
    Subscription others = other.post(OLD_BASE, regFor("dave")).expect(201).subscription();

    List<SubscriptionSummary> mine = client.get(BASE).expect(200).subscriptions().subscriptions();

    assertEquals(
        Set.of(one, two), mine.stream().map(SubscriptionSummary::id).collect(Collectors.toSet()));
    SubscriptionSummary second =
        mine.stream().filter(s -> s.id().equals(two)).findFirst().orElseThrow();
    assertEquals("reg", second.event());
    assertEquals(2, second.resources());
    assertEquals(world.in(Duration.ofHours(1)).atOffset(ZoneOffset.UTC), second.expires());
    List<SubscriptionSummary> theirs =
        other.get(OLD_BASE).expect(200).subscriptions().subscriptions();
    assertEquals(List.of(others.id()), theirs.stream().map(SubscriptionSummary::id).toList());
  }

  @Test
  void anotherCallersSubscriptionIsNotFoundLikeOneThatDoesNotExist() {
    String id = created("alice");
    Client other = client.as(user + "-other");

    ApiError get = other.get(BASE + "/" + id).expect(404).error();
    other.put(BASE + "/" + id, regFor("alice")).expect(404).error();
    other.delete(BASE + "/" + id).expect(404).error();
    ApiError unknown = other.get(BASE + "/" + id + "x").expect(404).error();

    assertEquals(get.message().replace(id, "ID"), unknown.message().replace(id + "x", "ID"));
    client.get(BASE + "/" + id).expect(200);
    assertEquals(1, world.pbx.subscribes(name("alice")).size(), "the SIP side was not touched");
  }

  @Test
  void anUnknownSubscriptionIs404() {
    ApiError error = client.get(BASE + "/0123456789abcdef").expect(404).error();
    assertTrue(error.message().contains("0123456789abcdef"), error::message);
    client.get(OLD_BASE + "/%3Cscript%3E").expect(404).error();
    client.delete(BASE + "/0123456789abcdef").expect(404).error();
  }

  @Test
  void aRequestWithoutACallerIsRefused401BeforeItsBodyIsRead() {
    Client anonymous = client.as(null);
    anonymous.get(BASE).expect(401).error();
    anonymous.get(BASE + "/abc").expect(401).error();
    anonymous.post(BASE, "<not xml").expect(401).error();
    anonymous.delete(OLD_BASE + "/abc").expect(401).error();
  }

  @Test
  @SuppressWarnings("deprecation") // getSingletons
  void theCallsAnswerWhenTheServiceCompletesOnItsOwnThreadsWithItsOwnBound() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (World pooled = new World(threads)) {
      SepFeature feature =
          SepFeature.builder().service(pooled.service).maxRequestBytes(4096).build();
      Host other =
          start(
              new Application() {
                @Override
                public Set<Object> getSingletons() {
                  Set<Object> singletons = new HashSet<>(feature.singletons());
                  singletons.add(new TestPrincipalFilter());
                  return singletons;
                }
              });
      try {
        Client async = new Client(other.base(), user);
        String doc =
            subscribe(
                "reg", CALLBACK, pooled.in(Duration.ofHours(1)), List.of(pooled.pbx.aor("alice")));
        Client.Answer created = async.post(OLD_BASE, doc).expect(201);
        String id = created.subscription().id();
        assertEquals(
            async.uri(OLD_BASE + "/" + id).toString(), created.header("Location").orElseThrow());
        assertEquals(id, async.get(BASE + "/" + id).expect(200).subscription().id());
        async.put(BASE + "/" + id, doc).expect(200);
        async.delete(BASE + "/" + id).expect(204);
        async.get(BASE + "/" + id).expect(404).error();
        // this host's bound is 4 KiB
        String big = doc + " ".repeat(4097 - doc.length());
        assertTrue(async.post(BASE, big).expect(413).error().message().contains("4096"));
        async.post(BASE, big.substring(0, big.length() - 1)).expect(201);
      } finally {
        other.close();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  // ---- the host's own refusals

  @Test
  void anUnknownPathIsAn404ErrorDocument() {
    client.get("/v/2009-06/other").expect(404).error();
    client.get("/nothing/here").expect(404).error();
    client.get("/v/2010-01/sep").expect(404).error();
  }

  @Test
  void aMethodTheApiDoesNotServeIs405WithAllow() {
    Client.Answer answer = client.delete(BASE).expect(405);
    answer.error();
    String allow = answer.header("Allow").orElseThrow(() -> new AssertionError("no Allow"));
    assertTrue(allow.contains("GET") && allow.contains("POST"), allow);
    client
        .send(client.request(BASE + "/abc").method("PATCH", HttpRequest.BodyPublishers.noBody()))
        .expect(405)
        .error();
  }

  @Test
  void aBodyThatIsNotXmlIs415() {
    byte[] body = regFor("alice").getBytes(StandardCharsets.UTF_8);
    client.post(BASE, "text/plain", body).expect(415).error();
    client.post(BASE, "application/json", "{}".getBytes(StandardCharsets.UTF_8)).expect(415);
    client
        .send(
            client
                .request(BASE + "/abc")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)))
        .expect(415)
        .error();
    assertEquals(0, world.pbx.subscribes(name("alice")).size());
    // text/xml is XML too (RFC 7303)
    client.post(BASE, "text/xml; charset=utf-8", body).expect(201);
  }

  @Test
  void anAcceptTheApiCannotAnswerIs406() {
    client
        .send(
            client
                .request(BASE)
                .header("Content-Type", "application/xml")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(regFor("alice"))))
        .expect(406)
        .error();
    client.send(client.request(BASE).header("Accept", "text/html").GET()).expect(406).error();
    assertEquals(0, world.pbx.subscribes(name("alice")).size(), "refused before creating");
    Client.Answer textXml = client.send(client.request(BASE).header("Accept", "text/xml").GET());
    textXml.expect(200);
    assertTrue(textXml.header("Content-Type").orElseThrow().startsWith("text/xml"));
    // a DELETE answers no document, whatever the client accepts
    String id = created("bob");
    client
        .send(client.request(BASE + "/" + id).header("Accept", "application/json").DELETE())
        .expect(204);
  }

  @Test
  void anUnexpectedFailureIsA500WithAGenericMessageAndLoggedOnce() {
    Logger logger = Logger.getLogger("org.sepapi.rest.internal.ErrorMapper");
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      Client.Answer answer = client.get("/boom").expect(500);
      assertEquals("internal server error", answer.error().message());
      assertFalse(answer.body().contains("secret"), answer::body);
      assertFalse(answer.body().contains("Exception"), answer::body);
    } finally {
      logger.removeHandler(handler);
    }
    assertEquals(1, records.size(), records::toString);
    assertEquals(Level.SEVERE, records.get(0).getLevel());
    assertEquals("secret detail of a bug", records.get(0).getThrown().getMessage());
  }

  @Test
  void aServerErrorOfTheHostKeepsItsStatusAndRetryAfter() {
    Client.Answer answer = client.get("/boom/busy").expect(503);
    assertEquals("service unavailable", answer.error().message());
    assertEquals(Optional.of("120"), answer.header("Retry-After"));
  }

  // ---- bad subscribe documents

  @Test
  void anInvalidSipUriIs400() {
    Instant expires = world.in(Duration.ofHours(1));
    for (String uri : List.of("http://example.com/x", "sip:", "sip:a b@example.com", "alice")) {
      ApiError error =
          client.post(BASE, subscribe("reg", CALLBACK, expires, List.of(uri))).expect(400).error();
      assertTrue(error.message().contains("resource-lists entry"), error::message);
    }
    String rls =
        "<subscribe xmlns='"
            + NS
            + "' event='presence'><rls uri='tel:+15551234'/><expires>"
            + expires
            + "</expires></subscribe>";
    assertTrue(client.post(BASE, rls).expect(400).error().message().contains("rls uri"));
  }

  @Test
  void anInvalidOrRefusedCallbackIs400() {
    Instant expires = world.in(Duration.ofHours(1));
    List<String> entries = List.of(aor("alice"));
    for (String url : List.of("ftp://client.test/x", "http://", "/relative", "http://a b/")) {
      ApiError error =
          client.post(BASE, subscribe("reg", url, expires, entries)).expect(400).error();
      assertTrue(error.message().contains("notify url"), error::message);
    }
    assertEquals(0, world.pbx.subscribes(name("alice")).size());
  }

  @Test
  void anExpiryInThePastOrNoneIs400() {
    ApiError past =
        client
            .post(BASE, subscribe("reg", world.in(Duration.ofSeconds(-1)), "alice"))
            .expect(400)
            .error();
    assertTrue(past.message().contains("expiry has passed"), past::message);
    client.post(BASE, subscribe("reg", CALLBACK, null, List.of(aor("alice")))).expect(400).error();
    assertEquals(0, world.pbx.subscribes(name("alice")).size());
  }

  @Test
  void anyEventTokenIsPassedThroughAndANonTokenIs400() {
    client.post(BASE, subscribe("x-custom", world.in(Duration.ofHours(1)), "alice")).expect(201);
    world.run();
    assertEquals(
        Optional.of("x-custom"), world.pbx.subscribes(name("alice")).get(0).header("Event"));
    client.post(BASE, subscribe("re g", world.in(Duration.ofHours(1)), "bob")).expect(400).error();
  }

  @Test
  void anRlsListUriIsOneSubscribeAskingForAnEventList() {
    String rls =
        "<subscribe xmlns='"
            + NS
            + "' event='reg'><rls uri='"
            + aor("friends")
            + "'/><notify url='"
            + CALLBACK
            + "'/><expires>"
            + world.in(Duration.ofHours(1))
            + "</expires><accept>application/rlmi+xml</accept>"
            + "<accept>multipart/related</accept></subscribe>";
    client.post(BASE, rls).expect(201);
    world.run();
    List<SipRequest> subscribes =
        world.pbx.subscribes(name("friends")).stream().filter(s -> s.to().tag().isEmpty()).toList();
    assertEquals(1, subscribes.size(), subscribes::toString);
    assertTrue(subscribes.get(0).header("Supported").orElse("").contains("eventlist"));
  }

  @Test
  void aSubscribeWithoutResourcesOrBodyIs400() {
    client
        .post(BASE, subscribe("reg", CALLBACK, world.in(Duration.ofHours(1)), List.of()))
        .expect(400)
        .error();
    client.post(BASE, "application/xml", new byte[0]).expect(400).error();
    client.post(BASE, "<subscriptions xmlns='" + NS + "'/>").expect(400).error();
  }

  @Test
  void malformedXmlIs400SayingWhere() {
    String doc = "<subscribe xmlns='" + NS + "' event='reg'>\n  <expires>x</expires\n</subscribe>";
    ApiError error = client.post(BASE, doc).expect(400).error();
    assertTrue(error.message().matches("(?s).*line 3, column \\d+.*"), error::message);
    ApiError unknownElement =
        client
            .post(BASE, "<subscribe xmlns='" + NS + "' event='reg'>\n<bogus/></subscribe>")
            .expect(400)
            .error();
    assertTrue(unknownElement.message().contains("line 2"), unknownElement::message);
  }

  @Test
  void anExternalEntityIsRefusedAndNothingOfTheFileLeaks() throws Exception {
    java.nio.file.Path secret = Files.createTempFile("sep-secret", ".txt");
    try {
      Files.writeString(secret, "TOP-SECRET-42");
      String doc =
          "<?xml version='1.0'?><!DOCTYPE subscribe [<!ENTITY xxe SYSTEM '"
              + secret.toUri()
              + "'>]><subscribe xmlns='"
              + NS
              + "' event='reg'><notify url='&xxe;'/></subscribe>";
      Client.Answer answer = client.post(BASE, doc).expect(400);
      assertTrue(answer.error().message().contains("document type"), answer::body);
      assertFalse(answer.body().contains("TOP-SECRET"), answer::body);
    } finally {
      Files.delete(secret);
    }
  }

  @Test
  void billionLaughsIsRefusedAtOnce() {
    StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE subscribe [\n");
    doc.append(" <!ENTITY lol0 \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
      doc.append(" <!ENTITY lol").append(i).append(" \"");
      doc.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
    }
    doc.append("]>\n<subscribe xmlns='").append(NS).append("' event='&lol9;'/>");
    ApiError error =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> client.post(BASE, doc.toString()).expect(400).error());
    assertTrue(error.message().contains("line 2, column 1"), error::message);
  }

  @Test
  void aBodyAtTheBoundIsReadAndOneByteMoreIs413() {
    int bound = SepFeature.DEFAULT_MAX_REQUEST_BYTES;
    String doc = regFor("alice");
    String padded = doc + " ".repeat(bound - doc.getBytes(StandardCharsets.UTF_8).length);
    client.post(BASE, padded).expect(201);
    client.post(BASE, padded + " ").expect(413).error();
    // the same without a Content-Length: the body is read only to the bound
    client
        .send(
            client
                .request(BASE)
                .header("Content-Type", "application/xml")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () ->
                            new java.io.ByteArrayInputStream(
                                (padded + " ").getBytes(StandardCharsets.UTF_8)))))
        .expect(413)
        .error();
  }

  @Test
  void aHundredMegabyteBodyIs413AndTheHostKeepsServing() throws Exception {
    long length = 100L << 20;
    for (boolean chunked : List.of(false, true)) {
      String answer = streamHugeBody(length, chunked);
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(answer.contains("<code>413</code>"), answer);
    }
    client.get(BASE).expect(200);
    created("alice");
  }

  /**
   * Sends a {@code length}-byte POST over a raw socket, generating the bytes as it goes, and
   * returns the head and start of the answer as soon as it comes; stops sending then.
   */
  private String streamHugeBody(long length, boolean chunked) throws Exception {
    URI base = host.base();
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String head =
          "POST "
              + BASE
              + " HTTP/1.1\r\nHost: "
              + base.getHost()
              + ":"
              + base.getPort()
              + "\r\nContent-Type: application/xml\r\n"
              + TestPrincipalFilter.HEADER
              + ": "
              + user
              + "\r\n"
              + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n")
              + "\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      AtomicLong sent = new AtomicLong();
      Thread writer =
          new Thread(
              () -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'a');
                byte[] chunkHead = (Integer.toHexString(chunk.length) + "\r\n").getBytes();
                try {
                  while (sent.get() < length) {
                    if (chunked) {
                      out.write(chunkHead);
                    }
                    out.write(chunk);
                    if (chunked) {
                      out.write(new byte[] {'\r', '\n'});
                    }
                    sent.addAndGet(chunk.length);
                  }
                } catch (java.io.IOException closed) {
                  // the host stopped reading and closed: expected
                }
              },
              "huge-body-writer");
      writer.setDaemon(true);
      writer.start();
      InputStream in = socket.getInputStream();
      StringBuilder answer = new StringBuilder();
      byte[] buffer = new byte[4096];
      while (!answer.toString().contains("</error>")) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      }
      socket.shutdownOutput(); // the writer's next write fails: it stops
      writer.join(30_000);
      assertTrue(sent.get() < length, "the host answered before the whole body was sent");
      return answer.toString();
    }
  }

  // ---- property

  @Test
  void noBodyYieldsA5xxOrAnAnswerThatIsNotAnErrorDocument() {
    List<byte[]> seeds =
        List.of(
            regFor("alice").getBytes(StandardCharsets.UTF_8),
            subscribe("dialog", null, world.in(Duration.ofHours(1)), List.of(aor("bob")))
                .getBytes(StandardCharsets.UTF_8));
    Gen<byte[]> bodies = ModelTheories.mutations(seeds).mix(ModelTheories.randomBytes(300), 30);
    QuickTheory.qt()
        .withExamples(150)
        .withShrinkCycles(50)
        .forAll(bodies)
        .checkAssert(
            body -> {
              Client.Answer answer = client.post(BASE, "application/xml", body);
              assertTrue(answer.status() < 500, answer::body);
              if (answer.status() != 201) {
                answer.error();
                assertTrue(
                    answer.status() == 400 || answer.status() == 413,
                    () -> answer.status() + " " + answer.body());
              } else {
                answer.subscription();
              }
            });
    world.run();
  }
}
