package org.sepapi.model.messagesummary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.model.XmlAssert.resource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sepapi.model.ModelException;

class MessageSummaryTest {
  private static final String A3 = "/rfc3842/section-4.1-a3-body.txt";
  private static final String A5 = "/rfc3842/section-4.1-a5-body.txt";

  @ParameterizedTest
  @ValueSource(strings = {A3, A5})
  void everyRfcExampleIsWrittenBackByteForByte(String name) {
    byte[] original = resource(name);
    MessageSummary summary = MessageSummary.parse(original);
    assertArrayEquals(
        original,
        summary.encode(),
        () -> "written as:\n" + summary.format() + "\nread from:\n" + utf8(original));
    assertEquals(summary, MessageSummary.parse(summary.format()));
  }

  @Test
  void readsEveryPartOfNotifyA3() {
    MessageSummary summary = MessageSummary.parse(resource(A3));
    assertTrue(summary.messagesWaiting());
    assertEquals(Optional.of("sip:alice@vmail.example.com"), summary.messageAccount());
    MessageCounts voice = summary.counts(MessageContextClass.VOICE_MESSAGE).orElseThrow();
    assertEquals(2, voice.newCount());
    assertEquals(8, voice.oldCount());
    assertTrue(voice.hasUrgentCounts());
    assertEquals(OptionalLong.of(0), voice.newUrgentCount());
    assertEquals(OptionalLong.of(2), voice.oldUrgentCount());
    assertEquals(1, summary.counts().size());
    assertEquals(Optional.empty(), summary.counts(MessageContextClass.FAX_MESSAGE));
    assertEquals(List.of(), summary.messageHeaders());
  }

  @Test
  void readsTheMessageHeadersAfterTheBlankLineOfNotifyA5() {
    MessageSummary summary = MessageSummary.parse(resource(A5));
    MessageCounts voice = summary.counts(MessageContextClass.VOICE_MESSAGE).orElseThrow();
    assertEquals("4/8 (1/2)", voice.value());
    assertEquals(1, summary.messageHeaders().size());
    MessageHeaders message = summary.messageHeaders().get(0);
    assertEquals(
        List.of(
            MessageHeader.of("To", "<alice@atlanta.example.com>"),
            MessageHeader.of("From", "<bob@biloxi.example.com>"),
            MessageHeader.of("Subject", "carpool tomorrow?")),
        message.headers());
    assertEquals(Optional.of("carpool tomorrow?"), message.value("subject"));
  }

  @Test
  void readsWhatVoicemailServersSendBesideTheRfc() {
    MessageSummary expected = MessageSummary.parse(resource(A3));
    // Any case, whitespace anywhere it may go, bare LF, no final line end, the status line second.
    assertEquals(
        expected,
        MessageSummary.parse(
            "message-account:sip:alice@vmail.example.com  \n"
                + "MESSAGES-WAITING :   Yes\t\n"
                + "voice-message:\t2 / 8   ( 0 / 2 ) "));
    // Lone CRs, and a byte order mark.
    assertEquals(
        expected,
        MessageSummary.parse(
            "\uFEFFMessages-Waiting: yes\rMessage-Account: sip:alice@vmail.example.com\r"
                + "Voice-Message: 2/8 (0/2)\r"));
    // Blank lines before the body, and a folded count line.
    assertEquals(
        expected,
        MessageSummary.parse(
            "\r\n\r\nMessages-Waiting: yes\r\nMessage-Account: sip:alice@vmail.example.com\r\n"
                + "Voice-Message: 2/8\r\n (0/2)\r\n"));
  }

  @Test
  void readsMessageHeadersThatFollowTheCountsWithoutABlankLine() {
    MessageSummary summary =
        MessageSummary.parse(
            "Messages-Waiting: yes\nVoice-Message: 1/0\nFrom: <sip:bob@example.com>\n"
                + "Subject: call me\n  back\n\nFrom: carol@example.com\nSubject:\n");
    assertEquals(
        List.of(
            MessageHeaders.of(
                MessageHeader.of("From", "<sip:bob@example.com>"),
                MessageHeader.of("Subject", "call me back")),
            MessageHeaders.of(
                MessageHeader.of("From", "carol@example.com"), MessageHeader.of("Subject", ""))),
        summary.messageHeaders());
    assertEquals(
        "Messages-Waiting: yes\r\nVoice-Message: 1/0\r\n\r\nFrom: <sip:bob@example.com>\r\n"
            + "Subject: call me back\r\n\r\nFrom: carol@example.com\r\nSubject:\r\n",
        summary.format());
  }

  @Test
  void keepsAClassItDoesNotKnowByItsName() {
    MessageSummary summary =
        MessageSummary.parse(
            "Messages-Waiting: no\r\nx-video-message: 0/3\r\nVoicemail: 1/2 (0/0)\r\n"
                + "NONE: 5/6\r\nmultimedia-MESSAGE: 7/8\r\n");
    assertEquals(4, summary.counts().size());
    MessageContextClass video = summary.counts().get(0).contextClass();
    assertEquals("x-video-message", video.name());
    assertFalse(video.isKnown());
    assertEquals(MessageContextClass.of("X-Video-Message"), video);
    assertEquals("Voicemail", summary.counts().get(1).contextClass().name());
    assertSame(MessageContextClass.NONE, summary.counts().get(2).contextClass());
    assertSame(MessageContextClass.MULTIMEDIA_MESSAGE, summary.counts().get(3).contextClass());
    assertEquals(
        "Messages-Waiting: no\r\nx-video-message: 0/3\r\nVoicemail: 1/2 (0/0)\r\n"
            + "None: 5/6\r\nMultimedia-Message: 7/8\r\n",
        summary.format());
  }

  @Test
  void readsTheLargestCountAndLeadingZeros() {
    MessageCounts counts =
        MessageSummary.parse("Messages-Waiting: yes\nText-Message: 4294967295/0000000000007\n")
            .counts(MessageContextClass.TEXT_MESSAGE)
            .orElseThrow();
    assertEquals(MessageCounts.MAX_COUNT, counts.newCount());
    assertEquals(7, counts.oldCount());
    assertFalse(counts.hasUrgentCounts());
  }

  @Test
  void refusesABodyWithoutMessagesWaiting() {
    assertRefused("Message-Account: sip:alice@example.com\r\nVoice-Message: 1/2\r\n", 1, "missing");
    assertRefused("", 1, "Messages-Waiting is missing");
    assertRefused("\r\n\r\n", 1, "Messages-Waiting is missing");
    assertRefused("\n\nVoice-Message: 1/2\n", 3, "Messages-Waiting is missing");
    // After the blank line it is a message header, not the status line.
    assertRefused("Voice-Message: 1/2\r\n\r\nMessages-Waiting: yes\r\n", 1, "missing");
  }

  @Test
  void refusesACountThatIsNotANumber() {
    assertRefused("Messages-Waiting: yes\r\nVoice-Message: two/8\r\n", 2, "two/8");
    assertRefused("Messages-Waiting: yes\r\nFax-Message: 1/2 (1)\r\n", 2, "Fax-Message");
    assertRefused("Messages-Waiting: yes\r\nFax-Message: 1/2 (1/1\r\n", 2, "Fax-Message");
    assertRefused("Messages-Waiting: yes\r\nFax-Message: -1/2\r\n", 2, "Fax-Message");
    assertRefused("Messages-Waiting: yes\r\nFax-Message: 1/2 extra\r\n", 2, "Fax-Message");
    assertRefused("Messages-Waiting: yes\r\nx-Cat-Message: 1/\r\n", 2, "x-Cat-Message");
    assertRefused("Messages-Waiting: yes\r\nNone:\r\n", 2, "None");
  }

  @Test
  void refusesACountPastTwoToTheThirtySecondMinusOne() {
    assertRefused("Messages-Waiting: yes\r\nVoice-Message: 4294967296/0\r\n", 2, "4294967296");
    assertRefused(
        "Messages-Waiting: yes\r\nVoice-Message: 1/0 (0/99999999999999999999999)\r\n", 2, "larger");
  }

  @Test
  void refusesAStatusThatIsNeitherYesNorNo() {
    assertRefused("Messages-Waiting: maybe\r\n", 1, "maybe");
    assertRefused("Messages-Waiting:\r\n", 1, "yes or no");
  }

  @Test
  void refusesWhatTheBodyWouldSayTwice() {
    assertRefused("Messages-Waiting: yes\r\nMessages-Waiting: no\r\n", 2, "twice");
    assertRefused(
        "Messages-Waiting: yes\r\nMessage-Account: sip:a@b\r\nMessage-Account: sip:c@d\r\n",
        3,
        "twice");
    assertRefused(
        "Messages-Waiting: yes\r\nVoice-Message: 1/2\r\nvoice-message: 3/4\r\n", 3, "twice");
    assertRefused("Messages-Waiting: yes\r\nMessage-Account:  \r\n", 2, "empty");
  }

  @Test
  void refusesALineThatIsNotAHeader() {
    assertRefused("Messages-Waiting yes\r\n", 1, "name: value");
    assertRefused("Messages-Waiting: yes\r\n\r\nTo: alice\r\nhello there\r\n", 4, "hello");
    assertRefused("Messages-Waiting: yes\r\nBad Name: 1/2\r\n", 2, "header name");
    assertRefused(" Messages-Waiting: yes\r\n", 1, "folded");
    assertRefused("Messages-Waiting: yes\r\n\r\n folded: x\r\n", 3, "folded");
  }

  @Test
  void refusesBytesThatAreNotUtf8OrControlCharacters() {
    byte[] latin1 =
        "Messages-Waiting: yes\r\n\r\nSubject: caf\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1);
    assertRefused(latin1, 3, "UTF-8");
    assertRefused("Messages-Waiting: yes\r\nVoice-Message: 1/2\u0000\r\n", 2, "U+0000");
    ModelException e =
        assertThrows(
            ModelException.class, () -> MessageSummary.parse("Messages-Waiting: y\u001bes\r\n"));
    assertEquals(20, e.column());
    assertEquals(1, e.line());
  }

  @Test
  void refusesABodyPastItsLimits() {
    byte[] big = new byte[MessageSummary.DEFAULT_MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) 'x');
    ModelException tooBig = assertThrows(ModelException.class, () -> MessageSummary.parse(big));
    assertTrue(tooBig.getMessage().contains("limit"), tooBig.getMessage());

    String manyLines = "Messages-Waiting: yes\r\n" + "\r\n".repeat(10);
    ModelException tooLong =
        assertThrows(
            ModelException.class,
            () -> MessageSummary.parse(manyLines.getBytes(StandardCharsets.UTF_8), 1000, 5));
    assertEquals(6, tooLong.line());
    assertTrue(
        MessageSummary.parse(manyLines.getBytes(StandardCharsets.UTF_8), 1000, 11)
            .messagesWaiting());
  }

  @Test
  void writesTheCanonicalForm() {
    MessageSummary summary =
        MessageSummary.builder()
            .messagesWaiting(true)
            .messageAccount(" sip:bob@vmail.example.com ")
            .addCounts(MessageCounts.of(MessageContextClass.of("voice-MESSAGE"), 3, 1, 1, 0))
            .addCounts(MessageContextClass.FAX_MESSAGE, 0, 12)
            .addMessageHeaders(
                MessageHeaders.of(
                    MessageHeader.of("From", " <sip:carol@example.com> "),
                    MessageHeader.of("Priority", "urgent")))
            .build();
    assertEquals(
        "Messages-Waiting: yes\r\n"
            + "Message-Account: sip:bob@vmail.example.com\r\n"
            + "Voice-Message: 3/1 (1/0)\r\n"
            + "Fax-Message: 0/12\r\n"
            + "\r\n"
            + "From: <sip:carol@example.com>\r\n"
            + "Priority: urgent\r\n",
        summary.format());
    assertEquals(summary, MessageSummary.parse(summary.encode()));
    assertEquals(summary, summary.toBuilder().build());
    assertEquals(
        "Messages-Waiting: no\r\n",
        MessageSummary.builder().messagesWaiting(false).build().format());
  }

  @Test
  void buildersRefuseWhatCouldNotBeWrittenOrReadBack() {
    MessageSummary.Builder b = MessageSummary.builder();
    assertThrows(NullPointerException.class, b::build);
    b.addCounts(MessageContextClass.VOICE_MESSAGE, 1, 2);
    assertThrows(
        IllegalArgumentException.class,
        () -> b.addCounts(MessageContextClass.of("VOICE-MESSAGE"), 3, 4));
    assertThrows(IllegalArgumentException.class, () -> b.messageAccount("sip:a@b\r\nX: y"));
    assertThrows(IllegalArgumentException.class, () -> b.messageAccount("  "));
    assertThrows(IllegalArgumentException.class, () -> MessageContextClass.of("Messages-Waiting"));
    assertThrows(IllegalArgumentException.class, () -> MessageContextClass.of("message-account"));
    assertThrows(IllegalArgumentException.class, () -> MessageContextClass.of("two words"));
    assertThrows(IllegalArgumentException.class, () -> MessageContextClass.of(""));
    assertThrows(
        IllegalArgumentException.class,
        () -> MessageCounts.of(MessageContextClass.NONE, MessageCounts.MAX_COUNT + 1, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> MessageCounts.of(MessageContextClass.NONE, 0, 0, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> MessageHeader.of("Sub ject", "x"));
    assertThrows(IllegalArgumentException.class, () -> MessageHeader.of("Subject:", "x"));
    assertThrows(IllegalArgumentException.class, () -> MessageHeader.of("Subject", "a\nb"));
    assertThrows(IllegalArgumentException.class, () -> MessageHeaders.of(List.of()));
  }

  @Test
  void knowsTheSixClassesOfRfc3458() {
    assertEquals(
        List.of(
            "Voice-Message",
            "Fax-Message",
            "Pager-Message",
            "Multimedia-Message",
            "Text-Message",
            "None"),
        MessageContextClass.known().stream().map(MessageContextClass::name).toList());
    for (MessageContextClass known : MessageContextClass.known()) {
      assertSame(known, MessageContextClass.of(known.name().toLowerCase(java.util.Locale.ROOT)));
      assertTrue(known.isKnown());
    }
  }

  private static void assertRefused(String body, int line, String says) {
    assertRefused(body.getBytes(StandardCharsets.UTF_8), line, says);
  }

  private static void assertRefused(byte[] body, int line, String says) {
    ModelException e = assertThrows(ModelException.class, () -> MessageSummary.parse(body));
    assertEquals(line, e.line(), e::getMessage);
    assertTrue(e.getMessage().contains(says), e::getMessage);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
