package org.sepapi.model.internal;

import static javax.xml.stream.XMLStreamConstants.CDATA;
import static javax.xml.stream.XMLStreamConstants.CHARACTERS;
import static javax.xml.stream.XMLStreamConstants.COMMENT;
import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static javax.xml.stream.XMLStreamConstants.PROCESSING_INSTRUCTION;
import static javax.xml.stream.XMLStreamConstants.SPACE;
import static javax.xml.stream.XMLStreamConstants.START_DOCUMENT;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.sepapi.model.AnyElement;
import org.sepapi.model.DocumentState;
import org.sepapi.model.Extensible;
import org.sepapi.model.LocalizedText;
import org.sepapi.model.reginfo.Contact;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.reginfo.Registration;
import org.sepapi.model.reginfo.UnknownParam;

/**
 * Reads a reginfo document (RFC 3680) straight from the hardened reader's events into the model's
 * builders, as the JAXB binding of {@code org.sepapi.model.reginfo} reads it:
 *
 * <ul>
 *   <li>the binding's elements and attributes matched by namespace and local name, never by prefix,
 *       in any order; other child elements of {@code reginfo}, {@code registration} and {@code
 *       contact} kept as {@link org.sepapi.model.AnyElement} extensions, other attributes (and
 *       {@code xsi:schemaLocation}, {@code xsi:noNamespaceSchemaLocation}) as other attributes;
 *       text directly inside those three ignored;
 *   <li>text-only elements ({@code uri}, {@code display-name}, {@code unknown-param}) keep all
 *       their character data, whitespace included, comments and processing instructions skipped;
 *   <li>numbers read as JAXB reads {@code xs:long} (XML whitespace trimmed, one optional plus
 *       sign), enumerations as {@link XmlEnumAdapter} reads them (stripped);
 *   <li>the events read are the ones JAXB reads: up to the root element, through its end tag, and
 *       one more, so the hardened reader refuses exactly what it refuses on the JAXB path.
 * </ul>
 *
 * <p>Everything else, and every document the binding would refuse for its content (a required part
 * missing, a value outside an enumeration, a bad number, another root element), is left to JAXB by
 * throwing {@link FastReaders.Fallback}: an {@code xsi:} attribute other than the schema locations,
 * an attribute on {@code uri}, an attribute other than {@code xml:lang} on {@code display-name} or
 * other than {@code name} on {@code unknown-param}, a child element inside a text-only element, a
 * second {@code uri} or {@code display-name} in one contact.
 *
 * <p>Thread-safe (stateless).
 */
final class ReginfoReader {
  private static final String NS = Reginfo.NAMESPACE;
  private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
  private static final String XML = XMLConstants.XML_NS_URI;

  private static final Map<String, DocumentState> DOCUMENT_STATES =
      byXml(DocumentState.values(), DocumentState::xml);
  private static final Map<String, Registration.State> REGISTRATION_STATES =
      byXml(Registration.State.values(), Registration.State::xml);
  private static final Map<String, Contact.State> CONTACT_STATES =
      byXml(Contact.State.values(), Contact.State::xml);
  private static final Map<String, Contact.Event> CONTACT_EVENTS =
      byXml(Contact.Event.values(), Contact.Event::xml);

  private ReginfoReader() {}

  /** The document, from a reader at its start; see the class comment for what falls back. */
  static Reginfo read(XMLStreamReader reader) throws XMLStreamException {
    if (reader.getEventType() == START_DOCUMENT) {
      while (!reader.isStartElement()) {
        reader.next(); // the prolog, as JAXB skips it
      }
    }
    if (reader.getEventType() != START_ELEMENT
        || !NS.equals(reader.getNamespaceURI())
        || !"reginfo".equals(reader.getLocalName())) {
      throw fallback();
    }
    Reginfo reginfo;
    try {
      reginfo = readReginfo(reader);
    } catch (IllegalArgumentException e) {
      // A builder refused a value JAXB takes as read (a control character of an XML 1.1 document)
      throw fallback();
    }
    reader.next(); // JAXB reads one event past the root's end tag
    return reginfo;
  }

  private static Reginfo readReginfo(XMLStreamReader reader) throws XMLStreamException {
    Reginfo.Builder b = Reginfo.builder();
    String version = null;
    String state = null;
    for (int i = 0, n = reader.getAttributeCount(); i < n; i++) {
      String local = reader.getAttributeLocalName(i);
      if (noNamespace(reader.getAttributeNamespace(i))) {
        switch (local) {
          case "version" -> version = reader.getAttributeValue(i);
          case "state" -> state = reader.getAttributeValue(i);
          default -> otherAttribute(b, reader, i);
        }
      } else {
        otherAttribute(b, reader, i);
      }
    }
    b.version(nonNegative(version)).state(oneOf(DOCUMENT_STATES, state));
    while (true) {
      switch (reader.next()) {
        case START_ELEMENT -> {
          if (isReginfo(reader, "registration")) {
            b.addRegistration(readRegistration(reader));
          } else {
            b.addExtension(extension(reader));
          }
        }
        case END_ELEMENT -> {
          return b.build();
        }
        default -> elementOnlyContent(reader);
      }
    }
  }

  private static Registration readRegistration(XMLStreamReader reader) throws XMLStreamException {
    Registration.Builder b = Registration.builder();
    String aor = null;
    String id = null;
    String state = null;
    for (int i = 0, n = reader.getAttributeCount(); i < n; i++) {
      String local = reader.getAttributeLocalName(i);
      if (noNamespace(reader.getAttributeNamespace(i))) {
        switch (local) {
          case "aor" -> aor = reader.getAttributeValue(i);
          case "id" -> id = reader.getAttributeValue(i);
          case "state" -> state = reader.getAttributeValue(i);
          default -> otherAttribute(b, reader, i);
        }
      } else {
        otherAttribute(b, reader, i);
      }
    }
    b.aor(present(aor)).id(present(id)).state(oneOf(REGISTRATION_STATES, state));
    while (true) {
      switch (reader.next()) {
        case START_ELEMENT -> {
          if (isReginfo(reader, "contact")) {
            b.addContact(readContact(reader));
          } else {
            b.addExtension(extension(reader));
          }
        }
        case END_ELEMENT -> {
          return b.build();
        }
        default -> elementOnlyContent(reader);
      }
    }
  }

  private static Contact readContact(XMLStreamReader reader) throws XMLStreamException {
    Contact.Builder b = Contact.builder();
    String id = null;
    String state = null;
    String event = null;
    for (int i = 0, n = reader.getAttributeCount(); i < n; i++) {
      String local = reader.getAttributeLocalName(i);
      if (noNamespace(reader.getAttributeNamespace(i))) {
        String value = reader.getAttributeValue(i);
        switch (local) {
          case "id" -> id = value;
          case "state" -> state = value;
          case "event" -> event = value;
          case "duration-registered" -> b.durationRegistered(nonNegative(value));
          case "expires" -> b.expires(nonNegative(value));
          case "retry-after" -> b.retryAfter(nonNegative(value));
          case "q" -> b.q(value);
          case "callid" -> b.callId(value);
          case "cseq" -> b.cseq(nonNegative(value));
          default -> otherAttribute(b, reader, i);
        }
      } else {
        otherAttribute(b, reader, i);
      }
    }
    b.id(present(id)).state(oneOf(CONTACT_STATES, state)).event(oneOf(CONTACT_EVENTS, event));
    String uri = null;
    LocalizedText displayName = null;
    while (true) {
      switch (reader.next()) {
        case START_ELEMENT -> {
          if (!NS.equals(reader.getNamespaceURI())) {
            b.addExtension(extension(reader));
            continue;
          }
          switch (reader.getLocalName()) {
            case "uri" -> {
              if (uri != null || reader.getAttributeCount() != 0) {
                throw fallback();
              }
              uri = readText(reader);
            }
            case "display-name" -> {
              if (displayName != null) {
                throw fallback();
              }
              displayName = readDisplayName(reader);
            }
            case "unknown-param" -> b.addUnknownParam(readUnknownParam(reader));
            default -> b.addExtension(extension(reader));
          }
        }
        case END_ELEMENT -> {
          return b.uri(present(uri)).displayName(displayName).build();
        }
        default -> elementOnlyContent(reader);
      }
    }
  }

  private static LocalizedText readDisplayName(XMLStreamReader reader) throws XMLStreamException {
    String lang = null;
    for (int i = 0, n = reader.getAttributeCount(); i < n; i++) {
      if (!XML.equals(reader.getAttributeNamespace(i))
          || !"lang".equals(reader.getAttributeLocalName(i))) {
        throw fallback();
      }
      lang = reader.getAttributeValue(i);
    }
    return LocalizedText.of(readText(reader), lang);
  }

  private static UnknownParam readUnknownParam(XMLStreamReader reader) throws XMLStreamException {
    String name = null;
    for (int i = 0, n = reader.getAttributeCount(); i < n; i++) {
      if (!noNamespace(reader.getAttributeNamespace(i))
          || !"name".equals(reader.getAttributeLocalName(i))) {
        throw fallback();
      }
      name = reader.getAttributeValue(i);
    }
    return UnknownParam.of(present(name), readText(reader));
  }

  /**
   * The character data of a text-only element, through its end tag: every run of text, whitespace
   * included, comments and processing instructions skipped; empty when there is none.
   */
  private static String readText(XMLStreamReader reader) throws XMLStreamException {
    String first = null;
    StringBuilder more = null;
    while (true) {
      switch (reader.next()) {
        case CHARACTERS, CDATA, SPACE -> {
          if (first == null) {
            first = reader.getText();
          } else {
            if (more == null) {
              more = new StringBuilder(first);
            }
            more.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
          }
        }
        case COMMENT, PROCESSING_INSTRUCTION -> {}
        case END_ELEMENT -> {
          return more != null ? more.toString() : first != null ? first : "";
        }
        default -> throw fallback(); // a child element: JAXB refuses it, in its own words
      }
    }
  }

  /** Text, comments and processing instructions between elements: JAXB ignores them all. */
  private static void elementOnlyContent(XMLStreamReader reader) {
    switch (reader.getEventType()) {
      case CHARACTERS, CDATA, SPACE, COMMENT, PROCESSING_INSTRUCTION -> {}
      default -> throw fallback();
    }
  }

  private static boolean isReginfo(XMLStreamReader reader, String local) {
    return local.equals(reader.getLocalName()) && NS.equals(reader.getNamespaceURI());
  }

  private static boolean noNamespace(String namespace) {
    return namespace == null || namespace.isEmpty();
  }

  /**
   * An attribute the binding does not name: kept with its prefix, as JAXB's attribute wildcard
   * keeps it; of the {@code xsi:} attributes only the schema locations are kept, as {@link
   * Extensible} reads them.
   */
  private static void otherAttribute(Extensible.Builder<?> b, XMLStreamReader reader, int i) {
    String namespace = reader.getAttributeNamespace(i);
    String local = reader.getAttributeLocalName(i);
    if (XSI.equals(namespace)
        && !"schemaLocation".equals(local)
        && !"noNamespaceSchemaLocation".equals(local)) {
      throw fallback();
    }
    String prefix = reader.getAttributePrefix(i);
    b.otherAttribute(
        new QName(
            namespace == null ? XMLConstants.NULL_NS_URI : namespace,
            local,
            prefix == null ? XMLConstants.DEFAULT_NS_PREFIX : prefix),
        reader.getAttributeValue(i));
  }

  private static String present(String value) {
    if (value == null) {
      throw fallback();
    }
    return value;
  }

  private static <E> E oneOf(Map<String, E> values, String value) {
    E constant = values.get(present(value).strip());
    if (constant == null) {
      throw fallback();
    }
    return constant;
  }

  /**
   * A number as JAXB reads an {@code xs:long} ({@code DatatypeConverterImpl._parseLong}): XML
   * whitespace trimmed, one plus sign allowed before a digit, then {@link Long#parseLong}; and not
   * negative, as the binding requires.
   */
  private static long nonNegative(String value) {
    String s = present(value);
    int start = 0;
    int end = s.length();
    while (start < end && isXmlWhitespace(s.charAt(start))) {
      start++;
    }
    while (end > start && isXmlWhitespace(s.charAt(end - 1))) {
      end--;
    }
    if (end - start > 1 && s.charAt(start) == '+') {
      char c = s.charAt(start + 1);
      if (c < '0' || c > '9') {
        throw fallback();
      }
      start++;
    }
    long number;
    try {
      number = Long.parseLong(s, start, end, 10);
    } catch (NumberFormatException e) {
      throw fallback();
    }
    if (number < 0) {
      throw fallback();
    }
    return number;
  }

  private static boolean isXmlWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /**
   * An extension element, left to JAXB if a name in it is not namespace-well-formed ({@code <:x/>}:
   * the JDK parser reports the local name {@code :x}, where JAXB's DOM refuses it).
   */
  private static AnyElement extension(XMLStreamReader reader) throws XMLStreamException {
    AnyElement element = AnyElementXml.readExtension(reader);
    if (!wellFormedNames(element)) {
      throw fallback();
    }
    return element;
  }

  private static boolean wellFormedNames(AnyElement element) {
    if (!isNcName(element.name().getLocalPart())) {
      return false;
    }
    for (QName attribute : element.attributes().keySet()) {
      if (!isNcName(attribute.getLocalPart())) {
        return false;
      }
    }
    for (AnyElement child : element.childElements()) {
      if (!wellFormedNames(child)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNcName(String local) {
    return !local.isEmpty() && local.indexOf(':') < 0;
  }

  private static FastReaders.Fallback fallback() {
    return FastReaders.Fallback.INSTANCE;
  }

  private static <E> Map<String, E> byXml(
      E[] constants, java.util.function.Function<E, String> xml) {
    Map<String, E> map = new HashMap<>();
    for (E constant : constants) {
      map.put(xml.apply(constant), constant);
    }
    return Map.copyOf(map);
  }
}
