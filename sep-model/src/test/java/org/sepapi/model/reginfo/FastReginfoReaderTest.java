package org.sepapi.model.reginfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.sepapi.model.ModelTheories.mutations;
import static org.sepapi.model.ModelTheories.randomBytes;
import static org.sepapi.model.XmlAssert.resource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;
import org.quicktheories.core.Gen;
import org.sepapi.model.AnyElement;
import org.sepapi.model.AnyNode;
import org.sepapi.model.AnyText;
import org.sepapi.model.JaxbOnly;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.XmlLimits;
import org.sepapi.model.internal.FastReaders;
import org.sepapi.model.internal.HardenedXmlReader;

/**
 * The hand-written reginfo reader against the JAXB binding it replaces on the decode path: the same
 * value for every document either reads, the same verdict (read, or refused with a {@link
 * ModelException}) for every document at all.
 */
class FastReginfoReaderTest {
  private static final String NS = Reginfo.NAMESPACE;
  private static final String OPEN =
      "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='1' state='full'>";
  private static final String REGISTRATION =
      "<registration aor='sip:a@b.c' id='r1' state='active'>";
  private static final String CONTACT = "<contact id='c1' state='active' event='registered'>";
  private static final String CLOSE = "</registration></reginfo>";

  private final XmlCodec<Reginfo> codec = XmlCodec.of(Reginfo.class);
  private final FastReaders.FastReader<Reginfo> fast = FastReaders.forType(Reginfo.class);

  /** The fast reader alone: its value, or the fallback it signals. */
  private Reginfo readFast(byte[] document) {
    XMLStreamReader reader = HardenedXmlReader.open(document, XmlLimits.DEFAULT);
    try {
      return fast.read(reader);
    } catch (XMLStreamException e) {
      throw new AssertionFailedError("the parser refused a document", e);
    } finally {
      try {
        reader.close();
      } catch (XMLStreamException ignored) {
        // in memory
      }
    }
  }

  /** Both paths read the document to equal values, or both refuse it with a ModelException. */
  private void assertSameVerdict(byte[] document) {
    Object viaCodec = verdict(() -> codec.decode(document), document);
    Object viaJaxb = verdict(() -> JaxbOnly.decode(codec, document), document);
    if (viaCodec instanceof ModelException || viaJaxb instanceof ModelException) {
      if (!(viaCodec instanceof ModelException && viaJaxb instanceof ModelException)) {
        fail(
            "one path refused, one read: codec " + viaCodec + ", JAXB " + viaJaxb + show(document));
      }
      return;
    }
    assertEquals(viaJaxb, viaCodec, show(document));
  }

  private static Object verdict(java.util.function.Supplier<Reginfo> decode, byte[] document) {
    try {
      return decode.get();
    } catch (ModelException refused) {
      return refused;
    } catch (RuntimeException | Error e) {
      AssertionFailedError failure =
          new AssertionFailedError("threw " + e + " instead of ModelException" + show(document));
      failure.initCause(e);
      throw failure;
    }
  }

  private static String show(byte[] document) {
    return " for: " + new String(document, StandardCharsets.UTF_8);
  }

  /** The fast reader reads the document itself (no fallback) to what JAXB reads. */
  private void assertReadFastAsJaxbReads(byte[] document) {
    Reginfo expected = JaxbOnly.decode(codec, document);
    Reginfo actual;
    try {
      actual = readFast(document);
    } catch (FastReaders.Fallback f) {
      throw new AssertionFailedError("the fast reader fell back" + show(document));
    }
    assertEquals(expected, actual, show(document));
    assertEquals(expected, codec.decode(document));
    assertEquals(expected.hashCode(), actual.hashCode());
  }

  @Test
  void generatedDocumentsInRandomSpellingsAreReadFastToWhatJaxbReads() {
    Gen<Integer> seeds = integers().all();
    qt().withExamples(500)
        .forAll(ReginfoTheoriesTest.reginfos(), seeds)
        .checkAssert(
            (reginfo, seed) -> {
              byte[] written = respell(codec.encode(reginfo), new Random(seed));
              assertReadFastAsJaxbReads(written);
              assertEquals(reginfo, codec.decode(written), show(written));
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/rfc3680/example.xml",
        "/rfc3680/call-flow-notify-1.xml",
        "/rfc3680/call-flow-notify-2.xml",
        "/interop/registrar-extras.xml",
        "/fixtures/reginfo-every-part.xml"
      })
  void everyReginfoResourceIsReadFastToWhatJaxbReads(String name) {
    assertReadFastAsJaxbReads(resource(name));
    Random random = new Random(name.hashCode());
    for (int i = 0; i < 20; i++) {
      assertReadFastAsJaxbReads(respell(resource(name), random));
    }
  }

  @Test
  void mutatedDocumentsGetTheSameVerdictFromBothReaders() {
    List<byte[]> seeds =
        List.of(
            resource("/rfc3680/example.xml"),
            resource("/rfc3680/call-flow-notify-1.xml"),
            resource("/fixtures/reginfo-every-part.xml"),
            resource("/interop/registrar-extras.xml"),
            (OPEN
                    + REGISTRATION
                    + CONTACT
                    + "<uri> sip:x@y </uri>"
                    + "<display-name xml:lang='en'>X</display-name>"
                    + "<unknown-param name='p'>v</unknown-param></contact>"
                    + CLOSE)
                .getBytes(StandardCharsets.UTF_8));
    qt().withExamples(4000).forAll(mutations(seeds)).checkAssert(this::assertSameVerdict);
  }

  /**
   * A falsification of the property above, kept: an extension element named {@code :pub-gruu}
   * (empty prefix). The JDK parser reports the local name {@code :pub-gruu}; JAXB's DOM refuses it,
   * and the fast reader read it. It now leaves such names to JAXB, and both refuse.
   */
  @Test
  void anExtensionWithAnEmptyPrefixIsRefusedByBothReaders() {
    String document =
        new String(resource("/interop/registrar-extras.xml"), StandardCharsets.UTF_8)
            .replace("<gr:pub-gruu", "<:pub-gruu");
    org.junit.jupiter.api.Assertions.assertTrue(document.contains("<:pub-gruu"));
    assertSameVerdict(document.getBytes(StandardCharsets.UTF_8));
    for (String bad :
        List.of(
            CONTACT + "<uri>sip:x@y</uri><:x/></contact>",
            CONTACT + "<uri>sip:x@y</uri><e xmlns='urn:x'><:y/></e></contact>",
            CONTACT + "<uri>sip:x@y</uri><e xmlns='urn:x' :a='1'/></contact>")) {
      assertSameVerdict((OPEN + REGISTRATION + bad + CLOSE).getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void mutatedGeneratedDocumentsGetTheSameVerdictFromBothReaders() {
    Gen<Integer> seed = integers().all();
    Gen<byte[]> documents =
        ReginfoTheoriesTest.reginfos()
            .zip(seed, (reginfo, s) -> respell(codec.encode(reginfo), new Random(s)));
    qt().withExamples(300)
        .forAll(documents.flatMap(document -> mutations(List.of(document))))
        .checkAssert(this::assertSameVerdict);
  }

  @Test
  void randomBytesGetTheSameVerdictFromBothReaders() {
    qt().withExamples(500).forAll(randomBytes(200)).checkAssert(this::assertSameVerdict);
  }

  /** Shapes read fast, each as JAXB reads it. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        OPEN + "</reginfo>",
        "<?xml version='1.0'?><!-- c --><?pi x?>\n" + OPEN + "</reginfo>\n<!-- after -->",
        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version=' +7 ' state=' partial\t'/>",
        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='&#9;8&#10;' state='full'/>",
        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='9223372036854775807'"
            + " state='full'/>",
        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='\u0661\u0662' state='full'/>",
        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='007' state='\u2003full'/>",
        OPEN
            + "text directly in reginfo<![CDATA[ and more ]]>"
            + REGISTRATION
            + "x"
            + CONTACT
            + "y<uri>sip:x</uri>z</contact>w"
            + CLOSE,
        OPEN + REGISTRATION + CONTACT + "<uri/></contact>" + CLOSE,
        OPEN + REGISTRATION + CONTACT + "<uri></uri></contact>" + CLOSE,
        OPEN + REGISTRATION + CONTACT + "<uri>\n  sip:x@y \t</uri></contact>" + CLOSE,
        OPEN
            + REGISTRATION
            + CONTACT
            + "<uri>sip:<!-- c -->x<?pi?>@<![CDATA[y<>]]>&amp;</uri>"
            + "</contact>"
            + CLOSE,
        OPEN
            + REGISTRATION
            + CONTACT
            + "<uri>sip:x</uri><display-name/>"
            + "<unknown-param name=''/><unknown-param name='a'>  </unknown-param></contact>"
            + CLOSE,
        OPEN
            + REGISTRATION
            + CONTACT
            + "<uri>sip:x</uri><display-name xml:lang=''> a </display-name>"
            + "</contact>"
            + CLOSE,
        OPEN
            + REGISTRATION
            + "<contact id='' state='terminated' event='rejected' expires='0'"
            + " retry-after='+1' cseq='\n5' q='' callid='' duration-registered='1 '>"
            + "<uri>sip:x</uri></contact>"
            + CLOSE,
        "<r:reginfo xmlns:r='urn:ietf:params:xml:ns:reginfo' version='1' state='full'"
            + " r:version='x' xml:lang='en' a='b' xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'"
            + " xsi:schemaLocation='urn:x x.xsd' xsi:noNamespaceSchemaLocation='y.xsd'>"
            + "<r:registration aor='sip:a@b' id='r' state='init' xsi:schemaLocation='urn:y'>"
            + "<r:contact id='c' state='active' event='created' r:event='x' other='o'>"
            + "<r:uri>sip:x</r:uri><r:registration/><contact/><r:reginfo/><uri xmlns=''>u</uri>"
            + "</r:contact><r:uri>not here</r:uri><r:extra a='1'> t <x/> u </r:extra>"
            + "</r:registration><r:contact/><registration xmlns='urn:other'/></r:reginfo>",
        OPEN
            + "<e xmlns='urn:e' xmlns:p='urn:p' p:a='1' b='2'>  <f/>  <g>  </g> <!-- c -->"
            + " <h>a<!-- c --> b<i/>c  </h><j><![CDATA[]]></j><k></k></e></reginfo>",
      })
  void shapesReadFast(String document) {
    assertReadFastAsJaxbReads(document.getBytes(StandardCharsets.UTF_8));
  }

  /** Shapes left to JAXB, read or refused as JAXB reads or refuses them. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "<dialog-info xmlns='urn:ietf:params:xml:ns:dialog-info'/>",
        "<reginfo version='1' state='full'/>",
        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' state='full'/>",
        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='-1' state='full'/>",
        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='++1' state='full'/>",
        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='1.0' state='full'/>",
        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='' state='full'/>",
        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='9223372036854775808'"
            + " state='full'/>",
        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='1' state='Full'/>",
        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='1'/>",
        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' xmlns:xsi="
            + "'http://www.w3.org/2001/XMLSchema-instance' version='1' state='full' xsi:nil='true'/>",
        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' xmlns:xsi="
            + "'http://www.w3.org/2001/XMLSchema-instance' version='1' state='full' xsi:type='x'/>",
        OPEN + "<registration id='r' state='active'/></reginfo>",
        OPEN + "<registration aor='a' state='active'/></reginfo>",
        OPEN + "<registration aor='a' id='r'/></reginfo>",
        OPEN + "<registration aor='a' id='r' state='sleeping'/></reginfo>",
        OPEN + REGISTRATION + "<contact id='c' state='active' event='registered'/>" + CLOSE,
        OPEN
            + REGISTRATION
            + "<contact state='active' event='registered'><uri>u</uri></contact>"
            + CLOSE,
        OPEN + REGISTRATION + "<contact id='c' event='registered'><uri>u</uri></contact>" + CLOSE,
        OPEN + REGISTRATION + "<contact id='c' state='active'><uri>u</uri></contact>" + CLOSE,
        OPEN
            + REGISTRATION
            + "<contact id='c' state='active' event='x'><uri>u</uri></contact>"
            + CLOSE,
        OPEN + REGISTRATION + CONTACT + "<uri>u</uri><uri>v</uri></contact>" + CLOSE,
        OPEN + REGISTRATION + CONTACT + "<uri a='1'>u</uri></contact>" + CLOSE,
        OPEN + REGISTRATION + CONTACT + "<uri>u<b/></uri></contact>" + CLOSE,
        OPEN
            + REGISTRATION
            + CONTACT
            + "<uri>u</uri><display-name>a</display-name>"
            + "<display-name>b</display-name></contact>"
            + CLOSE,
        OPEN
            + REGISTRATION
            + CONTACT
            + "<uri>u</uri><display-name a='1'>a</display-name>"
            + "</contact>"
            + CLOSE,
        OPEN
            + REGISTRATION
            + CONTACT
            + "<uri>u</uri><display-name>a<b/></display-name>"
            + "</contact>"
            + CLOSE,
        OPEN
            + REGISTRATION
            + CONTACT
            + "<uri>u</uri><unknown-param>v</unknown-param>"
            + "</contact>"
            + CLOSE,
        OPEN
            + REGISTRATION
            + CONTACT
            + "<uri>u</uri><unknown-param name='n' x='y'>v"
            + "</unknown-param></contact>"
            + CLOSE,
        OPEN
            + REGISTRATION
            + "<contact id='c' state='active' event='registered' expires='-1'>"
            + "<uri>u</uri></contact>"
            + CLOSE,
        OPEN
            + REGISTRATION
            + "<contact id='c' state='active' event='registered' cseq='x'>"
            + "<uri>u</uri></contact>"
            + CLOSE,
        "<?xml version='1.1'?>"
            + OPEN
            + REGISTRATION
            + "<contact id='c' state='active' event='registered' callid='&#1;'>"
            + "<uri>u</uri></contact>"
            + CLOSE,
        "<?xml version='1.1'?>" + OPEN + "<e xmlns='urn:e' a='&#1;'/></reginfo>",
      })
  void shapesLeftToJaxbGetJaxbsVerdict(String document) {
    byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
    assertThrows(FastReaders.Fallback.class, () -> readFast(bytes));
    assertSameVerdict(bytes);
  }

  @Test
  void aRefusalLeftToJaxbIsJaxbsOwnMessageAndPlace() {
    String document =
        "<reginfo xmlns='urn:ietf:params:xml:ns:reginfo' version='1' state='full'>\n"
            + "  <registration id='a' state='active'/>\n"
            + "</reginfo>";
    ModelException viaCodec = assertThrows(ModelException.class, () -> codec.decode(document));
    ModelException viaJaxb =
        assertThrows(
            ModelException.class,
            () -> JaxbOnly.decode(codec, document.getBytes(StandardCharsets.UTF_8)));
    assertEquals(viaJaxb.getMessage(), viaCodec.getMessage());
    assertEquals(2, viaCodec.line());
  }

  @Test
  void theHardenedReadersRefusalsStandOnTheFastPath() {
    XmlCodec<Reginfo> strict = XmlCodec.of(Reginfo.class, XmlLimits.DEFAULT.withMaxDepth(3));
    String deep = OPEN + REGISTRATION + CONTACT + "<uri>u</uri></contact>" + CLOSE;
    ModelException e = assertThrows(ModelException.class, () -> strict.decode(deep));
    assertTrue(e.getMessage().contains("deeper"), e.getMessage());
    assertTrue(e.line() > 0, e.getMessage());
    for (String hostile :
        List.of(
            "<!DOCTYPE r [<!ENTITY e 'x'>]>" + OPEN + "</reginfo>",
            OPEN.replace("version='1'", "version='&e;'") + "</reginfo>",
            OPEN + "<registration></reginfo>")) {
      ModelException refused = assertThrows(ModelException.class, () -> codec.decode(hostile));
      assertNotNull(refused.getMessage());
      assertSameVerdict(hostile.getBytes(StandardCharsets.UTF_8));
    }
    // JAXB reads one event past the root's end tag, and the parser lets this one pass: the same
    // verdict on both paths, whatever it is.
    assertSameVerdict((OPEN + "</reginfo><x/>").getBytes(StandardCharsets.UTF_8));
    assertEquals(1, codec.decode(OPEN + "</reginfo>").version(), "the next document reads");
  }

  // --- respelling: the same document in other prefixes, formatting, comments and CDATA ---

  /** The document with other namespace prefixes, whitespace, comments and CDATA, same content. */
  static byte[] respell(byte[] document, Random random) {
    AnyElement root = AnyElement.parse(document);
    StringBuilder out = new StringBuilder();
    if (random.nextBoolean()) {
      out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    }
    maybeFormat(random, out);
    write(root, new HashMap<>(Map.of("", "")), random, out);
    maybeFormat(random, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void maybeFormat(Random random, StringBuilder out) {
    switch (random.nextInt(6)) {
      case 0 -> out.append("\n  ");
      case 1 -> out.append("\t");
      case 2 -> out.append("<!-- c -->");
      case 3 -> out.append("\r\n<?pi data?>  ");
      default -> {}
    }
  }

  /** Writes an element; scope maps prefixes ("" the default) to namespaces. */
  private static void write(
      AnyElement element, Map<String, String> inScope, Random random, StringBuilder out) {
    Map<String, String> scope = new HashMap<>(inScope);
    StringBuilder declarations = new StringBuilder();
    String namespace = element.name().getNamespaceURI();
    String prefix;
    if (namespace.isEmpty()) {
      prefix = "";
      if (!scope.get("").isEmpty()) {
        declare(scope, "", "", declarations);
      }
    } else {
      int choice = random.nextInt(4);
      prefix = choice == 0 ? "" : choice == 1 ? "r" : choice == 2 ? "ns" + random.nextInt(3) : "e";
      if (!namespace.equals(scope.get(prefix))) {
        declare(scope, prefix, namespace, declarations);
      }
    }
    String name = prefix.isEmpty() ? element.name().getLocalPart() : prefix + ":" + local(element);
    out.append('<').append(name).append(declarations);
    for (Map.Entry<QName, String> attribute : element.attributes().entrySet()) {
      QName attributeName = attribute.getKey();
      String attributeNamespace = attributeName.getNamespaceURI();
      if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attributeNamespace)) {
        continue; // a declaration, as the parser reports them for XML 1.1
      }
      out.append(random.nextBoolean() ? " " : "\n   ");
      if (XMLConstants.XML_NS_URI.equals(attributeNamespace)) {
        out.append("xml:");
      } else if (!attributeNamespace.isEmpty()) {
        String attributePrefix = null;
        for (Map.Entry<String, String> binding : scope.entrySet()) {
          if (!binding.getKey().isEmpty() && binding.getValue().equals(attributeNamespace)) {
            attributePrefix = binding.getKey();
          }
        }
        if (attributePrefix == null) {
          attributePrefix = "a" + scope.size();
          StringBuilder declaration = new StringBuilder();
          declare(scope, attributePrefix, attributeNamespace, declaration);
          out.append(declaration.substring(1)).append(' ');
        }
        out.append(attributePrefix).append(':');
      }
      out.append(attributeName.getLocalPart()).append(random.nextBoolean() ? "=\"" : " = \"");
      escape(attribute.getValue(), true, out);
      out.append('"');
    }
    List<AnyNode> children = element.children();
    if (children.isEmpty() && random.nextBoolean()) {
      out.append("/>");
      return;
    }
    out.append('>');
    boolean formatting =
        children.stream().anyMatch(AnyElement.class::isInstance)
            && children.stream().noneMatch(AnyText.class::isInstance);
    for (AnyNode child : children) {
      if (formatting) {
        maybeFormat(random, out);
      } else if (random.nextInt(5) == 0) {
        out.append("<!-- ").append(random.nextInt(9)).append(" -->");
      }
      if (child instanceof AnyElement e) {
        write(e, scope, random, out);
      } else if (child instanceof AnyText t) {
        writeText(t.text(), random, out);
      }
    }
    if (formatting) {
      maybeFormat(random, out);
    }
    out.append("</").append(name).append('>');
  }

  private static String local(AnyElement element) {
    return element.name().getLocalPart();
  }

  private static void declare(
      Map<String, String> scope, String prefix, String namespace, StringBuilder out) {
    scope.put(prefix, namespace);
    out.append(prefix.isEmpty() ? " xmlns=\"" : " xmlns:" + prefix + "=\"");
    escape(namespace, true, out);
    out.append('"');
  }

  private static void writeText(String text, Random random, StringBuilder out) {
    List<String> pieces = new ArrayList<>();
    int cut = text.length() > 1 ? 1 + random.nextInt(text.length() - 1) : text.length();
    if (random.nextBoolean() && !Character.isLowSurrogate(text.charAt(cut % text.length()))) {
      pieces.add(text.substring(0, cut));
      pieces.add(text.substring(cut));
    } else {
      pieces.add(text);
    }
    for (int i = 0; i < pieces.size(); i++) {
      if (i > 0) {
        out.append(random.nextBoolean() ? "<!--x-->" : "<?pi?>");
      }
      String piece = pieces.get(i);
      if (random.nextInt(3) == 0 && !piece.contains("]]>") && piece.indexOf('\r') < 0) {
        out.append("<![CDATA[").append(piece).append("]]>");
      } else {
        escape(piece, false, out);
      }
    }
  }

  private static void escape(String value, boolean attribute, StringBuilder out) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        case '\t' -> out.append(attribute ? "&#9;" : "\t");
        case '\n' -> out.append(attribute ? "&#10;" : "\n");
        case '\r' -> out.append("&#13;");
        default -> out.append(c);
      }
    }
  }
}
