package org.sepapi.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Typical documents of the benchmarks, and the floor every XML reader is measured against. */
final class Documents {
  private static final XMLInputFactory STAX = XMLInputFactory.newDefaultFactory();

  private Documents() {}

  static byte[] load(String name) {
    try (InputStream in = Documents.class.getResourceAsStream("/documents/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no benchmark document " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A bare StAX pass: every event of the document read and its names, attributes and text touched,
   * nothing built. The floor for any XML reader on the same bytes.
   */
  static int staxPass(byte[] document) throws XMLStreamException {
    XMLStreamReader reader = STAX.createXMLStreamReader(new java.io.ByteArrayInputStream(document));
    int touched = 0;
    while (reader.hasNext()) {
      int event = reader.next();
      if (event == XMLStreamReader.START_ELEMENT) {
        touched += reader.getLocalName().length();
        for (int i = 0; i < reader.getAttributeCount(); i++) {
          touched += reader.getAttributeValue(i).length();
        }
      } else if (event == XMLStreamReader.CHARACTERS) {
        touched += reader.getTextLength();
      }
    }
    reader.close();
    return touched;
  }
}
