package org.sepapi.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.sepapi.core.TestDocuments.SECTION_5_TYPE;
import static org.sepapi.core.TestDocuments.SECTION_6_FINAL_TYPE;
import static org.sepapi.core.TestDocuments.SECTION_6_PARTIAL_TYPE;
import static org.sepapi.core.TestDocuments.crlf;
import static org.sepapi.core.TestDocuments.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.sepapi.core.EventPackages;
import org.sepapi.core.Mutations;
import org.sepapi.core.internal.RlsState.InstanceState;
import org.sepapi.core.internal.RlsState.ResourceState;
import org.sepapi.core.internal.RlsState.Update;
import org.sepapi.model.DocumentState;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.dialoginfo.Dialog;
import org.sepapi.model.dialoginfo.DialogInfo;
import org.sepapi.model.pidf.Presence;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.RlmiNotification;

class RlsTheoriesTest {
  private static final XmlCodec<DialogInfo> DIALOG_INFO = XmlCodec.of(DialogInfo.class);
  private static final int LOSSY = 1;
  private static final int REORDERING = 2;
  private static final int DUPLICATING = 4;

  /**
   * Mutated RLS bodies are refused by the model or read; whatever is read is applied, on nothing
   * and on a known state, for a package whose parts it reads and one whose parts it does not, and
   * never throws.
   */
  @Test
  void anyRlsBodyThatIsReadIsApplied() {
    List<String> types = List.of(SECTION_5_TYPE, SECTION_6_PARTIAL_TYPE, SECTION_6_FINAL_TYPE);
    List<byte[]> bodies =
        List.of(
            crlf(resource("/rfc4662/section-5-notify.txt")),
            crlf(resource("/rfc4662/section-6-reconstructed-partial-notify.txt")),
            crlf(resource("/rfc4662/section-6-reconstructed-final-notify.txt")));
    RlsState<Presence> known =
        RlsState.empty(EventPackages.presence())
            .apply(RlmiNotification.parse(types.get(0), bodies.get(0)))
            .state();
    AtomicInteger applied = new AtomicInteger();
    qt().withExamples(1000)
        .forAll(integers().between(0, 2), Mutations.of(bodies))
        .checkAssert(
            (type, bytes) -> {
              RlmiNotification notification;
              try {
                notification = RlmiNotification.parse(types.get(type), bytes);
              } catch (ModelException e) {
                return;
              }
              applied.incrementAndGet();
              known.apply(notification);
              RlsState.empty(EventPackages.presence()).apply(notification);
              RlsState.empty(EventPackages.reg()).apply(notification);
              Update<Presence> update = known.resyncing().apply(notification);
              update.state().apply(notification);
            });
    assertTrue(applied.get() > 0);
  }

  /** A resource list server with one phone (RFC 4235) per resource. */
  private static final class Server {
    private final List<String> uris = new ArrayList<>();
    private final List<PhoneModel> phones = new ArrayList<>();
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private long version = -1;
    private int counter;

    Server(int resources) {
      for (int i = 0; i < resources; i++) {
        String uri = "sip:user" + i + "@example.com";
        uris.add(uri);
        phones.add(new PhoneModel());
        instances.put(uri, Instance.builder().id("i" + counter++).build());
      }
    }

    RlmiNotification full() {
      version++;
      RlsBodies list = RlsBodies.full(version);
      for (int i = 0; i < uris.size(); i++) {
        add(list, i, phones.get(i).truth());
      }
      return list.build();
    }

    RlmiNotification change(int op) {
      int i = op % uris.size();
      int kind = (op / uris.size()) % 8;
      String uri = uris.get(i);
      if (kind == 7) {
        return full();
      }
      version++;
      RlsBodies list = RlsBodies.partial(version);
      Instance instance = instances.get(uri);
      if (kind == 6) {
        // the back-end subscription ends; the RLS says why, and later starts a new one
        if (instance.state() == Instance.State.TERMINATED) {
          phones.set(i, new PhoneModel());
          instances.put(uri, Instance.builder().id("i" + counter++).build());
          add(list, i, phones.get(i).truth());
        } else {
          instances.put(
              uri,
              instance.toBuilder().state(Instance.State.TERMINATED).reason("noresource").build());
          list.resource(uri, instances.get(uri));
        }
        return list.build();
      }
      if (instance.state() == Instance.State.TERMINATED) {
        list.resource(uri, instance);
      } else {
        add(list, i, phones.get(i).change(op / uris.size()));
      }
      return list.build();
    }

    RlmiNotification probe() {
      version++;
      return RlsBodies.partial(version).build();
    }

    private void add(RlsBodies list, int i, DialogInfo state) {
      String uri = uris.get(i);
      Instance instance = instances.get(uri);
      if (instance.state() == Instance.State.TERMINATED) {
        list.resource(uri, instance);
      } else {
        list.resource(uri, instance.id(), DialogInfo.CONTENT_TYPE, DIALOG_INFO.encode(state));
      }
    }

    Map<String, ResourceState<DialogInfo>> truth() {
      Map<String, ResourceState<DialogInfo>> truth = new LinkedHashMap<>();
      for (int i = 0; i < uris.size(); i++) {
        String uri = uris.get(i);
        Instance instance = instances.get(uri);
        boolean live = instance.state() != Instance.State.TERMINATED;
        truth.put(
            uri,
            new ResourceState<>(
                uri,
                List.of(),
                Map.of(
                    instance.id(),
                    new InstanceState<>(
                        instance.id(),
                        instance.state(),
                        instance.reason(),
                        live ? Optional.of(phones.get(i).truth()) : Optional.empty(),
                        Optional.empty(),
                        Optional.empty()))));
      }
      return truth;
    }
  }

  /** A phone's dialogs, as in the reg and dialog theories: a partial NOTIFY per change. */
  private static final class PhoneModel {
    private final Map<String, Dialog> dialogs = new LinkedHashMap<>();
    private long version;
    private int counter;

    DialogInfo change(int op) {
      List<String> ids = new ArrayList<>(dialogs.keySet());
      Dialog changed;
      if (ids.isEmpty() || op % 3 == 0) {
        String id = "d" + counter++;
        changed = Dialog.builder().id(id).state(Dialog.State.EARLY).build();
        dialogs.put(id, changed);
      } else {
        String id = ids.get(op % ids.size());
        if (op % 3 == 1) {
          changed = dialogs.get(id).toBuilder().state(Dialog.State.CONFIRMED).build();
          dialogs.put(id, changed);
        } else {
          changed = dialogs.remove(id).toBuilder().state(Dialog.State.TERMINATED).build();
        }
      }
      version++;
      return DialogInfo.builder()
          .version(version)
          .state(DocumentState.PARTIAL)
          .entity("sip:phone@example.com")
          .addDialog(changed)
          .build();
    }

    DialogInfo truth() {
      return DialogInfo.builder()
          .version(version)
          .entity("sip:phone@example.com")
          .dialogs(List.copyOf(dialogs.values()))
          .build();
    }
  }

  /** The channel from the RLS to the subscriber, and the subscriber. */
  private static final class Run {
    private final Server server;
    private final List<Integer> decisions;
    private final int mode;
    private final List<RlmiNotification> inFlight = new ArrayList<>();
    private int next;
    private int resyncs;
    private RlsState<DialogInfo> state = RlsState.empty(EventPackages.dialog());

    Run(Server server, List<Integer> decisions, int mode) {
      this.server = server;
      this.decisions = decisions;
      this.mode = mode;
    }

    int decide() {
      return next < decisions.size() ? decisions.get(next++) : 1;
    }

    void send(RlmiNotification notification) {
      int d = decide();
      if ((mode & LOSSY) != 0 && d % 5 == 0) {
        return;
      }
      inFlight.add(notification);
      if ((mode & DUPLICATING) != 0 && d % 7 == 3) {
        inFlight.add(notification);
      }
    }

    void deliverOne() {
      int at = (mode & REORDERING) != 0 ? decide() % inFlight.size() : 0;
      Update<DialogInfo> update = state.apply(inFlight.remove(at));
      state = update.state();
      if (update.resync().isPresent()) {
        resyncs++;
        send(server.full());
      }
    }
  }

  /**
   * An RLS sends list NOTIFYs, full and partial, over a channel that loses, duplicates and reorders
   * them; the subscriber applies each and has the RLS send its full list whenever an update asks
   * for a resync. Over a clean channel it never resyncs and holds the RLS's state; over any channel
   * it does once one more list NOTIFY arrives (and a resync, if that asks for one).
   */
  @Test
  void rlsMergingConvergesOnTheServersState() {
    Gen<List<Integer>> ops = lists().of(integers().between(0, 9_999)).ofSizeBetween(0, 30);
    Gen<List<Integer>> channel = lists().of(integers().between(0, 9_999)).ofSizeBetween(0, 120);
    AtomicInteger probesApplied = new AtomicInteger();
    qt().withExamples(150)
        .forAll(integers().between(1, 4), ops, channel, integers().between(0, 7))
        .checkAssert(
            (resources, changes, decisions, mode) -> {
              Server server = new Server(resources);
              Run run = new Run(server, decisions, mode);
              run.send(server.full());
              for (int op : changes) {
                run.send(server.change(op));
                int deliveries = (mode & REORDERING) != 0 ? run.decide() % 3 : run.inFlight.size();
                for (int i = 0; i < deliveries && !run.inFlight.isEmpty(); i++) {
                  run.deliverOne();
                }
              }
              while (!run.inFlight.isEmpty()) {
                run.deliverOne();
              }
              if ((mode & (LOSSY | REORDERING)) == 0) {
                assertEquals(0, run.resyncs);
                assertEquals(server.truth(), run.state.resources());
              }
              Update<DialogInfo> probe = run.state.apply(server.probe());
              run.state = probe.state();
              if (probe.resync().isPresent()) {
                run.state = run.state.apply(server.full()).state();
              } else {
                probesApplied.incrementAndGet();
              }
              assertEquals(server.truth(), run.state.resources());
            });
    assertTrue(probesApplied.get() > 75, probesApplied::toString);
  }

  @Test
  void aRegListIsReadLikeAnyOther() {
    // the reg package over an RLS: one registrar per resource, merged per instance
    RlsState<Reginfo> state = RlsState.empty(EventPackages.reg());
    Update<Reginfo> update =
        state.apply(
            RlsBodies.full(0)
                .resource(
                    "sip:a@example.com",
                    "x",
                    Reginfo.CONTENT_TYPE,
                    resource("/rfc3680/call-flow-notify-1.xml"))
                .build());
    update =
        update
            .state()
            .apply(
                RlsBodies.partial(1)
                    .resource(
                        "sip:a@example.com",
                        "x",
                        Reginfo.CONTENT_TYPE,
                        resource("/rfc3680/call-flow-notify-2.xml"))
                    .build());
    Reginfo merged =
        update.state().resource("sip:a@example.com").get().instances().get("x").value().get();
    assertEquals(1, merged.registrations().get(0).contacts().size());
  }
}
