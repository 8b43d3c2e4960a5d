package org.sepapi.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.sepapi.core.sip.SipGen.anyString;
import static org.sepapi.core.sip.SipGen.headerParameters;
import static org.sepapi.core.sip.SipGen.listOf;
import static org.sepapi.core.sip.SipGen.mutations;
import static org.sepapi.core.sip.SipGen.parsesOrRefuses;
import static org.sepapi.core.sip.SipGen.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.SipParseException;

class SipSyntaxTest {
  @Test
  void tokensAreRfc3261Tokens() {
    assertTrue(SipSyntax.isToken("INVITE"));
    assertTrue(SipSyntax.isToken("z9hG4bK-524287-1---a2a6f4b0b01a4b2e"));
    assertTrue(SipSyntax.isToken("!interesting-Method0123456789_*+`.%indeed'~"));
    assertFalse(SipSyntax.isToken(null));
    assertFalse(SipSyntax.isToken(""));
    for (String bad : List.of("a b", "a\"", "a;b", "a,b", "a=b", "a:b", "a@b", "\u00e9", "a/b")) {
      assertFalse(SipSyntax.isToken(bad), bad);
    }
  }

  @Test
  void hostsAreNamesIpv4OrBracketedIpv6() {
    for (String good :
        List.of(
            "atlanta.com",
            "192.0.2.4",
            "A-1.example.COM",
            "[2001:db8::10]",
            "[::1]",
            "[::ffff:192.0.2.128]",
            "[2001:DB8:0:0:1:0:0:1]")) {
      assertTrue(SipSyntax.isHost(good), good);
    }
    for (String bad :
        List.of(
            "",
            "a b",
            "a_b.com",
            "2001:db8::10",
            "[2001:db8::10",
            "[]",
            "[1]",
            "[::g]",
            "h\u00e9")) {
      assertFalse(SipSyntax.isHost(bad), bad);
    }
    assertFalse(SipSyntax.isHost(null));
  }

  @Test
  void quoteEscapesQuotesBackslashesAndControlCharacters() {
    assertEquals("\"J Rosenberg \\\\\\\"\"", SipSyntax.quote("J Rosenberg \\\""));
    assertEquals("\"\"", SipSyntax.quote(""));
    assertEquals("\"tab\there\"", SipSyntax.quote("tab\there"));
    assertEquals(
        "\"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007f\"",
        SipSyntax.quote("BEL:\u0007 NUL:\u0000 DEL:\u007f"));
    assertThrows(IllegalArgumentException.class, () -> SipSyntax.quote("a\r\nb"));
    assertThrows(IllegalArgumentException.class, () -> SipSyntax.quote("a\nb"));
    assertEquals("token", SipSyntax.tokenOrQuoted("token"));
    assertEquals("\"two words\"", SipSyntax.tokenOrQuoted("two words"));
  }

  @Test
  void readQuotedUnescapesAndReturnsTheIndexAfterTheQuote() {
    StringBuilder out = new StringBuilder();
    String text = "x\"a\\\"b\\\\c\\d\" <sip:a@b>";
    assertEquals(12, SipSyntax.readQuoted(text, 1, out, "test"));
    assertEquals("a\"b\\cd", out.toString());
  }

  @Test
  void readQuotedRefusesUnterminatedStringsAndLineBreaks() {
    for (String bad : List.of("\"abc", "\"abc\\\"", "\"abc\\", "\"a\nb\"", "\"a\\\rb\"", "\"")) {
      assertThrows(
          SipParseException.class,
          () -> SipSyntax.readQuoted(bad, 0, new StringBuilder(), "test"),
          bad);
    }
  }

  @Test
  void splitElementsKeepsCommasInQuotesAndAngleBrackets() {
    assertEquals(
        List.of(
            "\"Bell, Alexander\" <sip:a.g.bell@example.com>;tag=1",
            "<sip:x@y;a=1,2>",
            "sip:c@d;q=\"0,5\""),
        SipSyntax.splitElements(
            " \"Bell, Alexander\" <sip:a.g.bell@example.com>;tag=1 ,<sip:x@y;a=1,2>,,"
                + " sip:c@d;q=\"0,5\" ,"));
    assertEquals(List.of("\"a\\\",b\"", "c"), SipSyntax.splitElements("\"a\\\",b\", c"));
    assertEquals(List.of(), SipSyntax.splitElements(" , ,"));
    assertEquals(List.of(";;", ";;", ";"), SipSyntax.splitElements(";;,,;;,;"));
    // an unterminated quote runs to the end; the element parser refuses it later
    assertEquals(List.of("a", "\"b, c"), SipSyntax.splitElements("a, \"b, c"));
  }

  @Test
  void parametersAreReadWithWhiteSpaceCaseFlagsAndQuotes() {
    Map<String, String> params =
        SipSyntax.parameters(
            "x ;  TAG = 98asjd8 ;lr; Q=0.33;name=\"a;b \\\"c\\\"\";empty=;received=[2001:db8::9]",
            1,
            "test");
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("tag", "98asjd8");
    expected.put("lr", "");
    expected.put("q", "0.33");
    expected.put("name", "a;b \"c\"");
    expected.put("empty", "");
    expected.put("received", "[2001:db8::9]");
    assertEquals(expected, params);
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(params.keySet()));
    assertEquals(Map.of(), SipSyntax.parameters("abc", 3, "test"));
    assertEquals(Map.of("a", "2"), SipSyntax.parameters(";a=1;A=2", 0, "test"));
  }

  @Test
  void parametersRefuseWhatCannotBeWrittenBack() {
    for (String bad :
        List.of(
            ";",
            ";=1",
            ";a b=1",
            ";a\"=1",
            ";a=\"1",
            ";a=\"1\"x",
            "x;a=1",
            ";a=1\nb",
            ";a=\"1\nb\"",
            ";a;;b",
            ";\u00e9=1")) {
      assertThrows(SipParseException.class, () -> SipSyntax.parameters(bad, 0, "test"), bad);
    }
  }

  @Test
  void appendParametersQuotesOnlyWhatIsNeitherTokenNorHost() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("lr", "");
    params.put("tag", "a6c85cf");
    params.put("received", "[2001:db8::9]");
    params.put("x", "two words");
    params.put("y", "say \"hi\"");
    StringBuilder out = new StringBuilder();
    SipSyntax.appendParameters(out, params);
    assertEquals(
        ";lr;tag=a6c85cf;received=[2001:db8::9];x=\"two words\";y=\"say \\\"hi\\\"\"",
        out.toString());
  }

  @Test
  void checkParametersLowerCasesNamesAndRefusesBadOnes() {
    Map<String, String> in = new LinkedHashMap<>();
    in.put("Tag", "x");
    in.put("LR", "");
    assertEquals(List.of("tag", "lr"), List.copyOf(SipSyntax.checkParameters(in).keySet()));
    assertThrows(
        IllegalArgumentException.class, () -> SipSyntax.checkParameters(Map.of("a b", "")));
    assertThrows(
        IllegalArgumentException.class, () -> SipSyntax.checkParameters(Map.of("a", "\n")));
    Map<String, String> nullValue = new LinkedHashMap<>();
    nullValue.put("a", null);
    assertThrows(IllegalArgumentException.class, () -> SipSyntax.checkParameters(nullValue));
  }

  @Test
  void numbersAreAtMostTenAsciiDigits() {
    assertEquals(0, SipSyntax.number("0", "n"));
    assertEquals(9, SipSyntax.number(" 0009 ", "n"));
    assertEquals(9_999_999_999L, SipSyntax.number("9999999999", "n"));
    for (String bad : List.of("", " ", "-1", "+1", "1.0", "12345678901", "\u0663", "0x10", "1 2")) {
      assertThrows(SipParseException.class, () -> SipSyntax.number(bad, "n"), bad);
    }
  }

  @Test
  void writtenParametersReadBackEqual() {
    qt().forAll(headerParameters(5))
        .checkAssert(
            params -> {
              Map<String, String> checked = SipSyntax.checkParameters(params);
              StringBuilder out = new StringBuilder();
              SipSyntax.appendParameters(out, checked);
              assertEquals(checked, SipSyntax.parameters(out.toString(), 0, "test"));
            });
  }

  @Test
  void quotedTextReadsBackEqual() {
    qt().forAll(text(0, 30))
        .checkAssert(
            s -> {
              StringBuilder out = new StringBuilder();
              String quoted = SipSyntax.quote(s);
              assertEquals(quoted.length(), SipSyntax.readQuoted(quoted, 0, out, "test"));
              assertEquals(s, out.toString());
            });
  }

  @Test
  void splitElementsOfJoinedQuotedValuesGivesThemBack() {
    qt().forAll(listOf(text(0, 10).map(SipSyntax::quote), 0, 5))
        .checkAssert(
            values -> {
              assertEquals(values, SipSyntax.splitElements(String.join(" , ", values)));
            });
  }

  @Test
  void readersThrowOnlySipParseExceptionOnAnyInput() {
    List<String> seeds =
        List.of(
            ";tag=1;lr;q=\"0.5\"",
            "; a = \"b\\\"c\" ; d",
            "\"quoted \\\" string\" <x>",
            "3600",
            "a, \"b,c\", <d,e>");
    qt().withExamples(3000)
        .forAll(anyString(40).mix(mutations(seeds), 60))
        .checkAssert(
            s -> {
              parsesOrRefuses(x -> SipSyntax.parameters(x, 0, "test"), s);
              parsesOrRefuses(x -> SipSyntax.number(x, "test"), s);
              parsesOrRefuses(x -> SipSyntax.splitElements(x), s);
              if (s.startsWith("\"")) {
                parsesOrRefuses(x -> SipSyntax.readQuoted(x, 0, new StringBuilder(), "t"), s);
              }
            });
  }
}
