package org.sepapi.model.dialoginfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.model.XmlAssert.assertEquivalent;
import static org.sepapi.model.XmlAssert.resource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sepapi.model.AnyElement;
import org.sepapi.model.DocumentState;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlCodec;

class DialogInfoCodecTest {
  private static final String NS = "urn:ietf:params:xml:ns:dialog-info";
  private static final String SA = "urn:ietf:params:xml:ns:sa-dialog-info";
  private static final String PBX = "urn:example:pbx:dialog";

  private final XmlCodec<DialogInfo> codec = XmlCodec.of(DialogInfo.class);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/rfc4235/section-4.2-sample.xml",
        "/dialoginfo/every-element.xml",
        "/interop/dialog-extensions.xml",
        "/interop/asterisk-onhold-fixed.xml",
        "/interop/yealink-full.xml",
        "/interop/yealink-partial.xml"
      })
  void everyExampleRoundTripsToAnEquivalentDocument(String name) {
    byte[] original = resource(name);
    DialogInfo decoded = codec.decode(original);
    byte[] written = codec.encode(decoded);
    assertEquivalent(original, written);
    assertEquals(decoded, codec.decode(written));
    assertEquals(decoded.hashCode(), codec.decode(written).hashCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/interop/asterisk-early.xml", "/interop/asterisk-onhold.xml"})
  void documentsOutOfTheSchemasShapeAreReadAndWrittenBackAsEqualValues(String name) {
    DialogInfo decoded = codec.decode(resource(name));
    assertEquals(decoded, codec.decode(codec.encode(decoded)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // section 4.1 writes notify-state for the required state attribute
        "/rfc4235/section-4.1-example.xml|dialog-info state is missing|5",
        // section 4.1.1 elides the dialog's content, its required state with it
        "/rfc4235/section-4.1.1-example.xml|dialog state is missing|8",
      })
  void rfcExamplesWithoutARequiredPartAreRefusedSayingWhichAndWhere(
      String name, String expected, int line) {
    ModelException e = assertThrows(ModelException.class, () -> codec.decode(resource(name)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertEquals(line, e.line(), e.getMessage());
  }

  @Test
  void readsTheReceiverDirectionAsRecipientAndWritesTheSchemasSpelling() {
    String xml =
        "<dialog-info xmlns='urn:ietf:params:xml:ns:dialog-info' version='1' state='full'"
            + " entity='sip:bob@example.com'><dialog id='d1' call-id='c1' local-tag='t1'"
            + " direction='receiver'><state>early</state></dialog></dialog-info>";
    DialogInfo info = codec.decode(xml);
    assertEquals(Optional.of(Dialog.Direction.RECIPIENT), info.dialogs().get(0).direction());
    String written = codec.encodeToString(info);
    assertEquivalent(xml.replace("'receiver'", "'recipient'"), written);
    assertEquals(info, codec.decode(written));
  }

  @Test
  void readsAStateInAnotherCaseAsTheSchemasValueAndWritesItLowerCase() {
    // Kamailio's pua_dialoginfo sends <state>Trying</state> for a caller's first dialog state
    String xml =
        "<dialog-info xmlns='urn:ietf:params:xml:ns:dialog-info' version='2' state='full'"
            + " entity='sip:alice@example.com'><dialog id='d1' direction='Initiator'>"
            + "<state>Trying</state></dialog></dialog-info>";
    Dialog dialog = codec.decode(xml).dialogs().get(0);
    assertEquals(Dialog.State.TRYING, dialog.state());
    assertEquals(Optional.of(Dialog.Direction.INITIATOR), dialog.direction());
    String written = codec.encodeToString(codec.decode(xml));
    assertTrue(written.contains(">trying</state>") && written.contains("\"initiator\""), written);
    ModelException unknown =
        assertThrows(ModelException.class, () -> codec.decode(xml.replace("Trying", "Tried")));
    assertTrue(unknown.getMessage().contains("'Tried' is not one of"), unknown.getMessage());
  }

  @Test
  void readsAStateWithAReasonAttributeAndDoesNotKeepTheAttribute() {
    // The schema allows no attribute but event and code on <state>; some documents add a reason.
    String xml =
        "<dialog-info xmlns='urn:ietf:params:xml:ns:dialog-info' version='2' state='partial'"
            + " entity='sip:bob@example.com'><dialog id='d1'>"
            + "<state reason='replaced'>terminated</state></dialog></dialog-info>";
    Dialog dialog = codec.decode(xml).dialogs().get(0);
    assertTrue(dialog.isTerminated());
    assertEquals(Optional.empty(), dialog.event(), "a reason is not read as the event");
    assertEquals(Map.of(), dialog.otherAttributes());
    String written = codec.encodeToString(codec.decode(xml));
    assertFalse(written.contains("reason"), written);
    assertEquivalent(xml.replace(" reason='replaced'", ""), written);
  }

  @Test
  void readsEveryPartOfTheRfcSample() {
    DialogInfo info = codec.decode(resource("/rfc4235/section-4.2-sample.xml"));
    assertEquals(1, info.version());
    assertEquals(DocumentState.FULL, info.state());
    assertTrue(info.isFull());
    assertEquals(Optional.empty(), info.entity(), "the RFC's own sample has no entity");
    assertEquals(
        Map.of(
            new QName("http://www.w3.org/2001/XMLSchema-instance", "schemaLocation"),
            "urn:ietf:params:xml:ns:dialog-info"),
        info.otherAttributes());
    assertEquals(1, info.dialogs().size());
    Dialog dialog = info.dialog("123456").orElseThrow();
    assertEquals(Dialog.State.CONFIRMED, dialog.state());
    assertFalse(dialog.isTerminated());
    assertEquals(OptionalLong.of(274), dialog.duration());
    assertEquals(Optional.empty(), dialog.callId());
    assertEquals(Optional.empty(), dialog.direction());
    Participant local = dialog.local().orElseThrow();
    assertEquals(NameAddr.of("sip:alice@example.com", "Alice"), local.identity().orElseThrow());
    Target target = local.target().orElseThrow();
    assertEquals("sip:alice@pc33.example.com", target.uri());
    assertEquals(
        List.of(Param.of("isfocus", "true"), Param.of("class", "personal")), target.params());
    assertEquals(Optional.of("personal"), target.param("class"));
    Participant remote = dialog.remote().orElseThrow();
    assertEquals(NameAddr.of("sip:bob@example.org", "Bob"), remote.identity().orElseThrow());
    assertEquals(Target.of("sip:bobster@phone21.example.org"), remote.target().orElseThrow());
    assertEquals(Optional.empty(), info.dialog("654321"));
  }

  @Test
  void readsEveryElementAndAttributeOfTheSchema() {
    DialogInfo info = codec.decode(resource("/dialoginfo/every-element.xml"));
    assertEquals(7, info.version());
    assertEquals(DocumentState.PARTIAL, info.state());
    assertEquals(Optional.of("sip:bob@example.com"), info.entity());
    assertEquals(4, info.dialogs().size());

    Dialog up = info.dialogs().get(0);
    assertEquals("zxcvbnm3", up.id());
    assertEquals(Optional.of("d8e6a4f2@pc21.example.com"), up.callId());
    assertEquals(Optional.of("45yh7q"), up.localTag());
    assertEquals(Optional.of("8b8c2e"), up.remoteTag());
    assertEquals(Optional.of(Dialog.Direction.RECIPIENT), up.direction());
    assertEquals(Dialog.State.CONFIRMED, up.state());
    assertEquals(Optional.empty(), up.event());
    assertEquals(OptionalInt.empty(), up.code());
    assertEquals(OptionalLong.of(42), up.duration());
    assertEquals(
        Replaces.of("hg4u8s9@pc33.example.com", "1928301774", "9a9b1c"),
        up.replaces().orElseThrow());
    assertEquals(NameAddr.of("sip:carol@example.com", "Carol"), up.referredBy().orElseThrow());
    assertEquals(
        List.of("<sip:proxy1.example.com;lr>", "sip:proxy2.example.com;lr"), up.routeSet());

    Participant local = up.local().orElseThrow();
    assertEquals(
        List.of(NameAddr.of("sip:bob@example.com", "Bob"), NameAddr.of("tel:+15551234567")),
        local.identities());
    assertEquals(Optional.of("yes"), local.target().orElseThrow().param("+sip.rendering"));
    SessionDescription sdp = local.sessionDescription().orElseThrow();
    assertEquals("application/sdp", sdp.type());
    assertTrue(sdp.body().startsWith("v=0\no=bob 2890844527"), sdp.body());
    assertTrue(sdp.body().endsWith("a=rtpmap:0 PCMU/8000\n"), sdp.body());
    assertEquals(OptionalLong.of(102), local.cseq());
    Participant remote = up.remote().orElseThrow();
    assertEquals("Alice & Co", remote.identity().orElseThrow().display().orElseThrow());
    assertEquals(OptionalLong.of(314159), remote.cseq());
    assertEquals(Optional.empty(), remote.sessionDescription());

    Dialog rejected = info.dialog("j7zgt6fs").orElseThrow();
    assertTrue(rejected.isTerminated());
    assertEquals(Optional.of(Dialog.Event.REJECTED), rejected.event());
    assertEquals(OptionalInt.of(486), rejected.code());
    assertEquals(Optional.of(Dialog.Direction.INITIATOR), rejected.direction());
    assertEquals(List.of(), rejected.routeSet());
    assertEquals(Optional.empty(), rejected.local());

    Dialog hungUp = info.dialog("o9p8i7u6").orElseThrow();
    assertEquals(Optional.of(Dialog.Event.REMOTE_BYE), hungUp.event());
    assertEquals(OptionalInt.empty(), hungUp.code());

    assertEquals(Dialog.State.TRYING, info.dialog("a1s2d3f4").orElseThrow().state());
  }

  @Test
  void keepsAndWritesBackExtensionElementsAndAttributesAtEveryLevel() {
    DialogInfo info = codec.decode(resource("/interop/dialog-extensions.xml"));
    assertEquals(Map.of(new QName(PBX, "node"), "b2"), info.otherAttributes());
    assertEquals(
        List.of(
            new AnyElement(
                new QName(PBX, "queue"),
                Map.of(new QName("name"), "support", new QName("waiting"), "1"),
                List.of())),
        info.extensions());

    Dialog dialog = info.dialogs().get(0);
    assertEquals(Map.of(new QName(PBX, "line"), "3"), dialog.otherAttributes());
    assertEquals(
        List.of(
            AnyElement.text(new QName(SA, "appearance"), "2"),
            AnyElement.text(new QName(SA, "exclusive"), "false"),
            new AnyElement(
                new QName(PBX, "recording"), Map.of(new QName("state"), "on"), List.of())),
        dialog.extensions());

    Participant local = dialog.local().orElseThrow();
    assertEquals(Map.of(new QName(PBX, "role"), "agent"), local.otherAttributes());
    AnyElement device = local.extensions().get(0);
    assertEquals(new QName(PBX, "device"), device.name());
    assertEquals("Reception", device.textContent());
    assertEquals("7.1", device.attributes().get(new QName("firmware")));
    assertEquals(List.of(), dialog.remote().orElseThrow().extensions());

    String written = codec.encodeToString(info);
    assertTrue(written.contains(SA), written);
    assertEquals(info, codec.decode(written));
  }

  @Test
  void keepsUnknownElementsOfTheDialogInfoNamespaceToo() {
    // Some phones put their own elements, such as <exclusive>, in the dialog-info namespace.
    String xml =
        "<dialog-info xmlns='urn:ietf:params:xml:ns:dialog-info' version='2' state='full'"
            + " entity='sip:alice@example.com'><dialog id='1'><state>early</state>"
            + "<exclusive>false</exclusive></dialog></dialog-info>";
    DialogInfo info = codec.decode(xml);
    assertEquals(
        List.of(AnyElement.text(new QName(NS, "exclusive"), "false")),
        info.dialogs().get(0).extensions());
    assertEquivalent(xml, codec.encodeToString(info));
  }

  @Test
  void readsAsterisksEarlyDialogWhateverTheOrderAndWritesItInTheSchemasOrder() {
    DialogInfo info = codec.decode(resource("/interop/asterisk-early.xml"));
    Dialog dialog = info.dialog("201").orElseThrow();
    assertEquals(Dialog.State.EARLY, dialog.state());
    assertEquals(Optional.of(Dialog.Direction.RECIPIENT), dialog.direction());
    assertEquals(
        NameAddr.of("sip:200@pbx.example.com", "Alice"),
        dialog.remote().orElseThrow().identity().orElseThrow());
    assertEquals(
        NameAddr.of("sip:201@pbx.example.com", "Bob"),
        dialog.local().orElseThrow().identity().orElseThrow());
    assertEquivalent(
        "<dialog-info xmlns='urn:ietf:params:xml:ns:dialog-info' version='3' state='full'"
            + " entity='sip:201@pbx.example.com'>"
            + "<dialog id='201' direction='recipient'><state>early</state>"
            + "<local><identity display='Bob'>sip:201@pbx.example.com</identity>"
            + "<target uri='sip:201@pbx.example.com'/></local>"
            + "<remote><identity display='Alice'>sip:200@pbx.example.com</identity>"
            + "<target uri='sip:200@pbx.example.com'/></remote>"
            + "</dialog></dialog-info>",
        codec.encodeToString(info));
  }

  @Test
  void readsAsterisksMisspelledParamValueAndWritesItAsTheRfcSpellsIt() {
    DialogInfo info = codec.decode(resource("/interop/asterisk-onhold.xml"));
    Target target = info.dialogs().get(0).local().orElseThrow().target().orElseThrow();
    assertEquals(List.of(Param.of("+sip.rendering", "no")), target.params());
    assertEquivalent(resource("/interop/asterisk-onhold-fixed.xml"), codec.encode(info));
  }

  @Test
  void readsWhatAPhoneSendsWhenACallEnds() {
    DialogInfo full = codec.decode(resource("/interop/yealink-full.xml"));
    assertEquals(Optional.of("sip:1000@10.2.1.48:5060"), full.entity());
    assertFalse(full.dialog("65626").orElseThrow().isTerminated());
    assertTrue(full.dialog("65622").orElseThrow().isTerminated());
    assertEquals(
        NameAddr.of("sip:1@10.2.1.48:5060"),
        full.dialog("65626").orElseThrow().remote().orElseThrow().identity().orElseThrow());

    DialogInfo partial = codec.decode(resource("/interop/yealink-partial.xml"));
    assertEquals(4, partial.version());
    assertFalse(partial.isFull());
    assertTrue(partial.dialog("65644").orElseThrow().isTerminated());
  }

  @Test
  void readsAnEmptyIdentityAsAnEmptyUri() {
    DialogInfo info =
        codec.decode(
            "<dialog-info xmlns='urn:ietf:params:xml:ns:dialog-info' version='0' state='full'"
                + " entity='sip:2621@pbx'><dialog id='2621'><state>early</state>"
                + "<remote><identity display='2609 Joe'></identity></remote>"
                + "</dialog></dialog-info>");
    NameAddr identity = info.dialogs().get(0).remote().orElseThrow().identity().orElseThrow();
    assertEquals("", identity.uri());
    assertEquals(Optional.of("2609 Joe"), identity.display());
    assertEquals(info, codec.decode(codec.encode(info)));
  }

  @Test
  void readsAnyPrefixForTheNamespace() {
    DialogInfo plain = codec.decode(resource("/rfc4235/section-4.2-sample.xml"));
    String prefixed =
        "<?xml version='1.0'?>\n"
            + "<d:dialog-info xmlns:d='urn:ietf:params:xml:ns:dialog-info'"
            + " xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'"
            + " xsi:schemaLocation='urn:ietf:params:xml:ns:dialog-info' version='1' state='full'>"
            + "<d:dialog id='123456'><d:state>confirmed</d:state><d:duration>274</d:duration>"
            + "<d:local><d:identity display='Alice'>sip:alice@example.com</d:identity>"
            + "<d:target uri='sip:alice@pc33.example.com'>"
            + "<d:param pname='isfocus' pval='true'/><d:param pname='class' pval='personal'/>"
            + "</d:target></d:local>"
            + "<d:remote><d:identity display='Bob'>sip:bob@example.org</d:identity>"
            + "<d:target uri='sip:bobster@phone21.example.org'/></d:remote>"
            + "</d:dialog></d:dialog-info>";
    assertEquals(plain, codec.decode(prefixed));
  }

  @Test
  void writesTheDialogInfoNamespaceAsTheDefault() {
    DialogInfo info =
        DialogInfo.builder()
            .version(2)
            .state(DocumentState.PARTIAL)
            .entity("sip:alice@example.com")
            .addDialog(
                Dialog.builder()
                    .id("d1")
                    .callId("c1@example.com")
                    .localTag("t1")
                    .direction(Dialog.Direction.INITIATOR)
                    .state(Dialog.State.TERMINATED)
                    .event(Dialog.Event.CANCELLED)
                    .code(487)
                    .addHop("sip:p1.example.com;lr")
                    .local(
                        Participant.builder()
                            .identity(NameAddr.of("sip:alice@example.com", "Alice"))
                            .cseq(3)
                            .build())
                    .build())
            .build();
    String xml = codec.encodeToString(info);
    assertTrue(xml.contains("<dialog-info xmlns=\"" + NS + "\""), xml);
    assertTrue(xml.contains("<state event=\"cancelled\" code=\"487\">terminated</state>"), xml);
    assertTrue(xml.contains("<route-set><hop>sip:p1.example.com;lr</hop></route-set>"), xml);
    assertEquals(info, codec.decode(xml));
    assertEquals(info, info.toBuilder().build());
    assertEquals(info.dialogs().get(0), info.dialogs().get(0).toBuilder().build());
  }

  @Test
  void writesNoRouteSetWhenThereAreNoHops() {
    DialogInfo info =
        DialogInfo.builder()
            .entity("sip:a@example.com")
            .addDialog(Dialog.builder().id("x").state(Dialog.State.TRYING).build())
            .build();
    String xml = codec.encodeToString(info);
    assertFalse(xml.contains("route-set"), xml);
    assertFalse(xml.contains("<local"), xml);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "<dialog id='a'><state>bogus</state></dialog>|bogus",
        "<dialog id='a'><state></state></dialog>|dialog state",
        "<dialog id='a'><state event='hung-up'>terminated</state></dialog>|hung-up",
        "<dialog id='a'><state code='99'>terminated</state></dialog>|99",
        "<dialog id='a'><state code='700'>terminated</state></dialog>|700",
        "<dialog id='a'><state code='x'>terminated</state></dialog>|x",
        "<dialog id='a' direction='sideways'><state>early</state></dialog>|sideways",
        "<dialog id='a'><state>early</state><duration>-1</duration></dialog>|-1",
        "<dialog id='a'><state>early</state><route-set/></dialog>|hop",
        "<dialog id='a'><state>early</state><replaces call-id='c' local-tag='l'/></dialog>"
            + "|replaces remote-tag is missing",
        "<dialog id='a'><state>early</state><local><target/></local></dialog>"
            + "|target uri is missing",
        "<dialog id='a'><state>early</state><local><target uri='u'><param pname='p'/></target>"
            + "</local></dialog>|param pval is missing",
        "<dialog id='a'><state>early</state><local><session-description>x"
            + "</session-description></local></dialog>|session-description type is missing",
        "<dialog id='a'><state>early</state><local><cseq>-5</cseq></local></dialog>|-5",
      })
  void refusesWhatTheSchemaDoesNotAllow(String dialog, String expected) {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                codec.decode(
                    "<dialog-info xmlns='urn:ietf:params:xml:ns:dialog-info' version='1'"
                        + " state='full' entity='sip:a@example.com'>\n"
                        + dialog
                        + "\n</dialog-info>"));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertEquals(2, e.line(), e.getMessage());
  }

  @Test
  void refusesADialogWithoutItsRequiredStateOrId() {
    ModelException noState =
        assertThrows(
            ModelException.class,
            () ->
                codec.decode(
                    "<dialog-info xmlns='urn:ietf:params:xml:ns:dialog-info' version='1'"
                        + " state='full' entity='sip:a@example.com'>\n"
                        + "  <dialog id='a'>\n"
                        + "    <duration>3</duration>\n"
                        + "  </dialog>\n"
                        + "</dialog-info>"));
    assertTrue(noState.getMessage().contains("dialog state is missing"), noState.getMessage());
    assertEquals(4, noState.line());

    ModelException noId =
        assertThrows(
            ModelException.class,
            () ->
                codec.decode(
                    "<dialog-info xmlns='urn:ietf:params:xml:ns:dialog-info' version='1'"
                        + " state='full' entity='sip:a@example.com'>\n"
                        + "  <dialog><state>early</state></dialog>\n"
                        + "</dialog-info>"));
    assertTrue(noId.getMessage().contains("dialog id is missing"), noId.getMessage());
    assertEquals(2, noId.line());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "state='full' entity='sip:a@b'|dialog-info version is missing",
        "version='1' entity='sip:a@b'|dialog-info state is missing",
        "version='1' state='whole' entity='sip:a@b'|whole",
        "version='x1' state='full' entity='sip:a@b'|x1",
        "version='-1' state='full' entity='sip:a@b'|-1",
      })
  void refusesADocumentWithoutAVersionAndAState(String attributes, String expected) {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                codec.decode(
                    "<dialog-info xmlns='urn:ietf:params:xml:ns:dialog-info' "
                        + attributes
                        + "/>"));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertEquals(1, e.line(), e.getMessage());
  }

  @Test
  void refusesAnotherDocumentType() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                codec.decode(
                    "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='0' state='full'/>"));
    assertTrue(e.getMessage().contains("reginfo"), e.getMessage());
  }

  @Test
  void buildersRefuseWhatCouldNotBeWritten() {
    assertThrows(IllegalArgumentException.class, () -> Dialog.builder().code(99));
    assertThrows(IllegalArgumentException.class, () -> Dialog.builder().code(700));
    assertThrows(NullPointerException.class, () -> Dialog.builder().id("a").build());
    assertThrows(IllegalArgumentException.class, () -> NameAddr.of("sip:a\u0000@b"));
    assertThrows(IllegalArgumentException.class, () -> Param.of("p", "\uFFFF"));
    assertThrows(NullPointerException.class, () -> Target.of(null));
    assertThrows(NullPointerException.class, () -> Replaces.of("c", null, "r"));
    assertThrows(NullPointerException.class, () -> SessionDescription.of(null, "v=0"));
  }
}
