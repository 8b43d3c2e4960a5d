package org.sepapi.core.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.EventPackages;
import org.sepapi.core.SubscriberState;
import org.sepapi.core.internal.ListContent;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipUri;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.multipart.BodyPart;
import org.sepapi.model.multipart.MultipartRelated;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;
import org.sepapi.model.rlmi.RlmiList;

/** A subscription to a resource list (RFC 4662): multipart NOTIFYs merged into a list. */
class RlsTest {
  private static final SipUri LIST = SipUri.parse("sip:friends@pbx.test");
  private static final XmlCodec<RlmiList> RLMI = XmlCodec.of(RlmiList.class);

  private final Subscriber gw = new Subscriber();

  @AfterEach
  void nothingThrew() {
    gw.assertNothingThrew();
    gw.close();
  }

  /** A list NOTIFY body: bob's registration as one instance. */
  private static MultipartRelated list(long version, boolean full, String contactState) {
    RlmiList rlmi =
        RlmiList.builder()
            .uri(LIST.toString())
            .version(version)
            .fullState(full)
            .resources(
                List.of(
                    Resource.builder()
                        .uri("sip:bob@pbx.test")
                        .instances(List.of(Instance.builder().id("i1").cid("p1@pbx.test").build()))
                        .build()))
            .build();
    return MultipartRelated.builder()
        .type(RlmiList.CONTENT_TYPE)
        .start("root@pbx.test")
        .addPart(
            BodyPart.builder()
                .contentId("root@pbx.test")
                .contentType(RlmiList.CONTENT_TYPE)
                .body(RLMI.encode(rlmi))
                .build())
        .addPart(
            BodyPart.builder()
                .contentId("p1@pbx.test")
                .contentType(Reginfo.CONTENT_TYPE)
                .body(NotifyTest.reginfo(0, "full", contactState).getBytes(StandardCharsets.UTF_8))
                .build())
        .build();
  }

  private SipRequest subscribed(Subscriber.Machine m) {
    gw.pbx.answer("SUBSCRIBE", 200, "Require: eventlist");
    m.start();
    return gw.pbx.takeRequest("SUBSCRIBE");
  }

  @Test
  void aListNotifyIsMergedIntoTheListContent() {
    Subscriber.Machine m = gw.machine(LIST, EventPackages.reg(), true);
    SipRequest s = subscribed(m);
    MultipartRelated body = list(0, true, "active");
    gw.pbx.notifyFor(s).body(body.contentType(), body.encode()).send();
    m.assertState(SubscriberState.ACTIVE);
    assertEquals(1, m.contents.size(), m.events.toString());
    ListContent<?> content = (ListContent<?>) m.contents.get(0);
    assertEquals(Set.of("sip:bob@pbx.test"), content.state().resources().keySet());
    assertEquals(Set.of("sip:bob@pbx.test"), content.takeChanged());
    assertEquals(Set.of(), content.takeChanged());
    gw.pbx.assertNoMoreRequests();
  }

  @Test
  void aPartialListAfterAGapIsResynchronisedAndTheRefreshStillAsksForTheList() {
    Subscriber.Machine m = gw.machine(LIST, EventPackages.reg(), true);
    SipRequest s = subscribed(m);
    MultipartRelated full = list(0, true, "active");
    gw.pbx.notifyFor(s).body(full.contentType(), full.encode()).send();
    MultipartRelated gap = list(2, false, "terminated");
    gw.pbx.notifyFor(s).body(gap.contentType(), gap.encode()).send();
    SipRequest refresh = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals("pbx-1", refresh.to().tag().orElseThrow());
    assertEquals(List.of("eventlist"), refresh.elements("Supported"));
    assertTrue(refresh.elements("Accept").contains("multipart/related"));
    assertEquals(1, m.contents.size(), "the partial list changed nothing");
  }

  @Test
  void aBodyThatIsNoListIsAnsweredAndResynchronised() {
    Subscriber.Machine m = gw.machine(LIST, EventPackages.reg(), true);
    SipRequest s = subscribed(m);
    assertEquals(
        200,
        gw.pbx
            .notifyFor(s)
            .body(NotifyTest.REGINFO, NotifyTest.reginfo(0, "full", "active"))
            .send()
            .response()
            .status());
    m.assertState(SubscriberState.ACTIVE);
    assertEquals("pbx-1", gw.pbx.takeRequest("SUBSCRIBE").to().tag().orElseThrow());
    assertTrue(m.contents.isEmpty());
  }
}
