package org.sepapi.core.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.sepapi.core.sip.SipGen.anyString;
import static org.sepapi.core.sip.SipGen.mutations;
import static org.sepapi.core.sip.SipGen.parsesOrRefuses;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.sepapi.core.spi.Body;

class SipMessageTest {
  /** RFC 4475 section 3.1.1.1 "wsinv", folded as in the RFC. */
  static final String WSINV =
      String.join(
          "\r\n",
          "INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0",
          "TO :",
          " sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n",
          "from   : \"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>",
          "  ;",
          "  tag = 98asjd8",
          "MaX-fOrWaRdS: 0068",
          "Call-ID: wsinv.ndaksdj@192.0.2.1",
          "Content-Length   : 150",
          "cseq: 0009",
          "  INVITE",
          "Via  : SIP  /   2.0",
          " /UDP",
          "    192.0.2.2;branch=390skdjuw",
          "s :",
          "NewFangledHeader:   newfangled value",
          " continued newfangled value",
          "UnknownHeaderWithUnusualValue: ;;,,;;,;",
          "Content-Type: application/sdp",
          "Route:",
          " <sip:services.example.com;lr;unknownwith=value;unknown-no-value>",
          "v:  SIP  / 2.0  / TCP     spindle.example.com   ;",
          "  branch  =   z9hG4bK9ikj8  ,",
          " SIP  /    2.0   / UDP  192.168.255.111   ; branch=",
          " z9hG4bK30239",
          "m:\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =",
          "      newvalue ;",
          "  secondparam ; q = 0.33",
          "",
          "v=0",
          "o=mhandley 29739 7272939 IN IP4 192.0.2.3",
          "s=-",
          "c=IN IP4 192.0.2.4",
          "t=0 0",
          "m=audio 49217 RTP/AVP 0 12",
          "m=video 3227 RTP/AVP 31",
          "a=rtpmap:31 LPC");

  /** RFC 3261 section 24.2, message F1 (Bob registers). */
  static final String REGISTER =
      String.join(
          "\r\n",
          "REGISTER sip:registrar.biloxi.com SIP/2.0",
          "Via: SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKnashds7",
          "Max-Forwards: 70",
          "To: Bob <sip:bob@biloxi.com>",
          "From: Bob <sip:bob@biloxi.com>;tag=456248",
          "Call-ID: 843817637684230@998sdasdh09",
          "CSeq: 1826 REGISTER",
          "Contact: <sip:bob@192.0.2.4>",
          "Expires: 7200",
          "Content-Length: 0",
          "");

  /** An RFC 6665 NOTIFY in compact form, the way a PBX behind two proxies sends it. */
  static final String NOTIFY =
      String.join(
          "\r\n",
          "NOTIFY sip:alice@client.example.com;transport=tcp SIP/2.0",
          "v: SIP/2.0/TCP pbx.example.com:5060;branch=z9hG4bK-n1;rport",
          "v: SIP/2.0/UDP [2001:db8::9]:5070;branch=z9hG4bK-n0;received=2001:db8::9",
          "Record-Route: <sip:p2.example.com;lr>, <sip:p1.example.com;lr>",
          "f: <sip:bob@example.com>;tag=ffd2",
          "t: \"Alice\" <sip:alice@example.com>;tag=xfg9",
          "i: 7a9f2b@client.example.com",
          "CSeq: 2 NOTIFY",
          "m: <sip:bob@pbx.example.com;transport=tcp>;+sip.instance=\"<urn:uuid:00000000-0000-1000>\"",
          "o: dialog;id=42",
          "Subscription-State: active;expires=3599",
          "Retry-After: 120 (I'm in a meeting);duration=60",
          "Min-Expires: 60",
          "k: eventlist, 100rel",
          "c: application/dialog-info+xml",
          "",
          "<dialog-info/>");

  @Test
  void readsTheWhiteSpaceTortureMessageOfRfc4475() {
    SipRequest request = SipText.request(WSINV);
    assertEquals("INVITE", request.method());
    assertEquals(Map.of("unknownparam", ""), request.requestUri().parameters());
    assertEquals(Optional.of("1918181833n"), request.to().tag());
    assertEquals(SipUri.parse("sip:vivekg@chair-dnrc.example.com"), request.to().uri());
    assertEquals(Optional.of("J Rosenberg \\\""), request.from().displayName());
    assertEquals(Optional.of("98asjd8"), request.from().tag());
    assertEquals(Optional.of("0068"), request.header("Max-Forwards"));
    assertEquals("wsinv.ndaksdj@192.0.2.1", request.callId());
    assertEquals(new CSeq(9, "INVITE"), request.cseq());
    List<Via> vias = request.vias();
    assertEquals(3, vias.size());
    assertEquals("UDP", vias.get(0).transport());
    assertEquals("192.0.2.2", vias.get(0).host());
    assertEquals(Optional.of("390skdjuw"), vias.get(0).branch());
    assertEquals("TCP", vias.get(1).transport());
    assertEquals("spindle.example.com", vias.get(1).host());
    assertEquals(Optional.of("z9hG4bK9ikj8"), vias.get(1).branch());
    assertEquals("192.168.255.111", vias.get(2).host());
    assertEquals(Optional.of("z9hG4bK30239"), vias.get(2).branch());
    assertEquals(Optional.of(""), request.header("Subject"));
    assertEquals(
        Optional.of("newfangled value continued newfangled value"),
        request.header("newfangledheader"));
    NameAddr contact = request.contact().orElseThrow();
    assertEquals(Optional.of("Quoted string \"\""), contact.displayName());
    assertEquals(
        Map.of("newparam", "newvalue", "secondparam", "", "q", "0.33"), contact.parameters());
    assertEquals(List.of(";;", ";;", ";"), request.elements("UnknownHeaderWithUnusualValue"));
    assertEquals("application/sdp", request.body().orElseThrow().mediaType());
    assertTrue(request.body().orElseThrow().text().startsWith("v=0\r\n"));
    assertEquals(request.body().orElseThrow().length(), request.bodyLength());
    List<NameAddr> route =
        request.headers().elements("Route").stream().map(NameAddr::parse).toList();
    assertEquals(
        Map.of("lr", "", "unknownwith", "value", "unknown-no-value", ""),
        route.get(0).uri().parameters());
  }

  @Test
  void readsTheRegisterOfRfc3261() {
    SipRequest register = SipText.request(REGISTER);
    assertEquals("REGISTER", register.method());
    assertEquals(SipUri.parse("sip:registrar.biloxi.com"), register.requestUri());
    assertEquals(new CSeq(1826, "REGISTER"), register.cseq());
    assertEquals(OptionalLong.of(7200), register.expires());
    assertEquals(OptionalLong.empty(), register.minExpires());
    assertEquals(OptionalLong.empty(), register.retryAfter());
    assertEquals(Optional.of("Bob"), register.to().displayName());
    assertEquals(Optional.empty(), register.to().tag());
    assertEquals(OptionalInt.of(5060), register.vias().get(0).port());
    assertEquals(Optional.empty(), register.event());
    assertEquals(Optional.empty(), register.subscriptionState());
    assertEquals(List.of(), register.recordRoutes());
    assertEquals(List.of(), register.challenges());
    assertEquals(Optional.empty(), register.body());
  }

  @Test
  void readsACompactNotify() {
    SipRequest notify = SipText.request(NOTIFY);
    assertEquals(2, notify.vias().size());
    Via second = notify.vias().get(1);
    assertEquals("[2001:db8::9]", second.host());
    assertEquals(OptionalInt.of(5070), second.port());
    assertEquals(
        Optional.of("2001:db8::9"), Optional.ofNullable(second.parameters().get("received")));
    assertEquals(
        Optional.of(""), Optional.ofNullable(notify.vias().get(0).parameters().get("rport")));
    assertEquals(
        List.of(
            NameAddr.parse("<sip:p2.example.com;lr>"), NameAddr.parse("<sip:p1.example.com;lr>")),
        notify.recordRoutes());
    assertEquals(Optional.of("ffd2"), notify.from().tag());
    assertEquals(Optional.of("Alice"), notify.to().displayName());
    assertEquals("7a9f2b@client.example.com", notify.callId());
    assertEquals(
        Optional.of("<urn:uuid:00000000-0000-1000>"),
        notify.contact().orElseThrow().parameter("+sip.instance"));
    assertEquals(EventHeader.of("dialog", "42"), notify.event().orElseThrow());
    SubscriptionState state = notify.subscriptionState().orElseThrow();
    assertTrue(state.isActive());
    assertEquals(OptionalLong.of(3599), state.expires());
    assertEquals(OptionalLong.of(120), notify.retryAfter());
    assertEquals(OptionalLong.of(60), notify.minExpires());
    assertEquals(List.of("eventlist", "100rel"), notify.elements("Supported"));
    Body body = notify.body().orElseThrow();
    assertEquals("application/dialog-info+xml", body.contentType());
    assertEquals("<dialog-info/>", body.text());
  }

  @Test
  void typedReadersRefuseMissingOrMalformedHeaders() {
    SipRequest empty = SipRequest.builder("OPTIONS", SipUri.parse("sip:a@b")).build();
    assertThrows(SipParseException.class, empty::from);
    assertThrows(SipParseException.class, empty::to);
    assertThrows(SipParseException.class, empty::callId);
    assertThrows(SipParseException.class, empty::cseq);
    assertEquals(List.of(), empty.vias());
    assertEquals(Optional.empty(), empty.contact());

    SipRequest bad =
        empty.toBuilder()
            .header("From", "<tel:+1>")
            .header("CSeq", "36893488147419103232 REGISTER")
            .header("Expires", "10000000000000000000000")
            .header("Min-Expires", "-1")
            .header("Retry-After", "soon")
            .header("Via", "SIP/7.0/UDP c.example.com;branch=1")
            .header("Event", "a b")
            .header("Subscription-State", "active;expires=never")
            .header("WWW-Authenticate", "Digest realm")
            .header("Contact", "*")
            .build();
    assertThrows(SipParseException.class, bad::from);
    assertThrows(SipParseException.class, bad::cseq);
    assertThrows(SipParseException.class, bad::expires);
    assertThrows(SipParseException.class, bad::minExpires);
    assertThrows(SipParseException.class, bad::retryAfter);
    assertThrows(SipParseException.class, bad::vias);
    assertThrows(SipParseException.class, bad::event);
    assertThrows(SipParseException.class, bad::subscriptionState);
    assertThrows(SipParseException.class, bad::challenges);
    assertThrows(SipParseException.class, bad::contact);
    assertThrows(
        SipParseException.class,
        bad.toBuilder().setHeader("Retry-After", "\u0663").build()::retryAfter);
  }

  @Test
  void requestsAreImmutableValues() {
    SipUri uri = SipUri.parse("sip:bob@biloxi.com");
    SipRequest request =
        SipRequest.builder("subscribe", uri)
            .header("Event", "presence")
            .header("Accept", "application/pidf+xml")
            .setHeader("Expires", "3600")
            .body(Body.of("text/plain", "hi"))
            .build();
    assertEquals("SUBSCRIBE", request.method());
    assertEquals(uri, request.requestUri());
    assertEquals(Optional.of("text/plain"), request.header("Content-Type"));
    assertEquals(2, request.bodyLength());
    assertArrayEquals(
        "hi".getBytes(StandardCharsets.UTF_8), request.body().orElseThrow().content());
    assertEquals(
        "SUBSCRIBE sip:bob@biloxi.com SIP/2.0\r\nEvent: presence\r\n"
            + "Accept: application/pidf+xml\r\nExpires: 3600\r\nContent-Type: text/plain\r\n",
        request.toString());
    assertEquals(request, request.toBuilder().build());
    assertEquals(request.hashCode(), request.toBuilder().build().hashCode());
    SipRequest changed = request.withHeader("expires", "0");
    assertEquals(OptionalLong.of(0), changed.expires());
    assertEquals(OptionalLong.of(3600), request.expires());
    assertNotEquals(request, changed);
    assertNotEquals(request, request.toBuilder().body(Body.of("text/plain", "ho")).build());

    SipRequest typeOnly =
        SipRequest.builder("MESSAGE", uri).header("Content-Type", "text/plain").build();
    assertEquals(0, typeOnly.body().orElseThrow().length());

    assertThrows(IllegalArgumentException.class, () -> SipRequest.builder("BAD METHOD", uri));
    assertThrows(NullPointerException.class, () -> SipRequest.builder("OPTIONS", null));
    // RFC 4475 intmeth: a method of unusual token characters
    assertEquals(
        "!INTERESTING-METHOD0123456789_*+`.%INDEED'~",
        SipRequest.builder("!interesting-Method0123456789_*+`.%indeed'~", uri).build().method());
  }

  @Test
  void responseToARequestCopiesTheHeadersOfRfc3261Section8() {
    SipRequest notify = SipText.request(NOTIFY);
    SipResponse ok = SipResponse.to(notify, 200).build();
    assertEquals(200, ok.status());
    assertEquals("OK", ok.reason());
    assertEquals("SIP/2.0 200 OK", ok.statusLine());
    assertTrue(ok.isSuccess());
    assertFalse(ok.isProvisional());
    assertEquals(notify.headers().values("Via"), ok.headers().values("Via"));
    assertEquals(notify.vias(), ok.vias());
    assertEquals(notify.recordRoutes(), ok.recordRoutes());
    assertEquals(notify.from(), ok.from());
    assertEquals(notify.to(), ok.to());
    assertEquals(notify.callId(), ok.callId());
    assertEquals(notify.cseq(), ok.cseq());
    assertEquals(
        List.of("Via", "Via", "Record-Route", "From", "To", "Call-ID", "CSeq"),
        ok.headers().all().stream().map(SipHeaders.Header::name).toList());
    assertEquals(Optional.empty(), ok.body());

    SipResponse busy = SipResponse.to(notify, 486).build();
    assertEquals("Busy Here", busy.reason());
    assertEquals(List.of(), busy.recordRoutes());
    assertEquals(List.of(), SipResponse.to(notify, 100).build().recordRoutes());

    SipRequest invite = SipText.request(REGISTER).toBuilder().header("Timestamp", "54").build();
    assertEquals(Optional.of("54"), SipResponse.to(invite, 100).build().header("Timestamp"));
    assertEquals(Optional.empty(), SipResponse.to(invite, 180).build().header("Timestamp"));
    assertEquals("Status 299", SipResponse.to(invite, 299).build().reason());

    SipResponse tagged = SipResponse.to(invite, 200).toTag("a6c85cf").build();
    assertEquals(Optional.of("a6c85cf"), tagged.to().tag());
    assertEquals(invite.to().uri(), tagged.to().uri());
    assertThrows(IllegalStateException.class, () -> SipResponse.builder(200, "OK").toTag("x"));
    assertThrows(IllegalArgumentException.class, () -> SipResponse.to(invite, 99));
    assertThrows(IllegalArgumentException.class, () -> SipResponse.to(invite, 700));
    assertThrows(IllegalArgumentException.class, () -> SipResponse.builder(200, "O\r\nK"));
  }

  @Test
  void responsesAreImmutableValues() {
    SipResponse response =
        SipResponse.builder(401, "Unauthorized")
            .header(
                "WWW-Authenticate",
                "Digest realm=\"atlanta.com\", nonce=\"84a4cc6f3082121f32b42a2187831a9e\","
                    + " qop=\"auth\"")
            .header(
                "WWW-Authenticate", "Digest realm=\"atlanta.com\", nonce=\"x\", algorithm=SHA-256")
            .header("Proxy-Authenticate", "Digest realm=\"proxy\", nonce=\"y\"")
            .build();
    List<Challenge> challenges = response.challenges();
    assertEquals(3, challenges.size());
    assertFalse(challenges.get(0).proxy());
    assertEquals("MD5", challenges.get(0).algorithm());
    assertEquals("SHA-256", challenges.get(1).algorithm());
    assertTrue(challenges.get(2).proxy());
    assertEquals(response, response.toBuilder().build());
    assertEquals(response.hashCode(), response.toBuilder().build().hashCode());
    assertNotEquals(response, SipResponse.builder(401, "Nope").headers(response.headers()).build());
    assertTrue(SipResponse.builder(180, "Ringing").build().isProvisional());
    assertEquals(
        "SIP/2.0 401 Unauthorized\r\nProxy-Authenticate: x\r\n",
        SipResponse.builder(401, "Unauthorized")
            .header("proxy-authenticate", "x")
            .build()
            .toString());
    SipResponse withBody =
        SipResponse.builder(200, "OK").body(Body.of("application/sdp", "v=0")).build();
    assertEquals("v=0", withBody.body().orElseThrow().text());
  }

  @Test
  void readersThrowOnlySipParseExceptionForAnyHeaderValue() {
    List<String> seeds =
        List.of(
            "SIP/2.0/UDP [2001:db8::9]:5070;branch=z9hG4bK-n0;received=2001:db8::9",
            "\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam = newvalue",
            "dialog;id=42",
            "terminated;reason=timeout;retry-after=10",
            "Digest realm=\"atlanta.com\", nonce=\"84a4cc6f\", qop=\"auth,auth-int\"",
            "120 (I'm in a meeting);duration=60",
            "0009 INVITE");
    qt().withExamples(3000)
        .forAll(anyString(40).mix(mutations(seeds), 70))
        .assuming(value -> value.indexOf('\r') < 0 && value.indexOf('\n') < 0)
        .checkAssert(
            value -> {
              SipRequest request = SipRequest.builder("NOTIFY", SipUri.parse("sip:a@b")).build();
              for (String name :
                  List.of(
                      "From",
                      "To",
                      "Call-ID",
                      "CSeq",
                      "Via",
                      "Contact",
                      "Record-Route",
                      "Event",
                      "Subscription-State",
                      "Expires",
                      "Min-Expires",
                      "Retry-After",
                      "WWW-Authenticate",
                      "Proxy-Authenticate")) {
                request = request.withHeader(name, value);
              }
              SipRequest r = request;
              parsesOrRefuses(x -> r.from(), value);
              parsesOrRefuses(x -> r.to(), value);
              parsesOrRefuses(x -> r.callId(), value);
              parsesOrRefuses(x -> r.cseq(), value);
              parsesOrRefuses(x -> r.vias(), value);
              parsesOrRefuses(x -> r.contact(), value);
              parsesOrRefuses(x -> r.recordRoutes(), value);
              parsesOrRefuses(x -> r.event(), value);
              parsesOrRefuses(x -> r.subscriptionState(), value);
              parsesOrRefuses(x -> r.expires(), value);
              parsesOrRefuses(x -> r.minExpires(), value);
              parsesOrRefuses(x -> r.retryAfter(), value);
              parsesOrRefuses(x -> r.challenges(), value);
              parsesOrRefuses(x -> r.elements("Supported"), value);
            });
  }
}
