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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.CallEvent.State;
import org.sepapi.model.callstatus.Status;
import org.sepapi.model.callstatus.StatusLines;

class CallEventTheoriesTest {
  private final XmlCodec<CallEvent> codec = XmlCodec.of(CallEvent.class);

  /** Instants from 1970 to 2100, to the nanosecond. */
  private static Gen<Instant> instants() {
    Gen<Long> seconds = longs().between(0, 4_102_444_800L);
    Gen<Integer> nanos = integers().between(0, 999_999_999);
    Gen<Integer> precision = integers().between(0, 2);
    return in -> {
      long s = seconds.generate(in);
      int n = nanos.generate(in);
      return switch (precision.generate(in)) {
        case 0 -> Instant.ofEpochSecond(s);
        case 1 -> Instant.ofEpochSecond(s, n / 1_000_000 * 1_000_000L);
        default -> Instant.ofEpochSecond(s, n);
      };
    };
  }

  private static Gen<State> states() {
    return integers().between(0, State.values().length - 1).map(i -> State.values()[i]);
  }

  /** Text that is not blank, markup characters and non-ASCII included. */
  private static Gen<String> text(int maxLength) {
    return xmlText(1, maxLength).map(s -> s.isBlank() ? s + "x" : s);
  }

  private static Gen<StatusLines> statusLines() {
    Gen<Status> status =
        in ->
            Status.builder()
                .timestamp(longs().between(0, Long.MAX_VALUE).generate(in))
                .callId(xmlText(0, 30).generate(in))
                .method(token(1, 10).generate(in))
                .statusLine(xmlText(0, 40).generate(in))
                .build();
    return in -> {
      StatusLines.Builder b = StatusLines.builder();
      listOf(status, 4).generate(in).forEach(b::addStatus);
      listOf(anyElement(), 1).generate(in).forEach(b::addExtension);
      return b.build();
    };
  }

  static Gen<CallEvent> callEvents() {
    Gen<String> method = integers().between(0, 2).map(i -> List.of("REFER", "INVITE", "X").get(i));
    return in -> {
      CallEvent.Builder b =
          CallEvent.builder()
              .id(token(1, 20).generate(in))
              .version(longs().between(0, Long.MAX_VALUE).generate(in))
              .state(states().generate(in))
              .calling(sipUri().generate(in))
              .called(
                  integers().between(0, 1).generate(in) == 0
                      ? sipUri().generate(in)
                      : text(30).generate(in))
              .method(method.generate(in))
              .agent(nullable(sipUri()).generate(in))
              .reason(nullable(text(40)).generate(in))
              .statusLines(nullable(statusLines()).generate(in));
      for (int i = integers().between(1, 5).generate(in); i > 0; i--) {
        b.addTransition(states().generate(in), instants().generate(in));
      }
      return b.build();
    };
  }

  @Test
  void generatedCallEventsRoundTrip() {
    qt().withExamples(400)
        .forAll(callEvents())
        .checkAssert(call -> assertEquals(call, codec.decode(codec.encode(call))));
  }

  @Test
  void mutatedDocumentsAreReadOrRefusedWithAModelException() {
    List<byte[]> seeds =
        List.of(resource("/api/call-event.xml"), resource("/api/call-event-minimal.xml"));
    List<String> breakers =
        List.of(
            " state='answered'",
            " time='2026-11-30T15:00:00'",
            " time='+999999999-12-31T23:59:59-18:00'",
            " version='18446744073709551616'",
            "<reason/>",
            "<agent>  </agent>",
            "<transition state='ringing' time='x'/>",
            "<status-lines xmlns='" + StatusLines.NAMESPACE + "'/>");
    qt().withExamples(2500)
        .forAll(mutations(seeds, breakers))
        .check(bytes -> decodesOrRefuses(codec::decode, bytes) || true);
  }

  @Test
  void randomBytesAreRefusedWithAModelException() {
    qt().withExamples(500)
        .forAll(randomBytes(200))
        .check(bytes -> !decodesOrRefuses(codec::decode, bytes));
  }
}
