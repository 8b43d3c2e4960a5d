package org.sepapi.model.sipfrag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.sepapi.model.ModelTheories.decodesOrRefuses;
import static org.sepapi.model.ModelTheories.listOf;
import static org.sepapi.model.ModelTheories.mutations;
import static org.sepapi.model.ModelTheories.nullable;
import static org.sepapi.model.ModelTheories.randomBytes;
import static org.sepapi.model.ModelTheories.sipUri;
import static org.sepapi.model.ModelTheories.token;
import static org.sepapi.model.ModelTheories.xmlText;
import static org.sepapi.model.XmlAssert.resource;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class SipFragTheoriesTest {
  static Gen<SipFrag> fragments() {
    Gen<Integer> kind = integers().between(0, 2);
    Gen<Integer> code = integers().between(100, 699);
    Gen<String> text = xmlText(0, 30);
    Gen<SipHeader> header = in -> SipHeader.of(token(1, 12).generate(in), text.generate(in));
    Gen<byte[]> body = nullable(randomBytes(120));
    return in -> {
      SipFrag.Builder b = SipFrag.builder();
      switch (kind.generate(in)) {
        case 0 -> b.statusLine(code.generate(in), text.generate(in));
        case 1 -> b.requestLine(token(1, 10).generate(in), sipUri().generate(in));
        default -> {}
      }
      listOf(header, 6).generate(in).forEach(b::addHeader);
      byte[] bytes = body.generate(in);
      if (bytes != null) {
        b.body(bytes);
      }
      return b.build();
    };
  }

  @Test
  void generatedFragmentsRoundTrip() {
    qt().withExamples(400)
        .forAll(fragments())
        .checkAssert(
            frag -> {
              SipFrag read = SipFrag.parse(frag.encode());
              assertEquals(frag, read);
              assertEquals(frag.statusCode(), read.statusCode());
              assertEquals(frag.reasonPhrase(), read.reasonPhrase());
              assertEquals(frag.method(), read.method());
              assertEquals(frag.requestUri(), read.requestUri());
            });
  }

  @Test
  void mutatedFragmentsAreReadOrRefusedWithAModelException() {
    List<byte[]> seeds =
        List.of(
            resource("/rfc3420/example-3-register-folded.txt"),
            resource("/rfc3420/example-4-status-and-warning.txt"),
            resource("/rfc3420/example-5-headers-only.txt"),
            resource("/rfc3420/example-6-status-and-sdp-body.txt"),
            resource("/rfc3515/notify-503-service-unavailable.txt"));
    qt().withExamples(2000)
        .forAll(mutations(seeds))
        .check(bytes -> decodesOrRefuses(SipFrag::parse, bytes) || true);
  }

  @Test
  void randomBytesAreReadOrRefusedWithAModelException() {
    // A blank first line makes whatever follows a body, so random bytes may be a fragment.
    qt().withExamples(500)
        .forAll(randomBytes(200))
        .check(bytes -> decodesOrRefuses(SipFrag::parse, bytes) || true);
  }

  @Test
  void randomBytesWithoutALineBreakOrColonAreRefused() {
    // One line that is no header: only a valid start line would do, which chance never makes.
    qt().withExamples(500)
        .forAll(
            randomBytes(200)
                .map(
                    bytes -> {
                      byte[] line = new byte[bytes.length + 4];
                      line[0] = 'X';
                      line[1] = ' ';
                      for (int i = 0; i < bytes.length; i++) {
                        byte c = bytes[i];
                        line[i + 2] = c == '\r' || c == '\n' || c == ':' ? (byte) '.' : c;
                      }
                      line[line.length - 2] = ' ';
                      line[line.length - 1] = 'Y';
                      return line;
                    }))
        .check(bytes -> !decodesOrRefuses(SipFrag::parse, bytes));
  }
}
