package org.sepapi.model.multipart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.model.rlmi.Rfc4662Examples.crlf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sepapi.model.ModelException;
import org.sepapi.model.rlmi.Rfc4662Examples;
import org.sepapi.model.rlmi.Rfc4662Examples.Example;

class MultipartRelatedTest {
  private static final String TYPE = "multipart/related;type=\"application/rlmi+xml\";boundary=b1";

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void readsTheSection5BodyPartByPart() {
    Example example = Rfc4662Examples.SECTION_5;
    MultipartRelated body = MultipartRelated.parse(example.contentType(), example.crlfBytes());
    assertEquals(Optional.of("application/rlmi+xml"), body.type());
    assertEquals(Optional.of("<nXYxAE@pres.vancouver.example.com>"), body.start());
    assertEquals("50UBfW7LSCVLtggUPe5z", body.boundary());
    assertEquals(3, body.parts().size());

    BodyPart root = body.root();
    assertSame(body.parts().get(0), root);
    assertEquals(Optional.of("nXYxAE@pres.vancouver.example.com"), root.contentId());
    assertEquals(Optional.of("application/rlmi+xml;charset=\"UTF-8\""), root.contentType());
    assertEquals(Optional.of("application/rlmi+xml"), root.mediaType());
    assertEquals(Optional.of("binary"), root.header("content-transfer-encoding"));
    assertEquals(
        List.of("Content-Transfer-Encoding", "Content-ID", "Content-Type"),
        root.headers().stream().map(BodyPart.Header::name).toList());
    // The content is exact: the RLMI document with its CRLFs, without the delimiter's CRLF.
    assertArrayEquals(crlf(org.sepapi.model.XmlAssert.resource(example.rlmi())), root.body());

    BodyPart dave = body.part("ZvSvkz@pres.vancouver.example.com").orElseThrow();
    assertSame(body.parts().get(2), dave);
    assertEquals(Optional.of("application/pidf+xml"), dave.mediaType());
    String pidf = text(dave.body());
    assertTrue(pidf.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<presence"), pidf);
    assertTrue(pidf.endsWith("</presence>\r\n"), pidf);
    assertFalse(pidf.endsWith("\r\n\r\n"), pidf);
  }

  @Test
  void readsBareLfLineEndsLikeCrlf() {
    for (Example example : Rfc4662Examples.BODIES) {
      MultipartRelated crlf = MultipartRelated.parse(example.contentType(), example.crlfBytes());
      MultipartRelated lf = MultipartRelated.parse(example.contentType(), example.lfBytes());
      assertEquals(crlf.parts().size(), lf.parts().size(), example.body());
      for (int i = 0; i < lf.parts().size(); i++) {
        assertEquals(crlf.parts().get(i).headers(), lf.parts().get(i).headers());
        assertArrayEquals(
            crlf.parts().get(i).body(), crlf(lf.parts().get(i).body()), example.body() + " " + i);
      }
    }
  }

  @Test
  void unfoldsFoldedHeaderLinesAndReadsANestedBody() {
    Example example = Rfc4662Examples.SECTION_6_PARTIAL;
    MultipartRelated body = MultipartRelated.parse(example.contentType(), example.crlfBytes());
    assertEquals(Optional.of("<gH28ka@pres.vancouver.example.com>"), body.start());
    BodyPart nestedPart = body.part("hM39pi@pres.vancouver.example.com").orElseThrow();
    assertEquals(
        Optional.of(
            "multipart/related;type=\"application/rlmi+xml\";"
                + "    start=\"<2BEI83@pres.stockholm.example.org>\";"
                + "    boundary=\"tuLLl3lDyPZX0GMr2YOo\""),
        nestedPart.contentType());
    MultipartRelated nested =
        MultipartRelated.parse(nestedPart.contentType().get(), nestedPart.body());
    assertEquals("tuLLl3lDyPZX0GMr2YOo", nested.boundary());
    assertEquals(3, nested.parts().size());
    assertEquals(Optional.of("2BEI83@pres.stockholm.example.org"), nested.root().contentId());
    assertTrue(nested.part("mrEakg@pres.stockholm.example.org").isPresent());
  }

  @Test
  void ignoresPreambleAndEpilogueAndToleratesTransportPadding() {
    byte[] body =
        crlf(
            "This is a preamble.\n--b1 \t\nContent-ID: <one@x>\n\nfirst\n"
                + "--b1\t\n\nsecond, no headers\n--b1-- \nthe epilogue\n--b1\nnot a part\n");
    MultipartRelated parsed = MultipartRelated.parse(TYPE, body);
    assertEquals(2, parsed.parts().size());
    assertEquals("first", text(parsed.parts().get(0).body()));
    assertEquals(List.of(), parsed.parts().get(1).headers());
    assertEquals("second, no headers", text(parsed.parts().get(1).body()));
    assertEquals(Optional.empty(), parsed.parts().get(1).contentType());
  }

  @Test
  void readsAClosingDelimiterAtTheVeryEndAndEmptyContent() {
    MultipartRelated parsed =
        MultipartRelated.parse(TYPE, bytes("--b1\r\nContent-ID: <e@x>\r\n\r\n\r\n--b1--"));
    assertEquals(0, parsed.parts().get(0).bodyLength());
  }

  @Test
  void takesALineThatOnlyStartsWithTheBoundaryAsContent() {
    byte[] body = crlf("--b1\n\n--b1x is content\n--b1--x too\n-- b1\n--b1--\n");
    MultipartRelated parsed = MultipartRelated.parse(TYPE, body);
    assertEquals(1, parsed.parts().size());
    assertEquals("--b1x is content\r\n--b1--x too\r\n-- b1", text(parsed.parts().get(0).body()));
  }

  @Test
  void readsParametersWhateverTheirCaseAndQuoting() {
    Example example = Rfc4662Examples.SECTION_5;
    MultipartRelated parsed =
        MultipartRelated.parse(
            " Multipart/Related ; Boundary=50UBfW7LSCVLtggUPe5z;TYPE=application/rlmi+xml ;"
                + " start=<nXYxAE@pres.vancouver.example.com>; x-note=\"a \\\"quoted\\\" ;\";",
            example.crlfBytes());
    assertEquals("50UBfW7LSCVLtggUPe5z", parsed.boundary());
    assertEquals(Optional.of("application/rlmi+xml"), parsed.type());
    assertEquals(Optional.of("a \"quoted\" ;"), parsed.parameter("X-Note"));
    assertEquals(3, parsed.parts().size());
    assertEquals(
        parsed.parts(), MultipartRelated.parse(example.contentType(), example.crlfBytes()).parts());
  }

  @Test
  void findsTheRootByStartAndFallsBackToTheFirstPart() {
    String body =
        "--b1\r\nContent-ID: <a@x>\r\n\r\nA\r\n--b1\r\nContent-ID:<b@x>\r\n\r\nB\r\n--b1--";
    assertEquals(
        "B", parse("multipart/related;boundary=b1;start=\"<b@x>\"", body).root().bodyAsString());
    assertEquals(
        "B", parse("multipart/related;boundary=b1;start=\" b@x \"", body).root().bodyAsString());
    assertEquals("A", parse("multipart/related;boundary=b1", body).root().bodyAsString());
    assertEquals(
        "A", parse("multipart/related;boundary=b1;start=<c@x>", body).root().bodyAsString());
  }

  private static MultipartRelated parse(String contentType, String body) {
    return MultipartRelated.parse(contentType, bytes(body));
  }

  @Test
  void findsAPartByCidInEveryFormRfc2392Allows() {
    MultipartRelated parsed =
        parse(TYPE, "--b1\r\nContent-ID: < 1a%b@x.example >\r\n\r\nA\r\n--b1--\r\n");
    BodyPart part = parsed.parts().get(0);
    assertEquals(Optional.of("1a%b@x.example"), part.contentId());
    assertEquals(Optional.of(part), parsed.part("1a%b@x.example"));
    assertEquals(Optional.of(part), parsed.part("<1a%b@x.example>"));
    assertEquals(Optional.of(part), parsed.part("cid:1a%25b%40x.example"));
    assertEquals(Optional.of(part), parsed.part("CID:1a%b@x.example"));
    assertEquals(Optional.empty(), parsed.part("1A%B@X.EXAMPLE"));
    assertEquals(Optional.empty(), parsed.part("cid:"));
    assertEquals(Optional.empty(), parsed.part("other@x.example"));
  }

  @Test
  void looksHeadersUpIgnoringCaseAndKeepsTheirOrder() {
    BodyPart part =
        parse(TYPE, "--b1\r\nX-A: 1\r\nx-a:2\r\nX-B:   spaced value\t \r\n\r\nA\r\n--b1--")
            .parts()
            .get(0);
    assertEquals(Optional.of("1"), part.header("x-A"));
    assertEquals(List.of("1", "2"), part.headerValues("X-a"));
    assertEquals(Optional.of("spaced value"), part.header("X-B"));
    assertEquals(Optional.empty(), part.header("X-C"));
    assertEquals("X-A", part.headers().get(0).name());
    assertEquals("x-a", part.headers().get(1).name());
  }

  @Test
  void refusesWhatIsNotAValidMultipartRelatedBody() {
    byte[] ok = bytes("--b1\r\n\r\nA\r\n--b1--\r\n");
    assertRefused(null, ok, "no Content-Type");
    assertRefused("multipart/mixed;boundary=b1", ok, "not multipart/related");
    assertRefused("application/rlmi+xml", ok, "not multipart/related");
    assertRefused("multipart/related;type=\"application/rlmi+xml\"", ok, "no boundary");
    assertRefused("multipart/related;boundary=\"\"", ok, "1 to 70");
    assertRefused("multipart/related;boundary=\"" + "b".repeat(71) + "\"", ok, "1 to 70");
    assertRefused("multipart/related;boundary=\"a b \"", ok, "end with a space");
    assertRefused("multipart/related;boundary=\"a{b\"", ok, "'{'");
    assertRefused("multipart/related;boundary=b1;boundary=b2", ok, "twice");
    assertRefused("multipart/related;boundary=\"b1", ok, "not closed");
    assertRefused("multipart/related;boundary", ok, "'='");
    assertRefused("multipart/related;boundary=", ok, "no value");
    assertRefused("multipart;boundary=b1", ok, "'/'");
    assertRefused("/related;boundary=b1", ok, "media type");
    assertRefused("multipart/related boundary=b1", ok, "';'");
    assertRefused(TYPE, null, "no body");
    assertRefused(TYPE, bytes(""), "no delimiter line --b1");
    assertRefused(TYPE, bytes("just text\r\n"), "no delimiter line --b1");
    assertRefused(TYPE, bytes("--b1--\r\n"), "no part");
    assertRefused(TYPE, bytes("--b1\r\n\r\nA\r\n"), "closing delimiter --b1-- is missing");
    assertRefused(TYPE, bytes("--b1\r\n\r\nA\r\n--b1\r\n\r\nB"), "missing after part 2");
    assertRefused(TYPE, bytes("--b1\r\nContent-ID: <a@x>\r\n--b1--"), "no empty line");
    assertRefused(TYPE, bytes("--b1\r\nno colon here\r\n\r\nA\r\n--b1--"), "without a colon");
    assertRefused(TYPE, bytes("--b1\r\n folded: first\r\n\r\nA\r\n--b1--"), "indented");
    assertRefused(TYPE, bytes("--b1\r\nBad Name: x\r\n\r\nA\r\n--b1--"), "header name");
    assertRefused(TYPE, bytes("--b1\r\nX: a\rb\r\n\r\nA\r\n--b1--"), "control character");
    byte[] latin1 = bytes("--b1\r\nX: \u00e9\r\n\r\nA\r\n--b1--");
    latin1[9] = (byte) 0xE9;
    latin1[10] = 'x';
    assertRefused(TYPE, latin1, "not UTF-8");
  }

  private static void assertRefused(String contentType, byte[] body, String mentioned) {
    ModelException e =
        assertThrows(ModelException.class, () -> MultipartRelated.parse(contentType, body));
    assertTrue(e.getMessage().contains(mentioned), e.getMessage());
  }

  @Test
  void refusesABodyPastItsLimits() {
    MultipartLimits limits = new MultipartLimits(200, 2, 40);
    String type = "multipart/related;boundary=b1";
    String three = "--b1\r\n\r\nA\r\n--b1\r\n\r\nB\r\n--b1\r\n\r\nC\r\n--b1--";
    assertEquals(
        3, MultipartRelated.parse(type, bytes(three), limits.withMaxParts(3)).parts().size());
    assertLimit(type, three, limits, "more body parts than the limit of 2");
    assertLimit(
        type,
        "--b1\r\nX-Long: " + "x".repeat(40) + "\r\n\r\nA\r\n--b1--",
        limits,
        "header section longer than the limit of 40 bytes");
    assertLimit(
        type,
        "--b1\r\n\r\n" + "x".repeat(200) + "\r\n--b1--",
        limits,
        "larger than the limit of 200 bytes");
    assertLimit(
        "multipart/related;boundary=b1;x=\"" + "y".repeat(40) + "\"",
        "--b1\r\n\r\nA\r\n--b1--",
        limits,
        "Content-Type longer than the limit of 40");
    assertThrows(IllegalArgumentException.class, () -> new MultipartLimits(0, 1, 1));
  }

  private static void assertLimit(
      String contentType, String body, MultipartLimits limits, String mentioned) {
    ModelException e =
        assertThrows(
            ModelException.class, () -> MultipartRelated.parse(contentType, bytes(body), limits));
    assertTrue(e.getMessage().contains(mentioned), e.getMessage());
  }

  @Test
  void writesABodyThatReadsBackEqual() {
    MultipartRelated body =
        MultipartRelated.builder()
            .type("application/rlmi+xml")
            .start("root@x")
            .boundary("fixed-boundary")
            .addPart(
                BodyPart.builder()
                    .contentId("root@x")
                    .contentType("application/rlmi+xml;charset=\"UTF-8\"")
                    .body("<list/>")
                    .build())
            .addPart(
                BodyPart.builder()
                    .header("Content-Transfer-Encoding", "binary")
                    .contentId("<p1@x>")
                    .contentType("application/pidf+xml")
                    .body(new byte[] {0, '\r', '\n', '-', '-', (byte) 0xFF, '\n'})
                    .build())
            .build();
    assertEquals(
        "multipart/related;type=\"application/rlmi+xml\";start=\"<root@x>\";"
            + "boundary=\"fixed-boundary\"",
        body.contentType());
    assertEquals(
        "--fixed-boundary\r\nContent-ID: <root@x>\r\n"
            + "Content-Type: application/rlmi+xml;charset=\"UTF-8\"\r\n\r\n<list/>\r\n"
            + "--fixed-boundary\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <p1@x>\r\n"
            + "Content-Type: application/pidf+xml\r\n\r\n\u0000\r\n--\uFFFD\n\r\n"
            + "--fixed-boundary--\r\n",
        text(body.encode()));
    MultipartRelated read = MultipartRelated.parse(body.contentType(), body.encode());
    assertEquals(body, read);
    assertEquals(body.hashCode(), read.hashCode());
    assertEquals(body, body.toBuilder().build());
  }

  @Test
  void picksAnotherBoundaryWhenThePreferredOneOccursInAPart() {
    BodyPart tricky =
        BodyPart.of("text/plain", bytes("line\r\n--fixed-boundary\r\nmore --fixed-boundary--"));
    MultipartRelated body =
        MultipartRelated.builder().boundary("fixed-boundary").addPart(tricky).build();
    assertNotEquals("fixed-boundary", body.boundary());
    assertFalse(new String(tricky.body(), StandardCharsets.UTF_8).contains(body.boundary()));
    assertEquals(body, MultipartRelated.parse(body.contentType(), body.encode()));
    assertEquals(
        List.of(tricky), MultipartRelated.parse(body.contentType(), body.encode()).parts());
  }

  @Test
  void buildersRefuseWhatCouldNotBeWritten() {
    assertThrows(IllegalArgumentException.class, () -> MultipartRelated.builder().build());
    BodyPart part = BodyPart.builder().contentId("a@x").body("A").build();
    assertThrows(
        IllegalArgumentException.class,
        () -> MultipartRelated.builder().start("b@x").addPart(part).build());
    assertThrows(IllegalArgumentException.class, () -> MultipartRelated.builder().boundary("a{"));
    assertThrows(
        IllegalArgumentException.class, () -> MultipartRelated.builder().type("a\r\nX: y"));
    assertThrows(
        IllegalArgumentException.class,
        () -> MultipartRelated.builder().parameter("boundary", "x"));
    assertThrows(
        IllegalArgumentException.class, () -> BodyPart.builder().header("X", "a\r\nInjected: y"));
    assertThrows(IllegalArgumentException.class, () -> BodyPart.builder().header("A B", "x"));
    assertThrows(IllegalArgumentException.class, () -> BodyPart.builder().header("X", "\ud800"));
    assertThrows(IllegalArgumentException.class, () -> BodyPart.builder().contentId("<>"));
  }

  @Test
  void setHeaderReplacesAndBodyIsCopied() {
    byte[] content = bytes("abc");
    BodyPart part =
        BodyPart.builder()
            .header("X", "1")
            .header("Y", "2")
            .header("x", "3")
            .setHeader("X", "4")
            .body(content)
            .build();
    content[0] = 'z';
    assertEquals(
        List.of(new BodyPart.Header("X", "4"), new BodyPart.Header("Y", "2")), part.headers());
    assertEquals("abc", part.bodyAsString());
    part.body()[0] = 'z';
    assertEquals("abc", part.bodyAsString());
    assertEquals(part, part.toBuilder().build());
  }
}
