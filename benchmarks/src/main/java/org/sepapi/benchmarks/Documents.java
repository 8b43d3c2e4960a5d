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

  /** One per benchmark thread: a factory that reuses its reader serves one thread at a time. */
  private static final ThreadLocal<XMLInputFactory> REUSING =
      ThreadLocal.withInitial(
          () -> {
            XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
            factory.setProperty("reuse-instance", true);
            return factory;
          });

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
    return pass(STAX.createXMLStreamReader(new java.io.ByteArrayInputStream(document)));
  }

  /** The same pass with a parser that is reset and reused for every document. */
  static int staxPassReusingTheParser(byte[] document) throws XMLStreamException {
    return pass(REUSING.get().createXMLStreamReader(new java.io.ByteArrayInputStream(document)));
  }

  private static int pass(XMLStreamReader reader) throws XMLStreamException {
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
