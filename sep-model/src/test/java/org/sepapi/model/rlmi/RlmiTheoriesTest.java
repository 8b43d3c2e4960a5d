package org.sepapi.model.rlmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.sepapi.model.ModelTheories.anyElement;
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
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.sepapi.model.LocalizedText;
import org.sepapi.model.XmlCodec;

class RlmiTheoriesTest {
  private final XmlCodec<RlmiList> codec = XmlCodec.of(RlmiList.class);

  static Gen<LocalizedText> names() {
    return in -> LocalizedText.of(xmlText(0, 12).generate(in), nullable(token(2, 5)).generate(in));
  }

  static Gen<Instance> instances() {
    Gen<Instance.State> state = integers().between(0, 2).map(i -> Instance.State.values()[i]);
    return in -> {
      Instance.Builder b =
          Instance.builder()
              .id(token(1, 12).generate(in))
              .state(state.generate(in))
              .reason(nullable(xmlText(0, 10)).generate(in))
              .cid(nullable(token(1, 8).map(s -> s + "@pres.example.com")).generate(in));
      listOf(anyElement(), 2).generate(in).forEach(b::addContent);
      if (integers().between(0, 3).generate(in) == 0) {
        b.otherAttribute(new QName("urn:example:attr", "since"), xmlText(0, 8).generate(in));
      }
      return b.build();
    };
  }

  static Gen<Resource> resources() {
    return in -> {
      Resource.Builder b = Resource.builder().uri(sipUri().generate(in));
      listOf(names(), 2).generate(in).forEach(b::addName);
      listOf(instances(), 3).generate(in).forEach(b::addInstance);
      listOf(anyElement(), 1).generate(in).forEach(b::addExtension);
      if (integers().between(0, 3).generate(in) == 0) {
        b.otherAttribute(new QName("rank"), token(0, 4).generate(in));
      }
      return b.build();
    };
  }

  static Gen<RlmiList> lists() {
    return in -> {
      RlmiList.Builder b =
          RlmiList.builder()
              .uri(sipUri().generate(in))
              .version(longs().between(0, RlmiList.MAX_VERSION).generate(in))
              .fullState(integers().between(0, 1).generate(in) == 0)
              .cid(nullable(token(1, 8)).generate(in));
      listOf(names(), 2).generate(in).forEach(b::addName);
      listOf(resources(), 3).generate(in).forEach(b::addResource);
      listOf(anyElement(), 1).generate(in).forEach(b::addExtension);
      if (integers().between(0, 3).generate(in) == 0) {
        b.otherAttribute(new QName("urn:example:attr", "x"), xmlText(0, 8).generate(in));
      }
      return b.build();
    };
  }

  @Test
  void generatedDocumentsRoundTrip() {
    qt().withExamples(300)
        .forAll(lists())
        .checkAssert(list -> assertEquals(list, codec.decode(codec.encode(list))));
  }

  @Test
  void mutatedDocumentsAreReadOrRefusedWithAModelException() {
    List<byte[]> seeds = Rfc4662Examples.RLMI_DOCUMENTS.stream().map(r -> resource(r)).toList();
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
