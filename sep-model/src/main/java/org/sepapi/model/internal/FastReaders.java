package org.sepapi.model.internal;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.sepapi.model.reginfo.Reginfo;

/**
 * Hand-written readers for the documents on a hot path, which build exactly what the JAXB binding
 * builds from the same events of the hardened reader, several times faster. A reader meets a shape
 * it does not replicate exactly (a rare construct, or anything the binding would refuse) by
 * throwing {@link Fallback}: the codec then reads the document again with JAXB, so every value and
 * every refusal stays the binding's own.
 *
 * <p>Thread-safe (stateless).
 */
public final class FastReaders {
  private static final String BACKUP_WITH_PARENT_NAMESPACE =
      "org.glassfish.jaxb.backupWithParentNamespace";

  private FastReaders() {}

  /**
   * Reads one document from a reader standing at the start of the document, leaving it where JAXB
   * would leave it.
   *
   * @param <T> the document's root class
   */
  @FunctionalInterface
  public interface FastReader<T> {
    /**
     * The document.
     *
     * @throws Fallback when the document is of a shape this reader leaves to JAXB
     * @throws XMLStreamException when the parser refuses the document
     */
    T read(XMLStreamReader reader) throws XMLStreamException;
  }

  /** The fast reader for a root class, or null when JAXB reads it. */
  @SuppressWarnings("unchecked")
  public static <T> FastReader<T> forType(Class<T> type) {
    if (type == Reginfo.class && !jaxbLooksInTheParentNamespace()) {
      return (FastReader<T>) (FastReader<Reginfo>) ReginfoReader::read;
    }
    return null;
  }

  /** A JAXB option that changes how child elements are matched: the fast readers do not copy it. */
  private static boolean jaxbLooksInTheParentNamespace() {
    try {
      return Boolean.parseBoolean(System.getProperty(BACKUP_WITH_PARENT_NAMESPACE));
    } catch (SecurityException e) {
      return true;
    }
  }

  /**
   * A fast reader met a shape it leaves to JAXB. Carries no stack trace: it is a signal, not an
   * error.
   */
  public static final class Fallback extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final Fallback INSTANCE = new Fallback();

    private Fallback() {
      super("read with JAXB", null, false, false);
    }
  }
}
