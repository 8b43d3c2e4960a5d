package org.sepapi.transport.jainsip.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import gov.nist.javax.sip.message.MessageFactoryImpl;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.SipHeaders;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.Body;

/** Our messages through JAIN-SIP's and back. */
class MessagesTest {
  private static final MessageFactoryImpl FACTORY = new MessageFactoryImpl();
  private static final String VIA = "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKtest";

  private static SipRequest.Builder aNotify() {
    return SipRequest.builder("NOTIFY", SipUri.parse("sip:gw@127.0.0.1:5070;transport=udp"))
        .header("Max-Forwards", "70")
        .header("From", "<sip:alice@pbx.test>;tag=n1")
        .header("To", "<sip:gw@127.0.0.1>;tag=s1")
        .header("Call-ID", "c1@pbx.test")
        .header("CSeq", "7 NOTIFY")
        .header("Event", "reg;id=4")
        .header("Subscription-State", "active;expires=3600")
        .header("Contact", "<sip:pbx.test:5060>");
  }

  private static SipRequest roundTrip(SipRequest request) {
    try {
      return Messages.fromJain(Messages.toJain(request, VIA, FACTORY));
    } catch (java.text.ParseException e) {
      throw new AssertionError("JAIN-SIP refused " + request, e);
    }
  }

  @Test
  void extensionHeaderValuesAndBodiesGoThroughUnchanged() {
    qt().forAll(
            strings().betweenCodePoints(0x21, 0x7e).ofLengthBetween(1, 40),
            strings().betweenCodePoints(0x20, 0x7e).ofLengthBetween(0, 40),
            lists().of(integers().between(-128, 127)).ofSizeBetween(0, 300))
        .checkAssert(
            (start, rest, octets) -> {
              byte[] body = new byte[octets.size()];
              for (int i = 0; i < body.length; i++) {
                body[i] = octets.get(i).byteValue();
              }
              String value = (start + rest).strip();
              SipRequest.Builder builder = aNotify().header("X-Sepapi-Test", value);
              if (body.length > 0) {
                builder.body(Body.of("application/octet-stream", body));
              }
              SipRequest sent = builder.build();
              SipRequest back = roundTrip(sent);
              assertEquals(Optional.of(value), back.header("X-Sepapi-Test"));
              assertArrayEquals(body, back.body().map(Body::content).orElse(new byte[0]));
              assertEquals(
                  String.valueOf(body.length), back.header("Content-Length").orElseThrow());
              assertEquals(List.of(VIA), back.headers().values("Via"));
            });
  }

  @Test
  void theHeadersTheEngineReadsKeepTheirMeaning() {
    SipRequest sent =
        aNotify()
            .body(Body.of("application/reginfo+xml", "<reginfo/>".getBytes(StandardCharsets.UTF_8)))
            .build();
    SipRequest back = roundTrip(sent);
    assertEquals(sent.method(), back.method());
    assertEquals(sent.requestUri(), back.requestUri());
    assertEquals(sent.from(), back.from());
    assertEquals(sent.to(), back.to());
    assertEquals(sent.callId(), back.callId());
    assertEquals(sent.cseq(), back.cseq());
    assertEquals(sent.event(), back.event());
    assertEquals(sent.subscriptionState(), back.subscriptionState());
    assertEquals(sent.contact(), back.contact());
    assertEquals(sent.contentType(), back.contentType());
  }

  @Test
  void compactNamesFromThePeerArriveInLongForm() throws Exception {
    String wire =
        "NOTIFY sip:gw@127.0.0.1 SIP/2.0\r\n"
            + "v: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKc\r\n"
            + "f: <sip:alice@pbx.test>;tag=n1\r\n"
            + "t: <sip:gw@127.0.0.1>;tag=s1\r\n"
            + "i: compact@pbx.test\r\n"
            + "CSeq: 1 NOTIFY\r\n"
            + "o: dialog\r\n"
            + "Subscription-State: active\r\n"
            + "m: <sip:pbx.test>\r\n"
            + "l: 0\r\n\r\n";
    Request jain = FACTORY.createRequest(wire);
    SipRequest back = Messages.fromJain(jain);
    assertEquals("compact@pbx.test", back.header("Call-ID").orElseThrow());
    assertEquals("dialog", back.event().orElseThrow().eventPackage());
    assertEquals(Optional.of("n1"), back.from().tag());
    assertEquals(
        "Call-ID",
        back.headers().all().stream()
            .filter(h -> h.value().equals("compact@pbx.test"))
            .findFirst()
            .orElseThrow()
            .name());
  }

  @Test
  void aResponseKeepsStatusReasonAndHeaders() throws Exception {
    SipRequest request = aNotify().build();
    SipResponse sent =
        SipResponse.to(Messages.fromJain(Messages.toJain(request, VIA, FACTORY)), 489)
            .header("Allow-Events", "reg, dialog")
            .build();
    SipResponse back = Messages.fromJain(Messages.toJain(sent, FACTORY));
    assertEquals(489, back.status());
    assertEquals("Bad Event", back.reason());
    assertEquals(List.of("reg", "dialog"), back.elements("Allow-Events"));
    assertEquals(sent.vias(), back.vias());
  }

  private static Messages.Received received(String wire) throws java.text.ParseException {
    return Messages.received(FACTORY.createRequest(wire));
  }

  private static String wireNotify(List<String> vias, List<String> routes, String extra) {
    StringBuilder wire = new StringBuilder("NOTIFY sip:gw@127.0.0.1:5070 SIP/2.0\r\n");
    for (String via : vias) {
      wire.append("Via: ").append(via).append("\r\n");
    }
    for (String route : routes) {
      wire.append("Record-Route: ").append(route).append("\r\n");
    }
    return wire.append("From: <sip:alice@pbx.test>;tag=n1\r\n")
        .append("To: \"Gate Way\" <sip:gw@127.0.0.1>;tag=s1\r\n")
        .append("Call-ID: c1@pbx.test\r\n")
        .append("CSeq: 7 NOTIFY\r\n")
        .append("Max-Forwards: 70\r\n")
        .append("Event: reg\r\n")
        .append(extra)
        .append("Content-Length: 0\r\n\r\n")
        .toString();
  }

  @Test
  void aResponseCopiedFromItsRequestIsTheSameAsOneWrittenAndParsed() {
    qt().forAll(
            integers().between(100, 699),
            lists().of(integers().between(1, 65535)).ofSizeBetween(1, 4),
            lists().of(integers().between(1, 65535)).ofSizeBetween(0, 3))
        .checkAssert(
            (status, viaPorts, routePorts) -> {
              List<String> vias =
                  viaPorts.stream()
                      .map(p -> "SIP/2.0/UDP 192.0.2.1:" + p + ";branch=z9hG4bK" + p + ";rport")
                      .toList();
              List<String> routes =
                  routePorts.stream().map(p -> "<sip:proxy.test:" + p + ";lr>").toList();
              try {
                Messages.Received received = received(wireNotify(vias, routes, ""));
                SipResponse response = SipResponse.to(received.request(), status).build();
                Response copied = Messages.fromRequestLines(response, received);
                assertNotNull(copied, "a response of the request's own lines is copied");
                assertEquals(Messages.toJain(response, FACTORY).toString(), copied.toString());
                assertEquals(
                    response.headers().all(),
                    Messages.fromJain(copied).headers().without("Content-Length").all());
              } catch (java.text.ParseException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void aResponseWithLinesOfItsOwnIsWrittenAndParsed() throws Exception {
    Messages.Received received =
        received(wireNotify(List.of("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa"), List.of(), ""));
    SipResponse withOwn =
        SipResponse.to(received.request(), 489).header("Allow-Events", "reg, dialog").build();
    assertNull(Messages.fromRequestLines(withOwn, received));
    SipResponse back = Messages.fromJain(Messages.toJain(withOwn, received, FACTORY));
    assertEquals(List.of("reg", "dialog"), back.elements("Allow-Events"));
    assertEquals(withOwn.vias(), back.vias());
    assertEquals(withOwn.header("To"), back.header("To"));
  }

  @Test
  void aResponseWithOnlySomeViasOfAListHeaderIsWrittenAndParsed() throws Exception {
    Messages.Received received =
        received(
            wireNotify(
                List.of(
                    "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa, SIP/2.0/UDP 192.0.2.2;branch=z9hG4bKb"),
                List.of(),
                ""));
    SipHeaders.Header firstVia =
        received.request().headers().all().stream()
            .filter(line -> line.name().equals("Via"))
            .findFirst()
            .orElseThrow();
    SipResponse firstViaOnly =
        SipResponse.builder(200, "OK").headers(SipHeaders.of(List.of(firstVia))).build();
    assertNull(Messages.fromRequestLines(firstViaOnly, received));
    assertEquals(
        List.of("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa"),
        Messages.fromJain(Messages.toJain(firstViaOnly, received, FACTORY))
            .headers()
            .values("Via"));
  }

  @Test
  void aResponseWithABodyIsWrittenAndParsed() throws Exception {
    Messages.Received received =
        received(wireNotify(List.of("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa"), List.of(), ""));
    SipResponse withBody =
        SipResponse.to(received.request(), 200)
            .body(Body.of("text/plain", "hi".getBytes(StandardCharsets.UTF_8)))
            .build();
    Response jain = Messages.toJain(withBody, received, FACTORY);
    assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), jain.getRawContent());
  }
}
