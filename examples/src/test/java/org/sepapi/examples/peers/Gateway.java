package org.sepapi.examples.peers;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.sepapi.core.SubscriptionRequest;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.DeliveryOutcome;
import org.sepapi.core.spi.Notification;
import org.sepapi.core.spi.NotificationSink;
import org.sepapi.core.spi.NotificationSource;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;
import org.sepapi.testkit.ManualClock;
import org.sepapi.testkit.ManualScheduler;
import org.sepapi.transport.jainsip.JainSipTransport;

/**
 * sepapi as a user runs it against a real SIP peer: a {@link SubscriptionService} over a {@link
 * JainSipTransport} on 127.0.0.1 (UDP), with a manual clock and scheduler so that the test decides
 * when refreshes and retries fall due. What the peer sends arrives in real time: the waits here
 * wait for the engine to tell its sink of a change, never for time to pass.
 */
public final class Gateway implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(20);
  private static final String OWNER = "peer-tests";
  private static final XmlCodec<Subscription> CALLBACK = XmlCodec.of(Subscription.class);

  private final ManualClock clock = ManualClock.create();
  private final ManualScheduler scheduler = ManualScheduler.on(clock);
  private final ExecutorService engine =
      Executors.newSingleThreadExecutor(task -> new Thread(task, "gateway-engine"));
  private final BlockingQueue<String> signals = new LinkedBlockingQueue<>();
  private final JainSipTransport transport;
  private final SubscriptionService service;
  private final ExecutorService taker;
  private final Map<String, List<Subscription>> taken = new ConcurrentHashMap<>();
  private volatile Exception takeFailure;

  private Gateway(
      JainSipTransport.Protocol protocol,
      Consumer<SubscriptionService.Builder> options,
      boolean take) {
    this.taker =
        take ? Executors.newSingleThreadExecutor(task -> new Thread(task, "gateway-sink")) : null;
    this.transport = JainSipTransport.builder().bind(Peers.LOOPBACK, 0).protocol(protocol).build();
    SubscriptionService.Builder builder =
        SubscriptionService.builder()
            .transport(transport)
            .scheduler(scheduler)
            .clock(clock)
            .executor(engine)
            .identity(NameAddr.parse("<sip:sepapi@127.0.0.1>"))
            .sink(
                new NotificationSink() {
                  @Override
                  public void signal(NotificationSource source) {
                    signals.add(source.subscriptionId());
                    if (taker != null) {
                      taker.execute(() -> takeAll(source));
                    }
                  }

                  @Override
                  public void close() {}
                });
    options.accept(builder);
    this.service = builder.build();
  }

  public static Gateway start() {
    return start(builder -> {});
  }

  public static Gateway start(Consumer<SubscriptionService.Builder> options) {
    return new Gateway(JainSipTransport.Protocol.UDP, options, false);
  }

  /** A gateway whose transport speaks {@code protocol}. */
  public static Gateway start(JainSipTransport.Protocol protocol) {
    return new Gateway(protocol, builder -> {}, false);
  }

  /**
   * A gateway whose sink takes every callback as a webhook that answers at once would, and keeps
   * them (see {@link #callbacks}). Ended instances then leave the subscription's document once
   * taken, as they do with a real callback.
   */
  public static Gateway startTakingCallbacks() {
    return new Gateway(JainSipTransport.Protocol.UDP, builder -> {}, true);
  }

  /**
   * The callbacks taken so far for the subscription, in order (with {@link #startTakingCallbacks}).
   */
  public List<Subscription> callbacks(String id) {
    return List.copyOf(taken.getOrDefault(id, List.of()));
  }

  /**
   * Waits until the callbacks taken for the subscription satisfy {@code wanted}; fails after {@link
   * #WAIT} with them and {@code peer}'s report.
   */
  public List<Subscription> awaitCallbacks(
      String id, Predicate<List<Subscription>> wanted, Supplier<String> peer)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      if (takeFailure != null) {
        throw new AssertionError("taking a callback failed", takeFailure);
      }
      List<Subscription> callbacks = callbacks(id);
      if (wanted.test(callbacks)) {
        return callbacks;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "the callbacks wanted never came; taken:\n"
                + String.join("\n", callbacks.stream().map(Subscription::toString).toList())
                + "\n"
                + peer.get());
      }
      signals.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
    }
  }

  /** Takes the source's callbacks one at a time until none is pending (on the sink's thread). */
  private void takeAll(NotificationSource source) {
    try {
      while (true) {
        Optional<Notification> next =
            source.take().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (next.isEmpty()) {
          return;
        }
        taken
            .computeIfAbsent(source.subscriptionId(), key -> new CopyOnWriteArrayList<>())
            .add(CALLBACK.decode(next.get().body().content()));
        source.delivered(next.get(), DeliveryOutcome.DELIVERED);
        signals.add(source.subscriptionId());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      takeFailure = e;
    }
  }

  public JainSipTransport transport() {
    return transport;
  }

  public ManualScheduler scheduler() {
    return scheduler;
  }

  public ManualClock clock() {
    return clock;
  }

  /** Subscribes to {@code event} for {@code resources}, for an hour; returns the id. */
  public String subscribe(String event, String... resources) throws Exception {
    return subscribe(event, List.of(), resources);
  }

  /** Subscribes to {@code event} with the Accept types given; returns the id. */
  public String subscribe(String event, List<String> accept, String... resources) throws Exception {
    return subscribe(event, accept, Duration.ofHours(1), resources);
  }

  /**
   * Subscribes to {@code event} for {@code lasting} (from the manual clock's now); returns the id.
   */
  public String subscribe(String event, List<String> accept, Duration lasting, String... resources)
      throws Exception {
    List<SipUri> uris = java.util.Arrays.stream(resources).map(SipUri::parse).toList();
    Subscription created =
        service
            .create(
                new SubscriptionRequest(
                    OWNER,
                    event,
                    uris,
                    Optional.empty(),
                    Optional.of(URI.create("http://client.test/callbacks")),
                    clock.instant().plus(lasting),
                    accept))
            .toCompletableFuture()
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return created.id();
  }

  /** The subscription's document as the API's GET gives it. */
  public Subscription document(String id) throws Exception {
    return service
        .get(OWNER, id)
        .toCompletableFuture()
        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .orElseThrow(() -> new AssertionError("no subscription " + id));
  }

  /** Deletes the subscription (the engine unsubscribes). */
  public boolean delete(String id) {
    return service.delete(OWNER, id);
  }

  /**
   * Waits until the resource of the subscription has an instance that {@code wanted} accepts, and
   * returns it; fails after {@link #WAIT} with the last document seen and {@code peer}'s report.
   */
  public Instance awaitInstance(
      String id, String resource, Predicate<Instance> wanted, Supplier<String> peer)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Subscription last = null;
    while (true) {
      last = document(id);
      Optional<Resource> found = last.list().flatMap(list -> list.resource(resource));
      if (found.isPresent()) {
        for (Instance instance : found.get().instances()) {
          if (wanted.test(instance)) {
            return instance;
          }
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "the state wanted never came for "
                + resource
                + "; last document:\n"
                + last
                + "\n"
                + peer.get());
      }
      // woken by the next change told to the sink; a change of state alone (pending, terminated)
      // may not be told, so the document is read again at least every 100 ms
      signals.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void close() {
    service.close();
    if (taker != null) {
      taker.shutdownNow();
    }
    engine.shutdownNow();
    transport.close();
  }
}
