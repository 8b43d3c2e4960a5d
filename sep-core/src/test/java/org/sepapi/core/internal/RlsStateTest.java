package org.sepapi.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.core.TestDocuments.REGINFO;
import static org.sepapi.core.TestDocuments.SECTION_5_TYPE;
import static org.sepapi.core.TestDocuments.SECTION_6_FINAL_TYPE;
import static org.sepapi.core.TestDocuments.SECTION_6_PARTIAL_TYPE;
import static org.sepapi.core.TestDocuments.rls;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sepapi.core.EventPackages;
import org.sepapi.core.internal.RlsState.InstanceState;
import org.sepapi.core.internal.RlsState.ResourceState;
import org.sepapi.core.internal.RlsState.Update;
import org.sepapi.model.DocumentState;
import org.sepapi.model.pidf.Presence;
import org.sepapi.model.reginfo.Contact;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.reginfo.Registration;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.RlmiNotification;

class RlsStateTest {
  private static final String BOB = "sip:bob@vancouver.example.com";
  private static final String DAVE = "sip:dave@vancouver.example.com";
  private static final String ED = "sip:ed@dallas.example.net";
  private static final String ORG = "sip:adam-friends@stockholm.example.org";
  private static final String VANCOUVER = "sip:adam-friends@pres.vancouver.example.com";

  private static final RlmiNotification SECTION_5 =
      rls(SECTION_5_TYPE, "/rfc4662/section-5-notify.txt");
  private static final RlmiNotification SECTION_6_PARTIAL =
      rls(SECTION_6_PARTIAL_TYPE, "/rfc4662/section-6-reconstructed-partial-notify.txt");
  private static final RlmiNotification SECTION_6_FINAL =
      rls(SECTION_6_FINAL_TYPE, "/rfc4662/section-6-reconstructed-final-notify.txt");

  private final RlsState<Presence> empty = RlsState.empty(EventPackages.presence());

  private static InstanceState<Presence> instance(RlsState<Presence> state, String uri) {
    return state.resource(uri).orElseThrow().instances().values().iterator().next();
  }

  private static String basic(InstanceState<Presence> instance) {
    return instance.value().orElseThrow().tuples().get(0).status().basic().orElseThrow().xml();
  }

  @Test
  void aFullListGivesEveryResourceWithItsState() {
    Update<Presence> update = empty.apply(SECTION_5);

    RlsState<Presence> state = update.state();
    assertEquals(List.of(BOB, DAVE, ED, ORG), List.copyOf(state.resources().keySet()));
    assertEquals(Set.of(BOB, DAVE, ED, ORG), update.changed());
    assertEquals(Optional.empty(), update.resync());
    assertEquals(1, state.version().getAsLong());
    assertEquals("sip:adam-friends@pres.vancouver.example.com", state.uri().orElseThrow());

    InstanceState<Presence> bob = instance(state, BOB);
    assertEquals("juwigmtboe", bob.id());
    assertEquals(Instance.State.ACTIVE, bob.state());
    assertEquals("open", basic(bob));
    assertEquals("closed", basic(instance(state, DAVE)));
    assertEquals("Bob Smith", state.resource(BOB).orElseThrow().names().get(0).text());
    assertEquals(0, state.resource(ED).orElseThrow().instances().size());
  }

  @Test
  void aPartialListChangesOnlyTheResourcesItNames() {
    RlsState<Presence> first = empty.apply(SECTION_5).state();
    Update<Presence> update = first.apply(SECTION_6_PARTIAL);
    RlsState<Presence> state = update.state();

    assertEquals(List.of(ED, ORG), List.copyOf(update.changed()));
    assertEquals(Optional.empty(), update.resync());
    assertSame(first.resource(BOB).orElseThrow(), state.resource(BOB).orElseThrow());
    assertSame(first.resource(DAVE).orElseThrow(), state.resource(DAVE).orElseThrow());

    InstanceState<Presence> ed = instance(state, ED);
    assertEquals(Instance.State.PENDING, ed.state());
    assertEquals(Optional.empty(), ed.value());

    // the ORG resource is itself a list, with its own RLMI version and resources
    RlsState<Presence> org = instance(state, ORG).nested().orElseThrow();
    assertEquals(1, org.version().getAsLong());
    assertEquals(
        List.of(
            "sip:joe@stockholm.example.org",
            "sip:mark@stockholm.example.org",
            "sip:lisa@stockholm.example.org"),
        List.copyOf(org.resources().keySet()));
    assertEquals("open", basic(instance(org, "sip:joe@stockholm.example.org")));
    assertEquals(Instance.State.PENDING, instance(org, "sip:lisa@stockholm.example.org").state());
  }

  @Test
  void aTerminatedInstanceIsKeptWithItsReason() {
    RlsState<Presence> second = empty.apply(SECTION_5).state().apply(SECTION_6_PARTIAL).state();
    Update<Presence> update = second.apply(SECTION_6_FINAL);
    RlsState<Presence> state = update.state();

    assertEquals(List.of(DAVE, ED), List.copyOf(update.changed()));
    assertEquals("open", basic(instance(state, DAVE)));
    InstanceState<Presence> ed = instance(state, ED);
    assertEquals(Instance.State.TERMINATED, ed.state());
    assertEquals("rejected", ed.reason().orElseThrow());
    assertEquals(3, state.version().getAsLong());
  }

  @Test
  void aTerminatedInstanceGoesWhenItsResourceIsNamedAgainWithoutIt() {
    RlsState<Presence> state =
        empty
            .apply(SECTION_5)
            .state()
            .apply(SECTION_6_PARTIAL)
            .state()
            .apply(SECTION_6_FINAL)
            .state();
    RlmiNotification retried =
        RlsBodies.partial(4)
            .uri(VANCOUVER)
            .resource(ED, Instance.builder().id("newone").state(Instance.State.PENDING).build())
            .build();
    RlsState<Presence> next = state.apply(retried).state();
    assertEquals(Set.of("newone"), next.resource(ED).orElseThrow().instances().keySet());
  }

  @Test
  void aDuplicateOrLateListChangesNothing() {
    RlsState<Presence> state = empty.apply(SECTION_5).state().apply(SECTION_6_PARTIAL).state();
    Update<Presence> duplicate = state.apply(SECTION_6_PARTIAL);
    assertTrue(duplicate.isUnchanged());
    assertSame(state, duplicate.state());
  }

  @Test
  void theSameFullListAgainChangesNoResource() {
    RlsState<Presence> state = empty.apply(SECTION_5).state();
    Update<Presence> again = state.apply(SECTION_5);
    assertTrue(again.isUnchanged(), again::toString);
    assertEquals(state, again.state());
  }

  @Test
  void aVersionGapAsksForAResyncAndKeepsTheResourcesMeanwhile() {
    RlsState<Presence> first = empty.apply(SECTION_5).state();
    Update<Presence> gap = first.apply(SECTION_6_FINAL);

    assertEquals(
        "RLMI list version 3 follows version 1: 1 NOTIFY was lost", gap.resync().orElseThrow());
    assertEquals(Set.of(), gap.changed());
    assertTrue(gap.state().awaitingFullState());
    assertEquals(first.resources(), gap.state().resources());

    // only a full list is taken until the resync comes
    Update<Presence> late = gap.state().apply(SECTION_6_PARTIAL);
    assertTrue(late.resync().isPresent());
    Update<Presence> full = late.state().apply(SECTION_5);
    assertEquals(Optional.empty(), full.resync());
    assertEquals(1, full.state().version().getAsLong());
    assertEquals(first, full.state());
  }

  @Test
  void aPartialListOfAnotherListAsksForAResync() {
    RlsState<Presence> state = empty.apply(SECTION_5).state();
    Update<Presence> update = state.apply(RlsBodies.partial(2).resource(BOB).build());
    assertEquals(
        "a partial list of " + RlsBodies.LIST + " on the subscription to " + VANCOUVER,
        update.resync().orElseThrow());
    assertTrue(update.state().awaitingFullState());
  }

  @Test
  void aPartialListBeforeAnyFullOneAsksForAResync() {
    Update<Presence> update = empty.apply(SECTION_6_PARTIAL);
    assertEquals(
        "a partial RLMI list (version 2) before any full state", update.resync().orElseThrow());
    assertTrue(update.state().resources().isEmpty());
  }

  @Test
  void aFullListDropsTheResourcesItDoesNotName() {
    RlsState<Presence> state = empty.apply(SECTION_5).state();
    RlmiNotification smaller =
        RlsBodies.full(0)
            .resource(
                BOB,
                "x",
                "application/pidf+xml",
                "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:bob@x'/>"
                    .getBytes(StandardCharsets.UTF_8))
            .build();
    Update<Presence> update = state.apply(smaller);
    assertEquals(List.of(BOB), List.copyOf(update.state().resources().keySet()));
    assertEquals(Set.of(BOB, DAVE, ED, ORG), update.changed());
  }

  @Test
  void aMissingOrUnreadablePartIsAProblemOfItsInstanceOnly() {
    RlsState<Presence> state = empty.apply(SECTION_5).state();
    RlmiNotification broken =
        RlsBodies.partial(2)
            .uri(VANCOUVER)
            .resource(
                BOB,
                "juwigmtboe",
                "application/pidf+xml",
                "<presence xmlns='urn:ietf:params:xml:ns:pidf'>\n<tuple"
                    .getBytes(StandardCharsets.UTF_8))
            .resource(DAVE, Instance.builder().id("hqzsuxtfyq").cid("gone@x").build())
            .build();
    Update<Presence> update = state.apply(broken);

    assertEquals(Optional.empty(), update.resync());
    assertEquals(List.of(BOB, DAVE), List.copyOf(update.changed()));
    InstanceState<Presence> bob = instance(update.state(), BOB);
    assertEquals("open", basic(bob), "the last known state stays");
    assertTrue(bob.problem().orElseThrow().startsWith("line 2"), bob.problem()::get);
    InstanceState<Presence> dave = instance(update.state(), DAVE);
    assertEquals("closed", basic(dave));
    assertEquals("the body has no part gone@x", dave.problem().orElseThrow());
  }

  @Test
  void regPartsAreMergedPerInstanceWithTheirOwnVersions() {
    RlsState<Reginfo> state = RlsState.empty(EventPackages.reg());
    String alice = "sip:alice@example.com";
    String bob = "sip:bob@example.com";

    Update<Reginfo> first =
        state.apply(
            RlsBodies.full(0)
                .resource(alice, "a", Reginfo.CONTENT_TYPE, reginfo(alice, 0, true, "c1"))
                .resource(bob, "b", Reginfo.CONTENT_TYPE, reginfo(bob, 0, true, "d1"))
                .build());
    Update<Reginfo> second =
        first
            .state()
            .apply(
                RlsBodies.partial(1)
                    .resource(alice, "a", Reginfo.CONTENT_TYPE, reginfo(alice, 1, false, "c2"))
                    .build());
    assertEquals(Set.of(alice), second.changed());
    assertEquals(List.of("c1", "c2"), contacts(second.state(), alice));

    // alice's registrar skipped a version; bob's part is still applied
    Update<Reginfo> third =
        second
            .state()
            .apply(
                RlsBodies.partial(2)
                    .resource(alice, "a", Reginfo.CONTENT_TYPE, reginfo(alice, 3, false, "c3"))
                    .resource(bob, "b", Reginfo.CONTENT_TYPE, reginfo(bob, 1, false, "d2"))
                    .build());
    assertEquals(
        alice + " (instance a): reginfo version 3 follows version 1: 1 NOTIFY was lost",
        third.resync().orElseThrow());
    assertEquals(List.of("c1", "c2"), contacts(third.state(), alice));
    assertTrue(third.state().resource(alice).get().instances().get("a").problem().isPresent());
    assertEquals(List.of("d1", "d2"), contacts(third.state(), bob));
    assertFalse(third.state().awaitingFullState());

    // until alice's full state comes, her partial documents are not applied on a stale state
    Update<Reginfo> fourth =
        third
            .state()
            .apply(
                RlsBodies.partial(3)
                    .resource(alice, "a", Reginfo.CONTENT_TYPE, reginfo(alice, 4, false, "c4"))
                    .build());
    assertTrue(fourth.resync().isPresent());
    Update<Reginfo> refreshed =
        fourth
            .state()
            .apply(
                RlsBodies.full(4)
                    .resource(alice, "a", Reginfo.CONTENT_TYPE, reginfo(alice, 4, true, "c4"))
                    .resource(bob, "b", Reginfo.CONTENT_TYPE, reginfo(bob, 1, false, "d2"))
                    .build());
    assertEquals(Optional.empty(), refreshed.resync());
    assertEquals(List.of("c4"), contacts(refreshed.state(), alice));
    assertEquals(
        Optional.empty(), refreshed.state().resource(alice).get().instances().get("a").problem());
    assertEquals(Set.of(alice), refreshed.changed(), "bob's duplicate part changed nothing");
  }

  private static byte[] reginfo(String aor, long version, boolean full, String contactId) {
    return REGINFO.encode(
        Reginfo.builder()
            .version(version)
            .state(full ? DocumentState.FULL : DocumentState.PARTIAL)
            .addRegistration(
                Registration.builder()
                    .aor(aor)
                    .id("r-" + aor)
                    .addContact(
                        Contact.builder().id(contactId).uri("sip:" + contactId + "@pc").build())
                    .build())
            .build());
  }

  private static List<String> contacts(RlsState<Reginfo> state, String aor) {
    ResourceState<Reginfo> resource = state.resource(aor).orElseThrow();
    return resource
        .instances()
        .values()
        .iterator()
        .next()
        .value()
        .orElseThrow()
        .registrations()
        .get(0)
        .contacts()
        .stream()
        .map(Contact::id)
        .toList();
  }
}
