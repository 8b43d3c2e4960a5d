package org.sepapi.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sepapi.core.spi.Body;
import org.sepapi.model.api.TextBody;
import org.sepapi.model.messagesummary.MessageSummary;

/**
 * A message-summary body a peer sent with a character XML cannot carry still stands inline in the
 * subscription document (the property tests found one with U+FFFF, which made rendering throw).
 */
class MessageSummaryInlineTest {
  @Test
  void aCharacterXmlCannotCarryGoesInlineAsTheReplacementCharacter() {
    String text = "Messages-Waiting: yes\r\nMessage-Account: sip:alice\uFFFF@example.com\r\n";
    var eventPackage = EventPackages.messageSummary();
    MessageSummary summary =
        eventPackage
            .codec()
            .decode(Body.of(MessageSummary.CONTENT_TYPE, text.getBytes(StandardCharsets.UTF_8)));
    TextBody inline = TextBody.from(eventPackage.codec().inline(summary).get(0)).orElseThrow();
    assertTrue(inline.text().contains("sip:alice\uFFFD@example.com"), inline.text());
    assertEquals(MessageSummary.CONTENT_TYPE, inline.contentType());
  }
}
