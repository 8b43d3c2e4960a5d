package org.sepapi.model.multipart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.sepapi.model.ModelTheories.decodesOrRefuses;
import static org.sepapi.model.ModelTheories.listOf;
import static org.sepapi.model.ModelTheories.mutations;
import static org.sepapi.model.ModelTheories.nullable;
import static org.sepapi.model.ModelTheories.randomBytes;
import static org.sepapi.model.ModelTheories.token;
import static org.sepapi.model.ModelTheories.xmlText;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.sepapi.model.rlmi.Rfc4662Examples;
import org.sepapi.model.rlmi.Rfc4662Examples.Example;
import org.sepapi.model.rlmi.RlmiNotification;

class MultipartTheoriesTest {
  /** A body with its preferred boundary, which its parts may well contain. */
  record Case(MultipartRelated body, String preferred, boolean preferredOccurs) {}

  /** Bytes that look like delimiters of the preferred boundary, or of any boundary. */
  static Gen<byte[]> trickyBytes(String boundary) {
    List<String> lookalikes =
        List.of(
            "\r\n--" + boundary + "\r\n",
            "\r\n--" + boundary + "--\r\n",
            "--" + boundary,
            "\n--" + boundary + " \t\n",
            "\r\n--",
            "\r\n\r\n",
            "\n",
            "\r");
    Gen<Integer> pick = integers().between(0, lookalikes.size() - 1);
    return in -> {
      byte[] bytes = randomBytes(60).generate(in);
      for (int n = integers().between(0, 3).generate(in); n > 0; n--) {
        int at = integers().between(0, bytes.length).generate(in);
        byte[] insert = lookalikes.get(pick.generate(in)).getBytes(StandardCharsets.US_ASCII);
        byte[] longer = new byte[bytes.length + insert.length];
        System.arraycopy(bytes, 0, longer, 0, at);
        System.arraycopy(insert, 0, longer, at, insert.length);
        System.arraycopy(bytes, at, longer, at + insert.length, bytes.length - at);
        bytes = longer;
      }
      return bytes;
    };
  }

  static Gen<Case> cases() {
    return in -> {
      String preferred = "b-" + token(1, 20).generate(in);
      List<BodyPart> parts = new ArrayList<>();
      int count = integers().between(1, 5).generate(in);
      for (int i = 0; i < count; i++) {
        BodyPart.Builder part = BodyPart.builder();
        for (String name : listOf(token(1, 8), 2).generate(in)) {
          part.header("X-" + name, xmlText(0, 16).generate(in));
        }
        String contentType = nullable(token(1, 6).map(s -> "application/" + s)).generate(in);
        if (contentType != null) {
          part.contentType(contentType);
        }
        if (integers().between(0, 3).generate(in) > 0) {
          part.contentId("p" + i + "." + token(1, 8).generate(in) + "@example.com");
        }
        parts.add(part.body(trickyBytes(preferred).generate(in)).build());
      }
      MultipartRelated.Builder b =
          MultipartRelated.builder()
              .boundary(preferred)
              .type(nullable(token(1, 6).map(s -> "application/" + s + "+xml")).generate(in))
              .parts(parts);
      BodyPart root = parts.get(integers().between(0, parts.size() - 1).generate(in));
      if (root.contentId().isPresent() && integers().between(0, 1).generate(in) == 0) {
        b.start(root.contentId().get());
      }
      boolean occurs =
          parts.stream()
              .anyMatch(
                  p ->
                      new String(p.body(), StandardCharsets.ISO_8859_1).contains(preferred)
                          || p.headers().toString().contains(preferred));
      return new Case(b.build(), preferred, occurs);
    };
  }

  @Test
  void generatedBodiesRoundTripWhateverBytesTheirPartsHold() {
    AtomicInteger preferredOccurred = new AtomicInteger();
    qt().withExamples(300)
        .forAll(cases())
        .checkAssert(
            c -> {
              MultipartRelated body = c.body();
              String boundary = body.boundary();
              for (BodyPart part : body.parts()) {
                assertFalse(
                    new String(part.body(), StandardCharsets.ISO_8859_1).contains(boundary),
                    boundary);
              }
              if (c.preferredOccurs()) {
                preferredOccurred.incrementAndGet();
                assertNotEquals(c.preferred(), boundary);
              } else {
                assertEquals(c.preferred(), boundary);
              }
              MultipartRelated read = MultipartRelated.parse(body.contentType(), body.encode());
              assertEquals(body, read);
              assertEquals(body.root(), read.root());
            });
    // The theory is only worth something if parts often hold the preferred boundary, and not
    // always.
    assertTrue(preferredOccurred.get() > 30, "lookalikes in " + preferredOccurred + " of 300");
    assertTrue(preferredOccurred.get() < 270, "lookalikes in " + preferredOccurred + " of 300");
  }

  private static List<byte[]> seeds() {
    List<byte[]> seeds = new ArrayList<>();
    for (Example example : Rfc4662Examples.BODIES) {
      seeds.add(example.crlfBytes());
      seeds.add(example.lfBytes());
    }
    return seeds;
  }

  /** Every seed's Content-Type works for it, so a mutation is read with each of them in turn. */
  private static String contentTypeFor(byte[] body) {
    String text = new String(body, StandardCharsets.ISO_8859_1);
    for (Example example : Rfc4662Examples.BODIES) {
      String boundary =
          MultipartRelated.parse(example.contentType(), example.crlfBytes()).boundary();
      if (text.contains(boundary)) {
        return example.contentType();
      }
    }
    return Rfc4662Examples.SECTION_5.contentType();
  }

  @Test
  void mutatedRfcBodiesAreReadOrRefusedWithAModelException() {
    qt().withExamples(2000)
        .forAll(mutations(seeds()))
        .check(
            bytes ->
                decodesOrRefuses(b -> MultipartRelated.parse(contentTypeFor(b), b), bytes) || true);
  }

  @Test
  void mutatedRfcBodiesAreReadOrRefusedAsNotificationsWithAModelException() {
    qt().withExamples(1000)
        .forAll(mutations(seeds()))
        .check(
            bytes ->
                decodesOrRefuses(b -> RlmiNotification.parse(contentTypeFor(b), b), bytes) || true);
  }

  @Test
  void mutatedContentTypesAreReadOrRefusedWithAModelException() {
    List<byte[]> contentTypes =
        Rfc4662Examples.BODIES.stream()
            .map(e -> e.contentType().getBytes(StandardCharsets.UTF_8))
            .toList();
    byte[] body = Rfc4662Examples.SECTION_5.crlfBytes();
    qt().withExamples(1000)
        .forAll(mutations(contentTypes))
        .check(
            type ->
                decodesOrRefuses(
                        t -> MultipartRelated.parse(new String(t, StandardCharsets.UTF_8), body),
                        type)
                    || true);
  }

  @Test
  void randomBytesAreRefusedWithAModelException() {
    String contentType = Rfc4662Examples.SECTION_5.contentType();
    qt().withExamples(500)
        .forAll(randomBytes(300))
        .check(bytes -> !decodesOrRefuses(b -> MultipartRelated.parse(contentType, b), bytes));
  }
}
