package org.sepapi.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.model.DocumentState;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.reginfo.Contact;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.reginfo.Registration;
import org.sepapi.testkit.MockSipPeer;

/**
 * A registrar with a reg event notifier (RFC 3680) on a {@link MockSipPeer}: it answers a SUBSCRIBE
 * with 202 and a full NOTIFY, an unsubscribe (Expires: 0) with 200 and a terminated NOTIFY, and
 * tells each new registration to every subscription of the address with a partial NOTIFY.
 * Thread-safe (one lock).
 */
final class Pbx {
  static final XmlCodec<Reginfo> REGINFO = XmlCodec.of(Reginfo.class);

  private final MockSipPeer peer;
  private final Map<String, List<Contact>> contacts = new LinkedHashMap<>();
  private final Map<String, Dialog> dialogs = new LinkedHashMap<>();
  private final List<SipRequest> subscribes = new ArrayList<>();
  private int counter;

  private static final class Dialog {
    final String aor;
    SipRequest subscribe;
    long version = -1;

    Dialog(String aor) {
      this.aor = aor;
    }
  }

  Pbx(MockSipPeer peer) {
    this.peer = peer;
    peer.onRequest("SUBSCRIBE", this::onSubscribe);
  }

  /** The address of record of {@code user} at this PBX. */
  String aor(String user) {
    return "sip:" + user + "@" + peer.host();
  }

  /** Every SUBSCRIBE received to {@code user}'s address, in order. */
  synchronized List<SipRequest> subscribes(String user) {
    String aor = aor(user);
    return subscribes.stream().filter(s -> s.to().uri().toString().equals(aor)).toList();
  }

  /** Registers a contact of {@code user}, told to every subscription with a partial NOTIFY. */
  synchronized String register(String user) {
    String aor = aor(user);
    Contact contact =
        Contact.builder()
            .id("c" + ++counter)
            .state(Contact.State.ACTIVE)
            .event(Contact.Event.REGISTERED)
            .uri("sip:" + user + "@192.0.2." + counter)
            .expires(3600)
            .build();
    contacts.computeIfAbsent(aor, a -> new ArrayList<>()).add(contact);
    for (Dialog dialog : dialogs.values()) {
      if (dialog.aor.equals(aor)) {
        send(dialog, "active;expires=3600", reginfo(aor, ++dialog.version, DocumentState.PARTIAL));
      }
    }
    return contact.id();
  }

  private SipResponse onSubscribe(SipRequest subscribe) {
    synchronized (this) {
      subscribes.add(subscribe);
      String aor = subscribe.to().uri().toString();
      Dialog dialog = dialogs.get(subscribe.callId());
      if (subscribe.to().tag().isPresent() && dialog == null) {
        return peer.response(subscribe, 481).build();
      }
      if (subscribe.expires().orElse(3600) == 0) {
        peer.respond(subscribe, 200);
        if (dialog != null) {
          dialogs.remove(subscribe.callId());
          dialog.subscribe = subscribe;
          send(dialog, "terminated;reason=timeout", reginfo(aor, ++dialog.version, null));
        }
        return null;
      }
      if (dialog == null) {
        dialog = new Dialog(aor);
        dialogs.put(subscribe.callId(), dialog);
      }
      dialog.subscribe = subscribe;
      peer.respond(subscribe, 202);
      send(dialog, "active;expires=3600", reginfo(aor, ++dialog.version, null));
      return null;
    }
  }

  private void send(Dialog dialog, String state, Reginfo reginfo) {
    peer.notifyFor(dialog.subscribe)
        .state(state)
        .body(Reginfo.CONTENT_TYPE, REGINFO.encode(reginfo))
        .send();
  }

  /** The full state of {@code aor}, or (with {@code partial}) only its last contact. */
  private Reginfo reginfo(String aor, long version, DocumentState partial) {
    List<Contact> all = contacts.getOrDefault(aor, List.of());
    List<Contact> told = partial == null ? List.copyOf(all) : List.of(all.get(all.size() - 1));
    Registration registration =
        Registration.builder()
            .aor(aor)
            .id("r-" + aor.hashCode())
            .state(all.isEmpty() ? Registration.State.INIT : Registration.State.ACTIVE)
            .contacts(told)
            .build();
    return Reginfo.builder()
        .version(version)
        .state(partial == null ? DocumentState.FULL : partial)
        .addRegistration(registration)
        .build();
  }
}
