package org.sepapi.model.rlmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.model.XmlAssert.assertEquivalent;
import static org.sepapi.model.XmlAssert.resource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.XmlLimits;
import org.sepapi.model.multipart.BodyPart;
import org.sepapi.model.multipart.MultipartLimits;
import org.sepapi.model.multipart.MultipartRelated;
import org.sepapi.model.rlmi.Rfc4662Examples.Example;
import org.sepapi.model.rlmi.RlmiNotification.Entry;

class RlmiNotificationTest {
  private final XmlCodec<RlmiList> codec = XmlCodec.of(RlmiList.class);

  static List<Example> bodies() {
    return Rfc4662Examples.BODIES;
  }

  @ParameterizedTest
  @MethodSource("bodies")
  void everyExampleBodyReadsItsRlmiRootAndFindsEachInstancesPart(Example example) {
    for (byte[] body : List.of(example.crlfBytes(), example.lfBytes())) {
      RlmiNotification notification = RlmiNotification.parse(example.contentType(), body);
      assertEquals(codec.decode(resource(example.rlmi())), notification.list());
      assertEquivalent(resource(example.rlmi()), notification.multipart().root().body());
      assertEquals(List.of(), notification.missingParts());
      for (Entry entry : notification.entries()) {
        assertEquals(
            entry.instance().cid().isPresent(), entry.part().isPresent(), entry.toString());
        entry
            .part()
            .ifPresent(
                part -> assertEquals(entry.instance().cid(), part.contentId(), entry.toString()));
      }
    }
  }

  @Test
  void section5PointsEachActiveInstanceAtItsPidfPart() {
    Example example = Rfc4662Examples.SECTION_5;
    RlmiNotification notification =
        RlmiNotification.parse(example.contentType(), example.crlfBytes());
    assertEquals(2, notification.entries().size());
    Entry bob = notification.entries().get(0);
    assertEquals("sip:bob@vancouver.example.com", bob.resource().uri());
    assertEquals("juwigmtboe", bob.instance().id());
    BodyPart bobPart = bob.part().orElseThrow();
    assertEquals(Optional.of("application/pidf+xml"), bobPart.mediaType());
    assertTrue(bobPart.bodyAsString().contains("<basic>open</basic>"), bobPart.bodyAsString());
    assertFalse(bob.partMissing());
    BodyPart davePart = notification.part(notification.entries().get(1).instance()).orElseThrow();
    assertTrue(davePart.bodyAsString().contains("<basic>closed</basic>"));
    assertTrue(davePart.bodyAsString().contains("sip:dave@vancouver.example.com"));
  }

  @Test
  void aNestedListIsReadFromItsOwnMultipartPart() {
    Example example = Rfc4662Examples.SECTION_6_PARTIAL;
    RlmiNotification notification =
        RlmiNotification.parse(example.contentType(), example.crlfBytes());
    assertFalse(notification.list().fullState());
    Entry ed = notification.entries().get(0);
    assertEquals(Instance.State.PENDING, ed.instance().state());
    assertEquals(Optional.empty(), ed.part());
    assertFalse(ed.partMissing());

    Entry stockholm = notification.entries().get(1);
    assertEquals(Optional.of("multipart/related"), stockholm.part().orElseThrow().mediaType());
    RlmiNotification nested = notification.nested(stockholm.instance());
    assertEquals(
        codec.decode(resource("/rfc4662/section-6-reconstructed-nested-rlmi.xml")), nested.list());
    assertEquals("sip:adam-friends@stockholm.example.org", nested.list().uri());
    assertEquals(3, nested.entries().size());
    assertTrue(nested.entries().get(0).part().orElseThrow().bodyAsString().contains("joe@"));
    assertTrue(nested.entries().get(1).part().orElseThrow().bodyAsString().contains("mark@"));
    assertEquals(Instance.State.PENDING, nested.entries().get(2).instance().state());
    assertEquals(Optional.empty(), nested.entries().get(2).part());

    ModelException e = assertThrows(ModelException.class, () -> notification.nested(ed.instance()));
    assertTrue(e.getMessage().contains("sdlkmeopas"), e.getMessage());
  }

  @Test
  void aTerminatedInstanceCarriesItsReasonAndNoPart() {
    Example example = Rfc4662Examples.SECTION_6_FINAL;
    RlmiNotification notification =
        RlmiNotification.parse(example.contentType(), example.crlfBytes());
    Entry dave = notification.entries().get(0);
    assertTrue(dave.part().orElseThrow().bodyAsString().contains("<basic>open</basic>"));
    Entry ed = notification.entries().get(1);
    assertEquals(Instance.State.TERMINATED, ed.instance().state());
    assertEquals(Optional.of("rejected"), ed.instance().reason());
    assertEquals(Optional.empty(), ed.part());
  }

  @Test
  void anInstanceWhosePartIsMissingIsMarkedNotRefused() {
    RlmiList list =
        RlmiList.builder()
            .uri("sip:list@example.com")
            .addResource(
                Resource.builder()
                    .uri("sip:a@example.com")
                    .addInstance(Instance.builder().id("1").cid("here@x").build())
                    .build())
            .addResource(
                Resource.builder()
                    .uri("sip:b@example.com")
                    .addInstance(Instance.builder().id("2").cid("gone@x").build())
                    .build())
            .build();
    MultipartRelated body =
        MultipartRelated.builder()
            .type(RlmiList.CONTENT_TYPE)
            .start("root@x")
            .addPart(
                BodyPart.builder()
                    .contentId("root@x")
                    .contentType(RlmiList.CONTENT_TYPE)
                    .body(codec.encode(list))
                    .build())
            .addPart(BodyPart.builder().contentId("here@x").contentType("text/plain").build())
            .build();
    RlmiNotification notification = RlmiNotification.parse(body.contentType(), body.encode());
    assertEquals(list, notification.list());
    assertEquals(body, notification.multipart());
    assertTrue(notification.entries().get(0).part().isPresent());
    Entry gone = notification.entries().get(1);
    assertTrue(gone.partMissing());
    assertEquals(List.of(gone), notification.missingParts());
    assertEquals(notification, RlmiNotification.of(body));
  }

  @Test
  void refusesABodyThatIsNotAnRlmiNotification() {
    Example example = Rfc4662Examples.SECTION_5;
    assertRefused(
        example.contentType().replace("application/rlmi+xml", "application/pidf+xml"),
        example.crlfBytes(),
        "of type application/pidf+xml");
    // start names a PIDF part: it becomes the root, and is refused.
    assertRefused(
        example.contentType().replace("nXYxAE", "bUZBsM"),
        example.crlfBytes(),
        "the root part is application/pidf+xml");
    // A root of the right type that is not an RLMI document.
    byte[] pidfAsRlmi =
        new String(example.crlfBytes(), StandardCharsets.UTF_8)
            .replace("<list xmlns", "<lost xmlns")
            .replace("</list>", "</lost>")
            .getBytes(StandardCharsets.UTF_8);
    ModelException e =
        assertThrows(
            ModelException.class, () -> RlmiNotification.parse(example.contentType(), pidfAsRlmi));
    assertTrue(e.getMessage().startsWith("line "), e.getMessage());
    assertTrue(e.reason().startsWith("root part: "), e.getMessage());
    // Limits of both layers apply.
    assertThrows(
        ModelException.class,
        () ->
            RlmiNotification.parse(
                example.contentType(),
                example.crlfBytes(),
                MultipartLimits.DEFAULT.withMaxParts(2),
                XmlLimits.DEFAULT));
    e =
        assertThrows(
            ModelException.class,
            () ->
                RlmiNotification.parse(
                    example.contentType(),
                    example.crlfBytes(),
                    MultipartLimits.DEFAULT,
                    XmlLimits.DEFAULT.withMaxElements(5)));
    assertTrue(e.getMessage().contains("limit of 5"), e.getMessage());
  }

  private static void assertRefused(String contentType, byte[] body, String mentioned) {
    ModelException e =
        assertThrows(ModelException.class, () -> RlmiNotification.parse(contentType, body));
    assertTrue(e.getMessage().contains(mentioned), e.getMessage());
  }
}
