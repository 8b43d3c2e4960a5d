package org.sepapi.model.api;

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

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.resourcelists.ResourceList;
import org.sepapi.model.resourcelists.ResourceLists;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;
import org.sepapi.model.rlmi.RlmiList;

class ApiTheoriesTest {
  private static Gen<OffsetDateTime> times() {
    Gen<Long> seconds = longs().between(0, 4_102_444_800L);
    Gen<Integer> offsetHours = integers().between(-12, 14);
    return in ->
        OffsetDateTime.ofInstant(
            Instant.ofEpochSecond(seconds.generate(in)),
            ZoneOffset.ofHours(offsetHours.generate(in)));
  }

  static Gen<Subscribe> subscribes() {
    return in -> {
      Subscribe.Builder b = Subscribe.builder().event(token(1, 15).generate(in));
      int shape = integers().between(0, 2).generate(in);
      if (shape == 0) {
        ResourceList.Builder list = ResourceList.builder();
        listOf(sipUri(), 5).generate(in).forEach(list::addEntry);
        b.resourceLists(ResourceLists.builder().addList(list.build()).build());
      } else if (shape == 1) {
        b.rlsUri(sipUri().generate(in));
      }
      b.notifyUrl(nullable(xmlText(1, 30)).generate(in));
      b.expires(nullable(times()).generate(in));
      listOf(token(1, 20), 3).generate(in).forEach(b::addAccept);
      return b.build();
    };
  }

  static Gen<Subscription> subscriptions() {
    Gen<Instance.State> state = integers().between(0, 2).map(i -> Instance.State.values()[i]);
    return in -> {
      RlmiList.Builder list =
          RlmiList.builder()
              .uri("http://localhost/v/2009-06/sep/" + token(1, 10).generate(in))
              .version(longs().between(0, RlmiList.MAX_VERSION).generate(in))
              .fullState(integers().between(0, 1).generate(in) == 0);
      for (String uri : listOf(sipUri(), 3).generate(in)) {
        Resource.Builder resource = Resource.builder().uri(uri);
        for (int i = integers().between(0, 2).generate(in); i > 0; i--) {
          Instance.Builder instance =
              Instance.builder().id(token(1, 6).generate(in)).state(state.generate(in));
          if (integers().between(0, 1).generate(in) == 0) {
            instance.addContent(
                new TextBody(token(3, 20).generate(in), xmlText(0, 40).generate(in)).toElement());
          } else {
            instance.addContent(anyElement().generate(in));
          }
          resource.addInstance(instance.build());
        }
        list.addResource(resource.build());
      }
      return Subscription.builder()
          .event(token(1, 15).generate(in))
          .id(token(1, 20).generate(in))
          .list(integers().between(0, 3).generate(in) == 0 ? null : list.build())
          .notifyUrl(nullable(xmlText(1, 30)).generate(in))
          .expires(nullable(times()).generate(in))
          .build();
    };
  }

  @Test
  void generatedSubscribesRoundTrip() {
    XmlCodec<Subscribe> codec = XmlCodec.of(Subscribe.class);
    qt().withExamples(300)
        .forAll(subscribes())
        .checkAssert(s -> assertEquals(s, codec.decode(codec.encode(s))));
  }

  @Test
  void generatedSubscriptionsRoundTrip() {
    XmlCodec<Subscription> codec = XmlCodec.of(Subscription.class);
    qt().withExamples(300)
        .forAll(subscriptions())
        .checkAssert(s -> assertEquals(s, codec.decode(codec.encode(s))));
  }

  @Test
  void mutatedAndRandomDocumentsAreReadOrRefusedWithAModelException() {
    XmlCodec<Subscribe> subscribe = XmlCodec.of(Subscribe.class);
    XmlCodec<Subscription> subscription = XmlCodec.of(Subscription.class);
    qt().withExamples(1500)
        .forAll(
            mutations(List.of(resource("/api/subscribe.xml"), resource("/api/subscribe-rls.xml"))))
        .check(bytes -> decodesOrRefuses(subscribe::decode, bytes) || true);
    qt().withExamples(1500)
        .forAll(
            mutations(
                List.of(resource("/api/subscription.xml"), resource("/api/subscription-mwi.xml"))))
        .check(bytes -> decodesOrRefuses(subscription::decode, bytes) || true);
    qt().withExamples(300)
        .forAll(randomBytes(120))
        .check(bytes -> !decodesOrRefuses(subscribe::decode, bytes));
  }
}
