package org.sepapi.model.callstatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.model.XmlAssert.assertEquivalent;
import static org.sepapi.model.XmlAssert.resource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sepapi.model.AnyElement;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlCodec;

class StatusLinesCodecTest {
  private static final String EXT = "urn:example:call-status-ext";
  private final XmlCodec<StatusLines> codec = XmlCodec.of(StatusLines.class);

  @ParameterizedTest
  @ValueSource(
      strings = {"/callstatus/call-status-several.xml", "/callstatus/call-status-extended.xml"})
  void everyExampleRoundTripsToAnEquivalentDocument(String name) {
    byte[] original = resource(name);
    StatusLines decoded = codec.decode(original);
    byte[] written = codec.encode(decoded);
    assertEquivalent(original, written);
    assertEquals(decoded, codec.decode(written));
  }

  @Test
  void readsEveryStatusLine() {
    StatusLines lines = codec.decode(resource("/callstatus/call-status-several.xml"));
    assertEquals(4, lines.statuses().size());
    Status first = lines.statuses().get(0);
    assertEquals(1262304000123L, first.timestamp());
    assertEquals(Instant.parse("2010-01-01T00:00:00.123Z"), first.time());
    assertEquals("8b1d6f2e-3a1c-4c2e@192.0.2.10", first.callId());
    assertEquals("INVITE", first.method());
    assertEquals("SIP/2.0 100 Trying", first.statusLine());
    assertEquals(
        List.of("SIP/2.0 100 Trying", "SIP/2.0 180 Ringing", "SIP/2.0 200 OK"),
        lines.statuses("8b1d6f2e-3a1c-4c2e@192.0.2.10").stream().map(Status::statusLine).toList());
    Status refer = lines.statuses().get(3);
    assertEquals("REFER", refer.method());
    assertEquals(
        "SIP/2.0 486 Busy Here & <sip:voicemail@example.com> \"later\"", refer.statusLine());
  }

  @Test
  void escapesStatusLinesThatHoldMarkup() {
    String hostile = "SIP/2.0 603 <Declined> & \"gone\" ]]> </status-line><x/>\r";
    StatusLines lines =
        StatusLines.builder()
            .addStatus(
                Status.builder()
                    .timestamp(1)
                    .callId("a&b<c>@host")
                    .method("INVITE")
                    .statusLine(hostile)
                    .build())
            .build();
    String xml = codec.encodeToString(lines);
    assertTrue(xml.contains("&lt;Declined&gt; &amp; \"gone\" ]]&gt; &lt;/status-line&gt;"), xml);
    assertTrue(xml.contains("<call-id>a&amp;b&lt;c&gt;@host</call-id>"), xml);
    assertTrue(
        xml.contains("<status-lines xmlns=\"" + StatusLines.NAMESPACE + "\""),
        "the namespace is the default one: " + xml);
    StatusLines read = codec.decode(xml);
    assertEquals(lines, read);
    assertEquals(hostile, read.statuses().get(0).statusLine());
  }

  @Test
  void readsTheSameWhateverThePrefix() {
    String withDefault =
        new String(resource("/callstatus/call-status-several.xml"), StandardCharsets.UTF_8);
    String withPrefix =
        withDefault
            .replace("<status-lines xmlns=", "<c:status-lines xmlns:c=")
            .replace("</status-lines>", "</c:status-lines>")
            .replaceAll("<(/?)(status|timestamp|call-id|method|status-line)>", "<$1c:$2>");
    assertTrue(withPrefix.contains("<c:status-line>"), withPrefix);
    assertEquals(codec.decode(withDefault), codec.decode(withPrefix));
  }

  @Test
  void keepsExtensionElementsAndAttributes() {
    StatusLines lines = codec.decode(resource("/callstatus/call-status-extended.xml"));
    assertEquals(Map.of(new QName(EXT, "node"), "ctrl-1"), lines.otherAttributes());
    assertEquals(
        List.of(AnyElement.text(new QName(EXT, "agent"), "sipXcallController")),
        lines.extensions());
    Status status = lines.statuses().get(0);
    assertEquals("SIP/2.0 183 Session Progress", status.statusLine());
    assertEquals(Map.of(new QName(EXT, "source"), "proxy"), status.otherAttributes());
    assertEquals(
        List.of(AnyElement.text(new QName(EXT, "dialog-id"), "abc;from-tag=1;to-tag=2")),
        status.extensions());
    String written = codec.encodeToString(lines);
    assertTrue(written.contains("sipXcallController"), written);
    assertTrue(written.contains("abc;from-tag=1;to-tag=2"), written);
    assertEquals(lines, codec.decode(written));
  }

  @Test
  void readsAnEmptyDocument() {
    StatusLines lines = codec.decode("<status-lines xmlns='" + StatusLines.NAMESPACE + "'/>");
    assertEquals(List.of(), lines.statuses());
    assertEquals(StatusLines.builder().build(), lines);
  }

  @Test
  void refusesAStatusMissingWhatItNeeds() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                codec.decode(
                    "<status-lines xmlns='"
                        + StatusLines.NAMESPACE
                        + "'>\n<status>\n<timestamp>1</timestamp>\n<method>INVITE</method>\n"
                        + "<status-line>SIP/2.0 200 OK</status-line>\n</status>\n"
                        + "</status-lines>"));
    assertTrue(e.getMessage().contains("status call-id is missing"), e.getMessage());
    assertEquals(6, e.line());
    ModelException noTime =
        assertThrows(
            ModelException.class,
            () ->
                codec.decode(
                    "<status-lines xmlns='"
                        + StatusLines.NAMESPACE
                        + "'><status><call-id>a</call-id><method>INVITE</method>"
                        + "<status-line>SIP/2.0 200 OK</status-line></status></status-lines>"));
    assertTrue(noTime.getMessage().contains("status timestamp is missing"), noTime.getMessage());
  }

  @Test
  void refusesATimestampThatIsNotEpochMilliseconds() {
    for (String timestamp : List.of("yesterday", "-5", "1.5")) {
      ModelException e =
          assertThrows(
              ModelException.class,
              () ->
                  codec.decode(
                      "<status-lines xmlns='"
                          + StatusLines.NAMESPACE
                          + "'><status><timestamp>"
                          + timestamp
                          + "</timestamp><call-id>a</call-id><method>INVITE</method>"
                          + "<status-line>SIP/2.0 200 OK</status-line></status></status-lines>"),
              timestamp);
      assertTrue(e.line() >= 1, e::getMessage);
    }
  }

  @Test
  void refusesAnotherDocumentType() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> codec.decode("<processing-status xmlns='" + StatusLines.NAMESPACE + "'/>"));
    assertTrue(e.getMessage().contains("processing-status"), e.getMessage());
  }

  @Test
  void buildersRefuseWhatCannotBeWritten() {
    assertThrows(NullPointerException.class, () -> Status.builder().callId("a").build());
    assertThrows(
        IllegalArgumentException.class, () -> Status.builder().statusLine("SIP/2.0 200 \u0000OK"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Status.builder()
                .timestamp(-1)
                .callId("a")
                .method("INVITE")
                .statusLine("SIP/2.0 200 OK")
                .build());
    Status status =
        Status.builder()
            .time(Instant.ofEpochMilli(42))
            .callId("a")
            .method("INVITE")
            .statusLine("SIP/2.0 200 OK")
            .build();
    assertEquals(42, status.timestamp());
    assertEquals(status, status.toBuilder().build());
  }
}
