package org.sepapi.model.rlmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.model.XmlAssert.assertEquivalent;
import static org.sepapi.model.XmlAssert.resource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sepapi.model.AnyElement;
import org.sepapi.model.AnyText;
import org.sepapi.model.LocalizedText;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlCodec;

class RlmiCodecTest {
  private static final String RLMI = "urn:ietf:params:xml:ns:rlmi";
  private final XmlCodec<RlmiList> codec = XmlCodec.of(RlmiList.class);

  static List<String> documents() {
    return Rfc4662Examples.RLMI_DOCUMENTS;
  }

  @ParameterizedTest
  @MethodSource("documents")
  void everyExampleRoundTripsToAnEquivalentDocument(String name) {
    byte[] original = resource(name);
    RlmiList decoded = codec.decode(original);
    byte[] written = codec.encode(decoded);
    assertEquivalent(original, written);
    assertEquals(decoded, codec.decode(written));
  }

  @Test
  void readsEveryPartOfTheSection5Example() {
    RlmiList list = codec.decode(resource("/rfc4662/section-5-rlmi.xml"));
    assertEquals("sip:adam-friends@pres.vancouver.example.com", list.uri());
    assertEquals(1, list.version());
    assertTrue(list.fullState());
    assertEquals(Optional.empty(), list.cid());
    assertEquals(
        List.of(
            LocalizedText.of("Buddy List at COM", "en"),
            LocalizedText.of("Liste der Freunde an COM", "de")),
        list.names());
    assertEquals(4, list.resources().size());
    Resource bob = list.resource("sip:bob@vancouver.example.com").orElseThrow();
    assertEquals(List.of(LocalizedText.of("Bob Smith")), bob.names());
    Instance instance = bob.instance("juwigmtboe").orElseThrow();
    assertEquals(Instance.State.ACTIVE, instance.state());
    assertEquals(Optional.of("bUZBsM@pres.vancouver.example.com"), instance.cid());
    assertEquals(Optional.empty(), instance.reason());
    assertEquals(List.of(), instance.content());
    assertEquals(
        "hqzsuxtfyq",
        list.resource("sip:dave@vancouver.example.com").orElseThrow().instances().get(0).id());
    assertEquals(List.of(), list.resource("sip:ed@dallas.example.net").orElseThrow().instances());
    Resource org = list.resource("sip:adam-friends@stockholm.example.org").orElseThrow();
    assertEquals(LocalizedText.of("Meine Freunde an ORG", "de"), org.names().get(1));
    assertTrue(org.instances().isEmpty());
    assertEquals(Map.of(), list.otherAttributes());
    assertEquals(List.of(), list.extensions());
  }

  @Test
  void readsPendingAndTerminatedInstances() {
    RlmiList partial = codec.decode(resource("/rfc4662/section-6-reconstructed-partial-rlmi.xml"));
    assertFalse(partial.fullState());
    assertEquals(2, partial.version());
    Instance ed = partial.resources().get(0).instances().get(0);
    assertEquals(Instance.State.PENDING, ed.state());
    assertEquals(Optional.empty(), ed.cid());

    RlmiList last = codec.decode(resource("/rfc4662/section-6-reconstructed-final-rlmi.xml"));
    Instance rejected =
        last.resource("sip:ed@dallas.example.net").orElseThrow().instance("sdlkmeopas").get();
    assertEquals(Instance.State.TERMINATED, rejected.state());
    assertEquals(Optional.of("rejected"), rejected.reason());
    assertEquals(Optional.empty(), rejected.cid());
  }

  @Test
  void writesTheRlmiNamespaceAsTheDefault() {
    RlmiList list =
        RlmiList.builder()
            .uri("sip:list@example.com")
            .version(RlmiList.MAX_VERSION)
            .fullState(false)
            .cid("self@example.com")
            .addResource(
                Resource.builder()
                    .uri("sip:a@example.com")
                    .addInstance(
                        Instance.builder()
                            .id("i1")
                            .state(Instance.State.TERMINATED)
                            .reason("noresource")
                            .build())
                    .build())
            .build();
    String xml = codec.encodeToString(list);
    assertTrue(xml.contains("<list xmlns=\"urn:ietf:params:xml:ns:rlmi\""), xml);
    assertTrue(xml.contains("version=\"4294967295\""), xml);
    assertTrue(xml.contains("fullState=\"false\""), xml);
    assertTrue(xml.contains("reason=\"noresource\""), xml);
    assertEquals(list, codec.decode(xml));
  }

  @Test
  void readsTheNamespaceUnderAnyPrefixAndBooleansAsTheSchemaWritesThem() {
    RlmiList prefixed =
        codec.decode(
            "<r:list xmlns:r='urn:ietf:params:xml:ns:rlmi' uri='sip:l@x' version='7'"
                + " fullState=' 1 ' cid='c@x'>"
                + "<r:name xml:lang='en'>L</r:name>"
                + "<r:resource uri='sip:a@x'><r:instance id='1' state='active' cid='p@x'/>"
                + "</r:resource></r:list>");
    RlmiList plain =
        codec.decode(
            "<list xmlns='urn:ietf:params:xml:ns:rlmi' uri='sip:l@x' version='7'"
                + " fullState='true' cid='c@x'>"
                + "<name xml:lang='en'>L</name>"
                + "<resource uri='sip:a@x'><instance id='1' state='active' cid='p@x'/>"
                + "</resource></list>");
    assertEquals(plain, prefixed);
    assertEquals(Optional.of("c@x"), prefixed.cid());
    assertFalse(
        codec
            .decode("<list xmlns='" + RLMI + "' uri='sip:l@x' version='0' fullState='0'/>")
            .fullState());
  }

  @Test
  void keepsAndWritesBackExtensionElementsAndAttributes() {
    String document =
        "<list xmlns='urn:ietf:params:xml:ns:rlmi' xmlns:x='urn:example:x'"
            + " uri='sip:l@x' version='3' fullState='false' x:flag='on' plain='p'>"
            + "<resource uri='sip:a@x' x:rank='2'>"
            + "<instance id='1' state='pending' reason='awaiting-auth' x:since='now'/>"
            + "<x:note>hello</x:note>"
            + "</resource>"
            + "<x:trailer x:k='v'>tail</x:trailer>"
            + "</list>";
    RlmiList list = codec.decode(document);
    assertEquals(
        Map.of(new QName("urn:example:x", "flag"), "on", new QName("plain"), "p"),
        list.otherAttributes());
    assertEquals(
        List.of(
            new AnyElement(
                new QName("urn:example:x", "trailer"),
                Map.of(new QName("urn:example:x", "k"), "v"),
                List.of(new AnyText("tail")))),
        list.extensions());
    Resource resource = list.resources().get(0);
    assertEquals(Map.of(new QName("urn:example:x", "rank"), "2"), resource.otherAttributes());
    assertEquals(
        List.of(AnyElement.text(new QName("urn:example:x", "note"), "hello")),
        resource.extensions());
    Instance instance = resource.instances().get(0);
    assertEquals(Optional.of("awaiting-auth"), instance.reason());
    assertEquals(Map.of(new QName("urn:example:x", "since"), "now"), instance.otherAttributes());
    byte[] written = codec.encode(list);
    assertEquivalent(document.getBytes(java.nio.charset.StandardCharsets.UTF_8), written);
    assertEquals(list, codec.decode(written));
  }

  @Test
  void keepsInstanceContentExactlyWithItsNamespaces() {
    String document =
        "<list xmlns='urn:ietf:params:xml:ns:rlmi' uri='sip:l@x' version='0' fullState='true'>"
            + "<resource uri='sip:alice@example.com'>"
            + "<instance id='reg' state='active'>"
            + "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='4' state='full'>"
            + "<registration aor='sip:alice@example.com' id='a7' state='active'>"
            + "<contact id='c1' state='active' event='registered'"
            + " xmlns:gr='urn:ietf:params:xml:ns:gruuinfo'>"
            + "<uri>sip:alice@192.0.2.1</uri>"
            + "<gr:pub-gruu uri='sip:alice@example.com;gr=x'/>"
            + "<unknown-param name='a&amp;b'>&lt;v&gt; &#13; \"q\"</unknown-param>"
            + "</contact></registration></reginfo>"
            + "<bare xmlns=''><inner>no namespace</inner></bare>"
            + "<p:also xmlns:p='urn:ietf:params:xml:ns:rlmi' p:attr='same ns'/>"
            + "</instance></resource></list>";
    RlmiList list = codec.decode(document);
    List<AnyElement> content = list.resources().get(0).instances().get(0).content();
    assertEquals(3, content.size());
    AnyElement reginfo = content.get(0);
    assertEquals(new QName("urn:ietf:params:xml:ns:reginfo", "reginfo"), reginfo.name());
    AnyElement contact =
        reginfo
            .child(new QName("urn:ietf:params:xml:ns:reginfo", "registration"))
            .orElseThrow()
            .child(new QName("urn:ietf:params:xml:ns:reginfo", "contact"))
            .orElseThrow();
    assertEquals(
        new QName("urn:ietf:params:xml:ns:gruuinfo", "pub-gruu"),
        contact.childElements().get(1).name());
    assertEquals(
        "<v> \r \"q\"",
        contact
            .child(new QName("urn:ietf:params:xml:ns:reginfo", "unknown-param"))
            .orElseThrow()
            .textContent());
    assertEquals(new QName("", "bare"), content.get(1).name());
    assertEquals(new QName("", "inner"), content.get(1).childElements().get(0).name());
    assertEquals(new QName(RLMI, "also"), content.get(2).name());
    assertEquals(Map.of(new QName(RLMI, "attr"), "same ns"), content.get(2).attributes());

    byte[] written = codec.encode(list);
    assertEquivalent(document.getBytes(java.nio.charset.StandardCharsets.UTF_8), written);
    assertEquals(list, codec.decode(written));
    assertEquals(content, codec.decode(written).resources().get(0).instances().get(0).content());
  }

  @Test
  void refusesADocumentMissingWhatTheRfcRequires() {
    assertMissing(
        "<list xmlns='" + RLMI + "'\n version='1' fullState='true'/>", "list uri is missing", 2);
    assertMissing(
        "<list xmlns='" + RLMI + "' uri='sip:l@x'\n fullState='true'/>",
        "list version is missing",
        2);
    assertMissing(
        "<list xmlns='" + RLMI + "' uri='sip:l@x' version='1'\n/>", "list fullState is missing", 2);
    assertMissing(
        "<list xmlns='"
            + RLMI
            + "' uri='sip:l@x' version='1' fullState='true'>\n"
            + "<resource/></list>",
        "resource uri is missing",
        2);
    assertMissing(
        "<list xmlns='"
            + RLMI
            + "' uri='sip:l@x' version='1' fullState='true'>\n"
            + "<resource uri='sip:a@x'>\n<instance state='active'/></resource></list>",
        "instance id is missing",
        3);
    assertMissing(
        "<list xmlns='"
            + RLMI
            + "' uri='sip:l@x' version='1' fullState='true'>\n"
            + "<resource uri='sip:a@x'>\n<instance id='1'/></resource></list>",
        "instance state is missing",
        3);
  }

  private void assertMissing(String document, String message, int line) {
    ModelException e = assertThrows(ModelException.class, () -> codec.decode(document));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertEquals(line, e.line(), e.getMessage());
  }

  @Test
  void refusesAValueOutsideTheRfcsEnumerationOrType() {
    assertRefused(
        "<list xmlns='"
            + RLMI
            + "' uri='sip:l@x' version='1' fullState='true'>"
            + "<resource uri='sip:a@x'><instance id='1' state='sleeping'/></resource></list>",
        "sleeping");
    assertRefused(
        "<list xmlns='" + RLMI + "' uri='sip:l@x' version='1' fullState='yes'/>", "'yes'");
    assertRefused("<list xmlns='" + RLMI + "' uri='sip:l@x' version='x1' fullState='true'/>", "x1");
    assertRefused("<list xmlns='" + RLMI + "' uri='sip:l@x' version='-1' fullState='true'/>", "-1");
    assertRefused(
        "<list xmlns='" + RLMI + "' uri='sip:l@x' version='4294967296' fullState='true'/>",
        "4294967296");
  }

  private void assertRefused(String document, String mentioned) {
    ModelException e = assertThrows(ModelException.class, () -> codec.decode(document));
    assertTrue(e.getMessage().contains(mentioned), e.getMessage());
  }

  @Test
  void refusesAnotherDocumentType() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> codec.decode("<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='x'/>"));
    assertTrue(e.getMessage().contains("presence"), e.getMessage());
  }

  @Test
  void buildersRefuseWhatCouldNotBeWrittenOrRead() {
    assertThrows(ModelException.class, () -> RlmiList.builder().uri("sip:l@x").version(-1).build());
    assertThrows(
        ModelException.class,
        () -> RlmiList.builder().uri("sip:l@x").version(RlmiList.MAX_VERSION + 1).build());
    assertThrows(NullPointerException.class, () -> RlmiList.builder().version(1).build());
    assertThrows(NullPointerException.class, () -> Instance.builder().build());
    assertThrows(IllegalArgumentException.class, () -> Instance.builder().reason("a\u0000b"));
    assertThrows(NullPointerException.class, () -> Resource.builder().build());
  }

  @Test
  void toBuilderGivesAnEqualCopyToChange() {
    RlmiList list = codec.decode(resource("/rfc4662/section-5-rlmi.xml"));
    assertEquals(list, list.toBuilder().build());
    assertEquals(list.hashCode(), list.toBuilder().build().hashCode());
    RlmiList next = list.toBuilder().version(2).fullState(false).build();
    assertEquals(2, next.version());
    assertEquals(list.resources(), next.resources());
    Resource bob = list.resources().get(0);
    assertEquals(bob, bob.toBuilder().build());
    Instance instance = bob.instances().get(0);
    assertEquals(instance, instance.toBuilder().build());
    assertTrue(instance.toString().contains("juwigmtboe"), instance.toString());
  }
}
