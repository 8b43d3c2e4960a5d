package org.sepapi.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.sepapi.model.XmlLimits;

class HardenedXmlReaderTest {
  private static final String DOC =
      "<a:root xmlns:a='urn:example:one' xmlns='urn:example:two' a:x='1'>"
          + "<child y='2'><a:leaf/></child></a:root>";

  /** The reader tells JAXB that names are interned: this checks that they really are. */
  @Test
  void namesAndNamespaceUrisAreInterned() throws Exception {
    // Namespace URIs built at run time, so that only interning can make them identical.
    String one = new String("urn:example:one".toCharArray());
    for (int round = 0; round < 3; round++) { // the second and third reuse the pooled parser
      XMLStreamReader reader =
          HardenedXmlReader.open(DOC.getBytes(StandardCharsets.UTF_8), XmlLimits.DEFAULT);
      assertEquals(Boolean.TRUE, reader.getProperty("org.codehaus.stax2.internNames"));
      int elements = 0;
      while (reader.hasNext()) {
        if (reader.next() == XMLStreamConstants.START_ELEMENT) {
          elements++;
          assertSame(reader.getLocalName().intern(), reader.getLocalName());
          assertSame(reader.getNamespaceURI().intern(), reader.getNamespaceURI());
          for (int i = 0; i < reader.getAttributeCount(); i++) {
            assertSame(reader.getAttributeLocalName(i).intern(), reader.getAttributeLocalName(i));
            String ns = reader.getAttributeNamespace(i);
            if (ns != null && !ns.isEmpty()) {
              assertSame(ns.intern(), ns);
              assertEquals(one, ns);
            }
          }
        }
      }
      reader.close();
      assertEquals(3, elements);
    }
  }

  /**
   * The JDK parser, reset after an XML 1.1 document, reported namespace declarations as attributes
   * in every later document: a parser that read one is not pooled.
   */
  @Test
  void anXml11DocumentDoesNotChangeHowLaterDocumentsAreRead() throws Exception {
    String v11 = "<?xml version='1.1'?><root xmlns='urn:example:two'/>";
    for (int round = 0; round < 2 * Runtime.getRuntime().availableProcessors() + 6; round++) {
      XMLStreamReader reader =
          HardenedXmlReader.open(v11.getBytes(StandardCharsets.UTF_8), XmlLimits.DEFAULT);
      while (reader.hasNext()) {
        reader.next();
      }
      reader.close();
    }
    for (int round = 0; round < 3; round++) {
      XMLStreamReader reader =
          HardenedXmlReader.open(DOC.getBytes(StandardCharsets.UTF_8), XmlLimits.DEFAULT);
      reader.nextTag();
      assertEquals(1, reader.getAttributeCount(), "only a:x, not the declarations");
      assertEquals("x", reader.getAttributeLocalName(0));
      while (reader.hasNext()) {
        reader.next();
      }
      reader.close();
    }
  }
}
