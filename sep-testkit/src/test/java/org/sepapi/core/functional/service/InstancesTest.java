package org.sepapi.core.functional.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.InMemorySubscriptionStore;
import org.sepapi.core.SubscriptionRequest;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.model.DocumentState;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.reginfo.Registration;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;

/**
 * The instances of a fan-out resource as a client sees them: one per SIP dialog (a fork makes two),
 * terminated with the notifier's reason when a dialog ends, replaced when the gateway subscribes
 * again.
 */
class InstancesTest {
  private final Kit kit = new Kit();
  private final RecordingSink sink = kit.sink;
  private final InMemorySubscriptionStore store = new InMemorySubscriptionStore();
  private final SubscriptionService service = kit.service(b -> b.store(store));

  @AfterEach
  void everyCallbackAppliesInOrder() {
    assertEquals(List.of(), sink.failures());
    ClientView view = new ClientView();
    sink.documents().forEach(view::apply);
  }

  private String alice() {
    return kit.registrar.aor("alice");
  }

  private void sendReg(
      SipRequest subscribe, String tag, String state, long version, String... contacts) {
    Registration.Builder registration =
        Registration.builder().aor(alice()).id("r").state(Registration.State.ACTIVE);
    for (String contact : contacts) {
      registration.addContact(
          org.sepapi.model.reginfo.Contact.builder()
              .id(contact)
              .uri("sip:alice@" + contact + ".test")
              .build());
    }
    Reginfo reginfo =
        Reginfo.builder()
            .version(version)
            .state(DocumentState.FULL)
            .addRegistration(registration.build())
            .build();
    var notify = kit.pbx.notifyFor(subscribe).state(state);
    if (tag != null) {
      notify.tag(tag);
    }
    notify.body(Reginfo.CONTENT_TYPE, Docs.REGINFO.encode(reginfo)).send();
    kit.network.runUntilIdle();
  }

  private static List<String> contacts(Instance instance) {
    return Docs.reginfo(instance).registrations().get(0).contacts().stream()
        .map(org.sepapi.model.reginfo.Contact::id)
        .toList();
  }

  @Test
  void aForkedSubscriptionShowsAnInstancePerDialog() {
    kit.pbx.answer("SUBSCRIBE", 202);
    String id = kit.create(service, kit.reg("alice"));
    SipRequest subscribe = kit.pbx.takeRequest("SUBSCRIBE");
    String firstTag = kit.pbx.tagFor(subscribe);
    String secondTag = kit.pbx.newTag();
    sendReg(subscribe, null, "active;expires=3600", 0, "one");
    sendReg(subscribe, secondTag, "active;expires=3600", 0, "two");

    Resource resource = Docs.resource(kit.get(service, id), alice());
    assertEquals(
        List.of(firstTag, secondTag), resource.instances().stream().map(Instance::id).toList());
    assertEquals(List.of("one"), contacts(resource.instances().get(0)));
    assertEquals(List.of("two"), contacts(resource.instances().get(1)));
    Resource called = Docs.resource(Docs.decode(sink.last()), alice());
    assertEquals(resource, called, "the callback carries both instances of the changed resource");

    // the second notifier ends its dialog: terminated with its reason, then gone
    sendReg(subscribe, secondTag, "terminated;reason=noresource", 1, "two");
    Resource told = Docs.resource(Docs.decode(sink.last()), alice());
    assertEquals(2, told.instances().size(), told::toString);
    Instance ended = told.instances().get(1);
    assertEquals(Instance.State.TERMINATED, ended.state());
    assertEquals(Optional.of("noresource"), ended.reason());
    assertEquals(List.of(), ended.content());
    assertEquals(
        List.of(firstTag),
        Docs.resource(kit.get(service, id), alice()).instances().stream()
            .map(Instance::id)
            .toList(),
        "once told, an ended instance goes");
  }

  @Test
  void aNotifierWithoutATagIsOneActiveInstance() {
    kit.pbx.answer("SUBSCRIBE", 202);
    String id = kit.create(service, kit.reg("alice"));
    SipRequest subscribe = kit.pbx.takeRequest("SUBSCRIBE");
    // an RFC 2543 notifier: no From tag on its NOTIFY
    Reginfo reginfo =
        Reginfo.builder()
            .version(0)
            .state(DocumentState.FULL)
            .addRegistration(
                Registration.builder().aor(alice()).id("r").state(Registration.State.INIT).build())
            .build();
    kit.pbx
        .notifyFor(subscribe)
        .header("From", subscribe.to().toString())
        .state("active;expires=3600")
        .body(Reginfo.CONTENT_TYPE, Docs.REGINFO.encode(reginfo))
        .send();
    kit.network.runUntilIdle();
    Resource resource = Docs.resource(kit.get(service, id), alice());
    Instance instance =
        resource.instances().stream()
            .filter(i -> !i.content().isEmpty())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no instance with the state: " + resource));
    assertEquals(Instance.State.ACTIVE, instance.state(), resource::toString);
  }

  @Test
  void aDeactivatedDialogIsReplacedByTheNewSubscriptionsInstance() {
    String id = kit.create(service, kit.reg("alice"));
    kit.registrar.register("alice");
    kit.network.runUntilIdle();
    List<Registrar.Received> subscribes = kit.registrar.subscribes();
    SipRequest subscribe = subscribes.get(0).request();
    String oldTag = kit.pbx.tagFor(subscribe);

    // the registrar ends the dialog; the gateway subscribes again at once
    kit.registrar.forgetSubscriber("gateway.test");
    kit.pbx.notifyFor(subscribe).state("terminated;reason=deactivated").send();
    kit.network.runUntilIdle();
    assertEquals(2, kit.registrar.subscribes().size());
    assertTrue(kit.registrar.subscribes().get(1).initial());

    Subscription got = kit.get(service, id);
    Instance instance = Docs.instance(got, alice());
    assertFalse(instance.id().equals(oldTag), "the new dialog's instance");
    assertEquals(Instance.State.ACTIVE, instance.state());
    assertEquals(kit.registrar.truth("alice"), Docs.reginfo(instance).registrations().get(0));
    // the client saw the old one end and the new one come
    assertTrue(
        sink.documents().stream()
            .flatMap(d -> Docs.list(d).resources().stream())
            .flatMap(r -> r.instances().stream())
            .anyMatch(
                i ->
                    i.id().equals(oldTag)
                        && i.state() == Instance.State.TERMINATED
                        && i.reason().equals(Optional.of("deactivated"))));
  }

  @Test
  void anUpdateOfADeletedSubscriptionDoesNotBringItBack() {
    String id = kit.create(service, kit.reg("alice"));
    sink.pause();
    assertTrue(service.delete(Kit.OWNER, id));
    SubscriptionRequest update =
        kit.request("reg", Optional.of(Kit.CALLBACK), Duration.ofHours(5), "alice");
    assertEquals(Optional.empty(), Kit.done(service.update(Kit.OWNER, id, update)));
    sink.resume();
    assertEquals(List.of(), store.all(), "not saved again");
    assertEquals(0, service.size());
    assertEquals(0, service.recover());
  }

  @Test
  void theStoreFollowsCreateUpdateAndDelete() {
    String id = kit.create(service, kit.reg("alice"));
    assertEquals(kit.reg("alice"), store.find(id).orElseThrow().request());
    SubscriptionRequest update = kit.reg("alice", "bob");
    Kit.done(service.update(Kit.OWNER, id, update)).orElseThrow();
    assertEquals(update, store.find(id).orElseThrow().request());
    service.delete(Kit.OWNER, id);
    assertEquals(Optional.empty(), store.find(id));
  }
}
