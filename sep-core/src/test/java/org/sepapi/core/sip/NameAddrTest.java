package org.sepapi.core.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.sepapi.core.sip.SipGen.anyString;
import static org.sepapi.core.sip.SipGen.listOf;
import static org.sepapi.core.sip.SipGen.mutations;
import static org.sepapi.core.sip.SipGen.nameAddr;
import static org.sepapi.core.sip.SipGen.parsesOrRefuses;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sepapi.core.internal.SipSyntax;

class NameAddrTest {
  @Test
  void readsTheFromAndToExamplesOfRfc3261() {
    NameAddr bell = NameAddr.parse("\"A. G. Bell\" <sip:agb@bell-telephone.com> ;tag=a48s");
    assertEquals(Optional.of("A. G. Bell"), bell.displayName());
    assertEquals(SipUri.parse("sip:agb@bell-telephone.com"), bell.uri());
    assertEquals(Optional.of("a48s"), bell.tag());

    NameAddr anonymous = NameAddr.parse("Anonymous <sip:c8oqz84zk7z@privacy.org>;tag=hyh8");
    assertEquals(Optional.of("Anonymous"), anonymous.displayName());
    assertEquals(Optional.of("hyh8"), anonymous.tag());

    NameAddr operator = NameAddr.parse("The Operator <sip:operator@cs.columbia.edu>;tag=287447");
    assertEquals(Optional.of("The Operator"), operator.displayName());

    NameAddr phone = NameAddr.parse("sip:+12125551212@server.phone2net.com;tag=887s");
    assertEquals(Optional.empty(), phone.displayName());
    assertEquals(SipUri.parse("sip:+12125551212@server.phone2net.com"), phone.uri());
    assertEquals(Map.of("tag", "887s"), phone.parameters());

    NameAddr watson =
        NameAddr.parse(
            "\"Mr. Watson\" <sip:watson@worcester.bell-telephone.com>;q=0.7; expires=3600");
    assertEquals(Optional.of("0.7"), watson.parameter("q"));
    assertEquals(Optional.of("3600"), watson.parameter("EXPIRES"));

    NameAddr bare = NameAddr.parse("<sip:bob@192.0.2.4>");
    assertEquals(NameAddr.of(SipUri.parse("sip:bob@192.0.2.4")), bare);
    assertEquals("<sip:bob@192.0.2.4>", bare.toString());
  }

  @Test
  void readsTheWhiteSpaceAndQuotingOfRfc4475() {
    // wsinv, after unfolding
    NameAddr to = NameAddr.parse("sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n");
    assertEquals(SipUri.parse("sip:vivekg@chair-dnrc.example.com"), to.uri());
    assertEquals(Optional.of("1918181833n"), to.tag());

    NameAddr from =
        NameAddr.parse(
            "\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>   ;   tag = 98asjd8");
    assertEquals(Optional.of("J Rosenberg \\\""), from.displayName());
    assertEquals(Optional.of("98asjd8"), from.tag());

    NameAddr contact =
        NameAddr.parse(
            "\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam = newvalue ;"
                + "   secondparam ; q = 0.33");
    assertEquals(Optional.of("Quoted string \"\""), contact.displayName());
    assertEquals(
        Map.of("newparam", "newvalue", "secondparam", "", "q", "0.33"), contact.parameters());

    // intmeth: quoted-pairs of control characters in the display name
    NameAddr controls =
        NameAddr.parse(
            "\"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007f\" <sip:1_unusual.URI~(to-be!sure)&isn't+it$/"
                + "crazy?,/;;*@example.com>");
    assertEquals(Optional.of("BEL:\u0007 NUL:\u0000 DEL:\u007f"), controls.displayName());
    assertEquals(controls, NameAddr.parse(controls.toString()));

    // lwsdisp: no white space between the display name and '<'
    NameAddr lwsdisp = NameAddr.parse("caller<sip:caller@example.com>;tag=323");
    assertEquals(Optional.of("caller"), lwsdisp.displayName());

    // esc01: a '%' in a quoted display name is not an escape
    NameAddr esc = NameAddr.parse("\"%Z%45\" <sip:resource@example.com>");
    assertEquals(Optional.of("%Z%45"), esc.displayName());

    // semiuri and cparam01: parameters inside the brackets belong to the URI
    NameAddr semi = NameAddr.parse("<sip:user;par=u%40example.net@example.com>");
    assertEquals(Optional.of("user;par=u%40example.net"), semi.uri().user());
    NameAddr cparam01 = NameAddr.parse("<sip:+19725552222@gw1.example.net;unknownparam>");
    assertEquals(Map.of("unknownparam", ""), cparam01.uri().parameters());
    assertEquals(Map.of(), cparam01.parameters());
    // cparam02: outside them, to the header
    NameAddr cparam02 = NameAddr.parse("sip:+19725552222@gw1.example.net;unknownparam");
    assertEquals(Map.of(), cparam02.uri().parameters());
    assertEquals(Map.of("unknownparam", ""), cparam02.parameters());
  }

  @Test
  void keepsAnUnquotedDisplayNameAsWrittenAndQuotesItOnOutput() {
    NameAddr value = NameAddr.parse("Bob  \"The\tBuilder\" <sip:bob@biloxi.com>;tag=x");
    assertEquals(Optional.of("Bob  \"The\tBuilder\""), value.displayName());
    assertEquals("\"Bob  \\\"The\tBuilder\\\"\" <sip:bob@biloxi.com>;tag=x", value.toString());
    assertEquals(value, NameAddr.parse(value.toString()));
    assertEquals(Optional.of(""), NameAddr.parse("\"\" <sip:a@b>").displayName());
  }

  @Test
  void aSemicolonBeforeAnyAngleBracketMeansAddrSpec() {
    NameAddr value = NameAddr.parse("sip:a@b;x=\"<y>\"");
    assertEquals(SipUri.parse("sip:a@b"), value.uri());
    assertEquals(Optional.of("<y>"), value.parameter("x"));
    assertEquals(value, NameAddr.parse(value.toString()));
  }

  @Test
  void refusesMalformedValues() {
    for (String bad :
        List.of(
            "",
            "  ",
            "\"Mr. J. User <sip:j.user@example.com>",
            "\"Alice\" sip:alice@atlanta.com",
            "<sip:alice@atlanta.com",
            "<>",
            "<tel:+1234>",
            "Alice <sip:alice@atlanta.com> garbage",
            "<sip:alice@atlanta.com>;",
            "<sip:alice@atlanta.com>;a b=c",
            "sip:user@example.com?Route=%3Csip:sip.example.com%3E",
            "sip:a@b,sip:c@d",
            "sip:alice@atlanta.com>",
            "*",
            "Ali\nce <sip:alice@atlanta.com>",
            "\"Al\\\nice\" <sip:alice@atlanta.com>",
            "<sip:alice@atlanta.com>;tag=\"a\nb\"")) {
      assertThrows(SipParseException.class, () -> NameAddr.parse(bad), SipGen.show(bad));
    }
  }

  @Test
  void factoriesAndCopies() {
    SipUri uri = SipUri.parse("sip:alice@atlanta.com");
    NameAddr alice = NameAddr.of("Alice \"A\"", uri);
    assertEquals("\"Alice \\\"A\\\"\" <sip:alice@atlanta.com>", alice.toString());
    assertEquals(NameAddr.of(uri), NameAddr.of(null, uri));
    NameAddr tagged = alice.withTag("1928301774").withParameter("X-Flag", "");
    assertEquals(
        "\"Alice \\\"A\\\"\" <sip:alice@atlanta.com>;tag=1928301774;x-flag", tagged.toString());
    assertEquals(Optional.of("1928301774"), tagged.tag());
    assertEquals("2", tagged.withTag("2").tag().orElseThrow());
    assertNotEquals(alice, tagged);
    assertEquals(tagged.hashCode(), NameAddr.parse(tagged.toString()).hashCode());
    assertThrows(IllegalArgumentException.class, () -> NameAddr.of("a\r\nb", uri));
    assertThrows(IllegalArgumentException.class, () -> alice.withParameter("a b", "x"));
    assertThrows(IllegalArgumentException.class, () -> alice.withParameter("a", "x\ny"));
    assertThrows(IllegalArgumentException.class, () -> alice.withParameter("a", null));
    assertThrows(NullPointerException.class, () -> NameAddr.of(null));
  }

  @Test
  void parseOfToStringIsTheSameValue() {
    qt().forAll(nameAddr())
        .checkAssert(
            value -> {
              NameAddr again = NameAddr.parse(value.toString());
              assertEquals(value, again, value::toString);
              assertEquals(value.hashCode(), again.hashCode());
            });
  }

  @Test
  void elementsOfAJoinedContactListAreTheValues() {
    qt().forAll(listOf(nameAddr(), 1, 4))
        .checkAssert(
            values -> {
              String joined = String.join(", ", values.stream().map(NameAddr::toString).toList());
              SipHeaders headers = SipHeaders.empty().add("m", joined);
              assertEquals(
                  values, headers.elements("Contact").stream().map(NameAddr::parse).toList());
              assertEquals(
                  values, SipSyntax.splitElements(joined).stream().map(NameAddr::parse).toList());
            });
  }

  @Test
  void anyInputIsReadOrRefusedWithSipParseException() {
    List<String> seeds =
        List.of(
            "\"A. G. Bell\" <sip:agb@bell-telephone.com> ;tag=a48s",
            "sip:+12125551212@server.phone2net.com;tag=887s",
            "\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam = newvalue",
            "The Operator <sip:operator@cs.columbia.edu;lr>;tag=287447;x=\"a,b\"");
    qt().withExamples(3000)
        .forAll(anyString(40).mix(mutations(seeds), 70))
        .checkAssert(
            text -> {
              NameAddr value = parsesOrRefuses(NameAddr::parse, text);
              if (value != null) {
                assertEquals(value, NameAddr.parse(value.toString()), () -> SipGen.show(text));
              }
            });
  }
}
