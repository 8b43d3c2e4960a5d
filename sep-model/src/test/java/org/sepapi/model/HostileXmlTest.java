package org.sepapi.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sepapi.model.reginfo.Reginfo;

/**
 * Documents built to hurt a reader: each is refused with a {@link ModelException} that says why, at
 * once, and without reading anything outside the document. The timeouts are guards against a hang,
 * not speed targets.
 */
class HostileXmlTest {
  private static final Duration GUARD = Duration.ofSeconds(10);
  private static final String NS = "urn:ietf:params:xml:ns:reginfo";

  private final XmlCodec<Reginfo> codec = XmlCodec.of(Reginfo.class);

  private ModelException refused(String document) {
    return assertTimeoutPreemptively(
        GUARD, () -> assertThrows(ModelException.class, () -> codec.decode(document)));
  }

  private ModelException refused(byte[] document) {
    return assertTimeoutPreemptively(
        GUARD, () -> assertThrows(ModelException.class, () -> codec.decode(document)));
  }

  @Test
  void billionLaughsIsRefusedBeforeAnyExpansion() {
    StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE reginfo [\n");
    doc.append(" <!ENTITY lol0 \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
      doc.append(" <!ENTITY lol").append(i).append(" \"");
      doc.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
    }
    doc.append("]>\n<reginfo xmlns='").append(NS).append("' version='0' state='full'>");
    doc.append("<registration aor='&lol9;' id='a' state='active'/></reginfo>");
    ModelException e = refused(doc.toString());
    assertTrue(
        e.getMessage().contains("document type declarations are not allowed"), e::getMessage);
    // Refused where the declaration starts, before the parser reads its internal subset.
    assertEquals(2, e.line());
    assertEquals(1, e.column());
  }

  @Test
  void externalEntityIsRefusedAndNothingOfTheFileLeaks(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-42");
    String doc =
        "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY xxe SYSTEM '"
            + secret.toUri()
            + "'>]><reginfo xmlns='"
            + NS
            + "' version='0' state='full'><registration aor='sip:a@b' id='&xxe;'"
            + " state='active'/></reginfo>";
    ModelException e = refused(doc);
    assertFalse(e.getMessage().contains("TOP-SECRET"), e::getMessage);
    assertTrue(
        e.getMessage().contains("document type declarations are not allowed"), e::getMessage);
  }

  @Test
  void externalDtdAndParameterEntitiesAreRefused(@TempDir Path dir) throws Exception {
    Path dtd = dir.resolve("evil.dtd");
    Files.writeString(dtd, "<!ENTITY % p SYSTEM 'file:///etc/hostname'>");
    refused("<!DOCTYPE reginfo SYSTEM '" + dtd.toUri() + "'><reginfo/>");
    refused("<!DOCTYPE r [<!ENTITY % p SYSTEM '" + dtd.toUri() + "'> %p;]><reginfo/>");
  }

  @Test
  void aTruncatedDoctypeIsRefusedWithoutTheParserPrintingAnything() {
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      ModelException e = refused("<!DOCTYPE r [");
      assertTrue(e.getMessage().contains("document type declarations"), e::getMessage);
      refused("<?xml version='1.0'?><!-- a comment --> <!DOCTYPE r SYSTEM 'x'><r/>");
    } finally {
      System.setErr(err);
    }
    assertEquals("", printed.toString(StandardCharsets.UTF_8));
  }

  @Test
  void undeclaredEntityReferenceIsRefused() {
    ModelException e =
        refused(
            "<reginfo xmlns='"
                + NS
                + "' version='0' state='full'><registration aor='&nbsp;' id='a'"
                + " state='active'/></reginfo>");
    assertTrue(e.line() >= 1, e::getMessage);
  }

  @Test
  void xincludeIsNeverFollowedOnlyKeptAsAnUnknownElement(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("included.xml");
    Files.writeString(secret, "<leak>TOP-SECRET-43</leak>");
    String doc =
        "<reginfo xmlns='"
            + NS
            + "' xmlns:xi='http://www.w3.org/2001/XInclude' version='0' state='full'>"
            + "<xi:include href='"
            + secret.toUri()
            + "'/></reginfo>";
    Reginfo reginfo = codec.decode(doc);
    assertEquals(1, reginfo.extensions().size());
    assertFalse(codec.encodeToString(reginfo).contains("TOP-SECRET"));
  }

  @Test
  void deepNestingIsRefused() {
    String doc =
        "<reginfo xmlns='"
            + NS
            + "' version='0' state='full'>"
            + "<x>".repeat(10_000)
            + "</x>".repeat(10_000)
            + "</reginfo>";
    ModelException e = refused(doc);
    assertTrue(e.getMessage().contains("nested deeper than the limit of 64"), e::getMessage);
  }

  @Test
  void tooManyElementsAreRefused() {
    XmlCodec<Reginfo> small = codec.withLimits(XmlLimits.DEFAULT.withMaxElements(1000));
    String doc =
        "<reginfo xmlns='"
            + NS
            + "' version='0' state='full'>"
            + "<x/>".repeat(1000)
            + "</reginfo>";
    ModelException e =
        assertThrows(
            ModelException.class, () -> small.decode(doc.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("more elements than the limit of 1000"), e::getMessage);
  }

  @Test
  void oversizedDocumentIsRefusedBeforeParsing() {
    byte[] huge = new byte[XmlLimits.DEFAULT.maxBytes() + 1];
    ModelException e = refused(huge);
    assertTrue(e.getMessage().contains("larger than the limit"), e::getMessage);
  }

  @Test
  void oversizedStreamIsRefusedWithoutReadingItAll() {
    // A stream that never ends: only limit + 1 bytes may be read from it.
    java.io.InputStream endless =
        new java.io.InputStream() {
          long served;

          @Override
          public int read() {
            served++;
            return ' ';
          }
        };
    assertThrows(ModelException.class, () -> codec.decode(endless));
  }

  @Test
  void longTextAndAttributeValuesAreRefused() {
    String longText = "a".repeat(XmlLimits.DEFAULT.maxTextLength() + 1);
    ModelException text =
        refused(
            "<reginfo xmlns='"
                + NS
                + "' version='0' state='full'><x>"
                + longText
                + "</x></reginfo>");
    assertTrue(text.getMessage().contains("text longer"), text::getMessage);
    ModelException attribute =
        refused("<reginfo xmlns='" + NS + "' version='0' state='full' a='" + longText + "'/>");
    assertTrue(attribute.getMessage().contains("attribute value longer"), attribute::getMessage);
  }

  @Test
  void tooManyAttributesAreRefused() {
    StringBuilder attributes = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      attributes.append(" a").append(i).append("='x'");
    }
    ModelException e =
        refused("<reginfo xmlns='" + NS + "' version='0' state='full'" + attributes + "/>");
    assertTrue(e.getMessage().contains("more attributes"), e::getMessage);
  }

  @Test
  void malformedXmlSaysWhere() {
    ModelException e =
        refused(
            "<reginfo xmlns='" + NS + "' version='0' state='full'>\n  <registration>\n</reginfo>");
    assertEquals(3, e.line());
    assertTrue(e.column() > 0);
    assertFalse(e.getMessage().contains("ParseError"), e::getMessage);
  }

  @Test
  void invalidBytesAreRefusedWithTheirOffset() {
    byte[] doc = "<reginfo xmlns='urn:x'>\u00e9</reginfo>".getBytes(StandardCharsets.ISO_8859_1);
    ModelException e = refused(doc);
    assertTrue(e.getMessage().contains("not valid UTF-8 at byte offset 23"), e::getMessage);
  }

  @Test
  void declaredAndBomEncodingsAreHonoured() throws Exception {
    String doc =
        "<reginfo xmlns='"
            + NS
            + "' version='0' state='full'><registration aor='sip:j\u00f6rg@example.com' id='a'"
            + " state='active'/></reginfo>";
    byte[] latin1 =
        ("<?xml version='1.0' encoding='ISO-8859-1'?>" + doc).getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("sip:j\u00f6rg@example.com", codec.decode(latin1).registrations().get(0).aor());
    byte[] utf16 = ("\ufeff" + doc).getBytes(StandardCharsets.UTF_16BE);
    assertEquals(
        "sip:j\u00f6rg@example.com",
        codec.decode(new ByteArrayInputStream(utf16)).registrations().get(0).aor());
    ModelException unknown =
        refused(
            "<?xml version='1.0' encoding='x-no-such'?><reginfo/>"
                .getBytes(StandardCharsets.US_ASCII));
    assertTrue(
        unknown.getMessage().contains("unsupported encoding x-no-such"), unknown::getMessage);
  }

  @Test
  void aCodecKeepsServingAfterRefusals() {
    refused("<!DOCTYPE x []><reginfo/>");
    refused("not xml at all");
    Reginfo ok = codec.decode("<reginfo xmlns='" + NS + "' version='7' state='partial'/>");
    assertEquals(7, ok.version());
  }
}
