package org.sepapi.core.functional.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.model.DocumentState;
import org.sepapi.model.reginfo.Contact;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.reginfo.Registration;

/**
 * A registrar with a reg event notifier (RFC 3680) on a {@link org.sepapi.testkit.MockSipPeer}: it
 * holds the true bindings of its addresses-of-record, answers every SUBSCRIBE (202 then a full
 * NOTIFY, a 200 and a final NOTIFY to an unsubscribe, 481 to a refresh of a dialog it does not
 * know), and tells each change to every subscription of the address with a partial NOTIFY of the
 * next version. A test changes the bindings and reads the truth here. Thread-safe (one lock).
 */
final class Registrar {
  private final org.sepapi.testkit.MockSipPeer pbx;
  private final Clock clock;
  private final Map<String, Aor> aors = new LinkedHashMap<>();
  private final Map<String, Dialog> dialogs = new LinkedHashMap<>();
  private final Map<String, Integer> refusals = new HashMap<>();
  private final List<Received> subscribes = new ArrayList<>();
  private int counter;

  /** One address-of-record: its registration's state and its contacts by id. */
  private static final class Aor {
    final String uri;
    final String registrationId;
    Registration.State state = Registration.State.INIT;
    final Map<String, Contact> contacts = new LinkedHashMap<>();

    Aor(String uri, String registrationId) {
      this.uri = uri;
      this.registrationId = registrationId;
    }
  }

  /** One subscription dialog, by Call-ID. */
  private static final class Dialog {
    final String aor;
    final String subscriber;
    SipRequest subscribe;
    long version = -1;
    Instant expiresAt;

    Dialog(String aor, String subscriber) {
      this.aor = aor;
      this.subscriber = subscriber;
    }
  }

  Registrar(org.sepapi.testkit.MockSipPeer pbx, Clock clock) {
    this.pbx = pbx;
    this.clock = clock;
    pbx.onRequest("SUBSCRIBE", this::onSubscribe);
  }

  /** The URI of the address-of-record {@code user} at the registrar. */
  String aor(String user) {
    return "sip:" + user + "@" + pbx.host();
  }

  SipUri uri(String user) {
    return SipUri.parse(aor(user));
  }

  /** Answers new subscriptions to {@code user} with {@code status} from now on. */
  synchronized void refuse(String user, int status) {
    refusals.put(aor(user), status);
  }

  /** A SUBSCRIBE and when it arrived. */
  record Received(SipRequest request, Instant at) {
    long expires() {
      return request.expires().orElseThrow();
    }

    String to() {
      return request.to().uri().toString();
    }

    boolean initial() {
      return request.to().tag().isEmpty();
    }
  }

  /** Every SUBSCRIBE received (initial, refresh, unsubscribe), in order. */
  synchronized List<Received> subscribes() {
    return List.copyOf(subscribes);
  }

  /** The SUBSCRIBEs received to {@code user}'s address, in order. */
  synchronized List<Received> subscribes(String user) {
    String aor = aor(user);
    return subscribes.stream().filter(r -> r.to().equals(aor)).toList();
  }

  /** How many subscriptions the registrar holds (dialogs not ended). */
  synchronized int dialogCount() {
    return dialogs.size();
  }

  /** The subscriptions held to {@code user}'s address. */
  synchronized int dialogCount(String user) {
    String aor = aor(user);
    return (int) dialogs.values().stream().filter(d -> d.aor.equals(aor)).count();
  }

  /**
   * Forgets every subscription made from {@code subscriberHost}, as a registrar does once its
   * NOTIFYs to a dead subscriber fail.
   */
  synchronized void forgetSubscriber(String subscriberHost) {
    dialogs.values().removeIf(d -> d.subscriber.equals(subscriberHost));
  }

  // ---- changes

  /** Registers a new contact of {@code user}; returns its id. */
  String register(String user) {
    return register(user, 3600);
  }

  synchronized String register(String user, long expires) {
    Aor aor = aor0(user);
    int n = ++counter;
    Contact contact =
        Contact.builder()
            .id("c" + n)
            .state(Contact.State.ACTIVE)
            .event(Contact.Event.REGISTERED)
            .uri("sip:" + user + "@10.0.0." + n)
            .expires(expires)
            .build();
    aor.contacts.put(contact.id(), contact);
    aor.state = Registration.State.ACTIVE;
    tell(aor, contact);
    return contact.id();
  }

  /** Refreshes a contact: a new expiry. */
  synchronized void refresh(String user, String contactId) {
    Aor aor = aor0(user);
    Contact old = Objects.requireNonNull(aor.contacts.get(contactId), contactId);
    Contact refreshed =
        old.toBuilder().event(Contact.Event.REFRESHED).expires(3000 + ++counter).build();
    aor.contacts.put(contactId, refreshed);
    tell(aor, refreshed);
  }

  /** Removes a contact (unregistered, or expired). */
  synchronized void unregister(String user, String contactId, boolean expired) {
    Aor aor = aor0(user);
    Contact old = Objects.requireNonNull(aor.contacts.remove(contactId), contactId);
    Contact gone =
        old.toBuilder()
            .state(Contact.State.TERMINATED)
            .event(expired ? Contact.Event.EXPIRED : Contact.Event.UNREGISTERED)
            .expires(0)
            .build();
    if (aor.contacts.isEmpty()) {
      aor.state = Registration.State.TERMINATED;
    }
    tell(aor, gone);
  }

  /** The ids of {@code user}'s contacts now. */
  synchronized List<String> contactIds(String user) {
    return List.copyOf(aor0(user).contacts.keySet());
  }

  /** Sends every subscription to {@code user} the full state, with the next version. */
  synchronized void notifyFull(String user) {
    Aor aor = aor0(user);
    for (Dialog dialog : List.copyOf(dialogs.values())) {
      if (dialog.aor.equals(aor.uri)) {
        send(dialog, active(dialog), full(aor, ++dialog.version));
      }
    }
  }

  /** The state a subscriber that missed nothing holds: the full document, version aside. */
  synchronized Registration truth(String user) {
    Aor aor = aor0(user);
    return registration(aor, List.copyOf(aor.contacts.values()));
  }

  // ---- the notifier

  private Aor aor0(String user) {
    String uri = user.startsWith("sip:") ? user : aor(user);
    return aors.computeIfAbsent(uri, u -> new Aor(u, "r-" + aors.size()));
  }

  private SipResponse onSubscribe(SipRequest subscribe) {
    synchronized (this) {
      subscribes.add(new Received(subscribe, clock.instant()));
      String uri = subscribe.to().uri().toString();
      boolean initial = subscribe.to().tag().isEmpty();
      Integer refusal = refusals.get(uri);
      if (initial && refusal != null) {
        return pbx.response(subscribe, refusal).build();
      }
      Dialog dialog = dialogs.get(subscribe.callId());
      if (!initial && dialog == null) {
        return pbx.response(subscribe, 481).build();
      }
      long expires = subscribe.expires().orElse(3600);
      if (expires == 0) {
        pbx.respond(subscribe, 200);
        if (dialog != null) {
          dialogs.remove(subscribe.callId());
          dialog.subscribe = subscribe;
          send(dialog, "terminated;reason=timeout", full(aors.get(dialog.aor), ++dialog.version));
        }
        return null;
      }
      if (dialog == null) {
        String host = subscribe.contact().orElseThrow().uri().host();
        dialog = new Dialog(uri, host);
        dialogs.put(subscribe.callId(), dialog);
        aor0(uri);
      }
      dialog.subscribe = subscribe;
      dialog.expiresAt = clock.instant().plusSeconds(expires);
      pbx.respond(subscribe, 202);
      send(dialog, active(dialog), full(aors.get(dialog.aor), ++dialog.version));
      return null;
    }
  }

  private void tell(Aor aor, Contact changed) {
    for (Dialog dialog : List.copyOf(dialogs.values())) {
      if (dialog.aor.equals(aor.uri)) {
        Reginfo partial =
            Reginfo.builder()
                .version(++dialog.version)
                .state(DocumentState.PARTIAL)
                .addRegistration(registration(aor, List.of(changed)))
                .build();
        send(dialog, active(dialog), partial);
      }
    }
  }

  private String active(Dialog dialog) {
    long left = Math.max(0, dialog.expiresAt.getEpochSecond() - clock.instant().getEpochSecond());
    return "active;expires=" + left;
  }

  private void send(Dialog dialog, String state, Reginfo reginfo) {
    pbx.notifyFor(dialog.subscribe)
        .state(state)
        .body(Reginfo.CONTENT_TYPE, Docs.REGINFO.encode(reginfo))
        .send();
  }

  private static Reginfo full(Aor aor, long version) {
    return Reginfo.builder()
        .version(version)
        .state(DocumentState.FULL)
        .addRegistration(registration(aor, List.copyOf(aor.contacts.values())))
        .build();
  }

  private static Registration registration(Aor aor, List<Contact> contacts) {
    return Registration.builder()
        .aor(aor.uri)
        .id(aor.registrationId)
        .state(aor.state)
        .contacts(contacts)
        .build();
  }
}
