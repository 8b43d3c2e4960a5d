package org.sepapi.examples.demo;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.sepapi.core.spi.Body;
import org.sepapi.model.DocumentState;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.dialoginfo.Dialog;
import org.sepapi.model.dialoginfo.DialogInfo;
import org.sepapi.model.dialoginfo.NameAddr;
import org.sepapi.model.dialoginfo.Participant;
import org.sepapi.model.messagesummary.MessageContextClass;
import org.sepapi.model.messagesummary.MessageSummary;
import org.sepapi.model.pidf.Presence;
import org.sepapi.model.pidf.Status;
import org.sepapi.model.pidf.Tuple;
import org.sepapi.model.reginfo.Contact;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.reginfo.Registration;

/**
 * The made-up state of one demo user: registered contacts, the current call, voicemail counts and
 * presence, and how a tick of the demo changes them; and beside the made-up call, the real calls of
 * the user's demo phone (see {@link DemoPhones}), which its dialog state shows too. Not
 * thread-safe: the demo PBX confines it to its own executor.
 */
final class DemoState {
  /** The event packages the demo PBX serves. */
  enum Package {
    REG("reg"),
    DIALOG("dialog"),
    MESSAGE_SUMMARY("message-summary"),
    PRESENCE("presence");

    final String token;

    Package(String token) {
      this.token = token;
    }

    static Package of(String token) {
      for (Package value : values()) {
        if (value.token.equalsIgnoreCase(token)) {
          return value;
        }
      }
      return null;
    }
  }

  private static final XmlCodec<Reginfo> REGINFO = XmlCodec.of(Reginfo.class);
  private static final XmlCodec<DialogInfo> DIALOG_INFO = XmlCodec.of(DialogInfo.class);
  private static final XmlCodec<Presence> PIDF = XmlCodec.of(Presence.class);
  private static final String[] DEVICES = {"desk", "mobile", "softphone"};

  private final String user;
  private final String domain;
  private final List<String> others;
  private final List<String> contacts = new ArrayList<>();
  private final List<String> unregistered = new ArrayList<>();
  private Dialog.State callState;
  private boolean callEnded;
  private int callNumber;
  private String peer;
  private Dialog.Direction direction;
  private long newMessages;
  private long oldMessages;
  private boolean open;
  // the calls of the user's demo phone, by dialog id: shown until a NOTIFY has told their end
  private final Map<String, Dialog> phoneCalls = new LinkedHashMap<>();

  DemoState(String user, String domain, List<String> others) {
    this.user = user;
    this.domain = domain;
    this.others = others;
  }

  String aor() {
    return "sip:" + user + "@" + domain;
  }

  /** One tick: changes some of the state; returns the packages whose state changed. */
  Set<Package> tick(RandomGenerator random) {
    Set<Package> changed = EnumSet.noneOf(Package.class);
    unregistered.clear();
    callEnded = false;
    // registrations: a device registers or unregisters, every tick
    if (contacts.isEmpty() || (contacts.size() < DEVICES.length && random.nextBoolean())) {
      List<String> free = new ArrayList<>();
      for (String device : DEVICES) {
        if (!contacts.contains(contactUri(device))) {
          free.add(contactUri(device));
        }
      }
      contacts.add(free.get(random.nextInt(free.size())));
    } else {
      unregistered.add(contacts.remove(random.nextInt(contacts.size())));
    }
    changed.add(Package.REG);
    // calls: idle -> early -> confirmed (for a while) -> terminated -> idle
    if (callState == null) {
      if (random.nextInt(3) > 0 && !others.isEmpty()) {
        callNumber++;
        callState = Dialog.State.EARLY;
        peer = others.get(random.nextInt(others.size()));
        direction = random.nextBoolean() ? Dialog.Direction.INITIATOR : Dialog.Direction.RECIPIENT;
        changed.add(Package.DIALOG);
      }
    } else if (callState == Dialog.State.EARLY) {
      callState = Dialog.State.CONFIRMED;
      changed.add(Package.DIALOG);
    } else if (random.nextInt(3) == 0) {
      callEnded = true;
      changed.add(Package.DIALOG);
    }
    // voicemail: a message arrives, or the new ones get read
    if (newMessages > 0 && random.nextInt(3) == 0) {
      oldMessages += newMessages;
      newMessages = 0;
    } else {
      newMessages++;
    }
    changed.add(Package.MESSAGE_SUMMARY);
    // presence: flips now and then
    if (random.nextBoolean()) {
      open = !open;
      changed.add(Package.PRESENCE);
    }
    return changed;
  }

  /** After the NOTIFYs of a tick: what ended is forgotten. */
  void settle() {
    unregistered.clear();
    if (callEnded) {
      callEnded = false;
      callState = null;
    }
  }

  /**
   * A call of the user's demo phone begins or changes: {@code dialog} replaces the one with its id.
   * A terminated one is shown in the next dialog NOTIFY, then forgotten ({@link #settleCalls()}).
   */
  void phoneCall(Dialog dialog) {
    phoneCalls.put(dialog.id(), dialog);
  }

  /** The calls of the user's demo phone, as the dialog state shows them. */
  List<Dialog> phoneCalls() {
    return List.copyOf(phoneCalls.values());
  }

  /** After the NOTIFYs of a change of the phone's calls: the ended ones are forgotten. */
  void settleCalls() {
    phoneCalls.values().removeIf(Dialog::isTerminated);
  }

  private String contactUri(String device) {
    return "sip:" + user + "@" + device + "." + domain;
  }

  /** The full state of {@code pkg} as a NOTIFY body; {@code version} for the XML ones. */
  Body body(Package pkg, long version) {
    return switch (pkg) {
      case REG -> Body.of(Reginfo.CONTENT_TYPE, REGINFO.encode(reginfo(version)));
      case DIALOG -> Body.of(DialogInfo.CONTENT_TYPE, DIALOG_INFO.encode(dialogInfo(version)));
      case MESSAGE_SUMMARY -> Body.of(MessageSummary.CONTENT_TYPE, messageSummary().encode());
      case PRESENCE -> Body.of(Presence.CONTENT_TYPE, PIDF.encode(presence()));
    };
  }

  Reginfo reginfo(long version) {
    List<Contact> list = new ArrayList<>();
    for (String uri : contacts) {
      list.add(
          Contact.builder()
              .id(contactId(uri))
              .state(Contact.State.ACTIVE)
              .event(Contact.Event.REGISTERED)
              .uri(uri)
              .expires(3600)
              .build());
    }
    for (String uri : unregistered) {
      list.add(
          Contact.builder()
              .id(contactId(uri))
              .state(Contact.State.TERMINATED)
              .event(Contact.Event.UNREGISTERED)
              .uri(uri)
              .build());
    }
    Registration.State state =
        !contacts.isEmpty()
            ? Registration.State.ACTIVE
            : unregistered.isEmpty() ? Registration.State.INIT : Registration.State.TERMINATED;
    return Reginfo.builder()
        .version(version)
        .state(DocumentState.FULL)
        .registrations(
            List.of(
                Registration.builder()
                    .aor(aor())
                    .id("reg-" + user)
                    .state(state)
                    .contacts(list)
                    .build()))
        .build();
  }

  private String contactId(String uri) {
    return "c-" + Integer.toHexString(uri.hashCode());
  }

  DialogInfo dialogInfo(long version) {
    List<Dialog> dialogs = new ArrayList<>();
    if (callState != null) {
      String peerUri = "sip:" + peer + "@" + domain;
      Dialog.Builder dialog =
          Dialog.builder()
              .id("call-" + user + "-" + callNumber)
              .callId("demo-" + user + "-" + callNumber + "@" + domain)
              .direction(direction)
              .state(callEnded ? Dialog.State.TERMINATED : callState)
              .local(Participant.builder().identity(NameAddr.of(aor())).build())
              .remote(Participant.builder().identity(NameAddr.of(peerUri)).build());
      if (callEnded) {
        dialog.event(Dialog.Event.REMOTE_BYE);
      }
      dialogs.add(dialog.build());
    }
    dialogs.addAll(phoneCalls.values());
    return DialogInfo.builder()
        .version(version)
        .state(DocumentState.FULL)
        .entity(aor())
        .dialogs(dialogs)
        .build();
  }

  MessageSummary messageSummary() {
    return MessageSummary.builder()
        .messagesWaiting(newMessages > 0)
        .messageAccount(aor())
        .addCounts(MessageContextClass.VOICE_MESSAGE, newMessages, oldMessages)
        .build();
  }

  Presence presence() {
    return Presence.builder()
        .entity("pres:" + user + "@" + domain)
        .tuples(
            List.of(
                Tuple.builder()
                    .id("t-" + user)
                    .status(open ? Status.open() : Status.closed())
                    .build()))
        .build();
  }
}
