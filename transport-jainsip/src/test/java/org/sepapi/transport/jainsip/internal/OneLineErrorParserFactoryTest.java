package org.sepapi.transport.jainsip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.ParseException;
import org.junit.jupiter.api.Test;

class OneLineErrorParserFactoryTest {
  @Test
  void lineBreaksAndControlCharactersBecomeSpaces() {
    ParseException failure = new ParseException("CSeq:\r\n many\tNOTIFY\u0000:Number format", 7);

    ParseException clean = OneLineErrorParserFactory.oneLine(failure);

    assertEquals("CSeq:   many NOTIFY :Number format", clean.getMessage());
    assertEquals(7, clean.getErrorOffset());
    assertSame(failure, clean.getCause());
  }

  @Test
  void aLongMessageIsCutAndANullOneSaysUnreadable() {
    String clean =
        OneLineErrorParserFactory.oneLine(new ParseException("x".repeat(5000), 0)).getMessage();
    assertTrue(clean.length() <= 120, clean);
    assertEquals(
        "unreadable", OneLineErrorParserFactory.oneLine(new ParseException(null, 0)).getMessage());
  }

  @Test
  void nonAsciiIsReplacedSoTheReasonPhraseStaysPlain() {
    assertEquals(
        "bad    header",
        OneLineErrorParserFactory.oneLine(new ParseException("bad \u00e9\u2028 header", 0))
            .getMessage());
  }
}
