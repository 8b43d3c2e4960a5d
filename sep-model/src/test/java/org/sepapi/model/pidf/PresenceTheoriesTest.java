package org.sepapi.model.pidf;

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

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.sepapi.model.LocalizedText;
import org.sepapi.model.XmlCodec;

class PresenceTheoriesTest {
  private final XmlCodec<Presence> codec = XmlCodec.of(Presence.class);

  static Gen<LocalizedText> notes() {
    Gen<String> text = xmlText(0, 16);
    Gen<String> lang = nullable(token(2, 5));
    return in -> LocalizedText.of(text.generate(in), lang.generate(in));
  }

  /** Priorities from 0 to 1 with 0 to 6 fraction digits, trailing zeros included. */
  static Gen<BigDecimal> priorities() {
    Gen<Integer> scale = integers().between(0, 6);
    Gen<Long> fraction = longs().between(0, 1_000_000);
    return in -> {
      int s = scale.generate(in);
      long limit = BigDecimal.TEN.pow(s).longValueExact();
      return BigDecimal.valueOf(fraction.generate(in) % (limit + 1), s);
    };
  }

  /** Any time RFC 3339 can write: years 0000-9999, nanoseconds, offsets in whole minutes. */
  static Gen<OffsetDateTime> timestamps() {
    Gen<Integer> year = integers().between(0, 9999);
    Gen<Integer> month = integers().between(1, 12);
    Gen<Integer> day = integers().between(1, 28);
    Gen<Integer> hour = integers().between(0, 23);
    Gen<Integer> minute = integers().between(0, 59);
    Gen<Integer> nanos = integers().between(0, 999_999_999);
    Gen<Integer> coin = integers().between(0, 2);
    Gen<Integer> offsetMinutes = integers().between(-18 * 60, 18 * 60);
    return in ->
        OffsetDateTime.of(
            year.generate(in),
            month.generate(in),
            day.generate(in),
            hour.generate(in),
            minute.generate(in),
            minute.generate(in),
            coin.generate(in) == 0 ? nanos.generate(in) : 0,
            coin.generate(in) == 0
                ? ZoneOffset.UTC
                : ZoneOffset.ofTotalSeconds(offsetMinutes.generate(in) * 60));
  }

  static Gen<Status> statuses() {
    Gen<Integer> basic = integers().between(0, 2);
    Gen<Integer> coin = integers().between(0, 3);
    return in -> {
      int b = basic.generate(in);
      Status.Builder status = Status.builder().basic(b == 2 ? null : Status.Basic.values()[b]);
      listOf(anyElement(), 2).generate(in).forEach(status::addExtension);
      if (coin.generate(in) == 0) {
        status.otherAttribute(new QName("urn:example:attr", "s"), xmlText(0, 6).generate(in));
      }
      return status.build();
    };
  }

  static Gen<Contact> contacts() {
    Gen<Integer> coin = integers().between(0, 3);
    Gen<String> tel = longs().between(0, 999_999_999_999L).map(n -> "tel:+" + n);
    return in -> {
      Contact.Builder contact =
          Contact.builder()
              .uri(coin.generate(in) == 0 ? tel.generate(in) : sipUri().generate(in))
              .priority(nullable(priorities()).generate(in));
      if (coin.generate(in) == 0) {
        contact.otherAttribute(new QName("urn:example:attr", "c"), xmlText(0, 6).generate(in));
      }
      return contact.build();
    };
  }

  static Gen<Tuple> tuples() {
    Gen<Integer> coin = integers().between(0, 3);
    return in -> {
      Tuple.Builder tuple =
          Tuple.builder()
              .id(token(1, 12).generate(in))
              .status(statuses().generate(in))
              .contact(nullable(contacts()).generate(in))
              .timestamp(nullable(timestamps()).generate(in));
      listOf(notes(), 2).generate(in).forEach(tuple::addNote);
      listOf(anyElement(), 2).generate(in).forEach(tuple::addExtension);
      if (coin.generate(in) == 0) {
        tuple.otherAttribute(new QName("urn:example:attr", "t"), xmlText(0, 6).generate(in));
      }
      return tuple.build();
    };
  }

  static Gen<Presence> documents() {
    Gen<Integer> coin = integers().between(0, 3);
    return in -> {
      Presence.Builder presence =
          Presence.builder()
              .entity(
                  coin.generate(in) == 0
                      ? "pres:" + token(1, 8).generate(in) + "@example.com"
                      : sipUri().generate(in));
      listOf(tuples(), 3).generate(in).forEach(presence::addTuple);
      listOf(notes(), 2).generate(in).forEach(presence::addNote);
      listOf(anyElement(), 2).generate(in).forEach(presence::addExtension);
      if (coin.generate(in) == 0) {
        presence.otherAttribute(new QName("urn:example:attr", "p"), xmlText(0, 6).generate(in));
      }
      return presence.build();
    };
  }

  @Test
  void generatedDocumentsRoundTrip() {
    qt().withExamples(300)
        .forAll(documents())
        .checkAssert(presence -> assertEquals(presence, codec.decode(codec.encode(presence))));
  }

  @Test
  void timestampsAndPrioritiesAreWrittenBackAsTheSameValues() {
    qt().withExamples(300)
        .forAll(timestamps(), priorities())
        .checkAssert(
            (time, priority) -> {
              Presence presence =
                  Presence.builder()
                      .entity("pres:a@example.com")
                      .addTuple(
                          Tuple.builder()
                              .id("t")
                              .status(Status.open())
                              .contact(Contact.of("sip:a@example.com", priority))
                              .timestamp(time)
                              .build())
                      .build();
              Tuple read = codec.decode(codec.encode(presence)).tuples().get(0);
              assertEquals(time, read.timestamp().orElseThrow());
              BigDecimal readPriority = read.contact().orElseThrow().priority().orElseThrow();
              assertEquals(priority.toPlainString(), readPriority.toPlainString());
            });
  }

  @Test
  void mutatedDocumentsAreReadOrRefusedWithAModelException() {
    List<byte[]> seeds =
        List.of(
            resource("/rfc3863/section-4-basic-impp-prefix.xml"),
            resource("/rfc3863/section-4-notes-and-timestamp.xml"),
            resource("/rfc3863/section-4-other-namespaces.xml"),
            resource("/rfc3863/section-4-must-understand.xml"),
            resource("/interop/pidf-rpid.xml"));
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
