package org.sepapi.core.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.sepapi.core.sip.SipGen.anyString;
import static org.sepapi.core.sip.SipGen.mutations;
import static org.sepapi.core.sip.SipGen.parsesOrRefuses;
import static org.sepapi.core.sip.SipGen.uri;
import static org.sepapi.core.sip.SipGen.uriText;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SipUriTest {
  private static final String INTMETH_URI =
      "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too."
          + "(doesn't-it)@example.com";

  @Test
  void readsTheExamplesOfRfc3261Section19() {
    SipUri a = SipUri.parse("sip:alice@atlanta.com");
    assertEquals("sip", a.scheme());
    assertEquals(Optional.of("alice"), a.user());
    assertEquals("atlanta.com", a.host());
    assertEquals(OptionalInt.empty(), a.port());
    assertEquals(Map.of(), a.parameters());
    assertEquals(Optional.empty(), a.headers());

    SipUri b = SipUri.parse("sip:alice:secretword@atlanta.com;transport=tcp");
    assertEquals(Optional.of("alice:secretword"), b.user());
    assertEquals(Optional.of("tcp"), b.parameter("TRANSPORT"));

    SipUri c = SipUri.parse("sips:alice@atlanta.com?subject=project%20x&priority=urgent");
    assertEquals("sips", c.scheme());
    assertEquals(Optional.of("subject=project%20x&priority=urgent"), c.headers());

    SipUri d = SipUri.parse("sip:+1-212-555-1212:1234@gateway.com;user=phone");
    assertEquals(Optional.of("+1-212-555-1212:1234"), d.user());
    assertEquals(Optional.of("phone"), d.parameter("user"));

    SipUri e = SipUri.parse("sip:alice@192.0.2.4");
    assertEquals("192.0.2.4", e.host());

    SipUri f = SipUri.parse("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com");
    assertEquals(Optional.empty(), f.user());
    assertEquals(Optional.of("REGISTER"), f.parameter("method"));
    assertEquals(Optional.of("to=alice%40atlanta.com"), f.headers());

    SipUri g = SipUri.parse("sip:alice;day=tuesday@atlanta.com");
    assertEquals(Optional.of("alice;day=tuesday"), g.user());
    assertEquals(Map.of(), g.parameters());
  }

  @Test
  void readsTheTortureUrisOfRfc4475() {
    SipUri intmeth = SipUri.parse(INTMETH_URI);
    assertEquals(
        Optional.of(
            "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too."
                + "(doesn't-it)"),
        intmeth.user());
    assertEquals("example.com", intmeth.host());
    assertEquals(Optional.empty(), intmeth.headers());
    assertEquals(INTMETH_URI, intmeth.toString());

    SipUri esc01 = SipUri.parse("sip:sips%3Auser%40example.com@example.net");
    assertEquals(Optional.of("sips%3Auser%40example.com"), esc01.user());
    assertEquals("example.net", esc01.host());

    SipUri escnull = SipUri.parse("sip:null-%00-null@example.com");
    assertEquals(Optional.of("null-%00-null"), escnull.user());

    SipUri escParams =
        SipUri.parse("sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31");
    assertEquals(Optional.of(""), escParams.parameter("%6c%72"));
    assertEquals(Optional.of("v%61lue%25%34%31"), escParams.parameter("n%61me"));

    SipUri semiuri = SipUri.parse("sip:user;par=u%40example.net@example.com");
    assertEquals(Optional.of("user;par=u%40example.net"), semiuri.user());

    SipUri wsinv = SipUri.parse("sip:vivekg@chair-dnrc.example.com;unknownparam");
    assertEquals(Map.of("unknownparam", ""), wsinv.parameters());

    SipUri route = SipUri.parse("sip:services.example.com;lr;unknownwith=value;unknown-no-value");
    assertEquals(
        Map.of("lr", "", "unknownwith", "value", "unknown-no-value", ""), route.parameters());
  }

  @Test
  void readsTheIpv6FormsOfRfc5118() {
    SipUri withPort = SipUri.parse("sip:[2001:db8::10]:5070");
    assertEquals("[2001:db8::10]", withPort.host());
    assertEquals(OptionalInt.of(5070), withPort.port());

    SipUri portLookingGroup = SipUri.parse("sip:[2001:db8::10:5070]");
    assertEquals("[2001:db8::10:5070]", portLookingGroup.host());
    assertEquals(OptionalInt.empty(), portLookingGroup.port());

    SipUri mapped = SipUri.parse("sip:user@[::FFFF:192.0.2.128];maddr=[2001:db8::9]");
    assertEquals("[::ffff:192.0.2.128]", mapped.host());
    assertEquals(Optional.of("[2001:db8::9]"), mapped.parameter("maddr"));
    assertEquals("sip:user@[::ffff:192.0.2.128];maddr=[2001:db8::9]", mapped.toString());
  }

  @Test
  void keepsSchemeHostAndParameterNamesInLowerCaseAndTheRestAsWritten() {
    SipUri uri = SipUri.parse("  SIPS:Alice@AtLanta.COM:05061;Transport=TCP;LR?Subject=Hi  ");
    assertEquals("sips", uri.scheme());
    assertEquals(Optional.of("Alice"), uri.user());
    assertEquals("atlanta.com", uri.host());
    assertEquals(OptionalInt.of(5061), uri.port());
    assertEquals(Optional.of("TCP"), uri.parameter("transport"));
    assertEquals("sips:Alice@atlanta.com:5061;transport=TCP;lr?Subject=Hi", uri.toString());
    assertEquals(uri, SipUri.parse(uri.toString()));
  }

  @Test
  void equalityIgnoresParameterOrderButNotUserCase() {
    SipUri a = SipUri.parse("sip:bob@biloxi.com;transport=udp;lr");
    SipUri b = SipUri.parse("sip:bob@BILOXI.com;LR;transport=udp");
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, SipUri.parse("sip:BOB@biloxi.com;transport=udp;lr"));
    assertNotEquals(a, SipUri.parse("sip:bob@biloxi.com:5060;transport=udp;lr"));
    assertNotEquals(a, SipUri.parse("sips:bob@biloxi.com;transport=udp;lr"));
    assertNotEquals(a, SipUri.parse("sip:bob@biloxi.com;transport=UDP;lr"));
    assertNotEquals(a, SipUri.parse("sip:bob@biloxi.com;transport=udp;lr?x=y"));
    assertNotEquals(a, "sip:bob@biloxi.com;transport=udp;lr");
  }

  @Test
  void refusesWhatIsNotASipUri() {
    for (String bad :
        List.of(
            "",
            "   ",
            "sip:",
            ":alice@atlanta.com",
            "alice@atlanta.com",
            "tel:+1-201-555-0123",
            "unknownscheme:unknownstuff",
            "<sip:user@example.com>",
            "sip:user@example.com; lr",
            "sip:user name@example.com",
            "sip:@example.com",
            "sip:user@",
            "sip:user@example.com:",
            "sip:user@example.com:65536",
            "sip:user@example.com:5o60",
            "sip:user@example.com:-1",
            "sip:user@example.com:123456",
            "sip:user@2001:db8::10",
            "sip:user@[2001:db8::10",
            "sip:user@[2001:db8::10]x",
            "sip:user@[]",
            "sip:user@exa\"mple.com",
            "sip:user@example.com;",
            "sip:user@example.com;;lr",
            "sip:user@example.com;=x",
            "sip:user@example.com;a=\"b\"",
            "sip:user@example.com;a=b c",
            "sip:user@example.com?a=<b>",
            "sip:us\"er@example.com",
            "sip:us>er@example.com",
            "sip:us\u00e9r@example.com",
            "sip:user@\u212aexample.com",
            "sip:user@example.com\r\n;lr",
            "sip:a@b@c")) {
      assertThrows(SipParseException.class, () -> SipUri.parse(bad), bad);
    }
  }

  @Test
  void emptyHeaderPartIsDroppedAndEmptyParameterValueIsAFlag() {
    assertEquals(SipUri.parse("sip:a@b"), SipUri.parse("sip:a@b?"));
    assertEquals(SipUri.parse("sip:a@b;lr"), SipUri.parse("sip:a@b;lr="));
  }

  @Test
  void factoriesAndCopies() {
    SipUri bob = SipUri.of("bob", "biloxi.com");
    assertEquals("sip:bob@biloxi.com", bob.toString());
    assertEquals("sip:bob@biloxi.com:5060", SipUri.of("bob", "biloxi.com:5060").toString());
    for (String[] bad :
        new String[][] {
          {"bob", "biloxi.com;lr"},
          {"bob", "biloxi.com?x=y"},
          {"bob@evil.com", "biloxi.com"},
          {"", "biloxi.com"},
          {"bob", ""},
          {"b o b", "biloxi.com"}
        }) {
      assertThrows(IllegalArgumentException.class, () -> SipUri.of(bad[0], bad[1]), bad[0]);
    }

    SipUri routed = bob.withParameter("LR", "").withParameter("transport", "tcp");
    assertEquals("sip:bob@biloxi.com;lr;transport=tcp", routed.toString());
    assertEquals(
        "sip:bob@biloxi.com;lr;transport=udp", routed.withParameter("Transport", "udp").toString());
    assertThrows(IllegalArgumentException.class, () -> bob.withParameter("a b", ""));
    assertThrows(IllegalArgumentException.class, () -> bob.withParameter("a", "x;y"));
    assertThrows(IllegalArgumentException.class, () -> bob.withParameter("", "x"));
    assertThrows(NullPointerException.class, () -> bob.withParameter("a", null));

    SipUri full = SipUri.parse("sips:alice:pw@atlanta.com:5061;transport=tls?subject=x");
    assertEquals(SipUri.parse("sips:alice:pw@atlanta.com"), full.addressOfRecord());
  }

  @Test
  void parseOfToStringIsTheSameUri() {
    qt().forAll(uri())
        .checkAssert(
            uri -> {
              SipUri again = SipUri.parse(uri.toString());
              assertEquals(uri, again);
              assertEquals(uri.hashCode(), again.hashCode());
              assertEquals(uri.toString(), again.toString());
            });
  }

  @Test
  void generatedTextIsReadPartByPart() {
    qt().forAll(uriText())
        .checkAssert(
            text -> {
              SipUri uri = SipUri.parse(text);
              String lower = text.toLowerCase(java.util.Locale.ROOT);
              assertEquals(lower.substring(0, lower.indexOf(':')), uri.scheme());
              assertEquals(uri.user().isPresent(), text.indexOf('@') >= 0, () -> "user of " + text);
              int hostStart = text.indexOf(':') + 1;
              if (uri.user().isPresent()) {
                assertTrue(text.startsWith(uri.user().get() + "@", hostStart));
                hostStart += uri.user().get().length() + 1;
              }
              assertTrue(lower.startsWith(uri.host(), hostStart), () -> "host of " + text);
            });
  }

  @Test
  void anyInputIsReadOrRefusedWithSipParseException() {
    List<String> seeds =
        List.of(
            INTMETH_URI,
            "sips:alice@atlanta.com?subject=project%20x&priority=urgent",
            "sip:+1-212-555-1212:1234@gateway.com;user=phone",
            "sip:[2001:db8::10]:5070;maddr=[::1];lr",
            "sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com");
    qt().withExamples(3000)
        .forAll(anyString(40).mix(mutations(seeds), 70))
        .checkAssert(
            text -> {
              SipUri uri = parsesOrRefuses(SipUri::parse, text);
              if (uri != null) {
                assertEquals(uri, SipUri.parse(uri.toString()), () -> SipGen.show(text));
              }
            });
  }
}
