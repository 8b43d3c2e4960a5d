package org.sepapi.core.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContentTypeTest {
  @Test
  void readsAnRlsNotifysContentTypeWithItsParameters() {
    ContentType type =
        ContentType.parse(
            "Multipart/Related ; type=\"application/rlmi+xml\";start=\"<nXYxAE@pres.vancouver.example.com>\";boundary=\"50UBfW7LSCVLtggUPe5z\"");
    assertEquals("multipart/related", type.mediaType());
    assertTrue(type.is("MULTIPART/related"));
    assertEquals(Optional.of("application/rlmi+xml"), type.parameter("TYPE"));
    assertEquals(Optional.of("<nXYxAE@pres.vancouver.example.com>"), type.parameter("start"));
    assertEquals(Optional.of("50UBfW7LSCVLtggUPe5z"), type.parameter("boundary"));
  }

  @Test
  void writesWhatItReads() {
    ContentType type = new ContentType("application", "reginfo+xml", Map.of("charset", "UTF-8"));
    assertEquals("application/reginfo+xml;charset=UTF-8", type.toString());
    assertEquals(type, ContentType.parse(type.toString()));
    ContentType quoted = ContentType.parse("multipart/related;type=\"application/rlmi+xml\"");
    assertEquals(quoted, ContentType.parse(quoted.toString()));
  }

  @Test
  void refusesWhatIsNotAMediaType() {
    for (String bad :
        new String[] {"", "text", "/plain", "text/", "te xt/plain", "text/plain;=x"}) {
      assertThrows(SipParseException.class, () -> ContentType.parse(bad), bad);
    }
  }

  @Test
  void randomTextThrowsNothingButSipParseException() {
    qt().withExamples(3000)
        .forAll(strings().allPossible().ofLengthBetween(0, 40))
        .checkAssert(
            text -> {
              try {
                ContentType type = ContentType.parse(text);
                assertEquals(type, ContentType.parse(type.toString()));
              } catch (SipParseException expected) {
                // refused, as it should be
              }
            });
  }
}
