package org.sepapi.model.reginfo;

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
import org.sepapi.model.DocumentState;
import org.sepapi.model.LocalizedText;
import org.sepapi.model.XmlCodec;

class ReginfoTheoriesTest {
  private final XmlCodec<Reginfo> codec = XmlCodec.of(Reginfo.class);

  static Gen<Contact> contacts() {
    Gen<Contact.State> state = integers().between(0, 1).map(i -> Contact.State.values()[i]);
    Gen<Contact.Event> event =
        integers()
            .between(0, Contact.Event.values().length - 1)
            .map(i -> Contact.Event.values()[i]);
    Gen<Long> seconds = nullable(longs().between(0, Long.MAX_VALUE));
    Gen<String> text = xmlText(0, 12);
    return in -> {
      Contact.Builder b =
          Contact.builder()
              .id(token(1, 12).generate(in))
              .state(state.generate(in))
              .event(event.generate(in))
              .uri(sipUri().generate(in))
              .q(nullable(token(1, 4)).generate(in))
              .callId(nullable(text).generate(in));
      Long duration = seconds.generate(in);
      if (duration != null) {
        b.durationRegistered(duration);
      }
      Long expires = seconds.generate(in);
      if (expires != null) {
        b.expires(expires);
      }
      Long retryAfter = seconds.generate(in);
      if (retryAfter != null) {
        b.retryAfter(retryAfter);
      }
      Long cseq = seconds.generate(in);
      if (cseq != null) {
        b.cseq(cseq);
      }
      String display = nullable(text).generate(in);
      if (display != null) {
        b.displayName(LocalizedText.of(display, nullable(token(2, 5)).generate(in)));
      }
      for (String name : listOf(token(1, 6), 2).generate(in)) {
        b.addUnknownParam(UnknownParam.of(name, text.generate(in)));
      }
      listOf(anyElement(), 2).generate(in).forEach(b::addExtension);
      if (integers().between(0, 3).generate(in) == 0) {
        b.otherAttribute(new QName("user_agent"), text.generate(in));
      }
      return b.build();
    };
  }

  static Gen<Reginfo> reginfos() {
    Gen<Registration.State> state =
        integers().between(0, 2).map(i -> Registration.State.values()[i]);
    Gen<Registration> registration =
        in -> {
          Registration.Builder b =
              Registration.builder()
                  .aor(sipUri().generate(in))
                  .id(token(1, 10).generate(in))
                  .state(state.generate(in));
          listOf(contacts(), 3).generate(in).forEach(b::addContact);
          listOf(anyElement(), 1).generate(in).forEach(b::addExtension);
          return b.build();
        };
    return in -> {
      Reginfo.Builder b =
          Reginfo.builder()
              .version(longs().between(0, Long.MAX_VALUE).generate(in))
              .state(
                  integers().between(0, 1).generate(in) == 0
                      ? DocumentState.FULL
                      : DocumentState.PARTIAL);
      listOf(registration, 3).generate(in).forEach(b::addRegistration);
      listOf(anyElement(), 1).generate(in).forEach(b::addExtension);
      return b.build();
    };
  }

  @Test
  void generatedDocumentsRoundTrip() {
    qt().withExamples(300)
        .forAll(reginfos())
        .checkAssert(reginfo -> assertEquals(reginfo, codec.decode(codec.encode(reginfo))));
  }

  @Test
  void mutatedDocumentsAreReadOrRefusedWithAModelException() {
    List<byte[]> seeds =
        List.of(
            resource("/rfc3680/example.xml"),
            resource("/fixtures/reginfo-every-part.xml"),
            resource("/interop/registrar-extras.xml"));
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
