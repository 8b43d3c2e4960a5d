package org.sepapi.model;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.UnmarshalException;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.ValidationEvent;
import jakarta.xml.bind.ValidationEventLocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.glassfish.jaxb.core.marshaller.CharacterEscapeHandler;
import org.sepapi.model.internal.FastReaders;
import org.sepapi.model.internal.HardenedXmlReader;
import org.sepapi.model.internal.XmlEscapes;

/**
 * Reads and writes one XML document type of this module, for example {@code
 * XmlCodec.of(Reginfo.class)}.
 *
 * <p>Reading goes through a hardened parser: no DTD, no entity references, no external resources,
 * and every bound of {@link XmlLimits} enforced; a document that breaks any of them, is malformed,
 * or does not follow its schema is refused with a {@link ModelException} that says where. Namespace
 * prefixes are free. Writing produces UTF-8, namespace-correct XML.
 *
 * <p>Thread-safe: one instance per document type serves a whole application.
 *
 * @param <T> the root element's class
 */
public final class XmlCodec<T> {
  private static final Map<Class<?>, JAXBContext> CONTEXTS = new ConcurrentHashMap<>();
  private static final int POOL_SIZE = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);

  private final Class<T> type;
  private final JAXBContext context;
  private final XmlLimits limits;
  private final ConcurrentLinkedQueue<Unmarshaller> unmarshallers = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Marshaller> marshallers = new ConcurrentLinkedQueue<>();
  private final FastReaders.FastReader<T> fastReader;

  private XmlCodec(Class<T> type, XmlLimits limits) {
    this.type = type;
    this.limits = limits;
    this.context = CONTEXTS.computeIfAbsent(type, XmlCodec::newContext);
    this.fastReader = FastReaders.forType(type);
  }

  /** A codec for the document whose root element is bound to {@code type}, with default limits. */
  public static <T> XmlCodec<T> of(Class<T> type) {
    return of(type, XmlLimits.DEFAULT);
  }

  /** A codec for the document whose root element is bound to {@code type}. */
  public static <T> XmlCodec<T> of(Class<T> type, XmlLimits limits) {
    return new XmlCodec<>(Objects.requireNonNull(type, "type"), Objects.requireNonNull(limits));
  }

  /** The bound root class. */
  public Class<T> type() {
    return type;
  }

  /** The limits every document read by this codec must stay within. */
  public XmlLimits limits() {
    return limits;
  }

  /** This codec with other limits, sharing the binding. */
  public XmlCodec<T> withLimits(XmlLimits limits) {
    return new XmlCodec<>(type, Objects.requireNonNull(limits, "limits"));
  }

  /**
   * Reads a document.
   *
   * @throws ModelException if it is malformed, hostile, past a limit or not of this type
   */
  public T decode(byte[] document) {
    if (fastReader != null) {
      T read = decodeFast(document);
      if (read != null) {
        return read;
      }
    }
    return decodeWithJaxb(document);
  }

  /**
   * Reads a document with the type's hand-written reader: null when it leaves the document to JAXB.
   * A refusal of the hardened reader itself (malformed XML, a limit) stands: JAXB reads the same
   * events and would meet it too.
   */
  private T decodeFast(byte[] document) {
    XMLStreamReader reader = HardenedXmlReader.open(document, limits);
    try {
      T read = fastReader.read(reader);
      readToTheEnd(reader);
      return read;
    } catch (XMLStreamException e) {
      throw placed(HardenedXmlReader.toModelException(e), reader);
    } catch (ModelException e) {
      throw placed(e, reader);
    } catch (RuntimeException fallback) {
      // FastReaders.Fallback, or anything unforeseen: JAXB reads it, and refuses it in its words.
      return null;
    } finally {
      closeQuietly(reader);
    }
  }

  /**
   * Reads what follows the root element to the end of the document, so that markup or text there is
   * refused: JAXB, and the readers that follow it, stop one event after the root's end tag, and the
   * parser reports trailing markup only when asked for the events after it.
   */
  private static void readToTheEnd(XMLStreamReader reader) throws XMLStreamException {
    while (reader.hasNext()) {
      reader.next();
    }
  }

  /** Reads a document with the JAXB binding alone; for the tests that compare the two readers. */
  T decodeWithJaxb(byte[] document) {
    XMLStreamReader reader = HardenedXmlReader.open(document, limits);
    Unmarshaller unmarshaller = borrowUnmarshaller();
    Failure failure = new Failure();
    try {
      unmarshaller.setEventHandler(failure);
      Object root = unmarshaller.unmarshal(reader);
      if (!type.isInstance(root)) {
        throw new ModelException(
            "expected a document of type " + type.getSimpleName() + ", found " + describe(root));
      }
      readToTheEnd(reader);
      if (unmarshallers.size() < POOL_SIZE) {
        unmarshallers.offer(unmarshaller);
      }
      return type.cast(root);
    } catch (XMLStreamException e) {
      throw placed(HardenedXmlReader.toModelException(e), reader);
    } catch (UnmarshalException e) {
      throw placed(failure.toModelException(e), reader);
    } catch (JAXBException e) {
      throw placed(new ModelException("unreadable document: " + describeCause(e), e), reader);
    } catch (RuntimeException e) {
      ModelException cause = findModelException(e);
      throw placed(
          cause != null ? cause : new ModelException("unreadable document: " + describeCause(e), e),
          reader);
    } finally {
      closeQuietly(reader);
    }
  }

  /**
   * Reads a document from a string. The string's own characters are used, whatever encoding its XML
   * declaration names.
   */
  public T decode(String document) {
    return decode(stripEncoding(document).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a document from a stream, reading at most {@code limits().maxBytes()} bytes; the stream
   * is not closed.
   *
   * @throws ModelException if the stream holds more, or the document is refused
   * @throws IOException if the stream fails
   */
  public T decode(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(limits.maxBytes() + 1);
    return decode(bytes);
  }

  /**
   * Reads a document held as an element tree, as the SEP API carries a resource's state inline.
   *
   * @throws ModelException if the element is not a document of this type
   */
  public T decode(AnyElement element) {
    return decode(element.toXml());
  }

  /** Writes a document as an element tree, to be carried inside another document. */
  public AnyElement encodeToElement(T document) {
    return AnyElement.parse(encode(document), limits);
  }

  /** Writes a document as UTF-8. */
  public byte[] encode(T document) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    encode(document, out);
    return out.toByteArray();
  }

  /** Writes a document as a string. */
  public String encodeToString(T document) {
    return new String(encode(document), StandardCharsets.UTF_8);
  }

  /** Writes a document as UTF-8 to a stream, which is not closed. */
  public void encode(T document, OutputStream out) {
    Objects.requireNonNull(document, "document");
    Marshaller marshaller = marshallers.poll();
    try {
      if (marshaller == null) {
        marshaller = context.createMarshaller();
        marshaller.setProperty(Marshaller.JAXB_ENCODING, "UTF-8");
        marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, false);
        marshaller.setProperty(CharacterEscapeHandler.class.getName(), XmlEscapes.INSTANCE);
      }
      marshaller.marshal(document, out);
      if (marshallers.size() < POOL_SIZE) {
        marshallers.offer(marshaller);
      }
    } catch (JAXBException e) {
      throw new ModelException("cannot write " + type.getSimpleName() + ": " + describeCause(e), e);
    }
  }

  private Unmarshaller borrowUnmarshaller() {
    Unmarshaller unmarshaller = unmarshallers.poll();
    if (unmarshaller != null) {
      return unmarshaller;
    }
    try {
      return context.createUnmarshaller();
    } catch (JAXBException e) {
      throw new IllegalStateException("cannot create an unmarshaller for " + type, e);
    }
  }

  private static JAXBContext newContext(Class<?> type) {
    try {
      return JAXBContext.newInstance(type);
    } catch (JAXBException e) {
      throw new IllegalArgumentException("not a bound document type: " + type.getName(), e);
    }
  }

  /** A refusal found after parsing (a missing part) placed where the parser had got to. */
  private static ModelException placed(ModelException e, XMLStreamReader reader) {
    javax.xml.stream.Location at = reader.getLocation();
    return at == null ? e : e.at(at.getLineNumber(), at.getColumnNumber());
  }

  private static String describe(Object root) {
    if (root instanceof jakarta.xml.bind.JAXBElement<?> element) {
      return "element " + element.getName();
    }
    return root == null ? "nothing" : root.getClass().getSimpleName();
  }

  private static String describeCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  private static ModelException findModelException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ModelException model) {
        return model;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String stripEncoding(String document) {
    // A string is already characters: an encoding in its declaration would lie about the bytes.
    if (!document.startsWith("<?xml")) {
      return document;
    }
    int end = document.indexOf("?>");
    if (end < 0) {
      return document;
    }
    String declaration =
        document.substring(0, end).replaceAll("\\s+encoding\\s*=\\s*(\"[^\"]*\"|'[^']*')", "");
    return declaration + document.substring(end);
  }

  private static void closeQuietly(XMLStreamReader reader) {
    try {
      reader.close();
    } catch (XMLStreamException ignored) {
      // nothing to release for an in-memory document
    }
  }

  /** Turns the first schema violation into a refusal, keeping what it said and where. */
  private static final class Failure implements jakarta.xml.bind.ValidationEventHandler {
    private ValidationEvent first;

    @Override
    public boolean handleEvent(ValidationEvent event) {
      if (event.getSeverity() == ValidationEvent.WARNING) {
        return true;
      }
      if (first == null) {
        first = event;
      }
      return false;
    }

    ModelException toModelException(UnmarshalException e) {
      ModelException model = findModelException(e);
      if (model != null) {
        return model;
      }
      if (e.getLinkedException() instanceof XMLStreamException stax) {
        return HardenedXmlReader.toModelException(stax);
      }
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof XMLStreamException stax) {
          return HardenedXmlReader.toModelException(stax);
        }
        if (t.getCause() == t) {
          break;
        }
      }
      if (first != null) {
        ValidationEventLocator at = first.getLocator();
        String message = first.getMessage();
        if (first.getLinkedException() != null) {
          ModelException linked = findModelException(first.getLinkedException());
          if (linked != null) {
            message = linked.getMessage();
          }
        }
        return at == null
            ? new ModelException(message, e)
            : new ModelException(message, at.getLineNumber(), at.getColumnNumber(), e);
      }
      return new ModelException("unreadable document: " + describeCause(e), e);
    }
  }
}
