package org.sepapi.model.sipfrag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.model.XmlAssert.resource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sepapi.model.ModelException;

class SipFragTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/rfc3420/example-1-request-line.txt",
        "/rfc3420/example-2-status-line.txt",
        "/rfc3420/example-4-status-and-warning.txt",
        "/rfc3420/example-5-headers-only.txt",
        "/rfc3420/example-6-status-and-sdp-body.txt",
        "/rfc3515/notify-100-trying.txt",
        "/rfc3515/notify-200-ok.txt",
        "/rfc3515/notify-503-service-unavailable.txt"
      })
  void everyExampleIsWrittenBackByteForByte(String name) {
    byte[] original = resource(name);
    SipFrag frag = SipFrag.parse(original);
    assertArrayEquals(original, frag.encode(), () -> utf8(frag.encode()));
    assertEquals(frag, SipFrag.parse(frag.encode()));
  }

  @ParameterizedTest
  @CsvSource({
    "/rfc3515/notify-100-trying.txt, 100, Trying",
    "/rfc3515/notify-200-ok.txt, 200, OK",
    "/rfc3515/notify-503-service-unavailable.txt, 503, Service Unavailable",
    "/rfc3420/example-2-status-line.txt, 603, Declined"
  })
  void readsTheStatusOfAReferNotify(String name, int code, String reason) {
    SipFrag frag = SipFrag.parse(resource(name));
    assertTrue(frag.isResponse());
    assertFalse(frag.isRequest());
    assertEquals(OptionalInt.of(code), frag.statusCode());
    assertEquals(Optional.of(reason), frag.reasonPhrase());
    assertEquals(Optional.of("SIP/2.0 " + code + " " + reason), frag.statusLine());
    assertEquals(frag.statusLine(), frag.startLine());
    assertEquals(Optional.of("SIP/2.0"), frag.sipVersion());
    assertEquals(List.of(), frag.headers());
    assertFalse(frag.hasBody());
  }

  @Test
  void readsARequestLine() {
    SipFrag frag = SipFrag.parse(resource("/rfc3420/example-1-request-line.txt"));
    assertTrue(frag.isRequest());
    assertEquals(Optional.of("INVITE"), frag.method());
    assertEquals(Optional.of("sip:alice@atlanta.com"), frag.requestUri());
    assertEquals(Optional.of("SIP/2.0"), frag.sipVersion());
    assertEquals(OptionalInt.empty(), frag.statusCode());
    assertEquals(Optional.empty(), frag.statusLine());
    assertEquals(Optional.empty(), frag.reasonPhrase());
  }

  @Test
  void unfoldsAFoldedHeader() {
    byte[] original = resource("/rfc3420/example-3-register-folded.txt");
    SipFrag frag = SipFrag.parse(original);
    assertEquals(Optional.of("REGISTER"), frag.method());
    assertEquals(Optional.of("sip:atlanta.com"), frag.requestUri());
    assertEquals(
        List.of(
            SipHeader.of("To", "sip:alice@atlanta.com"),
            SipHeader.of(
                "Contact", "<sip:alicepc@atlanta.com>;q=0.9, <sip:alicemobile@atlanta.com>;q=0.1")),
        frag.headers());
    assertEquals(
        "REGISTER sip:atlanta.com SIP/2.0\r\nTo: sip:alice@atlanta.com\r\n"
            + "Contact: <sip:alicepc@atlanta.com>;q=0.9, <sip:alicemobile@atlanta.com>;q=0.1\r\n",
        utf8(frag.encode()));
    assertEquals(frag, SipFrag.parse(frag.encode()));
  }

  @Test
  void readsHeadersWithoutAStartLine() {
    SipFrag frag = SipFrag.parse(resource("/rfc3420/example-5-headers-only.txt"));
    assertEquals(Optional.empty(), frag.startLine());
    assertFalse(frag.isRequest() || frag.isResponse());
    assertEquals(6, frag.headers().size());
    assertEquals(Optional.of("a84b4c76e66710"), frag.header("call-id"));
    assertEquals(Optional.of("314159 INVITE"), frag.header("CSeq"));
    assertEquals(Optional.of("Alice <sip:alice@atlanta.com>"), frag.header("f"));
    assertEquals(Optional.of("Thu, 21 Feb 2002 13:02:03 GMT"), frag.header("Date"));
    assertEquals(Optional.empty(), frag.header("Via"));
  }

  @Test
  void keepsTheBodyAfterTheBlankLine() {
    byte[] original = resource("/rfc3420/example-6-status-and-sdp-body.txt");
    SipFrag frag = SipFrag.parse(original);
    assertEquals(OptionalInt.of(200), frag.statusCode());
    assertEquals(Optional.of("application/sdp"), frag.header("Content-Type"));
    assertEquals(Optional.of("application/sdp"), frag.header("c"));
    assertTrue(frag.hasBody());
    // Content-Length is kept as a header, not enforced: the body is what follows the blank line.
    assertEquals(Optional.of("314"), frag.header("Content-Length"));
    assertEquals(246, frag.body().length);
    assertTrue(frag.bodyText().startsWith("v=0\r\no=alice 2890844526"), frag.bodyText());
    assertTrue(frag.bodyText().endsWith("a=rtpmap:32 MPV/90000\r\n"), frag.bodyText());
    byte[] body = frag.body();
    body[0] = 'X';
    assertTrue(frag.bodyText().startsWith("v=0"), "the body is a copy");
  }

  @Test
  void findsHeadersByTheirCompactOrFullName() {
    SipFrag frag =
        SipFrag.parse(
            "SIP/2.0 180 Ringing\r\ni: abc@host\r\nf: <sip:a@x>;tag=1\r\nT: <sip:b@y>\r\n"
                + "m: <sip:b@192.0.2.1>\r\nl: 0\r\nc: text/plain\r\nv: SIP/2.0/UDP h1\r\n"
                + "Via: SIP/2.0/UDP h2\r\n");
    assertEquals(Optional.of("abc@host"), frag.header("Call-ID"));
    assertEquals(Optional.of("abc@host"), frag.header("I"));
    assertEquals(Optional.of("<sip:a@x>;tag=1"), frag.header("From"));
    assertEquals(Optional.of("<sip:b@y>"), frag.header("to"));
    assertEquals(Optional.of("<sip:b@192.0.2.1>"), frag.header("Contact"));
    assertEquals(Optional.of("0"), frag.header("Content-Length"));
    assertEquals(Optional.of("text/plain"), frag.header("CONTENT-TYPE"));
    assertEquals(List.of("SIP/2.0/UDP h1", "SIP/2.0/UDP h2"), frag.headerValues("via"));
    assertEquals(List.of("SIP/2.0/UDP h1", "SIP/2.0/UDP h2"), frag.headerValues("v"));
    assertEquals("i", frag.headers().get(0).name(), "a compact name is kept as written");
    assertTrue(SipHeader.of("r", "x").is("Refer-To"));
    assertTrue(SipHeader.of("o", "refer").is("event"));
  }

  @Test
  void readsWhatPeersSendBesideTheRfc() {
    // A gateway's NOTIFY body: a whitespace-only line after the status line.
    SipFrag gateway = SipFrag.parse("SIP/2.0 503 Service Unavailable\r\n \r\n");
    assertEquals(OptionalInt.of(503), gateway.statusCode());
    assertFalse(gateway.hasBody());
    // Bare LF, no final line end, no reason phrase, whitespace around the colon, lower-case sip.
    SipFrag sloppy = SipFrag.parse("sip/2.0 200\nCSeq : 1 INVITE\nContent-Length:0");
    assertEquals(OptionalInt.of(200), sloppy.statusCode());
    assertEquals(Optional.of(""), sloppy.reasonPhrase());
    assertEquals(Optional.of("sip/2.0 200"), sloppy.statusLine());
    assertEquals(Optional.of("1 INVITE"), sloppy.header("cseq"));
    assertEquals(Optional.of("0"), sloppy.header("l"));
    // Extra spaces in the status line are kept in the line as received.
    SipFrag spaced = SipFrag.parse("SIP/2.0  486   Busy Here  \r\n");
    assertEquals(OptionalInt.of(486), spaced.statusCode());
    assertEquals(Optional.of("Busy Here"), spaced.reasonPhrase());
    assertEquals(Optional.of("SIP/2.0  486   Busy Here  "), spaced.statusLine());
    // A reason phrase in another language.
    assertEquals(
        Optional.of("Occupé ça sonne"),
        SipFrag.parse("SIP/2.0 486 Occupé ça sonne\r\n").reasonPhrase());
    // Nothing at all is an empty fragment (every part of RFC 3420's grammar is optional).
    SipFrag empty = SipFrag.parse(new byte[0]);
    assertEquals(Optional.empty(), empty.startLine());
    assertEquals(List.of(), empty.headers());
    assertFalse(empty.hasBody());
  }

  @Test
  void refusesAFirstLineThatIsNeitherAStartLineNorAHeader() {
    assertRefused("hello world\r\n", 1, "neither");
    assertRefused("SIP/2.0 OK\r\n", 1, "status line");
    assertRefused("SIP/2.0 2000 OK\r\n", 1, "status line");
    assertRefused("SIP/2 200 OK\r\n", 1, "status line");
    assertRefused("INVITE sip:a@b\r\n", 1, "neither");
    assertRefused("INVITE sip:a@b HTTP/1.1\r\n", 1, "neither");
    assertRefused("<html>\r\n", 1, "neither");
  }

  @Test
  void refusesAStatusCodeOutside100To699() {
    assertRefused("SIP/2.0 099 Odd\r\n", 1, "099");
    assertRefused("SIP/2.0 700 Odd\r\n", 1, "700");
    assertRefused("SIP/2.0 000 Odd\r\n", 1, "between 100 and 699");
  }

  @Test
  void refusesALaterLineThatIsNotAHeader() {
    assertRefused("SIP/2.0 200 OK\r\nTo: a\r\nnot a header\r\n", 3, "expected a header");
    assertRefused("SIP/2.0 200 OK\r\nSIP/2.0 180 Ringing\r\n", 2, "expected a header");
    assertRefused("SIP/2.0 200 OK\r\nBad Name: x\r\n", 2, "expected a header");
    assertRefused("SIP/2.0 200 OK\r\n  folded\r\n", 2, "start line cannot fold");
    assertRefused(" SIP/2.0 200 OK\r\n", 1, "folded line");
  }

  @Test
  void refusesBytesThatAreNotUtf8OrControlCharactersBeforeTheBody() {
    byte[] latin1 = "SIP/2.0 486 Occup\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1);
    assertRefused(latin1, 1, "UTF-8");
    assertRefused("SIP/2.0 200 OK\r\nTo: a\u0000b\r\n", 2, "U+0000");
    // The body is bytes: anything goes there.
    byte[] binary = {
      'S',
      'I',
      'P',
      '/',
      '2',
      '.',
      '0',
      ' ',
      '2',
      '0',
      '0',
      ' ',
      'O',
      'K',
      '\n',
      '\n',
      0,
      (byte) 0xFF,
      '\r'
    };
    SipFrag frag = SipFrag.parse(binary);
    assertArrayEquals(new byte[] {0, (byte) 0xFF, '\r'}, frag.body());
  }

  @Test
  void refusesAFragmentPastItsLimits() {
    byte[] big = new byte[SipFrag.DEFAULT_MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) 'x');
    ModelException tooBig = assertThrows(ModelException.class, () -> SipFrag.parse(big));
    assertTrue(tooBig.getMessage().contains("limit"), tooBig.getMessage());
    byte[] manyHeaders =
        ("SIP/2.0 200 OK\r\n" + "X-A: 1\r\n".repeat(9) + "\r\n" + "body\r\n".repeat(50))
            .getBytes(StandardCharsets.UTF_8);
    ModelException tooLong =
        assertThrows(ModelException.class, () -> SipFrag.parse(manyHeaders, 10_000, 5));
    assertEquals(6, tooLong.line());
    assertEquals(9, SipFrag.parse(manyHeaders, 10_000, 11).headers().size());
  }

  @Test
  void buildsFragmentsAndWritesThemWithCrlf() {
    SipFrag frag =
        SipFrag.builder()
            .statusLine(180, " Ringing ")
            .addHeader("Call-ID", "abc@host")
            .addHeader("Subject", "")
            .body("hi")
            .build();
    assertEquals(
        "SIP/2.0 180 Ringing\r\nCall-ID: abc@host\r\nSubject:\r\n\r\nhi", utf8(frag.encode()));
    assertEquals(frag, SipFrag.parse(frag.encode()));
    assertEquals(frag, frag.toBuilder().build());
    SipFrag request = SipFrag.builder().requestLine("BYE", "sip:bob@192.0.2.4").build();
    assertEquals("BYE sip:bob@192.0.2.4 SIP/2.0\r\n", utf8(request.encode()));
    assertEquals(Optional.of("BYE"), request.method());
    assertEquals("SIP/2.0 200 \r\n", utf8(SipFrag.builder().statusLine(200, "").build().encode()));
    assertEquals("\r\nonly a body", utf8(SipFrag.builder().body("only a body").build().encode()));
  }

  @Test
  void buildersRefuseWhatCouldNotBeReadBack() {
    SipFrag.Builder b = SipFrag.builder();
    assertThrows(IllegalArgumentException.class, () -> b.statusLine(99, "x"));
    assertThrows(IllegalArgumentException.class, () -> b.statusLine(700, "x"));
    assertThrows(IllegalArgumentException.class, () -> b.statusLine(200, "OK\r\nX: y"));
    assertThrows(IllegalArgumentException.class, () -> b.requestLine("IN VITE", "sip:a@b"));
    assertThrows(IllegalArgumentException.class, () -> b.requestLine("INVITE", "sip:a b"));
    assertThrows(IllegalArgumentException.class, () -> b.requestLine("INVITE", ":sip"));
    assertThrows(IllegalArgumentException.class, () -> b.requestLine("INVITE", ""));
    assertThrows(IllegalArgumentException.class, () -> b.startLine("To: sip:a@b"));
    assertThrows(IllegalArgumentException.class, () -> b.startLine(" SIP/2.0 200 OK"));
    assertThrows(IllegalArgumentException.class, () -> b.startLine("hello"));
    assertThrows(IllegalArgumentException.class, () -> SipHeader.of("Bad Name", "x"));
    assertThrows(IllegalArgumentException.class, () -> SipHeader.of("To", "a\r\nVia: x"));
    assertEquals(Optional.of("SIP/2.0 200 OK"), b.startLine("SIP/2.0 200 OK").build().statusLine());
  }

  private static void assertRefused(String fragment, int line, String says) {
    assertRefused(fragment.getBytes(StandardCharsets.UTF_8), line, says);
  }

  private static void assertRefused(byte[] fragment, int line, String says) {
    ModelException e = assertThrows(ModelException.class, () -> SipFrag.parse(fragment));
    assertEquals(line, e.line(), e::getMessage);
    assertTrue(e.getMessage().contains(says), e::getMessage);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
