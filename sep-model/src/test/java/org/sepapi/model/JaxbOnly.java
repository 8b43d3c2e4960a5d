package org.sepapi.model;

/** The codecs' JAXB path alone, for the tests that hold a hand-written reader to it. */
public final class JaxbOnly {
  private JaxbOnly() {}

  /** Reads a document with the codec's JAXB binding, never its fast reader. */
  public static <T> T decode(XmlCodec<T> codec, byte[] document) {
    return codec.decodeWithJaxb(document);
  }
}
