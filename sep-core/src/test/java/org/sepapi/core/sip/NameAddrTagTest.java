package org.sepapi.core.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link NameAddr#tagOf}, the NOTIFY path's short cut, reads the tag {@link NameAddr#parse} does.
 */
class NameAddrTagTest {
  @Test
  void readsTheTagOfEveryFormOfFromAndTo() {
    assertEquals(
        Optional.of("1928301774"), NameAddr.tagOf("Alice <sip:alice@atlanta.com>;tag=1928301774"));
    assertEquals(Optional.of("a6c85cf"), NameAddr.tagOf("\"A;tag=x\" <sip:a@b.c>;TAG=a6c85cf"));
    assertEquals(Optional.of("abc"), NameAddr.tagOf("sip:bob@biloxi.com;tag=abc"));
    assertEquals(Optional.empty(), NameAddr.tagOf("<sip:bob@biloxi.com;tag=inside-the-uri>"));
    assertEquals(Optional.empty(), NameAddr.tagOf("sip:bob@biloxi.com"));
    assertEquals(Optional.of(""), NameAddr.tagOf("<sip:bob@biloxi.com>;tag"));
  }

  @Test
  void refusesMalformedParameters() {
    assertThrows(SipParseException.class, () -> NameAddr.tagOf("<sip:a@b.c>;tag=\"open"));
    assertThrows(SipParseException.class, () -> NameAddr.tagOf("<sip:a@b.c>;=x"));
  }

  @Test
  void agreesWithParseOnGeneratedValues() {
    qt().withExamples(2000)
        .forAll(SipGen.nameAddr())
        .checkAssert(value -> assertEquals(value.tag(), NameAddr.tagOf(value.toString())));
  }

  @Test
  void randomTextThrowsNothingButSipParseException() {
    qt().withExamples(3000)
        .forAll(strings().allPossible().ofLengthBetween(0, 40))
        .checkAssert(
            text -> {
              try {
                NameAddr.tagOf(text);
              } catch (SipParseException expected) {
                // refused
              }
            });
  }
}
