package org.sepapi.core.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SipHeadersTest {
  @Test
  void compactFormsAreExpandedToTheirLongForm() {
    String[][] pairs = {
      {"a", "Accept-Contact"},
      {"b", "Referred-By"},
      {"c", "Content-Type"},
      {"d", "Request-Disposition"},
      {"e", "Content-Encoding"},
      {"f", "From"},
      {"i", "Call-ID"},
      {"j", "Reject-Contact"},
      {"k", "Supported"},
      {"l", "Content-Length"},
      {"m", "Contact"},
      {"o", "Event"},
      {"r", "Refer-To"},
      {"s", "Subject"},
      {"t", "To"},
      {"u", "Allow-Events"},
      {"v", "Via"},
      {"x", "Session-Expires"},
      {"y", "Identity"}
    };
    for (String[] pair : pairs) {
      assertEquals(pair[1], SipHeaders.canonicalName(pair[0]));
      assertEquals(pair[1], SipHeaders.canonicalName(pair[0].toUpperCase()));
    }
    assertEquals("g", SipHeaders.canonicalName("g"));
  }

  @Test
  void knownNamesTakeTheirUsualSpellingOthersStayAsGiven() {
    assertEquals("Call-ID", SipHeaders.canonicalName("call-id"));
    assertEquals("CSeq", SipHeaders.canonicalName("CSEQ"));
    assertEquals("WWW-Authenticate", SipHeaders.canonicalName("www-authenticate"));
    assertEquals("Max-Forwards", SipHeaders.canonicalName("MaX-fOrWaRdS"));
    assertEquals("Subscription-State", SipHeaders.canonicalName("subscription-state"));
    assertEquals("NewFangledHeader", SipHeaders.canonicalName("NewFangledHeader"));
    for (String bad : List.of("", "To ", "X:Y", "\u00c4", "a\nb")) {
      assertThrows(IllegalArgumentException.class, () -> SipHeaders.canonicalName(bad), bad);
    }
  }

  @Test
  void namesMatchWithoutRegardToCaseOrForm() {
    SipHeaders headers =
        SipHeaders.empty()
            .add("i", "a84b4c76e66710@pc33.atlanta.com")
            .add("v", "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds")
            .add("VIA", "SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1")
            .add("X-Custom", "  padded  ");
    assertEquals(Optional.of("a84b4c76e66710@pc33.atlanta.com"), headers.first("Call-ID"));
    assertEquals(Optional.of("a84b4c76e66710@pc33.atlanta.com"), headers.first("CALL-id"));
    assertEquals(2, headers.values("v").size());
    assertEquals("Via", headers.all().get(1).name());
    assertEquals("Via", headers.all().get(2).name());
    assertEquals(Optional.of("padded"), headers.first("x-custom"));
    assertTrue(headers.contains("i"));
    assertFalse(headers.contains("Contact"));
    assertEquals(Optional.empty(), headers.first("Contact"));
    assertEquals(List.of(), headers.values("Contact"));
  }

  @Test
  void elementsSpanLinesAndCommas() {
    SipHeaders headers =
        SipHeaders.empty()
            .add("Supported", "replaces, 100rel")
            .add("k", "timer,,  path ")
            .add("Route", "<sip:p1.example.com;lr>,<sip:p2.example.com;lr;x=\"a,b\">");
    assertEquals(List.of("replaces", "100rel", "timer", "path"), headers.elements("Supported"));
    assertEquals(
        List.of("<sip:p1.example.com;lr>", "<sip:p2.example.com;lr;x=\"a,b\">"),
        headers.elements("Route"));
    assertEquals(List.of(), headers.elements("Require"));
    // RFC 4475 wsinv: an unknown header of separators only
    assertEquals(
        List.of(";;", ";;", ";"),
        SipHeaders.empty()
            .add("UnknownHeaderWithUnusualValue", ";;,,;;,;")
            .elements("UnknownHeaderWithUnusualValue"));
  }

  @Test
  void copiesAddReplaceAndRemoveLines() {
    SipHeaders base = SipHeaders.empty().add("Via", "v1").add("To", "t").add("Via", "v2");
    assertEquals(List.of("v0", "v1", "v2"), base.addFirst("v", "v0").values("Via"));
    SipHeaders replaced = base.with("v", "only");
    assertEquals(
        List.of(new SipHeaders.Header("Via", "only"), new SipHeaders.Header("To", "t")),
        replaced.all());
    assertEquals(
        List.of(
            new SipHeaders.Header("Via", "v1"),
            new SipHeaders.Header("To", "t"),
            new SipHeaders.Header("Via", "v2"),
            new SipHeaders.Header("Expires", "0")),
        base.with("Expires", "0").all());
    assertEquals(List.of(new SipHeaders.Header("To", "t")), base.without("VIA").all());
    assertEquals(3, base.all().size());
    assertThrows(UnsupportedOperationException.class, () -> base.all().add(null));
    assertEquals("Via: v1\r\nTo: t\r\nVia: v2\r\n", base.toString());
  }

  @Test
  void headerLinesCompareNamesWithoutRegardToCase() {
    SipHeaders.Header a = new SipHeaders.Header("X-Thing", "1");
    SipHeaders.Header b = new SipHeaders.Header("x-thing", " 1 ");
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, new SipHeaders.Header("X-Thing", "2"));
    assertEquals(new SipHeaders.Header("call-id", "x"), new SipHeaders.Header("i", "x"));
    assertEquals("Call-ID: x", new SipHeaders.Header("call-id", "x").toString());
    assertEquals(
        SipHeaders.empty().add("cseq", "1 INVITE"), SipHeaders.empty().add("CSeq", "1 INVITE"));
  }

  @Test
  void aHeaderValueHasNoLineBreak() {
    assertThrows(IllegalArgumentException.class, () -> new SipHeaders.Header("To", "a\r\nb"));
    assertThrows(IllegalArgumentException.class, () -> new SipHeaders.Header("To", "a\rb"));
    assertThrows(IllegalArgumentException.class, () -> SipHeaders.empty().add("To", "a\nb"));
    assertThrows(IllegalArgumentException.class, () -> SipHeaders.empty().add("T o", "x"));
    assertThrows(NullPointerException.class, () -> SipHeaders.empty().add("To", null));
  }
}
