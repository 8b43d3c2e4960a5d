package org.sepapi.model.resourcelists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.model.XmlAssert.assertEquivalent;
import static org.sepapi.model.XmlAssert.resource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sepapi.model.AnyElement;
import org.sepapi.model.LocalizedText;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlCodec;

class ResourceListsCodecTest {
  private static final String XCAP_REF =
      "resource-lists/users/sip:bill@example.com/index/~~/resource-lists/"
          + "list%5b@name=%22list1%22%5d/entry%5b@uri=%22sip:petri@example.com%22%5d";
  private static final String XCAP_ANCHOR =
      "http://xcap.example.org/resource-lists/users/sip:a@example.org/index/~~/"
          + "resource-lists/list%5b@name=%22mkting%22%5d";

  private final XmlCodec<ResourceLists> codec = XmlCodec.of(ResourceLists.class);

  @ParameterizedTest
  @ValueSource(strings = {"/rfc4826/section-3.3-example.xml", "/interop/resource-lists-client.xml"})
  void everyExampleRoundTripsToAnEquivalentDocument(String name) {
    byte[] original = resource(name);
    ResourceLists decoded = codec.decode(original);
    byte[] written = codec.encode(decoded);
    assertEquivalent(original, written);
    assertEquals(decoded, codec.decode(written));
  }

  @Test
  void readsEveryPartOfTheRfcExampleInDocumentOrder() {
    ResourceLists lists = codec.decode(resource("/rfc4826/section-3.3-example.xml"));
    assertEquals(1, lists.lists().size());
    ResourceList friends = lists.list("friends").orElseThrow();
    assertEquals(Optional.empty(), friends.displayName());
    assertEquals(3, friends.items().size());

    Entry bill = assertInstanceOf(Entry.class, friends.items().get(0));
    assertEquals("sip:bill@example.com", bill.uri());
    assertEquals(LocalizedText.of("Bill Doe"), bill.displayName().orElseThrow());

    EntryRef petri = assertInstanceOf(EntryRef.class, friends.items().get(1));
    assertEquals(XCAP_REF, petri.ref());
    assertEquals(Optional.empty(), petri.displayName());

    ResourceList close = assertInstanceOf(ResourceList.class, friends.items().get(2));
    assertEquals(Optional.of("close-friends"), close.name());
    assertEquals(friends.list("close-friends"), Optional.of(close));
    assertEquals(LocalizedText.of("Close Friends"), close.displayName().orElseThrow());
    assertEquals(
        List.of(Entry.of("sip:joe@example.com", "Joe Smith")),
        close.items().subList(0, 1),
        "an entry built alike equals the one read");
    assertEquals(
        "Nancy Gross",
        ((Entry) close.items().get(1)).displayName().orElseThrow().text(),
        close.toString());
    External marketing = assertInstanceOf(External.class, close.items().get(2));
    assertEquals(Optional.of(XCAP_ANCHOR), marketing.anchor());
    assertEquals(LocalizedText.of("Marketing"), marketing.displayName().orElseThrow());
  }

  @Test
  void flattensTheRfcExampleAndExposesWhatItCannotResolve() {
    ResourceLists lists = codec.decode(resource("/rfc4826/section-3.3-example.xml"));
    assertEquals(
        List.of("sip:bill@example.com", "sip:joe@example.com", "sip:nancy@example.com"),
        lists.entryUris());
    List<Reference> unresolved = lists.unresolvedReferences();
    assertEquals(2, unresolved.size());
    assertEquals(Optional.of(XCAP_REF), unresolved.get(0).target());
    assertInstanceOf(EntryRef.class, unresolved.get(0));
    assertEquals(Optional.of(XCAP_ANCHOR), unresolved.get(1).target());
    assertInstanceOf(External.class, unresolved.get(1));
    ResourceList close = lists.lists().get(0).list("close-friends").orElseThrow();
    assertEquals(List.of("sip:joe@example.com", "sip:nancy@example.com"), close.entryUris());
    assertEquals(List.of(unresolved.get(1)), close.unresolvedReferences());
  }

  @Test
  void flatteningNestedListsKeepsTheFirstOfEachResourceDepthFirst() {
    ResourceLists lists =
        codec.decode(
            """
            <resource-lists xmlns="urn:ietf:params:xml:ns:resource-lists">
              <list name="a">
                <entry uri="sip:alice@example.com"><display-name>first</display-name></entry>
                <list name="b">
                  <entry uri="sip:bob@example.com"/>
                  <entry uri=" SIP:alice@EXAMPLE.com "><display-name>again</display-name></entry>
                  <list name="c">
                    <entry uri="sip:carol@example.com"/>
                    <entry uri="sip:bob@example.com"/>
                  </list>
                  <entry-ref ref="x/y"/>
                </list>
                <entry uri="sip:Alice@example.com"/>
              </list>
              <list name="d">
                <external anchor="http://xcap.example.com/l"/>
                <entry uri="sip:carol@example.com;transport=tcp"/>
                <entry uri="sip:carol@example.com"/>
                <entry uri="sip:carol@example.com:5060"/>
                <entry uri="tel:+15551234567"/>
                <entry uri="TEL:+15551234567"/>
              </list>
            </resource-lists>
            """);
    assertEquals(
        List.of(
            "sip:alice@example.com",
            "sip:bob@example.com",
            "sip:carol@example.com",
            "sip:Alice@example.com",
            "sip:carol@example.com;transport=tcp",
            "sip:carol@example.com:5060",
            "tel:+15551234567"),
        lists.entryUris());
    assertEquals(
        LocalizedText.of("first"), lists.flattenedEntries().get(0).displayName().orElseThrow());
    ResourceList b = lists.list("a").orElseThrow().list("b").orElseThrow();
    assertEquals(
        List.of("sip:bob@example.com", "SIP:alice@EXAMPLE.com", "sip:carol@example.com"),
        b.entryUris(),
        "a nested list flattens on its own; the kept URI is trimmed but keeps its letter case");
    assertEquals(
        List.of(Optional.of("x/y"), Optional.of("http://xcap.example.com/l")),
        lists.unresolvedReferences().stream().map(Reference::target).toList());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "sip:alice@example.com | SIP:alice@EXAMPLE.COM | true",
        "sip:alice@example.com | '  sip:alice@example.com\t' | true",
        "sips:alice@Example.com;transport=tls | Sips:alice@example.COM;transport=tls | true",
        "sip:alice@[2001:DB8::1]:5061 | sip:alice@[2001:db8::1]:5061 | true",
        "sip:EXAMPLE.com | sip:example.COM | true",
        "tel:+15551234567 | TEL:+15551234567 | true",
        "sip:alice@example.com | sip:Alice@example.com | false",
        "sip:alice@example.com | sip:alice@example.com:5060 | false",
        "sip:alice@example.com | sip:alice@example.com;transport=udp | false",
        "sip:alice@example.com;Transport=TCP | sip:alice@example.com;transport=tcp | false",
        "sip:al%69ce@example.com | sip:alice@example.com | false",
        "mailto:Bob@Example.com | mailto:Bob@example.com | false",
        "not a uri | NOT A URI | false",
        "not a uri | not a uri | true"
      })
  void comparesUrisByTheWrittenRule(String a, String b, boolean same) {
    assertEquals(same, EntryUris.same(a, b), () -> EntryUris.key(a) + " vs " + EntryUris.key(b));
    assertEquals(same, EntryUris.same(b, a));
  }

  @Test
  void keepsWhatRealClientsAddAndReadsAnyPrefix() {
    ResourceLists lists = codec.decode(resource("/interop/resource-lists-client.xml"));
    ResourceList buddies = lists.list("buddies").orElseThrow();
    assertEquals(LocalizedText.of("Buddies", "en"), buddies.displayName().orElseThrow());
    assertEquals(
        Map.of(new QName("urn:example:client-prefs", "order"), "1"), buddies.otherAttributes());
    Entry alice = (Entry) buddies.items().get(0);
    assertEquals(
        Map.of(new QName("urn:example:client-prefs", "favourite"), "true"),
        alice.otherAttributes());
    AnyElement attributes = alice.extensions().get(0);
    assertEquals(
        new QName("urn:ag-projects:xml:ns:resource-lists", "attributes"), attributes.name());
    assertEquals("work & play", attributes.childElements().get(0).textContent());
    ResourceList work = buddies.list("work").orElseThrow();
    assertEquals(
        List.of(
            new AnyElement(
                new QName("urn:example:client-prefs", "collapsed"), Map.of(), List.of())),
        work.extensions());
    EntryRef dave = (EntryRef) buddies.items().get(2);
    assertEquals("shared by Carol", dave.extensions().get(0).textContent());
    External external = (External) buddies.items().get(3);
    assertEquals(Optional.empty(), external.anchor());
    assertEquals(
        Map.of(new QName("urn:example:client-prefs", "sync"), "daily"), external.otherAttributes());
    assertEquals(List.of("sip:alice@example.com", "sip:bob@example.com"), lists.entryUris());
    assertEquals(List.of(dave, external), lists.unresolvedReferences());
  }

  @Test
  void aDocumentWithAnotherPrefixReadsTheSame() {
    String rfc = new String(resource("/rfc4826/section-3.3-example.xml"), StandardCharsets.UTF_8);
    String prefixed =
        rfc.replace(
                "xmlns=\"urn:ietf:params:xml:ns:resource-lists\"",
                "xmlns:rl=\"urn:ietf:params:xml:ns:resource-lists\"")
            .replaceAll(
                "<(/?)(resource-lists|list|entry-ref|entry|external|display-name)([ >/])",
                "<$1rl:$2$3");
    assertTrue(prefixed.contains("<rl:entry-ref "), prefixed);
    assertEquals(codec.decode(rfc), codec.decode(prefixed));
  }

  @Test
  void writesMembersInTheOrderTheyWereAddedWithTheNamespaceAsTheDefault() {
    ResourceLists lists =
        ResourceLists.builder()
            .addList(
                ResourceList.builder()
                    .name("mixed")
                    .displayName(LocalizedText.of("Mixed", "en"))
                    .addItem(External.of("http://xcap.example.com/other"))
                    .addEntry("sip:one@example.com")
                    .addItem(
                        ResourceList.builder()
                            .name("inner")
                            .addEntry("sip:two@example.com")
                            .build())
                    .addItem(EntryRef.of("resource-lists/users/x/index/~~/e"))
                    .addEntry("sip:three@example.com")
                    .build())
            .build();
    String xml = codec.encodeToString(lists);
    assertTrue(
        xml.contains("<resource-lists xmlns=\"urn:ietf:params:xml:ns:resource-lists\""), xml);
    int external = xml.indexOf("<external");
    int one = xml.indexOf("sip:one@");
    int inner = xml.indexOf("<list name=\"inner\"");
    int ref = xml.indexOf("<entry-ref");
    int three = xml.indexOf("sip:three@");
    assertTrue(0 < external && external < one && one < inner && inner < ref && ref < three, xml);
    ResourceLists read = codec.decode(xml);
    assertEquals(lists, read);
    assertEquals(lists.hashCode(), read.hashCode());
    assertEquals(
        List.of("sip:one@example.com", "sip:two@example.com", "sip:three@example.com"),
        read.entryUris());
  }

  @Test
  void keepsForeignElementsAndAttributesAtTheTopThoughTheSchemaHasNone() {
    String xml =
        "<resource-lists xmlns='urn:ietf:params:xml:ns:resource-lists' xmlns:x='urn:x' x:a='1'>"
            + "<list/><x:top>t</x:top></resource-lists>";
    ResourceLists lists = codec.decode(xml);
    assertEquals(List.of(AnyElement.text(new QName("urn:x", "top"), "t")), lists.extensions());
    assertEquals(Map.of(new QName("urn:x", "a"), "1"), lists.otherAttributes());
    assertEquivalent(xml, codec.encodeToString(lists));
  }

  @Test
  void anEmptyDocumentIsAllowed() {
    ResourceLists lists =
        codec.decode("<resource-lists xmlns='urn:ietf:params:xml:ns:resource-lists'/>");
    assertEquals(List.of(), lists.lists());
    assertEquals(List.of(), lists.entryUris());
    assertEquals(ResourceLists.builder().build(), lists);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "<entry><display-name>x</display-name></entry> | entry uri is missing",
        "<entry uri='  '/> | entry uri is empty",
        "<entry-ref/> | entry-ref ref is missing",
        "<list><entry-ref ref=''/></list> | entry-ref ref is empty"
      })
  void refusesADocumentMissingWhatTheRfcRequires(String member, String reason) {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                codec.decode(
                    "<resource-lists xmlns='urn:ietf:params:xml:ns:resource-lists'>\n"
                        + "<list name='a'>\n"
                        + "<entry uri='sip:ok@example.com'/>\n"
                        + member
                        + "\n</list>\n</resource-lists>"));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertEquals(4, e.line(), e.getMessage());
  }

  @Test
  void buildersRefuseWhatTheRfcRequires() {
    assertThrows(NullPointerException.class, () -> Entry.builder().build());
    assertThrows(IllegalArgumentException.class, () -> Entry.of(" "));
    assertThrows(IllegalArgumentException.class, () -> EntryRef.of(""));
    assertThrows(IllegalArgumentException.class, () -> Entry.of("sip:a@b\u0001"));
    assertEquals(Optional.empty(), External.builder().build().anchor());
  }

  @Test
  void refusesAnotherDocumentType() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> codec.decode("<rls-services xmlns='urn:ietf:params:xml:ns:rls-services'/>"));
    assertTrue(e.getMessage().contains("rls-services"), e.getMessage());
  }
}
