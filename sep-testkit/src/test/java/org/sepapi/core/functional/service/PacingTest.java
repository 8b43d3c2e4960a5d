package org.sepapi.core.functional.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sepapi.core.SubscriptionRequest;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.sip.SipUri;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.rlmi.Instance;

/** A long resource list is subscribed at the configured pace, in scheduler time. */
class PacingTest {
  private static final int RESOURCES = 10_000;
  private static final int PER_SECOND = 250;

  @Test
  void tenThousandResourcesAreSubscribedNoFasterThanThePace() {
    Kit kit = new Kit();
    SubscriptionService service = kit.service(b -> b.subscribesPerSecond(PER_SECOND));
    List<SipUri> resources = new ArrayList<>(RESOURCES);
    for (int i = 0; i < RESOURCES; i++) {
      resources.add(kit.registrar.uri("user" + i));
    }
    SubscriptionRequest request =
        new SubscriptionRequest(
            Kit.OWNER,
            "reg",
            resources,
            Optional.empty(),
            Optional.empty(),
            kit.clock.instant().plus(Duration.ofHours(1)),
            List.of());
    String id = kit.create(service, request);
    assertEquals(PER_SECOND, kit.registrar.subscribes().size(), "the first second's share at once");

    kit.scheduler.advance(Duration.ofSeconds(RESOURCES / PER_SECOND + 5));
    List<Registrar.Received> subscribes = kit.registrar.subscribes();
    assertEquals(RESOURCES, subscribes.size());
    Set<String> distinct = new HashSet<>();
    subscribes.forEach(r -> distinct.add(r.to()));
    assertEquals(RESOURCES, distinct.size(), "each resource once");
    assertTrue(subscribes.stream().allMatch(Registrar.Received::initial));

    // any PER_SECOND + 1 consecutive SUBSCRIBEs span at least a second
    for (int i = PER_SECOND; i < subscribes.size(); i++) {
      Instant first = subscribes.get(i - PER_SECOND).at();
      Instant last = subscribes.get(i).at();
      assertFalse(
          Duration.between(first, last).compareTo(Duration.ofSeconds(1)) < 0,
          "more than " + PER_SECOND + " SUBSCRIBEs within a second, ending at " + last);
    }
    // and the list took the time that the pace takes, not longer
    Instant lastSent = subscribes.get(subscribes.size() - 1).at();
    assertEquals(
        Duration.ofSeconds(RESOURCES / PER_SECOND - 1), Duration.between(kit.start, lastSent));

    Subscription got = kit.get(service, id);
    assertEquals(RESOURCES, Docs.uris(got).size());
    assertTrue(
        Docs.list(got).resources().stream()
            .allMatch(
                r ->
                    r.instances().size() == 1
                        && r.instances().get(0).state() == Instance.State.ACTIVE));
  }

  @Test
  void resourcesAddedByAnUpdateShareThePaceWithThoseStillToCome() {
    Kit kit = new Kit();
    SubscriptionService service = kit.service(b -> b.subscribesPerSecond(100));
    String[] first = new String[150];
    String[] all = new String[300];
    for (int i = 0; i < all.length; i++) {
      all[i] = "user" + i;
      if (i < first.length) {
        first[i] = all[i];
      }
    }
    String id = kit.create(service, kit.reg(first));
    kit.scheduler.advance(Duration.ofMillis(500));
    Kit.done(service.update(Kit.OWNER, id, kit.reg(all))).orElseThrow();
    kit.scheduler.advance(Duration.ofSeconds(10));

    List<Registrar.Received> subscribes = kit.registrar.subscribes();
    assertEquals(300, subscribes.size());
    for (int i = 100; i < subscribes.size(); i++) {
      assertFalse(
          Duration.between(subscribes.get(i - 100).at(), subscribes.get(i).at())
                  .compareTo(Duration.ofSeconds(1))
              < 0,
          "more than 100 SUBSCRIBEs within a second, ending at " + subscribes.get(i).at());
    }
  }

  @Test
  void aResourceRemovedBeforeItsTurnIsNeverSubscribed() {
    Kit kit = new Kit();
    SubscriptionService service = kit.service(b -> b.subscribesPerSecond(2));
    String id = kit.create(service, kit.reg("a", "b", "c", "d", "e"));
    assertEquals(2, kit.registrar.subscribes().size());
    Kit.done(service.update(Kit.OWNER, id, kit.reg("a", "b", "e"))).orElseThrow();
    kit.scheduler.advance(Duration.ofSeconds(10));
    List<String> subscribed =
        kit.registrar.subscribes().stream()
            .filter(Registrar.Received::initial)
            .map(Registrar.Received::to)
            .toList();
    assertEquals(
        List.of(kit.registrar.aor("a"), kit.registrar.aor("b"), kit.registrar.aor("e")),
        subscribed);
  }

  @Test
  void deletingAPacedListStopsTheSubscribesStillToCome() {
    Kit kit = new Kit();
    SubscriptionService service = kit.service(b -> b.subscribesPerSecond(2));
    String id = kit.create(service, kit.reg("a", "b", "c", "d", "e"));
    assertTrue(service.delete(Kit.OWNER, id));
    kit.scheduler.advance(Duration.ofSeconds(10));
    assertEquals(
        2, kit.registrar.subscribes().stream().filter(Registrar.Received::initial).count());
    assertEquals(0, kit.registrar.dialogCount());
    assertEquals(0, service.size());
  }
}
