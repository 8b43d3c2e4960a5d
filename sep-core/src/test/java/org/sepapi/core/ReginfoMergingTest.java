package org.sepapi.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.sepapi.core.TestDocuments.REGINFO;
import static org.sepapi.core.TestDocuments.reginfo;

import java.util.List;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.sepapi.core.spi.Merge;
import org.sepapi.core.spi.StateMerger;
import org.sepapi.model.DocumentState;
import org.sepapi.model.reginfo.Contact;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.reginfo.Registration;

class ReginfoMergingTest {
  private static final String AOR = "sip:joe@example.com";

  private final StateMerger<Reginfo> merger = EventPackages.reg().merger();

  private Reginfo merged(Optional<Reginfo> current, Reginfo incoming) {
    Merge<Reginfo> merge = merger.merge(current, incoming);
    if (merge instanceof Merge.Changed<Reginfo> changed) {
      return changed.state();
    }
    return fail("expected a change, got " + merge);
  }

  private Reginfo merged(Reginfo current, Reginfo incoming) {
    return merged(Optional.of(current), incoming);
  }

  private static Reginfo partial(long version, Registration... registrations) {
    return Reginfo.builder()
        .version(version)
        .state(DocumentState.PARTIAL)
        .registrations(List.of(registrations))
        .build();
  }

  private static Reginfo full(long version, Registration... registrations) {
    return Reginfo.builder().version(version).registrations(List.of(registrations)).build();
  }

  private static Registration registration(
      String id, Registration.State state, Contact... contacts) {
    return Registration.builder().aor(AOR).id(id).state(state).contacts(List.of(contacts)).build();
  }

  private static Contact contact(String id, Contact.State state, Contact.Event event) {
    return Contact.builder()
        .id(id)
        .state(state)
        .event(event)
        .uri("sip:joe@" + id + ".example.com")
        .build();
  }

  private static Contact active(String id) {
    return contact(id, Contact.State.ACTIVE, Contact.Event.REGISTERED);
  }

  @Test
  void theRfc3680CallFlowEndsWithOneRegisteredContact() {
    Reginfo first = merged(Optional.empty(), reginfo("/rfc3680/call-flow-notify-1.xml"));
    assertEquals(Registration.State.INIT, first.registration(AOR).orElseThrow().state());

    Reginfo second = merged(first, reginfo("/rfc3680/call-flow-notify-2.xml"));

    assertEquals(1, second.version());
    assertEquals(DocumentState.FULL, second.state());
    Registration joe = second.registration(AOR).orElseThrow();
    assertEquals("a7", joe.id());
    assertEquals(Registration.State.ACTIVE, joe.state());
    assertEquals(List.of("76"), joe.contacts().stream().map(Contact::id).toList());
    assertEquals("sip:joe@pc34.example.com", joe.contacts().get(0).uri());
  }

  @Test
  void aFullStateIsTakenWhateverItsVersionEvenZeroEveryTime() {
    // Kamailio sends version="0" on every full NOTIFY.
    Reginfo one = full(0, registration("r1", Registration.State.ACTIVE, active("c1")));
    Reginfo two =
        full(0, registration("r1", Registration.State.ACTIVE, active("c1"), active("c2")));
    Reginfo none = full(0, registration("r1", Registration.State.TERMINATED));

    Reginfo state = merged(Optional.empty(), one);
    state = merged(state, two);
    assertEquals(2, state.registrations().get(0).contacts().size());
    state = merged(state, none);
    assertEquals(none, state);
    assertInstanceOf(Merge.Unchanged.class, merger.merge(Optional.of(state), none));

    Reginfo older = full(0, registration("r1", Registration.State.ACTIVE, active("c9")));
    assertEquals(older, merged(full(7), older));
  }

  @Test
  void aPartialStateBeforeAnyFullOneAsksForAResync() {
    Merge<Reginfo> merge =
        merger.merge(Optional.empty(), reginfo("/rfc3680/call-flow-notify-2.xml"));
    Merge.Resync<?> resync = assertInstanceOf(Merge.Resync.class, merge);
    assertEquals("a partial reginfo (version 1) before any full state", resync.reason());
  }

  @Test
  void aVersionGapAsksForAResync() {
    Reginfo state = full(3, registration("r1", Registration.State.ACTIVE, active("c1")));
    Merge<Reginfo> merge =
        merger.merge(Optional.of(state), partial(6, registration("r1", Registration.State.ACTIVE)));
    Merge.Resync<?> resync = assertInstanceOf(Merge.Resync.class, merge);
    assertEquals("reginfo version 6 follows version 3: 2 NOTIFYs were lost", resync.reason());
  }

  @Test
  void aDuplicateOrLatePartialStateChangesNothing() {
    Reginfo state = full(3, registration("r1", Registration.State.ACTIVE, active("c1")));
    Reginfo late = partial(2, registration("r1", Registration.State.ACTIVE, active("c2")));
    Reginfo duplicate = partial(3, registration("r1", Registration.State.ACTIVE, active("c3")));
    assertInstanceOf(Merge.Unchanged.class, merger.merge(Optional.of(state), late));
    assertInstanceOf(Merge.Unchanged.class, merger.merge(Optional.of(state), duplicate));
  }

  @Test
  void contactsAreAddedReplacedAndRemovedByTheirId() {
    Reginfo state = full(0, registration("r1", Registration.State.ACTIVE, active("c1")));

    state = merged(state, partial(1, registration("r1", Registration.State.ACTIVE, active("c2"))));
    assertEquals(List.of("c1", "c2"), contactIds(state));

    Contact refreshed =
        contact("c1", Contact.State.ACTIVE, Contact.Event.REFRESHED).toBuilder()
            .expires(60)
            .build();
    state = merged(state, partial(2, registration("r1", Registration.State.ACTIVE, refreshed)));
    assertEquals(List.of("c1", "c2"), contactIds(state));
    assertEquals(refreshed, state.registrations().get(0).contacts().get(0));

    Contact expired = contact("c2", Contact.State.TERMINATED, Contact.Event.EXPIRED);
    state = merged(state, partial(3, registration("r1", Registration.State.ACTIVE, expired)));
    assertEquals(List.of("c1"), contactIds(state));
    assertEquals(3, state.version());
  }

  @Test
  void anAddressOfRecordWhoseLastContactWentStaysAsTerminated() {
    Reginfo state = full(0, registration("r1", Registration.State.ACTIVE, active("c1")));
    Contact unregistered = contact("c1", Contact.State.TERMINATED, Contact.Event.UNREGISTERED);

    state =
        merged(state, partial(1, registration("r1", Registration.State.TERMINATED, unregistered)));

    Registration joe = state.registration(AOR).orElseThrow();
    assertEquals(Registration.State.TERMINATED, joe.state());
    assertEquals(List.of(), joe.contacts());
  }

  @Test
  void aNewRegistrationIdForAKnownAddressOfRecordReplacesTheOldRegistration() {
    Reginfo state = full(0, registration("r1", Registration.State.TERMINATED));
    state = merged(state, partial(1, registration("r2", Registration.State.ACTIVE, active("c5"))));
    assertEquals(1, state.registrations().size());
    assertEquals("r2", state.registrations().get(0).id());
    assertEquals(List.of("c5"), contactIds(state));
  }

  @Test
  void anotherAddressOfRecordIsAdded() {
    Reginfo state = full(0, registration("r1", Registration.State.ACTIVE, active("c1")));
    Registration alice =
        Registration.builder()
            .aor("sip:alice@example.com")
            .id("r9")
            .state(Registration.State.ACTIVE)
            .addContact(active("a1"))
            .build();
    state = merged(state, partial(1, alice));
    assertEquals(
        List.of(AOR, "sip:alice@example.com"),
        state.registrations().stream().map(Registration::aor).toList());
  }

  @Test
  void terminatedContactsOfAFullStateAreLeftOut() {
    Reginfo state = merged(Optional.empty(), reginfo("/rfc3680/example.xml"));
    Registration user = state.registration("sip:user@example.com").orElseThrow();
    assertEquals(List.of("76"), user.contacts().stream().map(Contact::id).toList());
    // the document's other attributes (xsi) and the contact's attributes stay
    assertEquals("0.8", user.contacts().get(0).q().orElseThrow());
  }

  @Test
  void whatTheRegistrarAddsBeyondRfc3680IsKeptThroughMerges() {
    Reginfo kamailio = reginfo("/interop/registrar-extras.xml");
    Reginfo state = merged(Optional.empty(), kamailio);
    Registration alice = state.registrations().get(0);
    Contact refreshed =
        alice.contacts().get(0).toBuilder().event(Contact.Event.REFRESHED).expires(3600).build();
    Registration partialAlice =
        alice.toBuilder()
            .contacts(List.of(refreshed))
            .otherAttribute(new QName("urn:example:x", "node"), "edge-2")
            .build();

    state = merged(state, partial(1, partialAlice));

    Contact kept = state.registrations().get(0).contacts().get(0);
    assertEquals("sipp", kept.otherAttributes().get(new QName("user_agent")));
    assertEquals(4, kept.extensions().size());
    assertEquals(3600, kept.expires().orElseThrow());
    assertEquals(
        "edge-2",
        state.registrations().get(0).otherAttributes().get(new QName("urn:example:x", "node")));
    // and it still reads back as it is written
    assertEquals(state, REGINFO.decode(REGINFO.encode(state)));
  }

  @Test
  void theMergedStateIsFullWithTheVersionOfTheLastDocument() {
    Reginfo state = full(41, registration("r1", Registration.State.ACTIVE, active("c1")));
    Reginfo next = merged(state, partial(42));
    assertEquals(42, next.version());
    assertTrue(next.isFull());
    assertEquals(state.registrations(), next.registrations());
  }

  private static List<String> contactIds(Reginfo state) {
    return state.registrations().get(0).contacts().stream().map(Contact::id).toList();
  }
}
