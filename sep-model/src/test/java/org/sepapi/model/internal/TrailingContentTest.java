package org.sepapi.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.reginfo.Reginfo;

/**
 * What follows the root element: whitespace, comments and processing instructions may; markup and
 * text after the root are refused; a pooled parser reads the next document cleanly after either.
 */
class TrailingContentTest {
  private static final String ROOT =
      "<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"3\" state=\"full\"/>";
  private final XmlCodec<Reginfo> codec = XmlCodec.of(Reginfo.class);

  @ParameterizedTest
  @ValueSource(strings = {"", "\n", "\r\n  \t\r\n", "<!-- a comment -->\n", "\n<?pi data?>"})
  void whitespaceCommentsAndProcessingInstructionsMayFollowTheRoot(String tail) {
    for (int round = 0; round < 3; round++) { // pooled parsers are reused
      assertEquals(3, codec.decode(ROOT + tail).version());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"<more/>", "\ntext", "\n<reginfo/>", " &amp;", "<!-- open"})
  void anythingElseAfterTheRootIsRefused(String tail) {
    assertThrows(ModelException.class, () -> codec.decode(ROOT + tail));
    assertEquals(3, codec.decode(ROOT + "\n").version(), "the next document reads cleanly");
  }

  @ParameterizedTest
  @ValueSource(strings = {"<x/>", "\n<more></more>", "text", "<!-- x --><y/>", "<?pi?>&amp;"})
  void markupAfterARootWithAnEndTagIsRefusedToo(String tail) {
    String root =
        "<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"3\" state=\"full\"></reginfo>";
    assertThrows(ModelException.class, () -> codec.decode(root + tail));
    assertEquals(3, codec.decode(root + "\n").version(), "the next document reads cleanly");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "<!-- x -->"})
  void trailingContentIsReadTheSameAfterDeclarationsAndChildren(String tail) {
    String document =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<r:reginfo xmlns:r=\"urn:ietf:params:xml:ns:reginfo\" version=\"4\" state=\"partial\">"
            + "<r:registration aor=\"sip:a@b.c\" id=\"r1\" state=\"active\">"
            + "<r:contact id=\"c1\" state=\"active\" event=\"registered\" expires=\"60\">"
            + "<r:uri>sip:a@192.0.2.1</r:uri></r:contact></r:registration></r:reginfo>"
            + tail;
    Reginfo reginfo = codec.decode(document);
    assertEquals(4, reginfo.version());
    assertEquals(OptionalLong.of(60), reginfo.registrations().get(0).contacts().get(0).expires());
  }
}
