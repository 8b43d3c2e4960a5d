package org.sepapi.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.sepapi.core.spi.Body;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.dialoginfo.DialogInfo;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.rlmi.RlmiNotification;

/** The test documents of {@code src/test/resources}, read as the engine would get them. */
public final class TestDocuments {
  public static final XmlCodec<Reginfo> REGINFO = XmlCodec.of(Reginfo.class);
  public static final XmlCodec<DialogInfo> DIALOG_INFO = XmlCodec.of(DialogInfo.class);

  /** The Content-Type of the RFC 4662 section 5 example body. */
  public static final String SECTION_5_TYPE =
      "multipart/related;type=\"application/rlmi+xml\";"
          + "start=\"<nXYxAE@pres.vancouver.example.com>\";boundary=\"50UBfW7LSCVLtggUPe5z\"";

  /** The Content-Type of the reconstructed RFC 4662 section 6 partial body. */
  public static final String SECTION_6_PARTIAL_TYPE =
      "multipart/related;type=\"application/rlmi+xml\";\r\n"
          + "    start=\"<gH28ka@pres.vancouver.example.com>\";\r\n"
          + "    boundary=\"TfZxoxgAvLqgj4wRWPDL\"";

  /** The Content-Type of the reconstructed RFC 4662 section 6 final body. */
  public static final String SECTION_6_FINAL_TYPE =
      "multipart/related;type=\"application/rlmi+xml\";"
          + "start=\"<pR7sBq@pres.vancouver.example.com>\";boundary=\"UCTkkBqMoVwYmNxgKBLQ\"";

  private TestDocuments() {}

  /** The bytes of a test resource. */
  public static byte[] resource(String path) {
    try (InputStream in = TestDocuments.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A test resource as a NOTIFY body of that type. */
  public static Body body(String contentType, String path) {
    return Body.of(contentType, resource(path));
  }

  public static Reginfo reginfo(String path) {
    return REGINFO.decode(resource(path));
  }

  public static DialogInfo dialogInfo(String path) {
    return DIALOG_INFO.decode(resource(path));
  }

  /** An RLS NOTIFY body of {@code src/test/resources/rfc4662}, with CRLF line ends as sent. */
  public static RlmiNotification rls(String contentType, String path) {
    return RlmiNotification.parse(contentType, crlf(resource(path)));
  }

  /** The bytes with every line end made CRLF. */
  public static byte[] crlf(byte[] text) {
    String s = new String(text, StandardCharsets.UTF_8);
    return s.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
  }
}
