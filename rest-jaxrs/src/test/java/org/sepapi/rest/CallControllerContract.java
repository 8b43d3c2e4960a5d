package org.sepapi.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Feature;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.sip.Challenge;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.CallbackPolicy;
import org.sepapi.core.spi.Notification;
import org.sepapi.model.api.ApiError;
import org.sepapi.model.callstatus.Status;
import org.sepapi.model.callstatus.StatusLines;
import org.sepapi.rest.auth.ApiPrincipal;
import org.sepapi.rest.auth.ClientAddressResolver;
import org.sepapi.rest.auth.DigestClient;
import org.sepapi.rest.auth.HttpAuthFilter;
import org.sepapi.rest.auth.InMemoryUserDirectory;
import org.sepapi.rest.auth.TrustedHosts;
import org.sepapi.rest.auth.User;

/**
 * Every call of the call controller API over real HTTP on 127.0.0.1, against a host that a subclass
 * starts: the same cases run in every host. The SIP side is {@link CallWorld}: a PBX on the
 * in-memory network is every user's phone, scripted by the tests. Each test calls as its own users
 * (unique names), so the tests share one host and one controller. The application also holds the
 * SEP API (with a 4 KiB request bound), to show that both APIs live side by side.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CallControllerContract {
  static final String CALLBACK = "http://crm.test/calls";
  static final String TRUSTED = ApiPrincipal.TRUSTED_HOSTS;

  private static final AtomicInteger TESTS = new AtomicInteger();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  CallWorld world;
  SubscriptionService subscriptions;
  TestDirectory users;
  Host host;

  /** Calls as {@link #alice}. */
  Client client;

  String user;
  String alice;
  String bob;
  String carol;

  /** Starts {@code application} in the host under test, on 127.0.0.1 and a port of its choosing. */
  abstract Host start(Application application);

  /** How an {@link HttpAuthFilter} in this host learns the client address (start wires it up). */
  abstract ClientAddressResolver clientAddresses();

  @BeforeAll
  void startHost() {
    world = new CallWorld();
    users = new TestDirectory();
    subscriptions =
        SubscriptionService.builder()
            .transport(world.network.transport("sep.test"))
            .scheduler(world.scheduler)
            .clock(world.clock)
            .executor(Runnable::run)
            .random(new Random(5))
            .sink(new RecordingSink())
            .identity(NameAddr.parse("<sip:sepapi@sep.test>"))
            .build();
    CallControllerFeature calls =
        CallControllerFeature.builder()
            .controller(world.controller)
            .users(users)
            .callbackPolicy(
                callback -> {
                  CallbackPolicy.httpOnly().check(callback);
                  if ("blocked.test".equals(callback.getHost())) {
                    throw new CallbackPolicy.CallbackRefusedException("blocked.test is private");
                  }
                })
            .build();
    SepFeature sep = SepFeature.builder().service(subscriptions).maxRequestBytes(4096).build();
    host =
        start(application(calls.singletons(), sep.singletons(), Set.of(new TestPrincipalFilter())));
  }

  @AfterAll
  void stopHost() {
    if (host != null) {
      host.close();
    }
    if (subscriptions != null) {
      subscriptions.close();
    }
    if (world != null) {
      world.close();
    }
  }

  @BeforeEach
  void newUsers() {
    user = "u" + TESTS.incrementAndGet();
    alice = user + "-alice";
    bob = user + "-bob";
    carol = user + "-carol";
    client = new Client(host.base(), alice);
  }

  @SafeVarargs
  static Application application(Set<Object>... parts) {
    Set<Object> singletons = new HashSet<>();
    for (Set<Object> part : parts) {
      singletons.addAll(part);
    }
    return new Application() {
      @Override
      @SuppressWarnings("deprecation") // getSingletons: the portable way to hand over instances
      public Set<Object> getSingletons() {
        return singletons;
      }
    };
  }

  static String path(String calling, String called) {
    return "/callcontroller/" + calling + "/" + called;
  }

  static String uri(String name) {
    return "sip:" + name + "@" + CallWorld.DOMAIN;
  }

  /** Each status line as {@code METHOD status-line}. */
  static List<String> lines(StatusLines document) {
    return document.statuses().stream().map(s -> s.method() + " " + s.statusLine()).toList();
  }

  /**
   * Answers the calling user's INVITE and the REFER, reports {@code frags}, and answers the BYE.
   */
  SipRequest referAndComplete(String calling, String... frags) {
    SipRequest invite = world.phones.invite(calling);
    world.pbx.respond(invite, 180);
    world.phones.answer(invite);
    world.run();
    SipRequest refer = world.phones.request("REFER", invite.callId());
    world.pbx.respond(refer, 202);
    for (int i = 0; i < frags.length; i++) {
      boolean last = i == frags.length - 1;
      world.phones.notifyFrag(
          refer, frags[i], last ? "terminated;reason=noresource" : "active;expires=60");
    }
    world.run();
    SipRequest bye = world.phones.request("BYE", invite.callId());
    world.pbx.respond(bye, 200);
    world.run();
    return invite;
  }

  // ---- placing, reading and ending calls

  @Test
  void postReferPlacesTheCallAndGetShowsEveryStatusLineInOrder() {
    String path = path(alice, bob);

    Client.Answer placed = client.post(path + "?subject=Sales%20call").expect(200);

    assertEquals(client.uri(path), URI.create(placed.header("Location").orElseThrow()));
    assertEquals(List.of(), placed.statusLines().statuses(), "nothing seen yet");
    SipRequest invite = world.phones.invite(alice);
    assertEquals(SipUri.parse(uri(alice)), invite.requestUri());
    assertEquals(SipUri.parse(uri(alice)), invite.from().uri(), "no agent: from the caller");
    assertEquals(Optional.of("Sales call"), invite.header("Subject"));
    world.pbx.respond(invite, 180);
    world.phones.answer(invite);
    world.run();
    SipRequest refer = world.phones.request("REFER", invite.callId());
    assertEquals(
        SipUri.parse(uri(bob)), NameAddr.parse(refer.header("Refer-To").orElseThrow()).uri());
    world.pbx.respond(refer, 202);
    world.phones.notifyFrag(refer, "SIP/2.0 100 Trying", "active;expires=60");
    world.run();
    assertEquals(
        List.of(
            "INVITE SIP/2.0 180 Ringing",
            "INVITE SIP/2.0 200 OK",
            "REFER SIP/2.0 202 Accepted",
            "NOTIFY SIP/2.0 100 Trying"),
        lines(client.get(path).expect(200).statusLines()),
        "a live call shows what it saw so far");
    world.phones.notifyFrag(refer, "SIP/2.0 200 OK", "terminated;reason=noresource");
    world.run();
    world.pbx.respond(world.phones.request("BYE", invite.callId()), 200);
    world.run();

    Client.Answer got = client.get(path).expect(200);
    StatusLines document = got.statusLines();
    assertEquals(
        List.of(
            "INVITE SIP/2.0 180 Ringing",
            "INVITE SIP/2.0 200 OK",
            "REFER SIP/2.0 202 Accepted",
            "NOTIFY SIP/2.0 100 Trying",
            "NOTIFY SIP/2.0 200 OK",
            "BYE SIP/2.0 200 OK"),
        lines(document));
    for (Status status : document.statuses()) {
      assertEquals(invite.callId(), status.callId());
      assertEquals(world.clock.millis(), status.timestamp(), "no time passed");
    }
    assertTrue(got.body().contains("call-status-00-00"), got::body);
    // the same call, named by full addresses
    assertEquals(
        document,
        client.get(path(alice + "@" + CallWorld.DOMAIN, uri(bob))).expect(200).statusLines());
  }

  @Test
  void postInviteCallsBothPhonesAndConnectsThemThroughTheController() {
    String path = path(alice, bob);

    client.post(path + "?sipMethod=invite&isForwardingAllowed=TRUE").expect(200);

    SipRequest a = world.phones.invite(alice);
    assertTrue(a.body().orElseThrow().text().contains("a=inactive"), "an offer with no media");
    world.pbx.respond(a, 180);
    world.phones.answer(a);
    world.run();
    SipRequest b = world.phones.invite(bob);
    assertTrue(b.body().isEmpty(), "the called user makes the offer");
    world.phones.answer(b);
    world.run();
    SipRequest reinvite = world.phones.request("INVITE", a.callId());
    assertEquals(Phones.SDP, reinvite.body().orElseThrow().text(), "B's offer goes to A");
    world.phones.answer(reinvite);
    world.run();
    assertTrue(
        world.phones.received(
            r -> r.method().equals("ACK") && r.callId().equals(b.callId()) && r.body().isPresent()),
        "B gets A's answer in the ACK");

    StatusLines connected = client.get(path).expect(200).statusLines();
    assertEquals(
        List.of(
            "INVITE SIP/2.0 180 Ringing",
            "INVITE SIP/2.0 200 OK",
            "INVITE SIP/2.0 200 OK",
            "INVITE SIP/2.0 200 OK"),
        lines(connected));
    assertEquals(
        List.of(a.callId(), a.callId(), b.callId(), a.callId()),
        connected.statuses().stream().map(Status::callId).toList());

    // DELETE hangs up both legs
    client.delete(path).expect(204);
    world.pbx.respond(world.phones.request("BYE", a.callId()), 200);
    world.pbx.respond(world.phones.request("BYE", b.callId()), 200);
    world.run();
    List<String> ended = lines(client.get(path).expect(200).statusLines());
    assertEquals(List.of("BYE SIP/2.0 200 OK", "BYE SIP/2.0 200 OK"), ended.subList(4, 6));
  }

  @Test
  void deleteCancelsARingingCallAndTheCallIsGoneAfterItsResultCacheTime() {
    String path = path(alice, bob);
    client.post(path + "?resultCacheTime=5&timeout=20").expect(200);
    SipRequest invite = world.phones.invite(alice);
    world.pbx.respond(invite, 180);
    world.run();

    Client.Answer deleted = client.delete(path);

    assertEquals(204, deleted.status(), deleted::body);
    assertEquals("", deleted.body());
    SipRequest cancel = world.phones.request("CANCEL", invite.callId());
    assertEquals(invite.cseq().sequence(), cancel.cseq().sequence());
    world.run();
    assertEquals(
        // callcontrol-core does not record the CANCEL's own 200 (the transport answers it)
        List.of("INVITE SIP/2.0 180 Ringing", "INVITE SIP/2.0 487 Request Terminated"),
        lines(client.get(path).expect(200).statusLines()),
        "kept after it ended");
    client.delete(path).expect(204); // an ended call is left as it is

    world.advance(Duration.ofSeconds(5));

    assertTrue(client.get(path).expect(404).error().message().contains("no call"));
    client.delete(path).expect(404).error();
  }

  @Test
  void aCallThatWasNeverPlacedIs404() {
    ApiError error = client.get(path(alice, bob)).expect(404).error();
    assertTrue(error.message().contains(uri(alice)), error::message);
    client.delete(path(alice, bob)).expect(404).error();
    assertFalse(world.phones.receivedFor(alice));
  }

  @Test
  void aNewPostForTheSameUsersReplacesTheLiveCall() {
    String path = path(alice, bob);
    client.post(path).expect(200);
    SipRequest first = world.phones.invite(alice);
    world.pbx.respond(first, 180);

    client.post(path + "?sipMethod=REFER").expect(200);

    world.phones.request("CANCEL", first.callId());
    SipRequest second = world.phones.invite(alice);
    assertFalse(first.callId().equals(second.callId()));
    world.run();
    assertEquals(List.of(), lines(client.get(path).expect(200).statusLines()), "the new call");
  }

  @Test
  void statusLinesAreXmlEscaped() {
    String path = path(alice, bob);
    client.post(path).expect(200);
    String line = "SIP/2.0 180 Ringing <&> \"here\"";

    referAndComplete(alice, line);

    Client.Answer got = client.get(path).expect(200);
    assertTrue(got.body().contains("180 Ringing &lt;&amp;&gt;"), got::body);
    assertTrue(lines(got.statusLines()).contains("NOTIFY " + line), got::body);
  }

  @Test
  void textXmlIsServedWhenAskedAndAnAcceptTheApiCannotAnswerIs406() {
    String path = path(alice, bob);
    client
        .send(client.request(path).header("Accept", "application/json").POST(noBody()))
        .expect(406)
        .error();
    assertFalse(world.phones.receivedFor(alice), "refused before the call is placed");
    client.post(path).expect(200);
    Client.Answer text = client.send(client.request(path).header("Accept", "text/xml").GET());
    text.expect(200);
    assertTrue(text.header("Content-Type").orElseThrow().startsWith("text/xml"));
  }

  @Test
  void theCallStateCallbacksGoToTheCallbackUrl() {
    client.post(path(alice, bob) + "?callback=" + enc(CALLBACK + "?id=1&x=2")).expect(200);
    referAndComplete(alice, "SIP/2.0 200 OK");
    world.run();

    List<Notification> callbacks = world.sink.notifications();
    List<Notification> mine =
        callbacks.stream()
            .filter(n -> n.callback().equals(URI.create(CALLBACK + "?id=1&x=2")))
            .toList();
    // states that change between two takes of the sink are sent as one callback
    assertTrue(mine.size() >= 2, () -> "initiated, ..., completed: " + callbacks);
    assertEquals(1, mine.get(0).version());
    assertTrue(mine.get(mine.size() - 1).terminal());
    assertTrue(
        new String(mine.get(mine.size() - 1).body().content(), StandardCharsets.UTF_8)
            .contains("completed"));
  }

  @Test
  void aUriParameterOfAUserIsEscapedInThePathAndAnUnescapedOneIsIgnored() {
    client.post(path(uri(alice) + "%3Btransport=tcp", bob)).expect(200);
    SipRequest escaped = world.phones.invite(alice);
    assertEquals(Optional.of("tcp"), escaped.requestUri().parameter("transport"));
    world.pbx.respond(escaped, 180);

    // an unescaped ';' starts a matrix parameter of the path, which neither host hands over
    client.post(path(uri(alice) + ";transport=udp", bob)).expect(200);
    SipRequest plain = world.phones.invite(alice);
    assertEquals(SipUri.parse(uri(alice)), plain.requestUri());
    client.get(path(alice, bob)).expect(200);
    client.get(path(uri(alice) + "%3Btransport=tcp", bob)).expect(200); // another call
  }

  // ---- errors

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "timeout=abc|400|timeout",
        "timeout=0|400|timeout",
        "timeout=601|400|timeout",
        "timeout=-5|400|timeout",
        "timeout=1.5|400|timeout",
        "timeout=99999999999999999999|400|timeout",
        "timeout=5&timeout=6|400|more than once",
        "resultCacheTime=-1|400|resultCacheTime",
        "resultCacheTime=86401|400|resultCacheTime",
        "resultCacheTime=soon|400|resultCacheTime",
        "isForwardingAllowed=yes|400|isForwardingAllowed",
        "callback=ftp%3A%2F%2Fcrm.test%2Fx|400|callback",
        "callback=%2Frelative|400|callback",
        "callback=http%3A%2F%2F|400|callback",
        "callback=http%3A%2F%2Fa%20b%2F|400|callback",
        "callback=http%3A%2F%2Fblocked.test%2Fx|400|blocked.test is private",
        "subject=a%07b|400|control character",
        "subject=a%0D%0AVia%3A%20x|400|control character",
        "sipMethod=BYE|406|sipMethod",
        "sipMethod=invite2|406|sipMethod",
        "agent=a%20b|400|agent",
        "agent=sip%3A|400|agent",
      })
  void aBadParameterIsRefusedAndNothingIsSent(String query, int status, String says) {
    ApiError error = client.post(path(alice, bob) + "?" + query).expect(status).error();
    assertTrue(error.message().contains(says), error::message);
    assertFalse(error.message().contains("Exception"), error::message);
    assertFalse(world.phones.receivedFor(alice), "nothing was sent");
  }

  @Test
  void aSubjectLongerThan256CharactersIs400() {
    client.post(path(alice, bob) + "?subject=" + "x".repeat(257)).expect(400).error();
    client.post(path(alice, bob) + "?subject=" + "x".repeat(256)).expect(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a%20b",
        "sip:",
        "sip:@pbx.test",
        "tel:+15551234",
        "sip:NAME:secret@pbx.test",
        "sip:NAME@pbx.test%3Fsubject=x",
        "NAME@",
        "%3Cscript%3E",
      })
  void aBadUserIs400ForEveryMethod(String bad) {
    String name = bad.replace("NAME", alice);
    for (String path : List.of(path(name, bob), path(alice, name))) {
      assertTrue(client.post(path).expect(400).error().message().contains("user"));
      client.get(path).expect(400).error();
      client.delete(path).expect(400).error();
    }
    assertFalse(world.phones.receivedFor(alice));
  }

  @Test
  void aRequestWithoutACallerIs401() {
    Client anonymous = client.as(null);
    anonymous.post(path(alice, bob)).expect(401).error();
    anonymous.get(path(alice, bob)).expect(401).error();
    anonymous.delete(path(alice, bob)).expect(401).error();
    assertFalse(world.phones.receivedFor(alice));
  }

  @Test
  void unknownPathsAndMethodsAreErrorDocuments() {
    client.get("/callcontroller/" + alice).expect(404).error();
    client.get("/callcontroller").expect(404).error();
    Client.Answer put =
        client.send(client.request(path(alice, bob)).PUT(HttpRequest.BodyPublishers.noBody()));
    put.expect(405).error();
    String allow = put.header("Allow").orElseThrow();
    assertTrue(allow.contains("POST") && allow.contains("DELETE"), allow);
  }

  @Test
  void aFullControllerIs503AndAClosedOneToo() {
    try (CallWorld small = new CallWorld(builder -> builder.maxCalls(1))) {
      CallControllerFeature feature =
          CallControllerFeature.builder().controller(small.controller).build();
      Host other = start(application(feature.singletons(), Set.of(new TestPrincipalFilter())));
      try {
        Client calls = new Client(other.base(), alice);
        calls.post(path(alice, bob)).expect(200);
        ApiError full = calls.post(path(alice, carol)).expect(503).error();
        assertTrue(full.message().contains("too many calls"), full::message);
        small.controller.close();
        calls.post(path(alice, carol)).expect(503).error();
        calls.get(path(alice, bob)).expect(200);
      } finally {
        other.close();
      }
    }
  }

  @Test
  void theSepApiLivesAlongsideWithItsOwnRequestBound() {
    client.get("/v/2009-06/sep").expect(200).subscriptions();
    String big =
        "<subscribe xmlns='http://voip.co.uk/api/sep/2009-06' event='reg'>"
            + " ".repeat(5000)
            + "</subscribe>";
    assertTrue(client.post("/v/2009-06/sep", big).expect(413).error().message().contains("4096"));
  }

  // ---- who may do what

  @Test
  void aCallerActsOnlyForItselfWithoutAnAgent() {
    String others = path(bob, carol);
    assertTrue(client.post(others).expect(403).error().message().contains("agent"));
    client.get(others).expect(403).error();
    client.delete(others).expect(403).error();
    // the values are checked before the rights
    client.post(others + "?subject=a%07b").expect(400).error();
    client.post(others + "?sipMethod=BYE").expect(406).error();
    client.post(path("a%20b", carol)).expect(400).error();
    // a full address of another domain is another user
    client.post(path(alice + "@elsewhere.test", bob)).expect(403).error();
    assertFalse(world.phones.receivedFor(bob));
    // its own full address is itself
    client.post(path(uri(alice), bob)).expect(200);
    world.phones.invite(alice);
  }

  @Test
  void anAllowedAgentPlacesSeesAndHangsUpTheCallsOfTheUsersItActsFor() {
    String agent = user + "-agent";
    users.add(User.builder(agent).actsFor(alice).build());
    Client asAgent = client.as(agent);
    String path = path(alice, bob);

    Client.Answer placed = asAgent.post(path + "?agent=" + agent).expect(200);

    assertEquals(
        client.uri(path + "?agent=" + agent), URI.create(placed.header("Location").orElseThrow()));
    SipRequest invite = world.phones.invite(alice);
    assertEquals(SipUri.parse(uri(agent)), invite.from().uri(), "sent as the agent");
    asAgent.get(path + "?agent=" + agent).expect(200).statusLines();
    asAgent.get(path + "?agent=" + enc(uri(agent))).expect(200); // the agent by its address
    client.as(TRUSTED).get(path + "?agent=" + agent).expect(200);
    // the agent's call is not the calling user's
    client.get(path).expect(404).error();
    client.delete(path).expect(404).error();
    // without naming itself as agent, the agent is just a caller for another user
    asAgent.get(path).expect(403).error();

    world.pbx.respond(invite, 180); // a CANCEL waits for a provisional response
    asAgent.delete(path + "?agent=" + agent).expect(204);
    world.phones.request("CANCEL", invite.callId());
  }

  @Test
  void anAgentThatMayNotActForTheCallingUserIs403() {
    String agent = user + "-agent";
    users.add(User.builder(agent).actsFor(carol).build());
    Client asAgent = client.as(agent);

    ApiError error = asAgent.post(path(alice, bob) + "?agent=" + agent).expect(403).error();
    assertTrue(error.message().contains("may not act for"), error::message);
    asAgent.get(path(alice, bob) + "?agent=" + agent).expect(403).error();
    asAgent.delete(path(alice, bob) + "?agent=" + agent).expect(403).error();
    // not in the directory at all
    client.as(user + "-ghost").post(path(alice, bob) + "?agent=" + user + "-ghost").expect(403);
    // the trusted principal acts as an agent only where the directory allows that agent
    client.as(TRUSTED).post(path(alice, bob) + "?agent=" + agent).expect(403).error();
    assertFalse(world.phones.receivedFor(alice));
  }

  @Test
  void anAgentOtherThanTheCallerIs403() {
    String agent = user + "-agent";
    users.add(User.builder(agent).actsFor(alice).build());

    ApiError error = client.post(path(alice, bob) + "?agent=" + agent).expect(403).error();

    assertTrue(error.message().contains("the agent must be the caller"), error::message);
    client.get(path(alice, bob) + "?agent=" + agent).expect(403).error();
    assertFalse(world.phones.receivedFor(alice));
  }

  @Test
  void anAgentForAnyoneMayActForUsersOfOtherDomains() {
    String operator = user + "-operator";
    users.add(User.builder(operator).actsForAnyone().build());
    String foreign = alice + "@elsewhere.test";

    client.as(operator).post(path(foreign, bob) + "?agent=" + operator).expect(200);

    client
        .as(operator)
        .get(
            path(uri(alice).replace(CallWorld.DOMAIN, "elsewhere.test"), bob)
                + "?agent="
                + operator)
        .expect(200);
  }

  @Test
  void theTrustedPrincipalActsForAnyoneAndOwnsItsCalls() {
    Client trusted = client.as(TRUSTED);
    String path = path(alice, bob);

    trusted.post(path).expect(200);

    world.phones.invite(alice);
    trusted.get(path).expect(200);
    client.get(path).expect(404).error(); // alice's own view holds no such call
    trusted.delete(path).expect(204);
  }

  // ---- with the real authentication filter

  @Test
  void digestUsersAndTrustedHostsWithTheRealFilter() throws Exception {
    String agent = user + "-agent";
    InMemoryUserDirectory directory =
        InMemoryUserDirectory.builder()
            .add(User.builder(alice).pin("1111").build())
            .add(User.builder(bob).pin("2222").build())
            .add(User.builder(agent).pin("3333").actsFor(alice).build())
            .build();
    Host digestOnly = authenticated(directory, TrustedHosts.none());
    Host trusting = authenticated(directory, TrustedHosts.parse("127.0.0.1,::1"));
    try {
      Digest digest = new Digest(digestOnly.base());
      HttpResponse<String> anonymous = digest.send(null, null, "POST", path(alice, bob));
      assertEquals(401, anonymous.statusCode());
      assertEquals(2, anonymous.headers().allValues("WWW-Authenticate").size());
      assertEquals(401, Client.ERROR.decode(anonymous.body()).code());
      assertFalse(world.phones.receivedFor(alice));

      assertEquals(200, digest.send(alice, "1111", "POST", path(alice, bob)).statusCode());
      world.phones.invite(alice);
      assertEquals(200, digest.send(alice, "1111", "GET", path(alice, bob)).statusCode());
      assertEquals(401, digest.send(alice, "2222", "GET", path(alice, bob)).statusCode());
      assertEquals(403, digest.send(bob, "2222", "GET", path(alice, bob)).statusCode());
      assertEquals(403, digest.send(alice, "1111", "POST", path(agent, bob)).statusCode());
      String asAgent = path(alice, carol) + "?agent=" + agent;
      assertEquals(200, digest.send(agent, "3333", "POST", asAgent).statusCode());
      world.phones.invite(alice);
      assertEquals(
          403, digest.send(bob, "2222", "POST", path(alice, carol) + "?agent=" + bob).statusCode());
      assertEquals(
          403,
          digest.send(bob, "2222", "POST", path(alice, carol) + "?agent=" + agent).statusCode());

      // a trusted host needs no credentials and acts for anyone, as ~trusted
      Digest local = new Digest(trusting.base());
      String dave = user + "-dave";
      HttpResponse<String> placed = local.send(null, null, "POST", path(dave, bob));
      assertEquals(200, placed.statusCode(), placed.body());
      world.phones.invite(dave);
      assertEquals(200, local.send(null, null, "GET", path(dave, bob)).statusCode());
      // on the trusted host, Digest credentials make the request that user's
      assertEquals(403, local.send(alice, "1111", "GET", path(dave, bob)).statusCode());
      assertEquals(404, local.send(alice, "1111", "GET", path(alice, carol)).statusCode());
      assertEquals(
          200, local.send(null, null, "GET", path(alice, carol) + "?agent=" + agent).statusCode());
      assertEquals(
          204,
          local.send(null, null, "DELETE", path(alice, carol) + "?agent=" + agent).statusCode());
    } finally {
      digestOnly.close();
      trusting.close();
    }
  }

  private Host authenticated(InMemoryUserDirectory directory, TrustedHosts trusted) {
    HttpAuthFilter auth =
        HttpAuthFilter.builder()
            .realm("sepapi.test")
            .users(directory)
            .trustedHosts(trusted)
            .clientAddress(clientAddresses())
            .build();
    CallControllerFeature feature =
        CallControllerFeature.builder().controller(world.controller).users(directory).build();
    // as the README registers it: a Feature gives the filter its priority
    Feature authentication =
        context -> {
          context.register(auth, Priorities.AUTHENTICATION);
          return true;
        };
    return start(application(feature.singletons(), Set.of(authentication)));
  }

  /** A client that answers the Digest challenge of the server at {@code base}. */
  private static final class Digest {
    private final URI base;
    private final Map<String, Integer> counts = new HashMap<>();

    Digest(URI base) {
      this.base = base;
    }

    /**
     * Sends as {@code user} (null: without credentials), answering a challenge got with a malformed
     * header first (a trusted host would not challenge a request without one).
     */
    HttpResponse<String> send(String user, String password, String method, String target)
        throws Exception {
      if (user == null) {
        return send(method, target, null);
      }
      HttpResponse<String> first = send(method, target, "Digest username=\"probe\"");
      assertEquals(401, first.statusCode(), first::body);
      Challenge challenge =
          Challenge.parse(first.headers().allValues("WWW-Authenticate").get(0), false);
      int nc = counts.merge(challenge.nonce().orElseThrow(), 1, Integer::sum);
      return send(
          method,
          target,
          DigestClient.header(
              DigestClient.answer(challenge, "SHA-256", user, password, method, target, nc)));
    }

    private HttpResponse<String> send(String method, String target, String authorization)
        throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(base.resolve(target.substring(1)))
              .timeout(Duration.ofSeconds(10))
              .method(method, HttpRequest.BodyPublishers.noBody());
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  // ---- property

  /** Values a parameter may get: valid ones, near misses, and random text of any characters. */
  private static Gen<String> parameterValues() {
    Gen<String> known =
        Generate.pick(
            List.of(
                "",
                "REFER",
                "invite",
                "BYE",
                "0",
                "1",
                "600",
                "601",
                "86400",
                "-1",
                "true",
                "False",
                "yes",
                CALLBACK,
                "http://blocked.test/",
                "ftp://x",
                "http://",
                "%",
                "{x}",
                "<&>",
                "\u0000",
                "\r\n",
                "\uFFFF",
                "\uD800"));
    return known
        .mix(strings().ascii().ofLengthBetween(0, 30), 40)
        .mix(strings().allPossible().ofLengthBetween(0, 20), 30);
  }

  @Test
  void randomQueryParametersNeverYieldA5xxAndAlwaysAnErrorDocumentOrASuccess() {
    List<String> names =
        List.of(
            "sipMethod",
            "agent",
            "timeout",
            "resultCacheTime",
            "subject",
            "isForwardingAllowed",
            "callback",
            "other");
    String agent = user + "-agent";
    users.add(User.builder(agent).actsFor(alice).build());
    Gen<List<String>> queries =
        integers()
            .between(0, names.size() - 1)
            .zip(parameterValues(), (index, value) -> names.get(index) + "=" + enc(value))
            .mix(parameterValues().map(value -> enc(value) + "=" + enc(value)), 10)
            .map(one -> List.of(one));
    Gen<List<String>> several =
        queries.zip(
            queries,
            queries,
            (a, b, c) -> {
              List<String> all = new ArrayList<>(a);
              all.addAll(b);
              all.addAll(c);
              return all;
            });
    Gen<Integer> methods = integers().between(0, 2);
    Gen<Integer> callers = integers().between(0, 2);
    QuickTheory.qt()
        .withExamples(150)
        .withShrinkCycles(50)
        .forAll(several, methods, callers)
        .checkAssert(
            (query, method, caller) -> {
              Client as = client.as(caller == 0 ? alice : caller == 1 ? agent : TRUSTED);
              String target = path(alice, bob) + "?" + String.join("&", query);
              Client.Answer answer =
                  switch (method) {
                    case 0 -> as.post(target);
                    case 1 -> as.get(target);
                    default -> as.delete(target);
                  };
              world.run();
              assertTrue(answer.status() < 500, () -> answer.status() + " " + answer.body());
              if (answer.status() == 200) {
                answer.statusLines();
              } else if (answer.status() != 204) {
                answer.error();
                assertTrue(
                    Set.of(400, 403, 404, 406).contains(answer.status()),
                    () -> answer.status() + " " + answer.body());
              }
            });
  }

  static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  static HttpRequest.BodyPublisher noBody() {
    return HttpRequest.BodyPublishers.noBody();
  }
}
