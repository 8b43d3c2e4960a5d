package org.sepapi.core.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Examples for CSeq, Via, Event, Subscription-State and the authentication challenges. */
class HeaderValuesTest {
  @Test
  void cseqReadsNumberAndMethodWithAnyWhiteSpace() {
    assertEquals(new CSeq(314159, "INVITE"), CSeq.parse("314159 INVITE"));
    assertEquals(new CSeq(9, "INVITE"), CSeq.parse(" 0009 \t INVITE "));
    assertEquals(new CSeq(1, "INVITE"), CSeq.parse("1\tinvite"));
    assertEquals(new CSeq(0xFFFF_FFFFL, "NOTIFY"), CSeq.parse("4294967295 NOTIFY"));
    assertEquals(
        new CSeq(139122385, "!INTERESTING-METHOD0123456789_*+`.%INDEED'~"),
        CSeq.parse("139122385 !interesting-Method0123456789_*+`.%indeed'~"));
    assertEquals("1826 REGISTER", new CSeq(1826, "register").toString());
    for (String bad :
        List.of(
            "",
            "INVITE",
            "1",
            "1 ",
            "INVITE 1",
            "-1 INVITE",
            "4294967296 INVITE",
            "36893488147419103232 REGISTER",
            "1 IN VITE",
            "1 INVITE;x",
            "1\u00a0INVITE",
            "\u0661 INVITE")) {
      assertThrows(SipParseException.class, () -> CSeq.parse(bad), SipGen.show(bad));
    }
    assertThrows(IllegalArgumentException.class, () -> new CSeq(-1, "INVITE"));
    assertThrows(IllegalArgumentException.class, () -> new CSeq(1L << 32, "INVITE"));
    assertThrows(IllegalArgumentException.class, () -> new CSeq(1, "IN VITE"));
    assertThrows(IllegalArgumentException.class, () -> new CSeq(1, null));
  }

  @Test
  void viaReadsTheExamplesOfRfc3261AndRfc4475() {
    Via simple = Via.parse("SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds");
    assertEquals("UDP", simple.transport());
    assertEquals("pc33.atlanta.com", simple.host());
    assertEquals(OptionalInt.empty(), simple.port());
    assertEquals(Optional.of("z9hG4bK776asdhds"), simple.branch());
    assertEquals("SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds", simple.toString());

    Via received =
        Via.parse(
            "SIP/2.0/UDP bigbox3.site3.atlanta.com:5060;branch=z9hG4bK77ef4c2312983.1;"
                + "received=192.0.2.2;rport=5061");
    assertEquals(OptionalInt.of(5060), received.port());
    assertEquals(
        List.of("branch", "received", "rport"), List.copyOf(received.parameters().keySet()));

    Via wsinv = Via.parse("SIP  /   2.0  /UDP     192.0.2.2;branch=390skdjuw");
    assertEquals("192.0.2.2", wsinv.host());
    Via spaced =
        Via.parse("sip / 2.0 / tcp  Spindle.Example.COM : 5060  ; BRANCH = z9hG4bK9ikj8 ; rport");
    assertEquals("TCP", spaced.transport());
    assertEquals("spindle.example.com", spaced.host());
    assertEquals(OptionalInt.of(5060), spaced.port());
    assertEquals(Map.of("branch", "z9hG4bK9ikj8", "rport", ""), spaced.parameters());
    assertEquals(
        "SIP/2.0/TCP spindle.example.com:5060;branch=z9hG4bK9ikj8;rport", spaced.toString());

    Via v6 = Via.parse("SIP/2.0/TLS [2001:DB8::9]:5061;branch=z9hG4bK1;received=[2001:db8::9]");
    assertEquals("[2001:db8::9]", v6.host());
    assertEquals(OptionalInt.of(5061), v6.port());
    Via v6NoPort = Via.parse("SIP/2.0/SCTP [2001:db8::9];branch=z9hG4bK1");
    assertEquals(OptionalInt.empty(), v6NoPort.port());
    assertEquals("SCTP", v6NoPort.transport());
    Via unusual = Via.parse("SIP/2.0/Unknown-Transport t3.example.com;branch=z9hG4bKkdjuw;a");
    assertEquals("UNKNOWN-TRANSPORT", unusual.transport());
  }

  @Test
  void viaRefusesMalformedValues() {
    for (String bad :
        List.of(
            "",
            "SIP/2.0/UDP",
            "SIP/2.0/UDP ",
            "SIP/2.0/UDP;branch=1",
            "SIP/7.0/UDP c.example.com;branch=1",
            "HTTP/2.0/UDP c.example.com",
            "SIP/2.0 c.example.com",
            "SIP/2.0/UDP/X c.example.com",
            "SIP/2.0/U\"DP c.example.com",
            "SIP/2.0/UDP c.example.com:",
            "SIP/2.0/UDP c.example.com:99999",
            "SIP/2.0/UDP c.example.com:5o60",
            "SIP/2.0/UDP 2001:db8::9",
            "SIP/2.0/UDP [2001:db8::9",
            "SIP/2.0/UDP two hosts",
            "SIP/2.0/UDP c.example.com;",
            "SIP/2.0/UDP c.example.com branch=1",
            "SIP/2.0/UDP c.example.com;branch=\"1")) {
      assertThrows(SipParseException.class, () -> Via.parse(bad), SipGen.show(bad));
    }
  }

  @Test
  void viaConstructorChecksItsParts() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("Branch", "z9hG4bK1");
    params.put("rport", "");
    Via via = new Via("udp", "Host.Example.com", OptionalInt.of(5060), params);
    assertEquals("SIP/2.0/UDP host.example.com:5060;branch=z9hG4bK1;rport", via.toString());
    assertEquals(via, Via.parse(via.toString()));
    assertThrows(
        IllegalArgumentException.class, () -> new Via("U DP", "h", OptionalInt.empty(), Map.of()));
    assertThrows(
        IllegalArgumentException.class, () -> new Via("UDP", "h h", OptionalInt.empty(), Map.of()));
    assertThrows(
        IllegalArgumentException.class, () -> new Via("UDP", "h", OptionalInt.of(65536), Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Via("UDP", "h", OptionalInt.empty(), Map.of("a b", "")));
    assertThrows(
        IllegalArgumentException.class, () -> new Via(null, "h", OptionalInt.empty(), Map.of()));
  }

  @Test
  void eventReadsPackageTemplateAndId() {
    EventHeader presence = EventHeader.parse("presence");
    assertEquals("presence", presence.eventPackage());
    assertEquals(Optional.empty(), presence.id());
    EventHeader winfo = EventHeader.parse(" Presence.WINFO ; ID = 1234 ; x-flag");
    assertEquals("presence.winfo", winfo.eventPackage());
    assertEquals(Optional.of("1234"), winfo.id());
    assertEquals(Map.of("id", "1234", "x-flag", ""), winfo.parameters());
    assertEquals("presence.winfo;id=1234;x-flag", winfo.toString());
    assertEquals(Optional.of("a b"), EventHeader.parse("refer;id=\"a b\"").id());
    for (String bad :
        List.of(
            "", ";id=1", "pres ence", "presence;", "presence;id=\"1", "presence id=1", "\u00e9v")) {
      assertThrows(SipParseException.class, () -> EventHeader.parse(bad), bad);
    }
  }

  @Test
  void eventsMatchOnPackageAndIdAsRfc6665Says() {
    EventHeader a = EventHeader.parse("dialog;id=1");
    assertTrue(a.matches(EventHeader.parse("DIALOG;ID=1;other=x")));
    assertFalse(a.matches(EventHeader.parse("dialog;id=2")));
    assertFalse(a.matches(EventHeader.parse("dialog")));
    assertFalse(a.matches(EventHeader.parse("presence;id=1")));
    assertTrue(EventHeader.of("dialog").matches(EventHeader.parse("Dialog")));
    assertFalse(a.matches(EventHeader.parse("dialog;id=1A")));
  }

  @Test
  void eventIdComponentAndParameterAreOneValue() {
    EventHeader fromComponent = new EventHeader("refer", Optional.of("93809824"), Map.of());
    assertEquals(Map.of("id", "93809824"), fromComponent.parameters());
    assertEquals("refer;id=93809824", fromComponent.toString());
    assertEquals(fromComponent, EventHeader.parse(fromComponent.toString()));
    EventHeader fromParameter = new EventHeader("refer", Optional.empty(), Map.of("ID", "7"));
    assertEquals(Optional.of("7"), fromParameter.id());
    assertEquals(EventHeader.of("refer", "7"), fromParameter);
    assertThrows(
        IllegalArgumentException.class,
        () -> new EventHeader("refer", Optional.of("1"), Map.of("id", "2")));
    assertThrows(IllegalArgumentException.class, () -> EventHeader.of("a b"));
    assertThrows(IllegalArgumentException.class, () -> EventHeader.of("refer", "a\nb"));
  }

  @Test
  void subscriptionStateReadsTheExamplesOfRfc6665() {
    SubscriptionState active = SubscriptionState.parse("active;expires=3599");
    assertTrue(active.isActive());
    assertEquals(OptionalLong.of(3599), active.expires());
    assertEquals(Optional.empty(), active.reason());

    SubscriptionState pending = SubscriptionState.parse("PENDING ; Expires = 0600");
    assertTrue(pending.isPending());
    assertEquals(OptionalLong.of(600), pending.expires());
    assertEquals("pending;expires=600", pending.toString());

    SubscriptionState terminated =
        SubscriptionState.parse("terminated;reason=Timeout;retry-after=3600;x=\"y z\"");
    assertTrue(terminated.isTerminated());
    assertEquals(Optional.of("timeout"), terminated.reason());
    assertEquals(OptionalLong.of(3600), terminated.retryAfter());
    assertEquals("terminated;reason=timeout;retry-after=3600;x=\"y z\"", terminated.toString());

    SubscriptionState extension = SubscriptionState.parse("Waiting;reason=Giveup-Later");
    assertEquals("waiting", extension.state());
    assertEquals(Optional.of("giveup-later"), extension.reason());
    assertFalse(extension.isActive() || extension.isPending() || extension.isTerminated());

    for (String bad :
        List.of(
            "",
            ";expires=1",
            "act ive",
            "active;expires=soon",
            "active;expires=-1",
            "active;expires=12345678901",
            "terminated;reason=\"no such\"",
            "terminated;retry-after=",
            "active;",
            "active expires=1")) {
      assertThrows(SipParseException.class, () -> SubscriptionState.parse(bad), bad);
    }
  }

  @Test
  void subscriptionStateComponentsAndParametersAreOneValue() {
    SubscriptionState built =
        new SubscriptionState(
            "Terminated",
            Optional.of("Rejected"),
            OptionalLong.empty(),
            OptionalLong.of(30),
            Map.of());
    assertEquals("terminated", built.state());
    assertEquals(Map.of("reason", "rejected", "retry-after", "30"), built.parameters());
    assertEquals(built, SubscriptionState.parse(built.toString()));

    SubscriptionState fromParams =
        new SubscriptionState(
            "active",
            Optional.empty(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            Map.of("expires", "60"));
    assertEquals(OptionalLong.of(60), fromParams.expires());
    assertEquals("active", SubscriptionState.of("active").toString());

    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SubscriptionState(
                "active",
                Optional.empty(),
                OptionalLong.of(1),
                OptionalLong.empty(),
                Map.of("expires", "2")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SubscriptionState(
                "active",
                Optional.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                Map.of("expires", "x")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SubscriptionState(
                "active", Optional.empty(), OptionalLong.of(-1), OptionalLong.empty(), Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SubscriptionState(
                "terminated",
                Optional.of("no such"),
                OptionalLong.empty(),
                OptionalLong.empty(),
                Map.of()));
    assertThrows(IllegalArgumentException.class, () -> SubscriptionState.of("a b"));
  }

  @Test
  void challengeReadsTheExamplesOfRfc3261AndRfc8760() {
    Challenge digest =
        Challenge.parse(
            "Digest realm=\"atlanta.com\",\r\n".replace("\r\n", " ")
                + " domain=\"sip:boxesbybob.com\", qop=\"auth, auth-int\","
                + " nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE,"
                + " algorithm=MD5",
            false);
    assertTrue(digest.isDigest());
    assertEquals("Digest", digest.scheme());
    assertEquals(Optional.of("atlanta.com"), digest.realm());
    assertEquals(Optional.of("f84f1cec41e6cbe5aea9c8e88d359"), digest.nonce());
    assertEquals(Optional.of(""), digest.opaque());
    assertEquals(Optional.of("sip:boxesbybob.com"), digest.parameter("DOMAIN"));
    assertEquals(List.of("auth", "auth-int"), digest.qopOptions());
    assertFalse(digest.stale());
    assertEquals("MD5", digest.algorithm());
    assertEquals("WWW-Authenticate", digest.headerName());

    Challenge sha =
        Challenge.parse(
            "DIGEST  Realm = \"biloxi.com\" ,NONCE=\"a\\\"b\", Algorithm=SHA-512-256,"
                + " qop=auth, stale=true, userhash=false,",
            true);
    assertTrue(sha.isDigest());
    assertEquals("SHA-512-256", sha.algorithm());
    assertEquals(Optional.of("a\"b"), sha.nonce());
    assertEquals(List.of("auth"), sha.qopOptions());
    assertTrue(sha.stale());
    assertEquals("Proxy-Authenticate", sha.headerName());

    Challenge bare = Challenge.parse("Digest realm=\"x\", nonce=\"y\"", false);
    assertEquals("MD5", bare.algorithm());
    assertEquals(List.of(), bare.qopOptions());
    assertEquals(Optional.empty(), bare.opaque());
    assertEquals(Map.of(), Challenge.parse("Basic", false).parameters());
    assertFalse(Challenge.parse("Basic realm=\"x\"", false).isDigest());
    assertEquals(
        Optional.of("abc/def+=="), Challenge.parse("Digest nonce=abc/def+==", false).nonce());
  }

  @Test
  void challengeWritesQuotedStringsWhereTheRfcsDo() {
    Challenge challenge =
        Challenge.parse(
            "Digest realm=atlanta.com, qop=auth, nonce=\"n\", opaque=\"\", algorithm=\"SHA-256\","
                + " stale=FALSE, x=\"two words\"",
            false);
    assertEquals(
        "Digest realm=\"atlanta.com\", qop=\"auth\", nonce=\"n\", opaque=\"\","
            + " algorithm=SHA-256, stale=FALSE, x=\"two words\"",
        challenge.toString());
    assertEquals(challenge, Challenge.parse(challenge.toString(), false));
    assertNotEquals(challenge, Challenge.parse(challenge.toString(), true));
  }

  @Test
  void challengeRefusesMalformedValues() {
    for (String bad :
        List.of(
            "",
            "\"Digest\" realm=\"x\"",
            "Digest realm",
            "Digest =x",
            "Digest realm=\"x",
            "Digest realm=\"x\" y",
            "Digest re alm=\"x\"",
            "Digest realm=\"x\", nonce",
            "Digest realm=\"a\\\nb\"")) {
      assertThrows(SipParseException.class, () -> Challenge.parse(bad, false), SipGen.show(bad));
    }
    assertThrows(IllegalArgumentException.class, () -> new Challenge("Di gest", Map.of(), false));
    assertThrows(
        IllegalArgumentException.class, () -> new Challenge("Digest", Map.of("a", "\n"), false));
  }
}
