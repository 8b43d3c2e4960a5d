package org.sepapi.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.sepapi.core.TestDocuments.resource;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.BodyException;
import org.sepapi.core.spi.EventPackage;
import org.sepapi.core.spi.Merge;
import org.sepapi.model.AnyElement;
import org.sepapi.model.dialoginfo.DialogInfo;
import org.sepapi.model.messagesummary.MessageSummary;
import org.sepapi.model.pidf.Presence;
import org.sepapi.model.reginfo.Reginfo;

/**
 * Whatever bytes and Content-Type a NOTIFY carries, a package's codec reads them or refuses them
 * with a {@link BodyException}, never another exception; and what it reads can be merged on a known
 * state, written back and put inline without any exception.
 */
class CodecTheoriesTest {
  private static final List<byte[]> REGINFO_SEEDS =
      List.of(
          resource("/rfc3680/example.xml"),
          resource("/rfc3680/call-flow-notify-1.xml"),
          resource("/rfc3680/call-flow-notify-2.xml"),
          resource("/interop/registrar-extras.xml"));
  private static final List<byte[]> DIALOG_SEEDS =
      List.of(
          resource("/rfc4235/section-4.2-sample.xml"),
          resource("/interop/yealink-full.xml"),
          resource("/interop/yealink-partial.xml"),
          resource("/interop/asterisk-early.xml"));
  private static final List<byte[]> PIDF_SEEDS =
      List.of(resource("/rfc3863/section-4-basic-default-namespace.xml"));
  private static final List<byte[]> SUMMARY_SEEDS =
      List.of(
          resource("/rfc3842/section-4.1-a3-body.txt"),
          resource("/rfc3842/section-4.1-a5-body.txt"));

  /** Reads a body; if it is read, merges, writes and inlines the result. False if refused. */
  private static <T> boolean readsOrRefuses(EventPackage<T> eventPackage, Body body, T known) {
    T state;
    try {
      state = eventPackage.codec().decode(body);
    } catch (BodyException e) {
      assertNotNull(e.getMessage());
      return false;
    }
    use(eventPackage, state);
    for (Optional<T> current : List.of(Optional.<T>empty(), Optional.of(known))) {
      Merge<T> merge = eventPackage.merger().merge(current, state);
      if (merge instanceof Merge.Changed<T> changed) {
        use(eventPackage, changed.state());
      }
    }
    return true;
  }

  private static <T> void use(EventPackage<T> eventPackage, T state) {
    assertNotNull(eventPackage.codec().encode(state));
    List<AnyElement> inline = eventPackage.codec().inline(state);
    assertFalse(inline.isEmpty());
  }

  private static <T> void everyMutationIsReadOrRefused(
      EventPackage<T> eventPackage, String contentType, List<byte[]> seeds) {
    T known = eventPackage.codec().decode(Body.of(contentType, seeds.get(0)));
    AtomicInteger read = new AtomicInteger();
    qt().withExamples(1500)
        .forAll(Mutations.of(seeds))
        .checkAssert(
            bytes -> {
              if (readsOrRefuses(eventPackage, Body.of(contentType, bytes), known)) {
                read.incrementAndGet();
              }
            });
    // some mutations leave a readable document, so merging was exercised too
    assertTrue(read.get() > 0);
  }

  private static <T> void anyContentTypeIsReadOrRefused(
      EventPackage<T> eventPackage, String contentType, List<byte[]> seeds) {
    T known = eventPackage.codec().decode(Body.of(contentType, seeds.get(0)));
    qt().withExamples(300)
        .forAll(Mutations.contentTypes(contentType), Mutations.of(seeds))
        .checkAssert(
            (type, bytes) -> {
              readsOrRefuses(eventPackage, Body.of(type, bytes), known);
              readsOrRefuses(eventPackage, Body.of(type, seeds.get(0)), known);
            });
  }

  private static <T> void randomBytesAreRefused(EventPackage<T> eventPackage, String contentType) {
    qt().withExamples(500)
        .forAll(Mutations.randomBytes(300))
        .checkAssert(
            bytes -> {
              try {
                eventPackage.codec().decode(Body.of(contentType, bytes));
              } catch (BodyException e) {
                assertNotNull(e.getMessage());
              }
            });
  }

  @Test
  void reginfoBodiesAreReadOrRefused() {
    everyMutationIsReadOrRefused(EventPackages.reg(), Reginfo.CONTENT_TYPE, REGINFO_SEEDS);
    anyContentTypeIsReadOrRefused(EventPackages.reg(), Reginfo.CONTENT_TYPE, REGINFO_SEEDS);
    randomBytesAreRefused(EventPackages.reg(), Reginfo.CONTENT_TYPE);
  }

  @Test
  void dialogInfoBodiesAreReadOrRefused() {
    everyMutationIsReadOrRefused(EventPackages.dialog(), DialogInfo.CONTENT_TYPE, DIALOG_SEEDS);
    anyContentTypeIsReadOrRefused(EventPackages.dialog(), DialogInfo.CONTENT_TYPE, DIALOG_SEEDS);
    randomBytesAreRefused(EventPackages.dialog(), DialogInfo.CONTENT_TYPE);
  }

  @Test
  void pidfBodiesAreReadOrRefused() {
    everyMutationIsReadOrRefused(EventPackages.presence(), Presence.CONTENT_TYPE, PIDF_SEEDS);
    anyContentTypeIsReadOrRefused(EventPackages.presence(), Presence.CONTENT_TYPE, PIDF_SEEDS);
    randomBytesAreRefused(EventPackages.presence(), Presence.CONTENT_TYPE);
  }

  @Test
  void messageSummaryBodiesAreReadOrRefused() {
    everyMutationIsReadOrRefused(
        EventPackages.messageSummary(), MessageSummary.CONTENT_TYPE, SUMMARY_SEEDS);
    anyContentTypeIsReadOrRefused(
        EventPackages.messageSummary(), MessageSummary.CONTENT_TYPE, SUMMARY_SEEDS);
    randomBytesAreRefused(EventPackages.messageSummary(), MessageSummary.CONTENT_TYPE);
  }

  @Test
  void passedThroughBodiesAreAlwaysReadAndPutInline() {
    List<byte[]> all =
        List.of(REGINFO_SEEDS.get(0), DIALOG_SEEDS.get(1), PIDF_SEEDS.get(0), SUMMARY_SEEDS.get(1));
    EventPackage<?> any = EventPackages.defaults().get("x-anything");
    qt().withExamples(1000)
        .forAll(Mutations.contentTypes("application/conference-info+xml"), Mutations.of(all))
        .checkAssert(
            (type, bytes) -> {
              assertTrue(
                  readsOrRefuses(
                      EventPackages.vqRtcpxr(), Body.of(type, bytes), Body.of("a/b", "")));
              any.codec().decode(Body.of(type, bytes));
            });
    qt().withExamples(500)
        .forAll(Mutations.contentTypes("application/xml"), Mutations.randomBytes(300))
        .checkAssert(
            (type, bytes) ->
                assertTrue(
                    readsOrRefuses(
                        EventPackages.vqRtcpxr(), Body.of(type, bytes), Body.of("a/b", ""))));
  }
}
