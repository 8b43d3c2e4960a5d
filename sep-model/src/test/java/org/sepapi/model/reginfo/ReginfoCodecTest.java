package org.sepapi.model.reginfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.model.XmlAssert.assertEquivalent;
import static org.sepapi.model.XmlAssert.resource;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sepapi.model.AnyElement;
import org.sepapi.model.DocumentState;
import org.sepapi.model.LocalizedText;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlCodec;

class ReginfoCodecTest {
  private final XmlCodec<Reginfo> codec = XmlCodec.of(Reginfo.class);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/rfc3680/example.xml",
        "/fixtures/reginfo-every-part.xml",
        "/rfc3680/call-flow-notify-1.xml",
        "/rfc3680/call-flow-notify-2.xml",
        "/interop/registrar-extras.xml"
      })
  void everyExampleRoundTripsToAnEquivalentDocument(String name) {
    byte[] original = resource(name);
    Reginfo decoded = codec.decode(original);
    byte[] written = codec.encode(decoded);
    assertEquivalent(original, written);
    assertEquals(decoded, codec.decode(written));
  }

  @Test
  void readsEveryPartOfTheRfcExample() {
    Reginfo reginfo = codec.decode(resource("/rfc3680/example.xml"));
    assertEquals(0, reginfo.version());
    assertEquals(DocumentState.FULL, reginfo.state());
    Registration registration = reginfo.registration("sip:user@example.com").orElseThrow();
    assertEquals("as9", registration.id());
    assertEquals(Registration.State.ACTIVE, registration.state());
    assertEquals(2, registration.contacts().size());
    Contact first = registration.contact("76").orElseThrow();
    assertEquals(Contact.State.ACTIVE, first.state());
    assertEquals(Contact.Event.REGISTERED, first.event());
    assertEquals(OptionalLong.of(7322), first.durationRegistered());
    assertEquals("0.8", first.q().orElseThrow());
    assertEquals("sip:user@pc887.example.com", first.uri());
    Contact second = registration.contact("77").orElseThrow();
    assertEquals(Contact.State.TERMINATED, second.state());
    assertEquals(Contact.Event.EXPIRED, second.event());
  }

  @Test
  void keepsDisplayNameLanguageUnknownParamsAndExtensions() {
    Contact contact =
        codec
            .decode(resource("/fixtures/reginfo-every-part.xml"))
            .registrations()
            .get(0)
            .contacts()
            .get(0);
    assertEquals(LocalizedText.of("Joe", "en"), contact.displayName().orElseThrow());
    assertEquals(
        List.of(UnknownParam.of("foo", "bar"), UnknownParam.of("lr", "")), contact.unknownParams());
    assertEquals(
        List.of(AnyElement.text(new QName("urn:example.com:reginfo-ex", "location"), "Chicago")),
        contact.extensions());
  }

  @Test
  void keepsWhatRealRegistrarsAddAndReadsAnyPrefix() {
    Contact contact =
        codec
            .decode(resource("/interop/registrar-extras.xml"))
            .registrations()
            .get(0)
            .contacts()
            .get(0);
    assertEquals("1-12345@127.0.0.1", contact.callId().orElseThrow());
    assertEquals(OptionalLong.of(1), contact.cseq());
    assertEquals(
        Map.of(
            new QName("received"), "sip:127.0.0.1:5061",
            new QName("path"), "",
            new QName("user_agent"), "sipp"),
        contact.otherAttributes());
    assertEquals(4, contact.extensions().size());
    assertEquals("<sip:edge.example.com;lr>", contact.extensions().get(1).textContent());
    assertEquals("sipp & friends", contact.extensions().get(2).textContent());
    assertEquals(
        "sip:alice@example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        contact.extensions().get(3).attributes().get(new QName("uri")));
  }

  @Test
  void writesTheReginfoNamespaceAsTheDefault() {
    Reginfo reginfo =
        Reginfo.builder()
            .version(3)
            .state(DocumentState.PARTIAL)
            .addRegistration(
                Registration.builder()
                    .aor("sip:bob@example.com")
                    .id("r1")
                    .addContact(
                        Contact.builder()
                            .id("c1")
                            .uri("sip:bob@192.0.2.4")
                            .expires(600)
                            .callId("abc")
                            .cseq(7)
                            .build())
                    .build())
            .build();
    String xml = codec.encodeToString(reginfo);
    assertTrue(xml.contains("<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\""), xml);
    assertEquals(reginfo, codec.decode(xml));
  }

  @Test
  void refusesADocumentMissingWhatTheRfcRequires() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                codec.decode(
                    "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='1' state='full'>\n"
                        + "  <registration id='a' state='active'/>\n"
                        + "</reginfo>"));
    assertTrue(e.getMessage().contains("registration aor is missing"), e.getMessage());
    assertEquals(2, e.line());
  }

  @Test
  void refusesAValueOutsideTheRfcsEnumeration() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                codec.decode(
                    "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='1' state='full'>"
                        + "<registration aor='sip:a@b' id='a' state='sleeping'/></reginfo>"));
    assertTrue(e.getMessage().contains("sleeping"), e.getMessage());
  }

  @Test
  void refusesANumberThatIsNotOne() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                codec.decode(
                    "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='x1' state='full'/>"));
    assertTrue(e.getMessage().contains("x1"), e.getMessage());
  }

  @Test
  void refusesAnotherDocumentType() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> codec.decode("<dialog-info xmlns='urn:ietf:params:xml:ns:dialog-info'/>"));
    assertTrue(e.getMessage().contains("dialog-info"), e.getMessage());
  }
}
