package org.sepapi.model.pidf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.model.XmlAssert.assertEquivalent;
import static org.sepapi.model.XmlAssert.resource;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sepapi.model.AnyElement;
import org.sepapi.model.LocalizedText;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlCodec;

class PresenceCodecTest {
  private static final String MYEX = "http://id.example.com/presence/";
  private static final String RPID = "urn:ietf:params:xml:ns:pidf:rpid";
  private static final String DM = "urn:ietf:params:xml:ns:pidf:data-model";

  private final XmlCodec<Presence> codec = XmlCodec.of(Presence.class);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/rfc3863/section-4-basic-impp-prefix.xml",
        "/rfc3863/section-4-basic-default-namespace.xml",
        "/rfc3863/section-4-status-extension.xml",
        "/rfc3863/section-4-notes-and-timestamp.xml",
        "/rfc3863/section-4-other-namespaces.xml",
        "/rfc3863/section-4-must-understand.xml",
        "/interop/pidf-rpid.xml"
      })
  void everyExampleRoundTripsToAnEquivalentDocument(String name) {
    byte[] original = resource(name);
    Presence decoded = codec.decode(original);
    byte[] written = codec.encode(decoded);
    assertEquivalent(original, written);
    assertEquals(decoded, codec.decode(written));
  }

  @Test
  void readsTheBasicExample() {
    Presence presence = codec.decode(resource("/rfc3863/section-4-basic-default-namespace.xml"));
    assertEquals("pres:someone@example.com", presence.entity());
    assertEquals(1, presence.tuples().size());
    Tuple tuple = presence.tuple("sg89ae").orElseThrow();
    assertEquals(Optional.of(Status.Basic.OPEN), tuple.basic());
    assertEquals(Status.open(), tuple.status());
    assertEquals(Contact.of("tel:+09012345678", new BigDecimal("0.8")), tuple.contact().get());
    assertEquals(List.of(), tuple.notes());
    assertEquals(Optional.empty(), tuple.timestamp());
    assertEquals(List.of(), tuple.extensions());
    assertEquals(List.of(), presence.notes());
    assertEquals(List.of(), presence.extensions());
  }

  @Test
  void theRfcsPrefixedAndDefaultNamespaceExamplesReadTheSame() {
    assertEquals(
        codec.decode(resource("/rfc3863/section-4-basic-default-namespace.xml")),
        codec.decode(resource("/rfc3863/section-4-basic-impp-prefix.xml")));
  }

  @Test
  void readsNotesTimestampAndStatusValuesOfOtherNamespaces() {
    Presence presence = codec.decode(resource("/rfc3863/section-4-notes-and-timestamp.xml"));
    Tuple busy = presence.tuples().get(0);
    assertEquals("bs35r9", busy.id());
    assertEquals(
        List.of(
            AnyElement.text(new QName("urn:ietf:params:xml:ns:pidf:im", "im"), "busy"),
            AnyElement.text(new QName(MYEX, "location"), "home")),
        busy.status().extensions());
    assertEquals("im:someone@mobilecarrier.net", busy.contact().orElseThrow().uri());
    assertEquals(
        List.of(
            LocalizedText.of("Don't Disturb Please!", "en"),
            LocalizedText.of("Ne derangez pas, s'il vous plait", "fr")),
        busy.notes());
    assertEquals(
        Optional.of(OffsetDateTime.of(2001, 10, 27, 16, 49, 29, 0, ZoneOffset.UTC)),
        busy.timestamp());
    Tuple mail = presence.tuple("eg92n8").orElseThrow();
    assertEquals(
        0, BigDecimal.ONE.compareTo(mail.contact().orElseThrow().priority().orElseThrow()));
    assertEquals(List.of(LocalizedText.of("I'll be in Tokyo next week")), presence.notes());
    assertTrue(codec.encodeToString(presence).contains("priority=\"1.0\""), "written as read");
  }

  @Test
  void keepsExtensionsOfOtherNamespacesInTheTupleAndThePresence() {
    Presence presence = codec.decode(resource("/rfc3863/section-4-other-namespaces.xml"));
    assertEquals(
        List.of(AnyElement.text(new QName(MYEX, "mytupletag"), "Extended value in tuple")),
        presence.tuple("ck38g9").orElseThrow().extensions());
    assertEquals(
        "im:someone@mobilecarrier.net",
        presence.tuple("md66je").orElseThrow().contact().orElseThrow().uri(),
        "the line break and indentation around the URI are not part of it");
    assertEquals(
        List.of(AnyElement.text(new QName(MYEX, "mytag"), "My extended presentity information")),
        presence.extensions());
  }

  @Test
  void findsWhatIsMarkedMandatoryToUnderstand() {
    Presence presence = codec.decode(resource("/rfc3863/section-4-must-understand.xml"));
    Tuple tuple = presence.tuple("tj25ds").orElseThrow();
    AnyElement complex = tuple.extensions().get(0);
    assertEquals(
        new QName("http://id.mycompany.com/presence/", "complexExtension"), complex.name());
    assertEquals("1", complex.childElements().get(0).attributes().get(Presence.MUST_UNDERSTAND));
    assertEquals(List.of(complex), tuple.mustUnderstand());
    assertEquals(
        List.of(),
        codec
            .decode(resource("/rfc3863/section-4-other-namespaces.xml"))
            .tuple("ck38g9")
            .orElseThrow()
            .mustUnderstand());
    Tuple marked =
        Tuple.builder()
            .id("t")
            .status(
                Status.builder()
                    .addExtension(
                        new AnyElement(
                            new QName("urn:x", "s"),
                            Map.of(Presence.MUST_UNDERSTAND, " true"),
                            List.of()))
                    .build())
            .addExtension(
                new AnyElement(
                    new QName("urn:x", "t"), Map.of(Presence.MUST_UNDERSTAND, "0"), List.of()))
            .build();
    assertEquals(List.of(marked.status().extensions().get(0)), marked.mustUnderstand());
  }

  @Test
  void keepsRichPresenceAsARealServerRelaysIt() {
    Presence presence = codec.decode(resource("/interop/pidf-rpid.xml"));
    Tuple tuple = presence.tuple("0x7f3a2c4d9e10").orElseThrow();
    AnyElement activities = tuple.status().extensions().get(0);
    assertEquals(new QName(RPID, "activities"), activities.name());
    assertEquals(new QName(RPID, "on-the-phone"), activities.childElements().get(0).name());
    assertEquals(
        List.of(new QName(DM, "deviceID"), new QName(RPID, "user-input")),
        tuple.extensions().stream().map(AnyElement::name).toList());
    assertEquals("600", tuple.extensions().get(1).attributes().get(new QName("idle-threshold")));
    assertEquals(
        Optional.of(OffsetDateTime.of(2024, 3, 5, 14, 22, 31, 968_000_000, ZoneOffset.ofHours(1))),
        tuple.timestamp());
    assertEquals(
        List.of(new QName(DM, "person"), new QName(DM, "device")),
        presence.extensions().stream().map(AnyElement::name).toList());
    AnyElement person = presence.extensions().get(0);
    assertEquals("p1234", person.attributes().get(new QName("id")));
    assertEquals(
        "Talking to Bob & Carol", person.child(new QName(DM, "note")).orElseThrow().textContent());
  }

  @Test
  void extensionsFoundAfterTheTimestampAreWrittenWhereTheSchemaPutsThem() {
    Presence presence =
        codec.decode(
            "<presence xmlns='urn:ietf:params:xml:ns:pidf' xmlns:x='urn:x' entity='sip:a@b'>"
                + "<tuple id='t'><status/><contact>sip:a@c</contact>"
                + "<timestamp>2020-01-01T00:00:00Z</timestamp><x:late>1</x:late></tuple>"
                + "</presence>");
    Tuple tuple = presence.tuples().get(0);
    assertEquals(List.of(AnyElement.text(new QName("urn:x", "late"), "1")), tuple.extensions());
    assertEquals(Optional.empty(), tuple.basic());
    String written = codec.encodeToString(presence);
    assertTrue(written.indexOf("late") < written.indexOf("<contact"), written);
    assertEquals(presence, codec.decode(written));
  }

  @Test
  void readsTupleChildrenInTheOrderClientsWriteThemAndWritesTheSchemasOrder() {
    // One client writes the contact before the status, another the timestamp before the note.
    Presence presence =
        codec.decode(
            "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:a@b'>"
                + "<tuple id='t1'><contact priority='0.5'>sip:a@c</contact>"
                + "<status><basic>open</basic></status></tuple>"
                + "<tuple id='t2'><status><basic>closed</basic></status>"
                + "<timestamp>2020-01-01T00:00:00Z</timestamp><note>Idle</note></tuple>"
                + "</presence>");
    Tuple first = presence.tuple("t1").orElseThrow();
    assertEquals(Optional.of(Status.Basic.OPEN), first.basic());
    assertEquals("sip:a@c", first.contact().orElseThrow().uri());
    Tuple second = presence.tuple("t2").orElseThrow();
    assertEquals(List.of(LocalizedText.of("Idle")), second.notes());
    assertTrue(second.timestamp().isPresent());
    String written = codec.encodeToString(presence);
    assertTrue(written.indexOf("<status><basic>open") < written.indexOf("<contact"), written);
    assertTrue(written.indexOf("<note>Idle") < written.indexOf("<timestamp>"), written);
    assertEquals(presence, codec.decode(written));
  }

  @Test
  void aTimestampIsReadAsAnInstantAtItsOffsetAndWrittenBackEquivalent() {
    Presence presence =
        codec.decode(
            "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:a@b'><tuple id='t'>"
                + "<status/><timestamp> 2001-10-27t16:49:29.250-00:00 </timestamp></tuple>"
                + "</presence>");
    OffsetDateTime time = presence.tuples().get(0).timestamp().orElseThrow();
    assertEquals(OffsetDateTime.of(2001, 10, 27, 16, 49, 29, 250_000_000, ZoneOffset.UTC), time);
    String written = codec.encodeToString(presence);
    assertTrue(written.contains("<timestamp>2001-10-27T16:49:29.25Z</timestamp>"), written);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "yesterday",
        "2001-10-27T16:49:29",
        "2001-10-27 16:49:29Z",
        "2001-02-30T00:00:00Z",
        "2001-10-27T24:00:00Z",
        "2001-10-27T16:60:00Z",
        "10000-01-01T00:00:00Z",
        "+10000-01-01T00:00:00Z",
        "2001-10-27T16:49:29+01:00:30",
        "2001-10-27T16:49:29+0100",
        "2001-10-27T16:49:29.1234567891Z",
        ""
      })
  void refusesATimestampThatIsNotAnRfc3339DateTimeNamingIt(String value) {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                codec.decode(
                    "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:a@b'>\n"
                        + "<tuple id='t'><status/>\n"
                        + "<timestamp>"
                        + value
                        + "</timestamp></tuple></presence>"));
    assertTrue(e.getMessage().contains("timestamp '" + value + "'"), e.getMessage());
    assertEquals(3, e.line(), e.getMessage());
  }

  @Test
  void aPriorityIsKeptWithTheDigitsItWasWrittenWith() {
    Presence presence =
        codec.decode(
            "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:a@b'><tuple id='t'><status/>"
                + "<contact priority='0.500000'>sip:conny@garbo</contact></tuple></presence>");
    Contact contact = presence.tuples().get(0).contact().orElseThrow();
    assertEquals(new BigDecimal("0.500000"), contact.priority().orElseThrow());
    assertEquals(Contact.of("sip:conny@garbo", new BigDecimal("0.5")), contact);
    assertEquals(
        Contact.of("sip:conny@garbo", new BigDecimal("0.5")).hashCode(), contact.hashCode());
    assertNotEquals(Contact.of("sip:conny@garbo", new BigDecimal("0.6")), contact);
    assertNotEquals(Contact.of("sip:conny@garbo"), contact);
    assertTrue(codec.encodeToString(presence).contains("priority=\"0.500000\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "-0.1", "high", "1e-1", "0x1", "", "0.5.5", "2"})
  void refusesAPriorityOutsideZeroToOneNamingIt(String value) {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                codec.decode(
                    "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:a@b'>\n"
                        + "<tuple id='t'><status/>\n"
                        + "<contact priority='"
                        + value
                        + "'>sip:a@b</contact></tuple></presence>"));
    assertTrue(e.getMessage().contains("priority '" + value + "'"), e.getMessage());
    assertEquals(3, e.line(), e.getMessage());
  }

  @Test
  void refusesABasicStatusOutsideTheRfcsEnumeration() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                codec.decode(
                    "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:a@b'>\n"
                        + "<tuple id='t'>\n<status><basic>away</basic></status></tuple>"
                        + "</presence>"));
    assertTrue(e.getMessage().contains("away"), e.getMessage());
    assertTrue(e.getMessage().contains("closed, open"), e.getMessage());
    assertEquals(3, e.line(), e.getMessage());
  }

  static Stream<Arguments> documentsMissingARequiredPart() {
    String open = "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:a@b'>\n";
    return Stream.of(
        Arguments.of(
            "<presence xmlns='urn:ietf:params:xml:ns:pidf'>\n\n<tuple id='t'><status/></tuple>\n"
                + "</presence>",
            "presence entity is missing",
            4),
        Arguments.of(
            "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity=' '>\n\n</presence>",
            "presence entity is empty",
            3),
        Arguments.of(open + "<tuple>\n<status/></tuple></presence>", "tuple id is missing", 3),
        Arguments.of(
            open + "<tuple id='t'>\n<contact>sip:a@b</contact></tuple></presence>",
            "tuple status is missing",
            3),
        Arguments.of(
            open + "<tuple id='t'><status/>\n<contact priority='1'/></tuple></presence>",
            "contact uri is empty",
            3));
  }

  @ParameterizedTest
  @MethodSource("documentsMissingARequiredPart")
  void refusesADocumentMissingWhatTheRfcRequires(String xml, String reason, int line) {
    ModelException e = assertThrows(ModelException.class, () -> codec.decode(xml));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertEquals(line, e.line(), e.getMessage());
  }

  @Test
  void writesThePidfNamespaceAsTheDefaultAndEveryFieldRoundTrips() {
    Presence presence =
        Presence.builder()
            .entity("sip:bob@example.com")
            .addTuple(
                Tuple.builder()
                    .id("a1")
                    .status(
                        Status.builder()
                            .basic(Status.Basic.CLOSED)
                            .addExtension(AnyElement.text(new QName(RPID, "class"), "work"))
                            .build())
                    .addExtension(AnyElement.text(new QName(DM, "deviceID"), "mac:00112233"))
                    .contact(Contact.of("sip:bob@192.0.2.4", new BigDecimal("0.25")))
                    .addNote(LocalizedText.of("away", "en"))
                    .timestamp(
                        OffsetDateTime.of(
                            2024, 2, 29, 23, 59, 59, 1, ZoneOffset.ofHoursMinutes(-3, -30)))
                    .otherAttribute(new QName("urn:x", "a"), "1")
                    .build())
            .addNote(LocalizedText.of("back soon"))
            .addExtension(AnyElement.text(new QName(DM, "person"), "p"))
            .build();
    String xml = codec.encodeToString(presence);
    assertTrue(xml.contains("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\""), xml);
    assertTrue(xml.contains("<timestamp>2024-02-29T23:59:59.000000001-03:30</timestamp>"), xml);
    Presence read = codec.decode(xml);
    assertEquals(presence, read);
    assertEquals(presence.hashCode(), read.hashCode());
    assertEquals(presence, read.toBuilder().build());
  }

  @Test
  void buildersRefuseWhatTheRfcCannotCarry() {
    assertThrows(NullPointerException.class, () -> Tuple.builder().id("t").build());
    assertThrows(IllegalArgumentException.class, () -> Tuple.builder().id(" "));
    assertThrows(IllegalArgumentException.class, () -> Presence.builder().entity(""));
    assertThrows(
        IllegalArgumentException.class, () -> Contact.of("sip:a@b", new BigDecimal("1.01")));
    assertThrows(
        IllegalArgumentException.class, () -> Contact.of("sip:a@b", new BigDecimal("-0.01")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Tuple.builder()
                .timestamp(
                    OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.ofTotalSeconds(30))));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Tuple.builder().timestamp(OffsetDateTime.of(10000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)));
    assertEquals("sip:a@b", Contact.of("  sip:a@b\n").uri());
  }

  @Test
  void refusesAnotherDocumentType() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> codec.decode("<presence xmlns='urn:ietf:params:xml:ns:cpim-pidf' entity='a'/>"));
    assertTrue(e.getMessage().contains("cpim-pidf"), e.getMessage());
  }
}
