package org.sepapi.core.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.core.functional.Subscriber.ALICE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sepapi.core.EventPackages;
import org.sepapi.core.SubscriberState;
import org.sepapi.core.internal.SubscriptionStateMachine;
import org.sepapi.core.sip.SipRequest;

/**
 * Notifiers that would make a naive subscriber send SUBSCRIBEs without end: each is answered at a
 * bounded rate.
 */
class NoStormTest {
  private final Subscriber gw = new Subscriber();
  private final List<Double> subscribes = new ArrayList<>();

  @AfterEach
  void nothingThrew() {
    gw.assertNothingThrew();
    gw.close();
  }

  /**
   * Answers every SUBSCRIBE with {@code status} and, unless it unsubscribes, a NOTIFY with {@code
   * state} (none if null) and the body: before the answer if {@code notifyFirst}, else after it.
   */
  private void notifier(
      int status, String state, String contentType, String body, boolean notifyFirst) {
    gw.pbx.onRequest(
        "SUBSCRIBE",
        request -> {
          subscribes.add(gw.elapsed());
          if (!notifyFirst) {
            gw.pbx.respond(request, status);
          }
          if (state != null && request.expires().orElse(1) > 0) {
            var notify = gw.pbx.notifyFor(request).state(state);
            if (body != null) {
              notify.body(contentType, body);
            }
            notify.send();
          }
          return notifyFirst ? gw.pbx.response(request, status).build() : null;
        });
  }

  private long inHour(int hour) {
    return subscribes.stream().filter(t -> t >= hour * 3600.0 && t < (hour + 1) * 3600.0).count();
  }

  private void assertAtMostPerHour(int hours, long max) {
    gw.advance(Duration.ofHours(hours));
    for (int h = 0; h < hours; h++) {
      int hour = h;
      long count = inHour(hour);
      assertTrue(
          count <= max,
          () ->
              count
                  + " SUBSCRIBEs in hour "
                  + hour
                  + ", the first at "
                  + subscribes.subList(0, Math.min(10, subscribes.size())));
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aNotifierThatAcceptsAndEndsEachSubscriptionOnProbationAtOnce(boolean notifyFirst) {
    notifier(200, "terminated;reason=probation", null, null, notifyFirst);
    gw.machine(ALICE).start();
    assertAtMostPerHour(3, 40);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aNotifierThatAcceptsAndDeactivatesEachSubscriptionAtOnce(boolean notifyFirst) {
    notifier(200, "terminated;reason=deactivated", null, null, notifyFirst);
    gw.machine(ALICE).start();
    assertAtMostPerHour(3, 45);
  }

  @Test
  void aNotifierThatAcceptsAndNeverNotifies() {
    notifier(202, null, null, null, false);
    gw.machine(ALICE).start();
    assertAtMostPerHour(3, 40);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aNotifierWhoseEveryBodyIsUnreadable(boolean notifyFirst) {
    notifier(200, "active", NotifyTest.DIALOG_INFO, "<dialog-info", notifyFirst);
    Subscriber.Machine m = gw.machine(ALICE).start();
    assertAtMostPerHour(3, 40);
    assertEquals(SubscriberState.ACTIVE, m.state());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aRegistrarWhoseEveryNotifyHasAVersionGap(boolean notifyFirst) {
    notifier(
        200, "active", NotifyTest.REGINFO, NotifyTest.reginfo(7, "partial", "active"), notifyFirst);
    Subscriber.Machine m = gw.machine(ALICE, EventPackages.reg(), false).start();
    assertAtMostPerHour(3, 40);
    assertEquals(SubscriberState.ACTIVE, m.state());
  }

  @Test
  void aNotifierThatGrantsNothingIsRefreshedNoFasterThanTheMinimumDelay() {
    gw.pbx.onRequest(
        "SUBSCRIBE",
        request -> {
          subscribes.add(gw.elapsed());
          return gw.pbx.response(request, 200).setHeader("Expires", "0").build();
        });
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.notifyFor(s).state("active;expires=0").send();
    gw.advance(Duration.ofMinutes(10));
    double min = SubscriptionStateMachine.MIN_REFRESH_DELAY.toMillis() / 1000.0;
    for (int i = 1; i < subscribes.size(); i++) {
      int at = i;
      assertTrue(
          subscribes.get(i) - subscribes.get(i - 1) >= min,
          () -> "at " + subscribes.get(at - 1) + " and " + subscribes.get(at));
    }
    assertEquals(SubscriberState.ACTIVE, m.state());
  }
}
