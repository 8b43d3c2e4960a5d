package org.sepapi.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.sepapi.core.Notifiers.Notifier;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.EventPackage;
import org.sepapi.core.spi.Merge;
import org.sepapi.model.dialoginfo.DialogInfo;
import org.sepapi.model.reginfo.Reginfo;

/**
 * A notifier model changes its state at random and sends a NOTIFY per change through a channel that
 * loses, duplicates and reorders them; the subscriber decodes each with the package's codec, merges
 * it, and resubscribes (the notifier sends its full state, through the same channel) whenever the
 * merger asks for a resync. Then:
 *
 * <ul>
 *   <li>over a channel that loses and reorders nothing (duplicates allowed), the subscriber never
 *       needs a resync and ends with the notifier's true state;
 *   <li>over any channel, once every NOTIFY in flight has arrived and the notifier sends one more
 *       that arrives, the subscriber ends with the true state, resyncing if the merger asks: a
 *       merger never applies a NOTIFY that leaves it silently wrong.
 * </ul>
 */
class ConvergenceTheoriesTest {
  private static final int LOSSY = 1;
  private static final int REORDERING = 2;
  private static final int DUPLICATING = 4;

  private final Gen<List<Integer>> ops =
      lists().of(integers().between(0, 9_999)).ofSizeBetween(0, 40);
  private final Gen<List<Integer>> channel =
      lists().of(integers().between(0, 9_999)).ofSizeBetween(0, 200);
  private final Gen<Integer> modes = integers().between(0, 7);

  /** What one run ended with. */
  private record Outcome<T>(
      T truth, Optional<T> merged, Optional<T> afterProbe, int resyncs, boolean probeApplied) {}

  /** The network between notifier and subscriber, and the subscriber. */
  private static final class Run<T> {
    private final EventPackage<T> eventPackage;
    private final Notifier<T> notifier;
    private final List<Integer> channel;
    private final int mode;
    private final List<Body> inFlight = new ArrayList<>();
    private int next;
    private Optional<T> current = Optional.empty();
    private int resyncs;

    Run(EventPackage<T> eventPackage, Notifier<T> notifier, List<Integer> channel, int mode) {
      this.eventPackage = eventPackage;
      this.notifier = notifier;
      this.channel = channel;
      this.mode = mode;
    }

    private int decide() {
      return next < channel.size() ? channel.get(next++) : 1;
    }

    private void send(T notify) {
      Body body = eventPackage.codec().encode(notify);
      int d = decide();
      if ((mode & LOSSY) != 0 && d % 5 == 0) {
        return;
      }
      inFlight.add(body);
      if ((mode & DUPLICATING) != 0 && d % 7 == 3) {
        inFlight.add(body);
      }
    }

    private void deliverOne() {
      int at = (mode & REORDERING) != 0 ? decide() % inFlight.size() : 0;
      Merge<T> merge = receive(inFlight.remove(at));
      if (merge instanceof Merge.Resync<T>) {
        resyncs++;
        send(notifier.resync());
      }
    }

    private Merge<T> receive(Body body) {
      Merge<T> merge = eventPackage.merger().merge(current, eventPackage.codec().decode(body));
      if (merge instanceof Merge.Changed<T> changed) {
        current = Optional.of(changed.state());
      } else if (merge instanceof Merge.Resync<T>) {
        current = Optional.empty();
      }
      return merge;
    }

    Outcome<T> run(List<Integer> ops) {
      send(notifier.start());
      for (int op : ops) {
        send(notifier.change(op));
        int deliveries = (mode & REORDERING) != 0 ? decide() % 3 : inFlight.size();
        for (int i = 0; i < deliveries && !inFlight.isEmpty(); i++) {
          deliverOne();
        }
      }
      while (!inFlight.isEmpty()) {
        deliverOne();
      }
      Optional<T> merged = current;
      T truth = notifier.truth();
      // one more NOTIFY, delivered; a resync if the merger asks, delivered too
      boolean probeApplied =
          !(receive(eventPackage.codec().encode(notifier.probe())) instanceof Merge.Resync<T>);
      if (!probeApplied) {
        receive(eventPackage.codec().encode(notifier.resync()));
      }
      return new Outcome<>(truth, merged, current, resyncs, probeApplied);
    }
  }

  private <T> void converges(EventPackage<T> eventPackage, Supplier<Notifier<T>> notifiers) {
    AtomicInteger lossyRuns = new AtomicInteger();
    AtomicInteger lossyRunsProbeApplied = new AtomicInteger();
    AtomicInteger resyncs = new AtomicInteger();
    qt().withExamples(300)
        .forAll(ops, channel, modes)
        .checkAssert(
            (changes, decisions, mode) -> {
              Notifier<T> notifier = notifiers.get();
              Outcome<T> outcome = new Run<>(eventPackage, notifier, decisions, mode).run(changes);
              assertEquals(Optional.of(notifier.truth()), outcome.afterProbe());
              if ((mode & (LOSSY | REORDERING)) == 0) {
                assertEquals(0, outcome.resyncs());
                assertEquals(Optional.of(outcome.truth()), outcome.merged());
                assertTrue(outcome.probeApplied());
              } else {
                lossyRuns.incrementAndGet();
                resyncs.addAndGet(outcome.resyncs());
                if (outcome.probeApplied()) {
                  lossyRunsProbeApplied.incrementAndGet();
                }
              }
            });
    // the runs over a bad channel were not all rescued by the final resync
    assertTrue(
        lossyRunsProbeApplied.get() > lossyRuns.get() / 4, lossyRunsProbeApplied + "/" + lossyRuns);
    assertTrue(resyncs.get() > 0);
  }

  @Test
  void regMergingConvergesOnTheRegistrarsState() {
    converges(EventPackages.reg(), () -> new Notifiers.Registrar(false));
  }

  @Test
  void regMergingConvergesWithARegistrarThatSendsVersionZeroFullStates() {
    qt().withExamples(100)
        .forAll(ops, channel, modes)
        .checkAssert(
            (changes, decisions, mode) -> {
              Notifiers.Registrar registrar = new Notifiers.Registrar(true);
              Outcome<Reginfo> outcome =
                  new Run<>(EventPackages.reg(), registrar, decisions, mode).run(changes);
              assertEquals(0, outcome.resyncs(), "a full state is always taken");
              assertEquals(Optional.of(registrar.truth()), outcome.afterProbe());
              if ((mode & (LOSSY | REORDERING)) == 0) {
                assertEquals(Optional.of(outcome.truth()), outcome.merged());
              }
            });
  }

  @Test
  void dialogMergingConvergesOnThePhonesState() {
    converges(EventPackages.dialog(), Notifiers.Phone::new);
  }

  @Test
  void theModelsChangeState() {
    // a guard against a model that never changes anything, which would make the theories vacuous
    Notifiers.Registrar registrar = new Notifiers.Registrar(false);
    registrar.start();
    for (int op = 0; op < 30; op++) {
      registrar.change(op);
    }
    assertTrue(registrar.truth().registrations().stream().anyMatch(r -> !r.contacts().isEmpty()));
    Notifiers.Phone phone = new Notifiers.Phone();
    phone.start();
    for (int op = 0; op < 30; op += 5) {
      phone.change(op);
    }
    DialogInfo dialogs = phone.truth();
    assertEquals(6, dialogs.dialogs().size());
  }
}
