package org.sepapi.core.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
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
import org.sepapi.core.spi.SubscriptionStore;
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

  /**
   * The id of the instance that stands for a resource with no dialog (refused, ended): RLMI has a
   * resource's state only in its instances. A notifier without a tag also gets this id; a
   * placeholder is told apart by {@link InstanceView#placeholder}.
   */
  private static final String NO_DIALOG = "0";

  private final String id;
  private final Engine engine;
  private final SerialExecutor executor;
  private final Consumer<ApiSubscription> onEnded;

  private SubscriptionRequest request;
  private volatile boolean closing;
  private final ArrayList<Slot> slots = new ArrayList<>(1);
  private long slotCount;
  private ArrayList<Slot> dirtySlots;
  private Set<String> listDirty;
  private ListContent<?> list;
  private boolean needFull = true;
  private boolean owed;
  private long version;
  private boolean ending;
  private boolean terminalTaken;
  private boolean ended;
  private String endedReason;
  private String listEnded;
  private Scheduler.Cancellable expiryTimer;
  private List<Scheduler.Cancellable> pacedStarts;
  private long paceSecondMillis = Long.MIN_VALUE;
  private int paceCount;

  /**
   * One resource of a fan-out list (or the list URI of an RLS subscription): its SIP subscription
   * and its instances, one per dialog. It listens to its SIP subscription itself.
   */
  private final class Slot implements SubscriptionStateMachine.Listener {
    final SipUri uri;
    final long order;
    SubscriptionStateMachine machine;
    final SmallMap<InstanceView> instances = new SmallMap<>();
    boolean dirty;

    /** Removed from the subscription by an update: what its machine says no longer counts. */
    boolean detached;

    /** Why its machine ended for good, once it did. */
    Termination ended;

    Slot(SipUri uri, long order) {
      this.uri = uri;
      this.order = order;
    }

    /** Whether the machine's news counts: the slot is in the subscription, which runs. */
    private boolean listening() {
      return !ending && !detached;
    }

    private InstanceView instance(String instanceId) {
      InstanceView placeholder = instances.get(NO_DIALOG);
      if (placeholder != null && placeholder.placeholder) {
        instances.remove(NO_DIALOG);
      }
      if (request().notifyUrl().isEmpty()) {
        // with no callback to take them, ended instances go when a new one comes
        for (String ended : instances.keys()) {
          if (instances.get(ended).dropWhenTaken) {
            instances.remove(ended);
          }
        }
      }
      InstanceView instance = instances.get(instanceId);
      if (instance == null || instance.dropWhenTaken) {
        // a new dialog, or a new one with the id of one that ended: a new instance
        instance = new InstanceView();
        instances.put(instanceId, instance);
      }
      return instance;
    }

    @Override
    public void onDialog(String instanceId, SubscriptionState state) {
      if (!listening() || request().isRls()) {
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
      if (!listening()) {
        return;
      }
      if (content instanceof ListContent<?> listContent) {
        if (list != listContent) {
          // a new dialog's list: it says nothing of the resources the old one had
          if (list != null) {
            needFull = true;
          }
          list = listContent;
        }
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
      if (!listening() || request().isRls()) {
        return;
      }
      InstanceView instance = instances.get(instanceId);
      if (instance == null) {
        return;
      }
      instance.state = Instance.State.TERMINATED;
      instance.reason = reason(termination);
      instance.dropWhenTaken = true;
      changed(this);
    }

    @Override
    public void onTerminated(Termination termination) {
      if (!listening()) {
        return;
      }
      ended = termination;
      LOG.log(
          System.Logger.Level.INFO,
          () -> "subscription " + id + ": " + uri + " ended (" + termination + ")");
      if (request().isRls()) {
        listEnded = reason(termination);
        needFull = true;
        owed = true;
        signal();
        return;
      }
      instances.put(NO_DIALOG, placeholder(reason(termination)));
      changed(this);
    }
  }

  /** One instance: its RLMI state and reason and, once notified, its content. */
  private static final class InstanceView {
    Instance.State state = Instance.State.PENDING;
    String reason;
    ResourceContent<?> content;
    boolean dropWhenTaken;

    /** It stands for a resource without a dialog; the first real instance replaces it. */
    boolean placeholder;
  }

  /**
   * The RLMI reason of a termination (RFC 4662 uses the Subscription-State reasons): a refusal says
   * {@code noresource} (404, 410, 604) or {@code rejected} (401, 403, 407, 603) when its status
   * means one of those, and {@code refused} otherwise; any other reason is kept.
   */
  static String reason(Termination termination) {
    OptionalInt status = termination.status();
    if (status.isPresent()) {
      switch (status.getAsInt()) {
        case 404, 410, 604 -> {
          return Termination.Reason.NORESOURCE.token();
        }
        case 401, 403, 407, 603 -> {
          return Termination.Reason.REJECTED.token();
        }
        default -> {}
      }
    }
    return termination.reason();
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
    for (SipUri uri : uris) {
      Slot slot = new Slot(uri, slotCount++);
      slots.add(slot);
      startMachine(slot);
    }
  }

  /** Gives the slot a new machine and starts it now or, past the pace, in a later second. */
  private void startMachine(Slot slot) {
    slot.machine = newMachine(slot);
    slot.ended = null;
    Duration delay = nextStart();
    if (delay.isZero()) {
      slot.machine.start(request().expires());
      return;
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
                delay,
                () ->
                    executor.execute(
                        () -> {
                          if (!ending && machine.state() == SubscriberState.INIT) {
                            machine.start(request().expires());
                          }
                        })));
  }

  /**
   * How long the next new SIP subscription waits: starts go in batches of {@code
   * subscribesPerSecond}, one batch per second, counted across creation and every update, so that
   * no second of the subscription sends more.
   */
  private Duration nextStart() {
    long now = engine.settings().clock().millis();
    if (paceSecondMillis == Long.MIN_VALUE || paceSecondMillis + 1000 <= now) {
      paceSecondMillis = now;
      paceCount = 0;
    }
    if (paceCount == engine.subscribesPerSecond()) {
      paceSecondMillis += 1000;
      paceCount = 0;
    }
    paceCount++;
    return Duration.ofMillis(Math.max(0, paceSecondMillis - now));
  }

  private SubscriptionStateMachine newMachine(Slot slot) {
    SubscriptionRequest current = request();
    EventPackage<?> eventPackage = engine.packages().apply(current.event());
    List<String> accept = current.accept().isEmpty() ? eventPackage.accept() : current.accept();
    boolean rls = current.isRls();
    if (rls) {
      Set<String> types = new LinkedHashSet<>(accept);
      types.add(RlmiList.CONTENT_TYPE);
      types.add("multipart/related");
      accept = List.copyOf(types);
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

  /**
   * Applies an update: expiry, callback and resource list, and saves it in the store.
   *
   * @return the updated document, or empty if the subscription has ended (or is ending)
   */
  public CompletionStage<Optional<Subscription>> update(SubscriptionRequest updated) {
    CompletableFuture<Optional<Subscription>> result = new CompletableFuture<>();
    executor.execute(
        () -> {
          if (ending) {
            result.complete(Optional.empty());
            return;
          }
          SubscriptionRequest previous = request();
          request(updated);
          engine.store().save(new SubscriptionStore.Stored(id, updated));
          scheduleExpiry();
          Set<SipUri> wanted = new LinkedHashSet<>(updated.targets());
          Set<SipUri> kept = new HashSet<>();
          for (Iterator<Slot> it = slots.iterator(); it.hasNext(); ) {
            Slot slot = it.next();
            if (wanted.contains(slot.uri)) {
              kept.add(slot.uri);
              keep(slot, updated.expires());
            } else {
              slot.detached = true;
              slot.machine.stop();
              if (slot.dirty) {
                slot.dirty = false;
                dirtySlots.remove(slot);
              }
              it.remove();
              // a partial list cannot say that a resource went
              needFull = true;
              owed |= version > 0;
            }
          }
          wanted.removeAll(kept);
          startMachines(List.copyOf(wanted));
          if (!previous.notifyUrl().equals(updated.notifyUrl())
              && updated.notifyUrl().isPresent()) {
            // a new receiver knows nothing yet: it gets the full state at once
            needFull = true;
            owed = true;
          }
          if (owed) {
            signal();
          }
          result.complete(Optional.of(render(true, version)));
        });
    return result;
  }

  /**
   * Keeps a resource through an update: its machine follows the new expiry, and one that ran out of
   * time under the old expiry (it ended as {@code expired}) subscribes again.
   */
  private void keep(Slot slot, Instant expires) {
    if (slot.machine.state() != SubscriberState.TERMINATED) {
      slot.machine.extendTo(expires);
      return;
    }
    if (slot.ended != null && slot.ended.equals(Termination.EXPIRED)) {
      listEnded = null;
      startMachine(slot);
    }
  }

  /** The current state of every resource, as a GET shows it. */
  public CompletionStage<Subscription> snapshot() {
    CompletableFuture<Subscription> result = new CompletableFuture<>();
    executor.execute(() -> result.complete(render(true, version)));
    return result;
  }

  /**
   * Whether the subscription has ended or is ending (deleted, expired, gone): it is no longer the
   * client's to see or change, though its final callback may still be on its way. Safe to read from
   * any thread.
   */
  public boolean isClosing() {
    return closing;
  }

  /** Ends the subscription: every SIP subscription is ended and a final callback says so. */
  public void end(Termination termination) {
    closing = true;
    executor.execute(() -> endNow(termination, true));
  }

  /**
   * Stops running the subscription without ending it for the client (the service is shutting down,
   * and another will take it over from the store): every SIP subscription is ended, the store keeps
   * it, and no final callback goes.
   */
  public void shutDown() {
    closing = true;
    executor.execute(
        () -> {
          if (!ending) {
            stopRunning(Termination.local("shutdown"));
            terminalTaken = true;
            finish();
          }
        });
  }

  private void endNow(Termination termination, boolean callBack) {
    if (ending) {
      return;
    }
    stopRunning(termination);
    LOG.log(
        System.Logger.Level.INFO, () -> "subscription " + id + " ended: " + termination.reason());
    engine.store().delete(id);
    if (!callBack || request().notifyUrl().isEmpty()) {
      terminalTaken = true;
      finish();
    } else {
      signal();
    }
  }

  /** Ends every SIP subscription and marks every instance terminated. */
  private void stopRunning(Termination termination) {
    closing = true;
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
        slot.instances.put(NO_DIALOG, placeholder(termination.reason()));
      }
    }
    needFull = true;
  }

  /** The instance of a resource that has no dialog: terminated, with the reason. */
  private static InstanceView placeholder(String reason) {
    InstanceView instance = new InstanceView();
    instance.state = Instance.State.TERMINATED;
    instance.reason = reason;
    instance.placeholder = true;
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
      if (dirtySlots == null) {
        dirtySlots = new ArrayList<>();
      }
      dirtySlots.add(slot);
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
    boolean pending =
        (dirtySlots != null && !dirtySlots.isEmpty())
            || (listDirty != null && !listDirty.isEmpty());
    if (!ending && !pending && !owed) {
      return Optional.empty();
    }
    boolean full = needFull || ending;
    version++;
    Subscription document = render(full, version);
    if (dirtySlots != null) {
      for (Slot slot : dirtySlots) {
        slot.dirty = false;
        if (!ending) {
          for (String instanceId : slot.instances.keys()) {
            if (slot.instances.get(instanceId).dropWhenTaken) {
              slot.instances.remove(instanceId);
            }
          }
        }
      }
      dirtySlots = null;
    }
    listDirty = null;
    needFull = false;
    owed = false;
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
              endNow(Termination.local("gone"), false);
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
      String over = endedReason != null ? endedReason : listEnded;
      if (list != null && !list.state().resources().isEmpty()) {
        renderList(rlmi, list.state(), full, over);
      } else if (over != null && full) {
        // no resource known: the list itself, ended
        rlmi.addResource(
            Resource.builder()
                .uri(slots.get(0).uri.toString())
                .addInstance(
                    Instance.builder()
                        .id(NO_DIALOG)
                        .state(Instance.State.TERMINATED)
                        .reason(over)
                        .build())
                .build());
      }
    } else if (full) {
      for (Slot slot : slots) {
        rlmi.addResource(resource(slot));
      }
    } else if (dirtySlots != null) {
      dirtySlots.sort(Comparator.comparingLong(slot -> slot.order));
      for (Slot slot : dirtySlots) {
        rlmi.addResource(resource(slot));
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
  private <T> void renderList(RlmiList.Builder rlmi, RlsState<T> state, boolean full, String over) {
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
