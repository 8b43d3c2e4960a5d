package org.sepapi.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
public final class ApiSubscription implements NotificationSource {
  private static final System.Logger LOG = System.getLogger(ApiSubscription.class.getName());
  private static final String CONTENT_TYPE = "application/xml";

  private final String id;
  private final Engine engine;
  private final SerialExecutor executor;
  private final Consumer<ApiSubscription> onEnded;

  private SubscriptionRequest request;
  private final Map<String, ResourceView> resources = new LinkedHashMap<>();
  private final Map<SipUri, SubscriptionStateMachine> machines = new LinkedHashMap<>();
  private final Set<String> dirty = new LinkedHashSet<>();
  private ListContent<?> list;
  private boolean needFull = true;
  private long version;
  private boolean ending;
  private boolean terminalTaken;
  private boolean ended;
  private String endedReason;
  private String listEnded;
  private Scheduler.Cancellable expiryTimer;
  private final List<Scheduler.Cancellable> pacedStarts = new ArrayList<>(0);

  /** One resource of the list: its instances (one per SIP dialog). */
  private static final class ResourceView {
    final Map<String, InstanceView> instances = new LinkedHashMap<>(2);
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
      if (!request().isRls()) {
        resources.computeIfAbsent(uri.toString(), u -> new ResourceView());
      }
      SubscriptionStateMachine machine = newMachine(uri);
      machines.put(uri, machine);
      long delayMillis = (index++ / perSecond) * 1000L;
      if (delayMillis == 0) {
        machine.start(request().expires());
      } else {
        pacedStarts.add(
            engine
                .settings()
                .scheduler()
                .schedule(
                    Duration.ofMillis(delayMillis),
                    () ->
                        executor.execute(
                            () -> {
                              if (!ending
                                  && machines.get(uri) == machine
                                  && machine.state() == SubscriberState.INIT) {
                                machine.start(request().expires());
                              }
                            })));
      }
    }
  }

  private SubscriptionStateMachine newMachine(SipUri uri) {
    SubscriptionRequest current = request();
    EventPackage<?> eventPackage = engine.packages().apply(current.event());
    List<String> accept =
        new ArrayList<>(current.accept().isEmpty() ? eventPackage.accept() : current.accept());
    boolean rls = current.isRls();
    if (rls) {
      accept.add(RlmiList.CONTENT_TYPE);
      accept.add("multipart/related");
    }
    SubscriptionStateMachine.Target target =
        new SubscriptionStateMachine.Target(
            uri,
            EventHeader.of(current.event()),
            accept,
            rls,
            rls
                ? () -> new ListContent<>(eventPackage)
                : () -> new ResourceContent<>(eventPackage));
    return new SubscriptionStateMachine(
        engine.settings(),
        target,
        executor,
        engine.router(),
        new MachineListener(uri),
        engine.challenges().get());
  }

  private void scheduleExpiry() {
    if (expiryTimer != null) {
      expiryTimer.cancel();
    }
    Duration left = Duration.between(engine.settings().clock().instant(), request().expires());
    expiryTimer =
        engine
            .settings()
            .scheduler()
            .schedule(left, () -> executor.execute(() -> end(Termination.EXPIRED)));
  }

  /** Applies an update: expiry, callback and resource list. */
  public CompletionStage<Subscription> update(SubscriptionRequest updated) {
    CompletableFuture<Subscription> result = new CompletableFuture<>();
    executor.execute(
        () -> {
          if (ending) {
            result.completeExceptionally(new IllegalStateException("subscription ended"));
            return;
          }
          SubscriptionRequest previous = request();
          request(updated);
          scheduleExpiry();
          Set<SipUri> wanted = new LinkedHashSet<>(updated.targets());
          List<SipUri> added = new ArrayList<>();
          for (SipUri uri : wanted) {
            if (!machines.containsKey(uri)) {
              added.add(uri);
            }
          }
          for (Iterator<Map.Entry<SipUri, SubscriptionStateMachine>> it =
                  machines.entrySet().iterator();
              it.hasNext(); ) {
            Map.Entry<SipUri, SubscriptionStateMachine> entry = it.next();
            if (!wanted.contains(entry.getKey())) {
              entry.getValue().stop();
              it.remove();
              resources.remove(entry.getKey().toString());
              dirty.remove(entry.getKey().toString());
              needFull = true;
            } else {
              entry.getValue().extendTo(updated.expires());
            }
          }
          startMachines(added);
          if (!previous.notifyUrl().equals(updated.notifyUrl())) {
            needFull = true;
          }
          signal();
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
    if (expiryTimer != null) {
      expiryTimer.cancel();
    }
    pacedStarts.forEach(Scheduler.Cancellable::cancel);
    pacedStarts.clear();
    for (SubscriptionStateMachine machine : machines.values()) {
      machine.stop();
    }
    endedReason = termination.reason();
    for (Map.Entry<String, ResourceView> resource : resources.entrySet()) {
      for (InstanceView instance : resource.getValue().instances.values()) {
        if (instance.state != Instance.State.TERMINATED) {
          instance.state = Instance.State.TERMINATED;
          instance.reason = termination.reason();
        }
      }
      if (resource.getValue().instances.isEmpty()) {
        InstanceView instance = new InstanceView();
        instance.state = Instance.State.TERMINATED;
        instance.reason = termination.reason();
        resource.getValue().instances.put("0", instance);
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

  /** Ends without a final callback (the receiver said 410 Gone). */
  private void finish() {
    if (!ended) {
      ended = true;
      onEnded.accept(this);
    }
  }

  // ---- SIP events

  private final class MachineListener implements SubscriptionStateMachine.Listener {
    private final String uri;

    MachineListener(SipUri uri) {
      this.uri = uri.toString();
    }

    private InstanceView instance(String instanceId) {
      ResourceView resource = resources.computeIfAbsent(uri, u -> new ResourceView());
      resource.instances.remove("0");
      return resource.instances.computeIfAbsent(instanceId, i -> new InstanceView());
    }

    @Override
    public void onDialog(String instanceId, SubscriptionState state) {
      if (request().isRls()) {
        return;
      }
      InstanceView instance = instance(instanceId);
      Instance.State next = state.isActive() ? Instance.State.ACTIVE : Instance.State.PENDING;
      if (instance.state != next) {
        instance.state = next;
        changed(uri);
      }
    }

    @Override
    public void onContent(String instanceId, NotifyContent content) {
      if (content instanceof ListContent<?> listContent) {
        list = listContent;
        Set<String> changed = listContent.takeChanged();
        for (String resource : changed) {
          if (listContent.state().resource(resource).isEmpty()) {
            needFull = true;
          }
        }
        if (!ending && !changed.isEmpty()) {
          dirty.addAll(changed);
          signal();
        }
        return;
      }
      InstanceView instance = instance(instanceId);
      instance.content = (ResourceContent<?>) content;
      changed(uri);
    }

    @Override
    public void onDialogTerminated(String instanceId, Termination termination) {
      if (ending || request().isRls()) {
        return;
      }
      ResourceView resource = resources.get(uri);
      if (resource == null) {
        return;
      }
      InstanceView instance = resource.instances.get(instanceId);
      if (instance == null) {
        return;
      }
      instance.state = Instance.State.TERMINATED;
      instance.reason = termination.reason();
      instance.dropWhenTaken = true;
      changed(uri);
    }

    @Override
    public void onTerminated(Termination termination) {
      if (ending) {
        return;
      }
      if (request().isRls()) {
        listEnded = termination.reason();
        needFull = true;
        LOG.log(
            System.Logger.Level.INFO,
            () -> "subscription " + id + ": the list " + uri + " ended (" + termination + ")");
        signal();
        return;
      }
      ResourceView resource = resources.get(uri);
      if (resource == null) {
        return;
      }
      resource.instances.values().removeIf(i -> i.dropWhenTaken && !dirty.contains(uri));
      InstanceView instance = new InstanceView();
      instance.state = Instance.State.TERMINATED;
      instance.reason = termination.reason();
      resource.instances.put("0", instance);
      LOG.log(
          System.Logger.Level.INFO,
          () -> "subscription " + id + ": " + uri + " ended (" + termination + ")");
      changed(uri);
    }
  }

  private void changed(String uri) {
    if (ending) {
      return;
    }
    dirty.add(uri);
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
    Optional<java.net.URI> callback = request().notifyUrl();
    if (callback.isEmpty() || ended || terminalTaken) {
      return Optional.empty();
    }
    if (!ending && dirty.isEmpty() && !(needFull && version > 0)) {
      return Optional.empty();
    }
    boolean full = needFull || ending;
    version++;
    Subscription document = render(full, version);
    dirty.clear();
    needFull = false;
    for (ResourceView resource : resources.values()) {
      resource.instances.values().removeIf(i -> i.dropWhenTaken);
    }
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
          switch (outcome) {
            case DELIVERED -> {
              if (notification.terminal()) {
                finish();
              }
            }
            case GONE -> {
              LOG.log(
                  System.Logger.Level.INFO,
                  () -> "subscription " + id + ": the callback answered 410 Gone, ending it");
              if (notification.terminal()) {
                finish();
              } else {
                endNow(Termination.local("gone"));
                terminalTaken = true;
                finish();
              }
            }
            case GAVE_UP -> {
              if (notification.terminal()) {
                finish();
              } else {
                needFull = true;
              }
            }
          }
        });
  }

  // ---- rendering

  private Subscription render(boolean full, long listVersion) {
    RlmiList.Builder rlmi =
        RlmiList.builder().uri(engine.listUri().apply(id)).version(listVersion).fullState(full);
    if (list != null) {
      renderList(rlmi, list.state(), full);
    }
    for (Map.Entry<String, ResourceView> entry : resources.entrySet()) {
      if (!full && !dirty.contains(entry.getKey())) {
        continue;
      }
      Resource.Builder resource = Resource.builder().uri(entry.getKey());
      for (Map.Entry<String, InstanceView> instance : entry.getValue().instances.entrySet()) {
        InstanceView view = instance.getValue();
        Instance.Builder built = Instance.builder().id(instance.getKey()).state(view.state);
        if (view.reason != null && view.state == Instance.State.TERMINATED) {
          built.reason(view.reason);
        }
        if (view.content != null && view.state != Instance.State.TERMINATED) {
          built.content(view.content.inline());
        }
        resource.addInstance(built.build());
      }
      rlmi.addResource(resource.build());
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

  /** The resources of an RLS list, as its NOTIFYs made them; terminated if the list ended. */
  private <T> void renderList(RlmiList.Builder rlmi, RlsState<T> state, boolean full) {
    String over = endedReason != null ? endedReason : listEnded;
    for (RlsState.ResourceState<T> resource : state.resources().values()) {
      if (!full && !dirty.contains(resource.uri())) {
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
                    machines.values().stream()
                        .filter(m -> m.state() != SubscriberState.TERMINATED)
                        .count()));
    return result;
  }

  /** The instant the subscription ends. */
  public Instant expires() {
    return request().expires();
  }

  static SubscriptionStore.Stored stored(String id, SubscriptionRequest request) {
    return new SubscriptionStore.Stored(id, request);
  }
}
