package org.sepapi.core.internal;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.sepapi.core.SubscriberState;
import org.sepapi.core.SubscriptionRequest;
import org.sepapi.core.Termination;
import org.sepapi.core.sip.EventHeader;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.sip.SubscriptionState;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.DeliveryOutcome;
import org.sepapi.core.spi.EventPackage;
import org.sepapi.core.spi.Notification;
import org.sepapi.core.spi.NotificationSource;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;
import org.sepapi.model.rlmi.RlmiList;

/**
 * One API subscription at run time: a SIP subscription per resource (fan-out), the merged view of
 * every resource's instances, the changes not yet called back, and its expiry. Everything runs on
 * its own {@link SerialExecutor}; the public methods hand off to it and may be called from any
 * thread.
 */
public final class ApiSubscription implements NotificationSource, Runnable {
  private static final System.Logger LOG = System.getLogger(ApiSubscription.class.getName());
  private static final String CONTENT_TYPE = "application/xml";

  private final String id;
  private final Engine engine;
  private final SerialExecutor executor;
  private final Consumer<ApiSubscription> onEnded;

  private SubscriptionRequest request;
  private final ArrayList<Slot> slots = new ArrayList<>(1);
  private int dirtyCount;
  private Set<String> listDirty;
  private ListContent<?> list;
  private boolean needFull = true;
  private long version;
  private boolean ending;
  private boolean terminalTaken;
  private boolean ended;
  private String endedReason;
  private String listEnded;
  private Scheduler.Cancellable expiryTimer;
  private List<Scheduler.Cancellable> pacedStarts;

  /**
   * One resource of a fan-out list (or the list URI of an RLS subscription): its SIP subscription
   * and its instances, one per dialog. It listens to its SIP subscription itself.
   */
  private final class Slot implements SubscriptionStateMachine.Listener {
    final SipUri uri;
    SubscriptionStateMachine machine;
    final SmallMap<InstanceView> instances = new SmallMap<>();
    boolean dirty;

    Slot(SipUri uri) {
      this.uri = uri;
    }

    private InstanceView instance(String instanceId) {
      instances.remove("0");
      if (request().notifyUrl().isEmpty()) {
        // with no callback to take them, ended instances go when a new one comes
        for (String ended : instances.keys()) {
          if (instances.get(ended).dropWhenTaken) {
            instances.remove(ended);
          }
        }
      }
      InstanceView instance = instances.get(instanceId);
      if (instance == null) {
        instance = new InstanceView();
        instances.put(instanceId, instance);
      }
      return instance;
    }

    @Override
    public void onDialog(String instanceId, SubscriptionState state) {
      if (ending || request().isRls()) {
        return;
      }
      InstanceView instance = instance(instanceId);
      Instance.State next = state.isActive() ? Instance.State.ACTIVE : Instance.State.PENDING;
      if (instance.state != next) {
        instance.state = next;
        changed(this);
      }
    }

    @Override
    public void onContent(String instanceId, NotifyContent content) {
      if (ending) {
        return;
      }
      if (content instanceof ListContent<?> listContent) {
        list = listContent;
        Set<String> changed = listContent.takeChanged();
        for (String resource : changed) {
          if (listContent.state().resource(resource).isEmpty()) {
            needFull = true;
          }
        }
        if (!changed.isEmpty()) {
          if (listDirty == null) {
            listDirty = new LinkedHashSet<>();
          }
          listDirty.addAll(changed);
          signal();
        }
        return;
      }
      InstanceView instance = instance(instanceId);
      instance.content = (ResourceContent<?>) content;
      changed(this);
    }

    @Override
    public void onDialogTerminated(String instanceId, Termination termination) {
      if (ending || request().isRls()) {
        return;
      }
      InstanceView instance = instances.get(instanceId);
      if (instance == null) {
        return;
      }
      instance.state = Instance.State.TERMINATED;
      instance.reason = termination.reason();
      instance.dropWhenTaken = true;
      changed(this);
    }

    @Override
    public void onTerminated(Termination termination) {
      if (ending) {
        return;
      }
      LOG.log(
          System.Logger.Level.INFO,
          () -> "subscription " + id + ": " + uri + " ended (" + termination + ")");
      if (request().isRls()) {
        listEnded = termination.reason();
        needFull = true;
        signal();
        return;
      }
      instances.put("0", terminated(termination.reason()));
      changed(this);
    }
  }

  /** One instance: its RLMI state and reason and, once notified, its content. */
  private static final class InstanceView {
    Instance.State state = Instance.State.PENDING;
    String reason;
    ResourceContent<?> content;
    boolean dropWhenTaken;
  }

  public ApiSubscription(
      String id, SubscriptionRequest request, Engine engine, Consumer<ApiSubscription> onEnded) {
    this.id = id;
    this.request = request;
    this.engine = engine;
    this.executor = new SerialExecutor(engine.executor());
    this.onEnded = onEnded;
  }

  public String id() {
    return id;
  }

  @Override
  public String subscriptionId() {
    return id;
  }

  /** What was asked for, as last updated. Safe to read from any thread. */
  public synchronized SubscriptionRequest request() {
    return request;
  }

  private synchronized void request(SubscriptionRequest request) {
    this.request = request;
  }

  // ---- lifecycle

  /** Starts subscribing to every resource, paced. */
  public void start() {
    executor.execute(
        () -> {
          scheduleExpiry();
          startMachines(request().targets());
        });
  }

  private void startMachines(List<SipUri> uris) {
    int perSecond = engine.subscribesPerSecond();
    int index = 0;
    for (SipUri uri : uris) {
      Slot slot = new Slot(uri);
      slot.machine = newMachine(slot);
      slots.add(slot);
      long delayMillis = (index++ / perSecond) * 1000L;
      if (delayMillis == 0) {
        slot.machine.start(request().expires());
        continue;
      }
      if (pacedStarts == null) {
        pacedStarts = new ArrayList<>();
      }
      SubscriptionStateMachine machine = slot.machine;
      pacedStarts.add(
          engine
              .settings()
              .scheduler()
              .schedule(
                  Duration.ofMillis(delayMillis),
                  () ->
                      executor.execute(
                          () -> {
                            if (!ending && machine.state() == SubscriberState.INIT) {
                              machine.start(request().expires());
                            }
                          })));
    }
  }

  private SubscriptionStateMachine newMachine(Slot slot) {
    SubscriptionRequest current = request();
    EventPackage<?> eventPackage = engine.packages().apply(current.event());
    List<String> accept = current.accept().isEmpty() ? eventPackage.accept() : current.accept();
    boolean rls = current.isRls();
    if (rls) {
      accept = new ArrayList<>(accept);
      accept.add(RlmiList.CONTENT_TYPE);
      accept.add("multipart/related");
    }
    SubscriptionStateMachine.Target target =
        new SubscriptionStateMachine.Target(
            slot.uri, EventHeader.of(current.event()), accept, rls, eventPackage);
    return new SubscriptionStateMachine(engine.settings(), target, executor, slot);
  }

  private void scheduleExpiry() {
    if (expiryTimer != null) {
      expiryTimer.cancel();
    }
    Duration left = Duration.between(engine.settings().clock().instant(), request().expires());
    expiryTimer = engine.settings().scheduler().schedule(left, this);
  }

  /**
   * The expiry timer fired (the subscription is its own timer task, so that one waiting for a day
   * holds nothing more than the scheduler's record).
   */
  @Override
  public void run() {
    end(Termination.EXPIRED);
  }

  /** Applies an update: expiry, callback and resource list. */
  public CompletionStage<Subscription> update(SubscriptionRequest updated) {
    CompletableFuture<Subscription> result = new CompletableFuture<>();
    executor.execute(
        () -> {
          if (ending) {
            result.completeExceptionally(new IllegalStateException("the subscription has ended"));
            return;
          }
          SubscriptionRequest previous = request();
          request(updated);
          scheduleExpiry();
          Set<SipUri> wanted = new LinkedHashSet<>(updated.targets());
          Set<SipUri> kept = new HashSet<>();
          for (Iterator<Slot> it = slots.iterator(); it.hasNext(); ) {
            Slot slot = it.next();
            if (wanted.contains(slot.uri)) {
              kept.add(slot.uri);
              slot.machine.extendTo(updated.expires());
            } else {
              slot.machine.stop();
              if (slot.dirty) {
                dirtyCount--;
              }
              it.remove();
              needFull = true;
            }
          }
          wanted.removeAll(kept);
          startMachines(List.copyOf(wanted));
          if (!previous.notifyUrl().equals(updated.notifyUrl())) {
            needFull = true;
          }
          if (needFull && version > 0) {
            signal();
          }
          result.complete(render(true, version));
        });
    return result;
  }

  /** The current state of every resource, as a GET shows it. */
  public CompletionStage<Subscription> snapshot() {
    CompletableFuture<Subscription> result = new CompletableFuture<>();
    executor.execute(() -> result.complete(render(true, version)));
    return result;
  }

  /** Ends the subscription: every SIP subscription is ended and a final callback says so. */
  public void end(Termination termination) {
    executor.execute(() -> endNow(termination));
  }

  private void endNow(Termination termination) {
    if (ending) {
      return;
    }
    ending = true;
    endedReason = termination.reason();
    if (expiryTimer != null) {
      expiryTimer.cancel();
    }
    if (pacedStarts != null) {
      pacedStarts.forEach(Scheduler.Cancellable::cancel);
      pacedStarts = null;
    }
    for (Slot slot : slots) {
      slot.machine.stop();
      if (request().isRls()) {
        continue;
      }
      for (InstanceView instance : slot.instances.values()) {
        if (instance.state != Instance.State.TERMINATED) {
          instance.state = Instance.State.TERMINATED;
          instance.reason = termination.reason();
        }
      }
      if (slot.instances.isEmpty()) {
        slot.instances.put("0", terminated(termination.reason()));
      }
    }
    needFull = true;
    LOG.log(
        System.Logger.Level.INFO, () -> "subscription " + id + " ended: " + termination.reason());
    engine.store().delete(id);
    if (request().notifyUrl().isEmpty()) {
      finish();
    } else {
      signal();
    }
  }

  private static InstanceView terminated(String reason) {
    InstanceView instance = new InstanceView();
    instance.state = Instance.State.TERMINATED;
    instance.reason = reason;
    return instance;
  }

  /** Forgets the subscription; its final callback, if any, has been taken. */
  private void finish() {
    if (!ended) {
      ended = true;
      onEnded.accept(this);
    }
  }

  // ---- SIP events

  private void changed(Slot slot) {
    if (!slot.dirty) {
      slot.dirty = true;
      dirtyCount++;
    }
    signal();
  }

  private void signal() {
    if (request().notifyUrl().isPresent()) {
      engine.sink().signal(this);
    }
  }

  // ---- callbacks

  @Override
  public CompletionStage<Optional<Notification>> take() {
    CompletableFuture<Optional<Notification>> result = new CompletableFuture<>();
    executor.execute(() -> result.complete(takeNow()));
    return result;
  }

  private Optional<Notification> takeNow() {
    Optional<URI> callback = request().notifyUrl();
    if (callback.isEmpty() || ended || terminalTaken) {
      return Optional.empty();
    }
    boolean pending = dirtyCount > 0 || (listDirty != null && !listDirty.isEmpty());
    if (!ending && !pending && !(needFull && version > 0)) {
      return Optional.empty();
    }
    boolean full = needFull || ending;
    version++;
    Subscription document = render(full, version);
    for (Slot slot : slots) {
      slot.dirty = false;
      if (!ending) {
        for (String instanceId : slot.instances.keys()) {
          if (slot.instances.get(instanceId).dropWhenTaken) {
            slot.instances.remove(instanceId);
          }
        }
      }
    }
    dirtyCount = 0;
    listDirty = null;
    needFull = false;
    if (ending) {
      terminalTaken = true;
    }
    Body body = Body.of(CONTENT_TYPE, engine.codec().encode(document));
    return Optional.of(new Notification(id, callback.get(), version, full, ending, body));
  }

  @Override
  public void delivered(Notification notification, DeliveryOutcome outcome) {
    executor.execute(
        () -> {
          if (notification.terminal()) {
            finish();
            return;
          }
          switch (outcome) {
            case DELIVERED -> {}
            case GONE -> {
              LOG.log(
                  System.Logger.Level.INFO,
                  () -> "subscription " + id + ": the callback answered 410 Gone, ending it");
              endNow(Termination.local("gone"));
              terminalTaken = true;
              finish();
            }
            case GAVE_UP -> needFull = true;
          }
        });
  }

  // ---- rendering

  private Subscription render(boolean full, long listVersion) {
    RlmiList.Builder rlmi =
        RlmiList.builder().uri(engine.listUri().apply(id)).version(listVersion).fullState(full);
    if (request().isRls()) {
      if (list != null) {
        renderList(rlmi, list.state(), full);
      }
    } else {
      for (Slot slot : slots) {
        if (full || slot.dirty) {
          rlmi.addResource(resource(slot));
        }
      }
    }
    SubscriptionRequest current = request();
    Subscription.Builder document =
        Subscription.builder()
            .event(current.event())
            .id(id)
            .list(rlmi.build())
            .expires(current.expires().atOffset(ZoneOffset.UTC));
    current.notifyUrl().ifPresent(url -> document.notifyUrl(url.toString()));
    return document.build();
  }

  private static Resource resource(Slot slot) {
    Resource.Builder resource = Resource.builder().uri(slot.uri.toString());
    List<String> ids = slot.instances.keys();
    for (String instanceId : ids) {
      InstanceView view = slot.instances.get(instanceId);
      Instance.Builder built = Instance.builder().id(instanceId).state(view.state);
      if (view.reason != null && view.state == Instance.State.TERMINATED) {
        built.reason(view.reason);
      }
      if (view.content != null && view.state != Instance.State.TERMINATED) {
        built.content(view.content.inline());
      }
      resource.addInstance(built.build());
    }
    return resource.build();
  }

  /** The resources of an RLS list, as its NOTIFYs made them; terminated if the list ended. */
  private <T> void renderList(RlmiList.Builder rlmi, RlsState<T> state, boolean full) {
    String over = endedReason != null ? endedReason : listEnded;
    for (RlsState.ResourceState<T> resource : state.resources().values()) {
      if (!full && (listDirty == null || !listDirty.contains(resource.uri()))) {
        continue;
      }
      Resource.Builder built = Resource.builder().uri(resource.uri()).names(resource.names());
      for (RlsState.InstanceState<T> instance : resource.instances().values()) {
        Instance.Builder view = Instance.builder().id(instance.id());
        if (over != null) {
          view.state(Instance.State.TERMINATED).reason(over);
        } else {
          view.state(instance.state());
          instance.reason().ifPresent(view::reason);
          if (instance.state() != Instance.State.TERMINATED) {
            instance.value().ifPresent(v -> view.content(state.eventPackage().codec().inline(v)));
          }
        }
        built.addInstance(view.build());
      }
      rlmi.addResource(built.build());
    }
  }

  /** How many SIP subscriptions are not terminated (for tests and metrics). */
  public CompletionStage<Integer> liveSipSubscriptions() {
    CompletableFuture<Integer> result = new CompletableFuture<>();
    executor.execute(
        () ->
            result.complete(
                (int)
                    slots.stream()
                        .filter(slot -> slot.machine.state() != SubscriberState.TERMINATED)
                        .count()));
    return result;
  }
}
