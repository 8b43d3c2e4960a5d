package org.sepapi.model.internal;

import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlLimits;

/**
 * The one way this module opens an XML document: the JDK's own StAX parser (never whatever provider
 * happens to be on the classpath), with DTDs and entity references refused outright rather than
 * silently skipped, and every {@link XmlLimits} bound checked as events stream past.
 *
 * <p>Thread-safe: the factory is configured once and only creates readers afterwards.
 */
public final class HardenedXmlReader {
  private static final XMLInputFactory FACTORY = newFactory();

  private HardenedXmlReader() {}

  private static XMLInputFactory newFactory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external resources are not read: " + systemId);
        });
    return factory;
  }

  /**
   * Opens a reader over a whole document already in memory.
   *
   * @throws ModelException when the document is larger than {@code limits.maxBytes()} or its prolog
   *     cannot be read
   */
  public static XMLStreamReader open(byte[] document, XmlLimits limits) {
    if (document.length > limits.maxBytes()) {
      throw new ModelException(
          "document of "
              + document.length
              + " bytes is larger than the limit of "
              + limits.maxBytes()
              + " bytes");
    }
    try {
      return new Guard(
          FACTORY.createXMLStreamReader(new StringReader(XmlCharset.decode(document))), limits);
    } catch (XMLStreamException e) {
      throw toModelException(e);
    }
  }

  /** A refusal of the parser itself (malformed XML) as a model exception with its position. */
  public static ModelException toModelException(XMLStreamException e) {
    Location at = e.getLocation();
    String message = e.getMessage();
    // The JDK parser prefixes its message with "ParseError at [row,col]:[l,c]\nMessage: ".
    int cut = message == null ? -1 : message.indexOf("Message: ");
    if (cut >= 0) {
      message = message.substring(cut + "Message: ".length());
    }
    if (message == null || message.isBlank()) {
      message = "malformed XML";
    }
    return at == null
        ? new ModelException(message, e)
        : new ModelException(message, at.getLineNumber(), at.getColumnNumber(), e);
  }

  /** Checks every event against the limits and refuses DTDs and entity references. */
  private static final class Guard extends StreamReaderDelegate {
    private final XmlLimits limits;
    private int depth;
    private int elements;
    private long textRun;

    Guard(XMLStreamReader reader, XmlLimits limits) {
      super(reader);
      this.limits = limits;
    }

    @Override
    public int next() throws XMLStreamException {
      int event = super.next();
      switch (event) {
        case XMLStreamConstants.START_ELEMENT -> {
          textRun = 0;
          startElement();
        }
        case XMLStreamConstants.END_ELEMENT -> {
          textRun = 0;
          depth--;
        }
        case XMLStreamConstants.CHARACTERS,
            XMLStreamConstants.CDATA,
            XMLStreamConstants.SPACE,
            XMLStreamConstants.COMMENT -> {
          // The parser hands long text over in chunks: the limit is on the whole run.
          textRun += getTextLength();
          if (textRun > limits.maxTextLength()) {
            throw refuse("text longer than the limit of " + limits.maxTextLength() + " chars");
          }
        }
        case XMLStreamConstants.DTD -> throw refuse("document type declarations are not allowed");
        case XMLStreamConstants.ENTITY_REFERENCE,
            XMLStreamConstants.ENTITY_DECLARATION,
            XMLStreamConstants.NOTATION_DECLARATION ->
            throw refuse("entity references are not allowed");
        default -> {}
      }
      return event;
    }

    @Override
    public int nextTag() throws XMLStreamException {
      int event = next();
      while ((event == XMLStreamConstants.CHARACTERS && isWhiteSpace())
          || (event == XMLStreamConstants.CDATA && isWhiteSpace())
          || event == XMLStreamConstants.SPACE
          || event == XMLStreamConstants.PROCESSING_INSTRUCTION
          || event == XMLStreamConstants.COMMENT) {
        event = next();
      }
      if (event != XMLStreamConstants.START_ELEMENT && event != XMLStreamConstants.END_ELEMENT) {
        throw refuse("expected an element");
      }
      return event;
    }

    @Override
    public String getElementText() throws XMLStreamException {
      StringBuilder text = new StringBuilder();
      int event = next();
      while (event != XMLStreamConstants.END_ELEMENT) {
        switch (event) {
          case XMLStreamConstants.CHARACTERS,
              XMLStreamConstants.CDATA,
              XMLStreamConstants.SPACE -> {
            text.append(getTextCharacters(), getTextStart(), getTextLength());
            if (text.length() > limits.maxTextLength()) {
              throw refuse("text longer than the limit of " + limits.maxTextLength() + " chars");
            }
          }
          case XMLStreamConstants.PROCESSING_INSTRUCTION, XMLStreamConstants.COMMENT -> {}
          default -> throw refuse("element text expected, found a child element");
        }
        event = next();
      }
      return text.toString();
    }

    private void startElement() {
      if (++depth > limits.maxDepth()) {
        throw refuse("elements nested deeper than the limit of " + limits.maxDepth());
      }
      if (++elements > limits.maxElements()) {
        throw refuse("more elements than the limit of " + limits.maxElements());
      }
      int attributes = getAttributeCount();
      if (attributes + getNamespaceCount() > limits.maxAttributes()) {
        throw refuse("more attributes on one element than the limit of " + limits.maxAttributes());
      }
      for (int i = 0; i < attributes; i++) {
        if (getAttributeValue(i).length() > limits.maxTextLength()) {
          throw refuse(
              "attribute value longer than the limit of " + limits.maxTextLength() + " chars");
        }
      }
    }

    private ModelException refuse(String message) {
      Location at = getLocation();
      return at == null
          ? new ModelException(message)
          : new ModelException(message, at.getLineNumber(), at.getColumnNumber(), null);
    }
  }
}
