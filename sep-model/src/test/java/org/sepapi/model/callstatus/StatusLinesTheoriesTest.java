package org.sepapi.model.callstatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.sepapi.model.ModelTheories.anyElement;
import static org.sepapi.model.ModelTheories.decodesOrRefuses;
import static org.sepapi.model.ModelTheories.listOf;
import static org.sepapi.model.ModelTheories.mutations;
import static org.sepapi.model.ModelTheories.randomBytes;
import static org.sepapi.model.ModelTheories.token;
import static org.sepapi.model.ModelTheories.xmlText;
import static org.sepapi.model.XmlAssert.resource;

import java.util.List;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.sepapi.model.XmlCodec;

class StatusLinesTheoriesTest {
  private final XmlCodec<StatusLines> codec = XmlCodec.of(StatusLines.class);

  static Gen<Status> statuses() {
    Gen<String> text = xmlText(0, 40);
    return in -> {
      Status.Builder b =
          Status.builder()
              .timestamp(longs().between(0, Long.MAX_VALUE).generate(in))
              .callId(text.generate(in))
              .method(token(1, 10).generate(in))
              .statusLine(text.generate(in));
      listOf(anyElement(), 1).generate(in).forEach(b::addExtension);
      if (integers().between(0, 3).generate(in) == 0) {
        b.otherAttribute(new QName("urn:example:attr", "source"), text.generate(in));
      }
      return b.build();
    };
  }

  static Gen<StatusLines> documents() {
    return in -> {
      StatusLines.Builder b = StatusLines.builder();
      listOf(statuses(), 5).generate(in).forEach(b::addStatus);
      listOf(anyElement(), 1).generate(in).forEach(b::addExtension);
      if (integers().between(0, 3).generate(in) == 0) {
        b.otherAttribute(new QName("node"), xmlText(0, 8).generate(in));
      }
      return b.build();
    };
  }

  @Test
  void generatedDocumentsRoundTrip() {
    qt().withExamples(300)
        .forAll(documents())
        .checkAssert(lines -> assertEquals(lines, codec.decode(codec.encode(lines))));
  }

  @Test
  void mutatedDocumentsAreReadOrRefusedWithAModelException() {
    List<byte[]> seeds =
        List.of(
            resource("/callstatus/call-status-several.xml"),
            resource("/callstatus/call-status-extended.xml"));
    qt().withExamples(2000)
        .forAll(mutations(seeds))
        .check(bytes -> decodesOrRefuses(codec::decode, bytes) || true);
  }

  @Test
  void randomBytesAreRefusedWithAModelException() {
    qt().withExamples(500)
        .forAll(randomBytes(200))
        .check(bytes -> !decodesOrRefuses(codec::decode, bytes));
  }
}
