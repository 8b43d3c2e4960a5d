package org.sepapi.core.internal;

import java.util.ArrayList;
import java.util.List;
import org.sepapi.core.spi.Merge;
import org.sepapi.model.DocumentState;
import org.sepapi.model.reginfo.Contact;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.reginfo.Registration;

/**
 * Merges reginfo NOTIFYs (RFC 3680 sections 5 and 6) into the full registration state of a
 * subscription.
 *
 * <ul>
 *   <li>A full document replaces the whole state, whatever its version: registrars such as Kamailio
 *       send {@code version="0"} on every full NOTIFY, and a new subscription starts again at 0.
 *       The same full state again is {@link Merge.Unchanged}.
 *   <li>A partial document applies only on the version just before it: before any full state, or
 *       after a skipped version, it asks for a {@link Merge.Resync}; an equal or older version is a
 *       duplicate or came late and changes nothing.
 *   <li>Applying a partial document: each of its registrations is matched by {@code id}. A match
 *       takes the partial registration's attributes ({@code aor}, {@code state}, other attributes)
 *       and extension elements, and its contacts are merged by contact {@code id}: a contact in the
 *       partial document replaces the one with its id, or is added after the others. A registration
 *       with a new id for an address-of-record already held replaces that one (the registrar began
 *       a new registration for it); any other is added.
 *   <li>A contact in state {@code terminated} is applied and then removed: the merged state lists
 *       the contacts that are registered, as a full NOTIFY of the same moment would. A registration
 *       itself stays, with the state its last document gave it (an address-of-record whose last
 *       contact expired shows as {@code terminated} with no contacts), so that a client sees it
 *       unregistered rather than vanished. Terminated contacts of a full document are removed too,
 *       so the merged state is the same however it was reached.
 * </ul>
 *
 * <p>The merged document is {@code state="full"} with the version of the last document applied, and
 * keeps the root's attributes and extension elements of that document.
 *
 * <p>Thread-safe (stateless).
 */
public final class ReginfoMerger extends VersionedMerger<Reginfo> {
  /** The one instance. */
  public static final ReginfoMerger INSTANCE = new ReginfoMerger();

  private ReginfoMerger() {
    super("reginfo");
  }

  @Override
  boolean isFull(Reginfo document) {
    return document.isFull();
  }

  @Override
  long version(Reginfo document) {
    return document.version();
  }

  @Override
  Reginfo normalised(Reginfo full) {
    return withoutTerminatedContacts(full);
  }

  @Override
  Reginfo apply(Reginfo current, Reginfo partial) {
    List<Registration> registrations = new ArrayList<>(current.registrations());
    for (Registration registration : partial.registrations()) {
      int same = indexOfId(registrations, registration.id());
      if (same >= 0) {
        registrations.set(same, merge(registrations.get(same), registration));
        continue;
      }
      Registration fresh = withoutTerminatedContacts(registration);
      int sameAor = indexOfAor(registrations, registration.aor());
      if (sameAor >= 0) {
        registrations.set(sameAor, fresh);
      } else {
        registrations.add(fresh);
      }
    }
    return partial.toBuilder().state(DocumentState.FULL).registrations(registrations).build();
  }

  private static Registration merge(Registration current, Registration partial) {
    List<Contact> contacts = new ArrayList<>(current.contacts());
    for (Contact contact : partial.contacts()) {
      int same = indexOfContact(contacts, contact.id());
      if (contact.state() == Contact.State.TERMINATED) {
        if (same >= 0) {
          contacts.remove(same);
        }
      } else if (same >= 0) {
        contacts.set(same, contact);
      } else {
        contacts.add(contact);
      }
    }
    return partial.toBuilder().contacts(contacts).build();
  }

  private static Reginfo withoutTerminatedContacts(Reginfo full) {
    boolean clean = full.registrations().stream().allMatch(ReginfoMerger::hasNoTerminatedContact);
    if (clean && full.isFull()) {
      return full;
    }
    List<Registration> registrations = new ArrayList<>(full.registrations().size());
    for (Registration registration : full.registrations()) {
      registrations.add(withoutTerminatedContacts(registration));
    }
    return full.toBuilder().state(DocumentState.FULL).registrations(registrations).build();
  }

  private static Registration withoutTerminatedContacts(Registration registration) {
    if (hasNoTerminatedContact(registration)) {
      return registration;
    }
    List<Contact> active = new ArrayList<>();
    for (Contact contact : registration.contacts()) {
      if (contact.state() != Contact.State.TERMINATED) {
        active.add(contact);
      }
    }
    return registration.toBuilder().contacts(active).build();
  }

  private static boolean hasNoTerminatedContact(Registration registration) {
    for (Contact contact : registration.contacts()) {
      if (contact.state() == Contact.State.TERMINATED) {
        return false;
      }
    }
    return true;
  }

  private static int indexOfId(List<Registration> registrations, String id) {
    for (int i = 0; i < registrations.size(); i++) {
      if (registrations.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfAor(List<Registration> registrations, String aor) {
    for (int i = 0; i < registrations.size(); i++) {
      if (registrations.get(i).aor().equals(aor)) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfContact(List<Contact> contacts, String id) {
    for (int i = 0; i < contacts.size(); i++) {
      if (contacts.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return "ReginfoMerger";
  }
}
