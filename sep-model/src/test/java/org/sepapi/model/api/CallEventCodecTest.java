package org.sepapi.model.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.model.XmlAssert.assertEquivalent;
import static org.sepapi.model.XmlAssert.resource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.CallEvent.State;
import org.sepapi.model.api.CallEvent.Transition;
import org.sepapi.model.callstatus.Status;
import org.sepapi.model.callstatus.StatusLines;
import org.w3c.dom.Element;

class CallEventCodecTest {
  private static final String CALL_STATUS = StatusLines.NAMESPACE;
  private final XmlCodec<CallEvent> codec = XmlCodec.of(CallEvent.class);

  /** A call event with one part replaced, the rest as in the minimal example. */
  private static String call(String attributes, String children) {
    return "<call xmlns='" + SepApi.NAMESPACE + "' " + attributes + ">\n" + children + "</call>";
  }

  private static final String ATTRIBUTES = "id='c-1' version='2' state='ringing'";
  private static final String PARTIES =
      "<calling>sip:alice@example.com</calling>\n"
          + "<called>sip:bob@example.com</called>\n"
          + "<method>INVITE</method>\n";
  private static final String TRANSITION =
      "<transition state='initiated' time='2026-11-30T15:00:00Z'/>\n";

  private static CallEvent.Builder minimal() {
    return CallEvent.builder()
        .id("c-1")
        .version(2)
        .state(State.RINGING)
        .calling("sip:alice@example.com")
        .called("sip:bob@example.com")
        .method("INVITE")
        .addTransition(State.INITIATED, Instant.parse("2026-11-30T15:00:00Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/call-event.xml", "/api/call-event-minimal.xml"})
  void everyExampleRoundTripsToAnEquivalentDocument(String name) {
    byte[] original = resource(name);
    CallEvent decoded = codec.decode(original);
    byte[] written = codec.encode(decoded);
    assertEquivalent(original, written);
    assertEquals(decoded, codec.decode(written));
  }

  @Test
  void readsEveryPartOfTheExample() {
    CallEvent call = codec.decode(resource("/api/call-event.xml"));
    assertEquals("c-8f3a", call.id());
    assertEquals(3, call.version());
    assertEquals(State.FAILED, call.state());
    assertEquals("sip:alice@example.com", call.calling());
    assertEquals("sip:bob@example.com", call.called());
    assertEquals("REFER", call.method());
    assertEquals(Optional.of("sip:boss@example.com"), call.agent());
    assertEquals(Optional.of("busy"), call.reason());
    assertEquals(
        List.of(
            Transition.of(State.INITIATED, Instant.parse("2026-11-30T15:00:00.123Z")),
            Transition.of(State.RINGING, Instant.parse("2026-11-30T15:00:01Z"))),
        call.transitions());
    assertEquals(
        Instant.ofEpochMilli(1796050800123L),
        call.transitions().get(0).time(),
        "milliseconds kept");
    Status status = call.statusLines().orElseThrow().statuses().get(0);
    assertEquals("SIP/2.0 180 Ringing", status.statusLine());
    assertEquals("8b1d6f2e-3a1c-4c2e@192.0.2.10", status.callId());
    assertEquals(call.transitions().get(1).time(), status.time());
  }

  @Test
  void theOptionalPartsMayBeLeftOut() {
    CallEvent call = codec.decode(resource("/api/call-event-minimal.xml"));
    assertEquals(Optional.empty(), call.agent());
    assertEquals(Optional.empty(), call.reason());
    assertEquals(Optional.empty(), call.statusLines());
    assertEquals(0, call.version());
    assertEquals(State.INITIATED, call.state());
  }

  @Test
  void anEventBuiltInCodeIsWrittenWithTheStatusLinesInTheirOwnNamespace() throws Exception {
    CallEvent call =
        minimal()
            .agent("sip:boss@example.com")
            .addTransition(State.RINGING, Instant.parse("2026-11-30T15:00:01.5Z"))
            .statusLines(
                StatusLines.builder()
                    .addStatus(
                        Status.builder()
                            .timestamp(1796050801500L)
                            .callId("abc@host")
                            .method("INVITE")
                            .statusLine("SIP/2.0 180 Ringing")
                            .build())
                    .build())
            .build();
    byte[] written = codec.encode(call);
    String xml = new String(written, StandardCharsets.UTF_8);
    assertTrue(xml.contains("<call xmlns=\"" + SepApi.NAMESPACE + "\""), xml);
    assertTrue(xml.contains("time=\"2026-11-30T15:00:01.5Z\""), xml);

    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Element root =
        factory.newDocumentBuilder().parse(new ByteArrayInputStream(written)).getDocumentElement();
    assertEquals(SepApi.NAMESPACE, root.getNamespaceURI());
    assertEquals("call", root.getLocalName());
    Element statusLines =
        (Element) root.getElementsByTagNameNS(CALL_STATUS, "status-lines").item(0);
    assertEquals(root, statusLines.getParentNode());
    assertEquals(1, statusLines.getElementsByTagNameNS(CALL_STATUS, "status-line").getLength());
    assertEquals(2, root.getElementsByTagNameNS(SepApi.NAMESPACE, "transition").getLength());

    CallEvent read = codec.decode(written);
    assertEquals(call, read);
    assertEquals(call.hashCode(), read.hashCode());
    assertEquals(call, call.toBuilder().build());
    assertEquals(4, call.toBuilder().version(4).build().version());
  }

  @Test
  void readsTheSameWhateverThePrefixes() {
    String withDefault = new String(resource("/api/call-event.xml"), StandardCharsets.UTF_8);
    String withPrefixes =
        withDefault
            .replace("<method>INVITE</method>", "<c:method>INVITE</c:method>")
            .replace("<call xmlns=", "<s:call xmlns:s=")
            .replace("</call>", "</s:call>")
            .replaceAll("<(/?)(calling|called|method|agent|reason)>", "<$1s:$2>")
            .replace("<transition ", "<s:transition ")
            .replace("<status-lines xmlns=", "<c:status-lines xmlns:c=")
            .replace("</status-lines>", "</c:status-lines>")
            .replaceAll("<(/?)(status|timestamp|call-id|status-line)>", "<$1c:$2>");
    assertTrue(withPrefixes.contains("<c:method>INVITE</c:method>"), withPrefixes);
    assertTrue(withPrefixes.contains("<s:method>REFER</s:method>"), withPrefixes);
    assertEquals(codec.decode(withDefault), codec.decode(withPrefixes));
  }

  @Test
  void escapesTextThatHoldsMarkupAndKeepsEveryCharacter() {
    String reason =
        "486 <Busy> & \"here\" ]]> </reason><x/> caf\u00e9 \u4e2d\u6587 \ud83d\ude00\r\n";
    String agent = "\"Bj\u00f6rk\" <sip:bj\u00f6rk@example.com;a=b&c=d>";
    CallEvent call = minimal().reason(reason).agent(agent).calling("sip:a&b@x]]>y").build();
    String xml = codec.encodeToString(call);
    assertTrue(xml.contains("<reason>486 &lt;Busy&gt; &amp; \"here\" ]]&gt; &lt;/reason&gt;"), xml);
    assertTrue(xml.contains("<calling>sip:a&amp;b@x]]&gt;y</calling>"), xml);
    assertTrue(xml.contains("caf\u00e9 \u4e2d\u6587 \ud83d\ude00&#13;"), xml);
    CallEvent read = codec.decode(xml.getBytes(StandardCharsets.UTF_8));
    assertEquals(call, read);
    assertEquals(reason, read.reason().orElseThrow());
    assertEquals(agent, read.agent().orElseThrow());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "version='2' state='ringing' | call id is missing",
        "id='' version='2' state='ringing' | call id is empty",
        "id='c-1' state='ringing' | call version is missing",
        "id='c-1' version='2' | call state is missing",
      })
  void refusesAMissingAttribute(String attributes, String message) {
    ModelException e =
        assertThrows(
            ModelException.class, () -> codec.decode(call(attributes, PARTIES + TRANSITION)));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.line() >= 1, e::getMessage);
  }

  @ParameterizedTest
  @CsvSource({
    "calling, call calling is missing",
    "called, call called is missing",
    "method, call method is missing",
  })
  void refusesAMissingElement(String element, String message) {
    String parties = PARTIES.replaceAll("<" + element + ">[^<]*</" + element + ">\n", "");
    ModelException e =
        assertThrows(
            ModelException.class, () -> codec.decode(call(ATTRIBUTES, parties + TRANSITION)));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void refusesEmptyTexts() {
    for (String element : List.of("calling", "called", "method")) {
      String parties = PARTIES.replaceAll("<" + element + ">[^<]*<", "<" + element + ">  <");
      ModelException e =
          assertThrows(
              ModelException.class, () -> codec.decode(call(ATTRIBUTES, parties + TRANSITION)));
      assertTrue(e.getMessage().contains("call " + element + " is empty"), e.getMessage());
    }
    for (String element : List.of("agent", "reason")) {
      ModelException e =
          assertThrows(
              ModelException.class,
              () -> codec.decode(call(ATTRIBUTES, PARTIES + "<" + element + "/>" + TRANSITION)));
      assertTrue(e.getMessage().contains("call " + element + " is empty"), e.getMessage());
    }
  }

  @Test
  void refusesAnEventWithoutATransition() {
    ModelException e =
        assertThrows(ModelException.class, () -> codec.decode(call(ATTRIBUTES, PARTIES)));
    assertTrue(e.getMessage().contains("call needs at least one transition"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "<transition time='2026-11-30T15:00:00Z'/> | transition state is missing",
        "<transition state='ringing'/> | transition time is missing",
        "<transition state='hold' time='2026-11-30T15:00:00Z'/>"
            + " | call state 'hold' is not one of answered, completed, failed, initiated, ringing",
        "<transition state='ringing' time='tomorrow'/> | 'tomorrow' is not an xs:dateTime",
        "<transition state='ringing' time='+999999999-12-31T23:59:59-18:00'/>"
            + " | transition time is out of range",
      })
  void refusesABadTransition(String transition, String message) {
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> codec.decode(call(ATTRIBUTES, PARTIES + TRANSITION + transition + "\n")));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertEquals(6, e.line(), e::getMessage);
  }

  @Test
  void refusesAStateOutsideTheContract() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> codec.decode(call("id='c-1' version='2' state='busy'", PARTIES + TRANSITION)));
    assertTrue(
        e.getMessage()
            .contains(
                "call state 'busy' is not one of answered, completed, failed, initiated, ringing"),
        e.getMessage());
    assertEquals(1, e.line(), e::getMessage);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-1 | call version must not be negative: -1",
        "three | call version 'three' is not a whole number from 0 to 9223372036854775807",
        "99999999999999999999 | call version '99999999999999999999' is not a whole number",
        "1.5 | call version '1.5' is not a whole number",
        "'' | call version '' is not a whole number",
      })
  void refusesAVersionThatIsNotANonNegativeInteger(String version, String message) {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                codec.decode(
                    call(
                        "id='c-1' version='" + version + "' state='ringing'",
                        PARTIES + TRANSITION)));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertEquals(1, e.line(), e::getMessage);
  }

  @Test
  void refusesAnElementTheApiDoesNotDefine() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                codec.decode(call(ATTRIBUTES, PARTIES + "<reasons>busy</reasons>\n" + TRANSITION)));
    assertTrue(e.getMessage().contains("reasons"), e.getMessage());
    assertEquals(5, e.line(), e::getMessage);
  }

  @Test
  void readsATimeWithoutAZoneAsUtcAndAnOffsetAsTheSameInstant() {
    CallEvent call =
        codec.decode(
            call(
                ATTRIBUTES,
                PARTIES
                    + "<transition state='initiated' time='2026-11-30T15:00:00'/>"
                    + "<transition state='ringing' time='2026-11-30T16:00:01.25+01:00'/>"));
    assertEquals(Instant.parse("2026-11-30T15:00:00Z"), call.transitions().get(0).time());
    assertEquals(Instant.parse("2026-11-30T15:00:01.25Z"), call.transitions().get(1).time());
    String written = codec.encodeToString(call);
    assertTrue(written.contains("time=\"2026-11-30T15:00:01.25Z\""), written);
  }

  @Test
  void refusesAnotherDocumentType() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> codec.decode("<subscriptions xmlns='" + SepApi.NAMESPACE + "'/>"));
    assertTrue(e.getMessage().contains("subscriptions"), e.getMessage());
  }

  @Test
  void buildersRefuseWhatCannotBeWritten() {
    assertThrows(NullPointerException.class, () -> minimal().id(null));
    assertThrows(IllegalArgumentException.class, () -> minimal().id(" "));
    assertThrows(IllegalArgumentException.class, () -> minimal().version(-1));
    assertThrows(NullPointerException.class, () -> minimal().state(null));
    assertThrows(IllegalArgumentException.class, () -> minimal().calling("sip:a\u0000@b"));
    assertThrows(IllegalArgumentException.class, () -> minimal().reason(""));
    assertThrows(IllegalArgumentException.class, () -> minimal().agent("\t"));
    assertThrows(
        IllegalArgumentException.class,
        () -> minimal().transitions(List.of()).build(),
        "at least one transition");
    assertThrows(IllegalArgumentException.class, () -> Transition.of(State.ANSWERED, Instant.MAX));
    assertThrows(NullPointerException.class, () -> Transition.of(null, Instant.EPOCH));
    assertThrows(NullPointerException.class, () -> Transition.of(State.ANSWERED, null));
    assertThrows(
        NullPointerException.class,
        () ->
            CallEvent.builder()
                .id("c")
                .state(State.FAILED)
                .called("sip:b@x")
                .method("REFER")
                .addTransition(State.INITIATED, Instant.EPOCH)
                .build(),
        "calling is required");
    CallEvent call = minimal().agent("sip:boss@x").reason("busy").agent(null).reason(null).build();
    assertEquals(Optional.empty(), call.agent());
    assertEquals(Optional.empty(), call.reason());
  }

  @Test
  void everyStateIsWrittenAsTheContractSpellsIt() {
    for (State state : State.values()) {
      CallEvent call = minimal().state(state).addTransition(state, Instant.EPOCH).build();
      String xml = codec.encodeToString(call);
      String root = xml.substring(0, xml.indexOf('>', xml.indexOf("<call")));
      assertTrue(root.contains(" state=\"" + state.xml() + "\""), xml);
      assertTrue(xml.contains("<transition state=\"" + state.xml() + "\""), xml);
      assertEquals(state.name().toLowerCase(Locale.ROOT), state.xml());
      assertEquals(call, codec.decode(xml));
    }
  }
}
