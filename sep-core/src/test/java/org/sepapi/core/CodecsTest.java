package org.sepapi.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.core.TestDocuments.body;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.BodyCodec;
import org.sepapi.core.spi.BodyException;
import org.sepapi.core.spi.Merge;
import org.sepapi.model.AnyElement;
import org.sepapi.model.ModelException;
import org.sepapi.model.api.TextBody;
import org.sepapi.model.dialoginfo.DialogInfo;
import org.sepapi.model.messagesummary.MessageContextClass;
import org.sepapi.model.messagesummary.MessageSummary;
import org.sepapi.model.pidf.Presence;
import org.sepapi.model.reginfo.Reginfo;

class CodecsTest {
  private final BodyCodec<Reginfo> reg = EventPackages.reg().codec();
  private final BodyCodec<DialogInfo> dialog = EventPackages.dialog().codec();
  private final BodyCodec<Presence> presence = EventPackages.presence().codec();
  private final BodyCodec<MessageSummary> summary = EventPackages.messageSummary().codec();
  private final BodyCodec<Body> passThrough = EventPackages.vqRtcpxr().codec();

  @Test
  void readsTheRfc3680Example() {
    Reginfo reginfo = reg.decode(body("application/reginfo+xml", "/rfc3680/example.xml"));
    assertEquals("sip:user@example.com", reginfo.registrations().get(0).aor());
    assertEquals(2, reginfo.registrations().get(0).contacts().size());
  }

  @Test
  void theMediaTypeIsComparedWithoutCaseOrParameters() {
    Reginfo reginfo =
        reg.decode(body(" Application/REGINFO+xml ; charset=\"UTF-8\"", "/rfc3680/example.xml"));
    assertEquals(0, reginfo.version());
  }

  @Test
  void aBodyOfAnotherTypeIsRefused() {
    BodyException e =
        assertThrows(
            BodyException.class,
            () -> reg.decode(body("application/dialog-info+xml", "/rfc3680/example.xml")));
    assertEquals(
        "a reg body is application/reginfo+xml, not 'application/dialog-info+xml'", e.getMessage());
    assertThrows(BodyException.class, () -> reg.decode(body("", "/rfc3680/example.xml")));
    assertThrows(
        BodyException.class,
        () -> summary.decode(Body.of("text/plain", "Messages-Waiting: yes\r\n")));
  }

  @Test
  void malformedXmlIsABodyExceptionThatSaysWhere() {
    BodyException e =
        assertThrows(
            BodyException.class,
            () ->
                reg.decode(
                    Body.of(
                        "application/reginfo+xml",
                        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo'\n"
                            + "  version='0' state='full'>\n  <registration </reginfo>")));
    ModelException cause = assertInstanceOf(ModelException.class, e.getCause());
    assertEquals(3, cause.line());
    assertEquals(cause.getMessage(), e.getMessage());
    assertTrue(e.getMessage().startsWith("line 3, column "), e.getMessage());
  }

  @Test
  void aDoctypeIsABodyException() {
    String hostile =
        "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY e 'x'>]>"
            + "<dialog-info xmlns='urn:ietf:params:xml:ns:dialog-info' version='0' state='full'"
            + " entity='&e;'/>";
    assertThrows(
        BodyException.class, () -> dialog.decode(Body.of("application/dialog-info+xml", hostile)));
  }

  @Test
  void aDocumentThatBreaksItsSchemaIsABodyException() {
    assertThrows(
        BodyException.class,
        () ->
            reg.decode(
                Body.of(
                    "application/reginfo+xml",
                    "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='-1' state='full'/>")));
    assertThrows(
        BodyException.class,
        () ->
            reg.decode(
                Body.of(
                    "application/reginfo+xml",
                    "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:a@b'/>")));
  }

  @Test
  void xmlStatesAreWrittenAsTheirDocumentAndInlineAsTheirRootElement() {
    Body sample = body("application/dialog-info+xml", "/rfc4235/section-4.2-sample.xml");
    DialogInfo info = dialog.decode(sample);

    Body written = dialog.encode(info);
    assertEquals("application/dialog-info+xml", written.contentType());
    assertEquals(info, dialog.decode(written));

    List<AnyElement> inline = dialog.inline(info);
    assertEquals(1, inline.size());
    assertEquals(new QName(DialogInfo.NAMESPACE, "dialog-info"), inline.get(0).name());
    assertEquals(info, TestDocuments.DIALOG_INFO.decode(inline.get(0)));
  }

  @Test
  void presenceIsReadAndReplacedByEachNotify() {
    Presence open =
        presence.decode(
            body("application/pidf+xml", "/rfc3863/section-4-basic-default-namespace.xml"));
    assertEquals("pres:someone@example.com", open.entity());
    assertEquals(new QName(Presence.NAMESPACE, "presence"), presence.inline(open).get(0).name());
    Presence again = presence.decode(presence.encode(open));
    assertEquals(open, again);
    assertInstanceOf(
        Merge.Unchanged.class, EventPackages.presence().merger().merge(Optional.of(open), again));
  }

  @Test
  void aMessageSummaryIsInlineAsATextBody() {
    MessageSummary mwi =
        summary.decode(
            body("application/simple-message-summary", "/rfc3842/section-4.1-a5-body.txt"));
    assertTrue(mwi.messagesWaiting());
    assertEquals(4, mwi.counts(MessageContextClass.VOICE_MESSAGE).orElseThrow().newCount());

    AnyElement inline = summary.inline(mwi).get(0);
    TextBody text = TextBody.from(inline).orElseThrow();
    assertEquals("application/simple-message-summary", text.contentType());
    assertEquals(mwi, MessageSummary.parse(text.text()));
    assertEquals(mwi, summary.decode(summary.encode(mwi)));
  }

  @Test
  void anUnreadableMessageSummaryIsABodyException() {
    BodyException e =
        assertThrows(
            BodyException.class,
            () ->
                summary.decode(
                    Body.of(
                        "application/simple-message-summary",
                        "Messages-Waiting: maybe\r\nVoice-Message: 1/2\r\n")));
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
  }

  @Test
  void aPassedThroughBodyIsKeptAsItCame() {
    Body report = Body.of("application/vq-rtcpxr", "VQSessionReport: CallTerm\r\n");
    assertEquals(report, passThrough.decode(report));
    assertEquals(report, passThrough.encode(report));
    TextBody inline = TextBody.from(passThrough.inline(report).get(0)).orElseThrow();
    assertEquals(new TextBody("application/vq-rtcpxr", "VQSessionReport: CallTerm\r\n"), inline);
  }

  @Test
  void aPassedThroughXmlBodyIsInlineAsItsRootElement() {
    Body xml =
        Body.of(
            "application/conference-info+xml",
            "<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' entity='sip:c@x'"
                + " state='full' version='1'/>");
    AnyElement inline = passThrough.inline(xml).get(0);
    assertEquals(
        new QName("urn:ietf:params:xml:ns:conference-info", "conference-info"), inline.name());
    assertEquals("sip:c@x", inline.attributes().get(new QName("entity")));
  }

  @Test
  void aPassedThroughXmlBodyThatDoesNotParseIsInlineAsText() {
    Body broken = Body.of("application/xml", "<a><b></a>");
    assertEquals(
        new TextBody("application/xml", "<a><b></a>"),
        TextBody.from(passThrough.inline(broken).get(0)).orElseThrow());
  }

  @Test
  void aBinaryPassedThroughBodyIsInlineWithWhatXmlCannotCarryReplaced() {
    byte[] bytes = {
      'o', 'k', 0, 1, (byte) 0xff, '\n', (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80
    };
    Body binary = Body.of("application/octet-stream", bytes);
    TextBody inline = TextBody.from(passThrough.inline(binary).get(0)).orElseThrow();
    assertEquals("ok\uFFFD\uFFFD\uFFFD\n\uD83D\uDE00", inline.text());
    assertEquals(
        new String(bytes, StandardCharsets.ISO_8859_1),
        new String(passThrough.encode(binary).content(), StandardCharsets.ISO_8859_1));
  }
}
