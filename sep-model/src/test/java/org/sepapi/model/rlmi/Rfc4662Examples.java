package org.sepapi.model.rlmi;

import static org.sepapi.model.XmlAssert.resource;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The RFC 4662 example bodies of {@code src/test/resources/rfc4662}, with the Content-Type each is
 * sent with. The files have LF line ends (see the README there); {@link #crlf} gives the CRLF form
 * a multipart body has on the wire.
 */
public final class Rfc4662Examples {
  /** An example body: its resource, the Content-Type header value, and its RLMI root's resource. */
  public record Example(String body, String contentType, String rlmi) {
    /** The body as sent: CRLF line ends. */
    public byte[] crlfBytes() {
      return crlf(resource(body));
    }

    /** The body as stored: bare LF line ends. */
    public byte[] lfBytes() {
      return resource(body);
    }
  }

  public static final Example SECTION_5 =
      new Example(
          "/rfc4662/section-5-notify.txt",
          "multipart/related;type=\"application/rlmi+xml\";"
              + "start=\"<nXYxAE@pres.vancouver.example.com>\";boundary=\"50UBfW7LSCVLtggUPe5z\"",
          "/rfc4662/section-5-rlmi.xml");

  public static final Example SECTION_6_PARTIAL =
      new Example(
          "/rfc4662/section-6-reconstructed-partial-notify.txt",
          "multipart/related;type=\"application/rlmi+xml\";\r\n"
              + "    start=\"<gH28ka@pres.vancouver.example.com>\";\r\n"
              + "    boundary=\"TfZxoxgAvLqgj4wRWPDL\"",
          "/rfc4662/section-6-reconstructed-partial-rlmi.xml");

  public static final Example SECTION_6_FINAL =
      new Example(
          "/rfc4662/section-6-reconstructed-final-notify.txt",
          "multipart/related;type=\"application/rlmi+xml\";"
              + "start=\"<pR7sBq@pres.vancouver.example.com>\";boundary=\"UCTkkBqMoVwYmNxgKBLQ\"",
          "/rfc4662/section-6-reconstructed-final-rlmi.xml");

  /** Every example body. */
  public static final List<Example> BODIES = List.of(SECTION_5, SECTION_6_PARTIAL, SECTION_6_FINAL);

  /** Every RLMI document on its own. */
  public static final List<String> RLMI_DOCUMENTS =
      List.of(
          "/rfc4662/section-5-rlmi.xml",
          "/rfc4662/section-6-reconstructed-partial-rlmi.xml",
          "/rfc4662/section-6-reconstructed-nested-rlmi.xml",
          "/rfc4662/section-6-reconstructed-final-rlmi.xml");

  private Rfc4662Examples() {}

  /** The bytes with every line end made CRLF (whatever they were: LF or CRLF). */
  public static byte[] crlf(byte[] text) {
    String s = new String(text, StandardCharsets.UTF_8);
    return s.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** A text with CRLF line ends, as bytes. */
  public static byte[] crlf(String text) {
    return crlf(text.getBytes(StandardCharsets.UTF_8));
  }
}
