package org.sepapi.model.internal;

import java.io.StringReader;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * <p>Thread-safe. The JDK parser can reuse its reader for the next document when asked to ({@code
 * reuse-instance}), which nearly doubles the rate of small documents; a factory that does so may
 * serve one thread at a time, so factories are pooled: a reader borrows one and gives it back when
 * it is closed after a clean read.
 */
public final class HardenedXmlReader {
  private static final String INTERN_NAMES = "org.codehaus.stax2.internNames";
  private static final String INTERN_NS_URIS = "org.codehaus.stax2.internNsUris";
  private static final int POOL_SIZE = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
  private static final ConcurrentLinkedQueue<XMLInputFactory> FACTORIES =
      new ConcurrentLinkedQueue<>();

  private HardenedXmlReader() {}

  private static XMLInputFactory borrowFactory() {
    XMLInputFactory factory = FACTORIES.poll();
    return factory != null ? factory : newFactory();
  }

  private static void returnFactory(XMLInputFactory factory) {
    if (FACTORIES.size() < POOL_SIZE) {
      FACTORIES.offer(factory);
    }
  }

  private static XMLInputFactory newFactory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    try {
      factory.setProperty("reuse-instance", true);
    } catch (IllegalArgumentException notTheJdkParser) {
      // only a matter of speed
    }
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
    String characters = XmlCharset.decode(document);
    refuseDoctype(characters);
    XMLInputFactory factory = borrowFactory();
    try {
      // No run of text or attribute value can be longer than the whole document: check lengths
      // only when the document could hold one past the limit.
      boolean checkLengths = characters.length() > limits.maxTextLength();
      return new Guard(
          factory.createXMLStreamReader(new StringReader(characters)),
          limits,
          factory,
          checkLengths);
    } catch (XMLStreamException e) {
      throw toModelException(e);
    }
  }

  /**
   * Refuses a document type declaration before the parser sees it: the JDK parser, given a
   * truncated internal subset, prints a stack trace to standard error before it fails. The check
   * walks the prolog only (declaration, comments, processing instructions, whitespace).
   */
  private static void refuseDoctype(String document) {
    int at = 0;
    int length = document.length();
    while (at < length) {
      char c = document.charAt(at);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        at++;
      } else if (document.startsWith("<?", at)) {
        int end = document.indexOf("?>", at + 2);
        at = end < 0 ? length : end + 2;
      } else if (document.startsWith("<!--", at)) {
        int end = document.indexOf("-->", at + 4);
        at = end < 0 ? length : end + 3;
      } else if (document.startsWith("<!DOCTYPE", at)) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
          if (document.charAt(i) == '\n') {
            line++;
            lineStart = i + 1;
          }
        }
        throw new ModelException(
            "document type declarations are not allowed", line, at - lineStart + 1, null);
      } else {
        return; // the root element, or something the parser will refuse
      }
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
    private XMLInputFactory factory;
    private int depth;
    private int elements;
    private long textRun;
    private boolean rootClosed;
    private boolean failed;

    private final boolean checkLengths;

    Guard(XMLStreamReader reader, XmlLimits limits, XMLInputFactory factory, boolean checkLengths) {
      super(reader);
      this.limits = limits;
      this.factory = factory;
      this.checkLengths = checkLengths;
    }

    /**
     * The JDK parser takes every name and namespace URI from its symbol table, which interns them;
     * saying so spares JAXB interning each name again (a test checks that it holds).
     */
    @Override
    public Object getProperty(String name) {
      if (INTERN_NAMES.equals(name) || INTERN_NS_URIS.equals(name)) {
        return Boolean.TRUE;
      }
      return super.getProperty(name);
    }

    @Override
    public void close() throws XMLStreamException {
      XMLInputFactory owner = factory;
      factory = null;
      super.close();
      // Only a reader that read its document to the end cleanly is fit for reuse; and not one that
      // read an XML 1.1 document: the JDK parser, reset after one, goes on reporting namespace
      // declarations as attributes in every later document.
      if (owner != null && rootClosed && !failed && !"1.1".equals(super.getVersion())) {
        returnFactory(owner);
      }
    }

    @Override
    public int next() throws XMLStreamException {
      try {
        return checked(super.next());
      } catch (XMLStreamException | RuntimeException e) {
        failed = true;
        throw e;
      }
    }

    private int checked(int event) {
      switch (event) {
        case XMLStreamConstants.START_ELEMENT -> {
          textRun = 0;
          startElement();
        }
        case XMLStreamConstants.END_ELEMENT -> {
          textRun = 0;
          if (--depth == 0) {
            rootClosed = true;
          }
        }
        case XMLStreamConstants.CHARACTERS,
            XMLStreamConstants.CDATA,
            XMLStreamConstants.SPACE,
            XMLStreamConstants.COMMENT -> {
          // The parser hands long text over in chunks: the limit is on the whole run.
          if (checkLengths && (textRun += getTextLength()) > limits.maxTextLength()) {
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
      for (int i = 0; checkLengths && i < attributes; i++) {
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
