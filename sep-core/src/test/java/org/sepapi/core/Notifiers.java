package org.sepapi.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sepapi.model.DocumentState;
import org.sepapi.model.dialoginfo.Dialog;
import org.sepapi.model.dialoginfo.DialogInfo;
import org.sepapi.model.reginfo.Contact;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.reginfo.Registration;

/**
 * Models of notifiers for the property tests: each holds a true state, changes it as told, and
 * writes the NOTIFY each change makes (a partial document with the next version, or now and then a
 * full one), the full state a resubscription gets, and the true state a subscriber must end up
 * with.
 */
final class Notifiers {
  private Notifiers() {}

  /** A notifier of one event package. */
  interface Notifier<T> {
    /** The first NOTIFY of the subscription: the full state, version 0. */
    T start();

    /** Changes the state as {@code op} says and returns the NOTIFY that tells it. */
    T change(int op);

    /** The NOTIFY after a refresh SUBSCRIBE: the full state, with the next version. */
    T resync();

    /** A NOTIFY that changes nothing, with the next version (a partial one where it can be). */
    T probe();

    /** The state a subscriber that missed nothing holds now. */
    T truth();
  }

  /**
   * A registrar (RFC 3680) for three addresses-of-record: contacts register, refresh, expire and
   * unregister; a registration whose last contact went is terminated, and may come back with the
   * same or a new id. In {@code zeroFull} mode it behaves like Kamailio: every NOTIFY is a full
   * state with version 0.
   */
  static final class Registrar implements Notifier<Reginfo> {
    private static final String[] AORS = {
      "sip:alice@example.com", "sip:bob@example.com", "sip:carol@example.com"
    };

    private final boolean zeroFull;
    private final Map<String, Reg> registrations = new LinkedHashMap<>();
    private long version = -1;
    private int counter;

    private static final class Reg {
      String id;
      Registration.State state = Registration.State.INIT;
      final Map<String, Contact> contacts = new LinkedHashMap<>();

      Reg(String id) {
        this.id = id;
      }
    }

    Registrar(boolean zeroFull) {
      this.zeroFull = zeroFull;
      for (String aor : AORS) {
        registrations.put(aor, new Reg("r" + counter++));
      }
    }

    @Override
    public Reginfo start() {
      return resync();
    }

    @Override
    public Reginfo change(int op) {
      String aor = AORS[op % AORS.length];
      Reg reg = registrations.get(aor);
      int kind = (op / AORS.length) % 7;
      List<Contact> changed = new ArrayList<>();
      List<String> ids = new ArrayList<>(reg.contacts.keySet());
      if (kind == 4) {
        return resync();
      }
      if (ids.isEmpty() || kind == 0 || kind == 5 || kind == 6) {
        if (reg.state == Registration.State.TERMINATED && kind == 5) {
          reg.id = "r" + counter++;
        }
        Contact contact =
            Contact.builder()
                .id("c" + counter++)
                .event(kind == 6 ? Contact.Event.CREATED : Contact.Event.REGISTERED)
                .uri("sip:" + aor.substring(4, 6) + "@pc" + counter + ".example.com")
                .expires(3600)
                .build();
        reg.contacts.put(contact.id(), contact);
        reg.state = Registration.State.ACTIVE;
        changed.add(contact);
      } else if (kind == 1) {
        String id = ids.get((op / 21) % ids.size());
        Contact refreshed =
            reg.contacts.get(id).toBuilder()
                .event(Contact.Event.REFRESHED)
                .expires(counter++)
                .build();
        reg.contacts.put(id, refreshed);
        changed.add(refreshed);
      } else if (kind == 2) {
        String id = ids.get((op / 21) % ids.size());
        changed.add(terminate(reg.contacts.remove(id), Contact.Event.EXPIRED));
      } else {
        for (String id : ids) {
          changed.add(terminate(reg.contacts.remove(id), Contact.Event.UNREGISTERED));
        }
      }
      if (reg.contacts.isEmpty() && reg.state == Registration.State.ACTIVE) {
        reg.state = Registration.State.TERMINATED;
      }
      if (zeroFull) {
        return resync();
      }
      version++;
      return Reginfo.builder()
          .version(version)
          .state(DocumentState.PARTIAL)
          .addRegistration(
              Registration.builder().aor(aor).id(reg.id).state(reg.state).contacts(changed).build())
          .build();
    }

    private static Contact terminate(Contact contact, Contact.Event event) {
      return contact.toBuilder().state(Contact.State.TERMINATED).event(event).expires(0).build();
    }

    @Override
    public Reginfo resync() {
      version = zeroFull ? 0 : version + 1;
      return truth();
    }

    @Override
    public Reginfo probe() {
      if (zeroFull) {
        return resync();
      }
      version++;
      return Reginfo.builder().version(version).state(DocumentState.PARTIAL).build();
    }

    @Override
    public Reginfo truth() {
      Reginfo.Builder b = Reginfo.builder().version(Math.max(0, version));
      registrations.forEach(
          (aor, reg) ->
              b.addRegistration(
                  Registration.builder()
                      .aor(aor)
                      .id(reg.id)
                      .state(reg.state)
                      .contacts(List.copyOf(reg.contacts.values()))
                      .build()));
      return b.build();
    }
  }

  /**
   * A phone's dialog state (RFC 4235): calls begin (trying, proceeding or early), move on to
   * confirmed, change (tags, duration) and end; an ended call is sent terminated once and leaves
   * the state.
   */
  static final class Phone implements Notifier<DialogInfo> {
    private static final String ENTITY = "sip:1000@pbx.example.com";
    private static final Dialog.State[] STARTS = {
      Dialog.State.TRYING, Dialog.State.PROCEEDING, Dialog.State.EARLY
    };

    private final Map<String, Dialog> dialogs = new LinkedHashMap<>();
    private long version = -1;
    private int counter;

    @Override
    public DialogInfo start() {
      return resync();
    }

    @Override
    public DialogInfo change(int op) {
      int kind = op % 5;
      List<String> ids = new ArrayList<>(dialogs.keySet());
      Dialog changed;
      if (kind == 3) {
        return resync();
      }
      if (ids.isEmpty() || kind == 0) {
        String id = "d" + counter++;
        changed =
            Dialog.builder()
                .id(id)
                .callId("call-" + id)
                .localTag("l" + id)
                .direction(op % 2 == 0 ? Dialog.Direction.INITIATOR : Dialog.Direction.RECIPIENT)
                .state(STARTS[(op / 5) % STARTS.length])
                .build();
        dialogs.put(id, changed);
      } else {
        String id = ids.get((op / 5) % ids.size());
        Dialog dialog = dialogs.get(id);
        if (kind == 1) {
          Dialog.State next =
              switch (dialog.state()) {
                case TRYING -> Dialog.State.PROCEEDING;
                case PROCEEDING -> Dialog.State.EARLY;
                default -> Dialog.State.CONFIRMED;
              };
          changed = dialog.toBuilder().state(next).remoteTag("r" + id).build();
          dialogs.put(id, changed);
        } else if (kind == 2) {
          dialogs.remove(id);
          changed =
              dialog.toBuilder()
                  .state(Dialog.State.TERMINATED)
                  .event(op % 2 == 0 ? Dialog.Event.LOCAL_BYE : Dialog.Event.REMOTE_BYE)
                  .build();
        } else {
          changed = dialog.toBuilder().duration(counter++).build();
          dialogs.put(id, changed);
        }
      }
      version++;
      return DialogInfo.builder()
          .version(version)
          .state(DocumentState.PARTIAL)
          .entity(ENTITY)
          .addDialog(changed)
          .build();
    }

    @Override
    public DialogInfo resync() {
      version++;
      return truth();
    }

    @Override
    public DialogInfo probe() {
      version++;
      return DialogInfo.builder()
          .version(version)
          .state(DocumentState.PARTIAL)
          .entity(ENTITY)
          .build();
    }

    @Override
    public DialogInfo truth() {
      return DialogInfo.builder()
          .version(Math.max(0, version))
          .entity(ENTITY)
          .dialogs(List.copyOf(dialogs.values()))
          .build();
    }
  }
}
