package org.sepapi.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.sepapi.model.ModelTheories.anyElement;
import static org.sepapi.model.ModelTheories.decodesOrRefuses;
import static org.sepapi.model.ModelTheories.mutations;
import static org.sepapi.model.ModelTheories.randomBytes;
import static org.sepapi.model.XmlAssert.assertEquivalent;
import static org.sepapi.model.XmlAssert.resource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.sepapi.model.reginfo.Reginfo;

class AnyElementTest {
  @Test
  void aDocumentReadAsElementsIsWrittenBackEquivalent() {
    byte[] original = resource("/interop/registrar-extras.xml");
    AnyElement root = AnyElement.parse(original);
    assertEquals(new QName(Reginfo.NAMESPACE, "reginfo"), root.name());
    assertEquivalent(original, root.toXml());
  }

  @Test
  void aTypedDocumentTravelsAsAnElementTreeAndBack() {
    XmlCodec<Reginfo> codec = XmlCodec.of(Reginfo.class);
    Reginfo reginfo = codec.decode(resource("/fixtures/reginfo-every-part.xml"));
    AnyElement inline = codec.encodeToElement(reginfo);
    assertEquals("reginfo", inline.name().getLocalPart());
    assertEquals(reginfo, codec.decode(inline));
  }

  @Test
  void namespacedAndXmlAttributesKeepTheirNamespaces() {
    AnyElement element =
        new AnyElement(
            new QName("urn:a", "outer"),
            Map.of(
                new QName(XMLConstants.XML_NS_URI, "lang"), "en",
                new QName("urn:b", "x"), "1\t2\n3\r4 \"<&>\"",
                new QName("y"), "plain"),
            List.of(
                new AnyElement(new QName("", "unqualified"), Map.of(), List.of()),
                new AnyElement(
                    new QName("urn:a", "inner"), Map.of(), List.of(new AnyText("a\r\nb ]]> <")))));
    String xml = new String(element.toXml(), StandardCharsets.UTF_8);
    assertTrue(xml.contains("xml:lang=\"en\""), xml);
    assertEquals(element, AnyElement.parse(element.toXml()));
  }

  @Test
  void generatedElementsRoundTrip() {
    qt().withExamples(500)
        .forAll(anyElement())
        .checkAssert(element -> assertEquals(element, AnyElement.parse(element.toXml())));
  }

  @Test
  void mutatedAndRandomInputIsReadOrRefusedWithAModelException() {
    List<byte[]> seeds =
        List.of(
            resource("/interop/registrar-extras.xml"),
            resource("/fixtures/reginfo-every-part.xml"));
    qt().withExamples(1500)
        .forAll(mutations(seeds))
        .check(bytes -> decodesOrRefuses(AnyElement::parse, bytes) || true);
    qt().withExamples(300)
        .forAll(randomBytes(100))
        .check(bytes -> !decodesOrRefuses(AnyElement::parse, bytes));
  }

  @Test
  void hostileDocumentsAreRefused() {
    assertThrows(
        ModelException.class,
        () ->
            AnyElement.parse(
                "<!DOCTYPE r [<!ENTITY e 'x'>]><r>&e;</r>".getBytes(StandardCharsets.UTF_8)));
    assertThrows(ModelException.class, () -> AnyElement.parse("".getBytes(StandardCharsets.UTF_8)));
  }
}
