package org.sepapi.model.dialoginfo;

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
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.sepapi.model.DocumentState;
import org.sepapi.model.XmlCodec;

class DialogInfoTheoriesTest {
  private final XmlCodec<DialogInfo> codec = XmlCodec.of(DialogInfo.class);

  private static <E extends Enum<E>> Gen<E> oneOf(E[] values) {
    return integers().between(0, values.length - 1).map(i -> values[i]);
  }

  private static Gen<Boolean> sometimes() {
    return integers().between(0, 2).map(i -> i == 0);
  }

  static Gen<NameAddr> nameAddrs() {
    Gen<String> display = nullable(xmlText(0, 12));
    Gen<String> uri = integers().between(0, 5).flatMap(i -> i == 0 ? xmlText(0, 10) : sipUri());
    return in -> NameAddr.of(uri.generate(in), display.generate(in));
  }

  static Gen<Target> targets() {
    Gen<List<Param>> params =
        listOf(in -> Param.of(token(1, 12).generate(in), xmlText(0, 8).generate(in)), 3);
    return in -> Target.of(sipUri().generate(in), params.generate(in));
  }

  static Gen<Participant> participants() {
    Gen<Long> cseq = nullable(longs().between(0, Long.MAX_VALUE));
    Gen<String> type = token(1, 10).map(s -> "application/" + s);
    return in -> {
      Participant.Builder b =
          Participant.builder()
              .target(nullable(targets()).generate(in))
              .sessionDescription(
                  sometimes().generate(in)
                      ? SessionDescription.of(type.generate(in), xmlText(0, 40).generate(in))
                      : null);
      listOf(nameAddrs(), 2).generate(in).forEach(b::addIdentity);
      Long c = cseq.generate(in);
      if (c != null) {
        b.cseq(c);
      }
      listOf(anyElement(), 2).generate(in).forEach(b::addExtension);
      if (sometimes().generate(in)) {
        b.otherAttribute(new QName("urn:example:attr", "role"), xmlText(0, 6).generate(in));
      }
      return b.build();
    };
  }

  static Gen<Dialog> dialogs() {
    Gen<String> text = xmlText(0, 12);
    Gen<Long> seconds = nullable(longs().between(0, Long.MAX_VALUE));
    Gen<Integer> code = nullable(integers().between(100, 699));
    return in -> {
      Dialog.Builder b =
          Dialog.builder()
              .id(token(1, 12).generate(in))
              .callId(nullable(text).generate(in))
              .localTag(nullable(token(1, 10)).generate(in))
              .remoteTag(nullable(token(1, 10)).generate(in))
              .direction(nullable(oneOf(Dialog.Direction.values())).generate(in))
              .state(oneOf(Dialog.State.values()).generate(in))
              .event(nullable(oneOf(Dialog.Event.values())).generate(in))
              .replaces(
                  sometimes().generate(in)
                      ? Replaces.of(
                          text.generate(in), token(1, 8).generate(in), token(1, 8).generate(in))
                      : null)
              .referredBy(nullable(nameAddrs()).generate(in))
              .routeSet(listOf(xmlText(0, 20), 3).generate(in))
              .local(nullable(participants()).generate(in))
              .remote(nullable(participants()).generate(in));
      Integer c = code.generate(in);
      if (c != null) {
        b.code(c);
      }
      Long duration = seconds.generate(in);
      if (duration != null) {
        b.duration(duration);
      }
      listOf(anyElement(), 2).generate(in).forEach(b::addExtension);
      if (sometimes().generate(in)) {
        b.otherAttribute(new QName("x-line"), text.generate(in));
      }
      return b.build();
    };
  }

  static Gen<DialogInfo> dialogInfos() {
    return in -> {
      DialogInfo.Builder b =
          DialogInfo.builder()
              .version(longs().between(0, Long.MAX_VALUE).generate(in))
              .state(oneOf(DocumentState.values()).generate(in))
              .entity(integers().between(0, 5).generate(in) == 0 ? null : sipUri().generate(in));
      listOf(dialogs(), 3).generate(in).forEach(b::addDialog);
      listOf(anyElement(), 1).generate(in).forEach(b::addExtension);
      if (sometimes().generate(in)) {
        b.otherAttribute(
            new QName(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "schemaLocation"),
            DialogInfo.NAMESPACE);
      }
      if (sometimes().generate(in)) {
        b.otherAttribute(new QName("urn:example:attr", "node"), xmlText(0, 6).generate(in));
      }
      return b.build();
    };
  }

  @Test
  void generatedDocumentsRoundTrip() {
    qt().withExamples(300)
        .forAll(dialogInfos())
        .checkAssert(info -> assertEquals(info, codec.decode(codec.encode(info))));
  }

  @Test
  void generatedDocumentsRoundTripThroughTheirBuilders() {
    qt().withExamples(100)
        .forAll(dialogInfos())
        .checkAssert(
            info -> {
              assertEquals(info, info.toBuilder().build());
              info.dialogs().forEach(d -> assertEquals(d, d.toBuilder().build()));
            });
  }

  @Test
  void mutatedDocumentsAreReadOrRefusedWithAModelException() {
    List<byte[]> seeds =
        List.of(
            resource("/rfc4235/section-4.2-sample.xml"),
            resource("/dialoginfo/every-element.xml"),
            resource("/interop/dialog-extensions.xml"),
            resource("/interop/asterisk-onhold.xml"));
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
