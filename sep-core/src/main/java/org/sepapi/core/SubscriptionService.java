package org.sepapi.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.sepapi.core.internal.ApiSubscription;
import org.sepapi.core.internal.Backoff;
import org.sepapi.core.internal.DialogRouter;
import org.sepapi.core.internal.DigestChallengeAnswerer;
import org.sepapi.core.internal.Engine;
import org.sepapi.core.internal.Ids;
import org.sepapi.core.internal.SubscriberSettings;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.CallbackPolicy;
import org.sepapi.core.spi.CredentialsProvider;
import org.sepapi.core.spi.NotificationSink;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.SubscriptionStore;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.Subscription;

/**
 * The SEP API's subscriptions: create, read, update, delete and list them; each keeps its SIP
 * subscriptions alive until it expires, merges every NOTIFY and calls back every change. Built once
 * per application with {@link #builder()}; {@link #close()} ends every subscription.
 *
 * <p>Thread-safe. Each subscription runs on its own serial executor; the methods here hand off to
 * it and return stages completed there.
 */
public final class SubscriptionService implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SubscriptionService.class.getName());

  private final Engine engine;
  private final RandomGenerator random;
  private final ConcurrentHashMap<String, ApiSubscription> subscriptions =
      new ConcurrentHashMap<>();
  private final Consumer<ApiSubscription> onEnded = this::ended;
  private volatile boolean closed;

  private SubscriptionService(Builder builder) {
    SubscriberSettings settings =
        new SubscriberSettings(
            builder.transport,
            new DialogRouter(),
            () -> new DigestChallengeAnswerer(builder.credentials, builder.random),
            builder.scheduler,
            builder.clock,
            builder.random,
            builder.identity,
            builder.outboundRoute,
            builder.credentials,
            builder.defaultExpires,
            new Backoff(builder.backoffInitial, 2.0, builder.backoffMax),
            builder.timerN,
            builder.unsubscribeWait,
            builder.maxDialogs,
            String.join(", ", builder.packages.names()));
    this.random = builder.random;
    this.engine =
        new Engine(
            settings,
            builder.packages::get,
            builder.sink,
            builder.store,
            builder.policy,
            builder.executor,
            builder.subscribesPerSecond,
            builder.listUri,
            XmlCodec.of(Subscription.class));
    builder.transport.start(settings.router());
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a subscription and starts subscribing.
   *
   * @return the new subscription's document (no state yet)
   * @throws CallbackPolicy.CallbackRefusedException if the callback URL is refused
   * @throws IllegalArgumentException if the expiry has passed
   * @throws IllegalStateException if the service is closed
   */
  public CompletionStage<Subscription> create(SubscriptionRequest request) {
    checkOpen();
    validate(request);
    String id = Ids.random(random, 16);
    ApiSubscription subscription = new ApiSubscription(id, request, engine, onEnded);
    subscriptions.put(id, subscription);
    engine.store().save(new SubscriptionStore.Stored(id, request));
    subscription.start();
    LOG.log(
        System.Logger.Level.DEBUG,
        () ->
            "subscription "
                + id
                + " created: "
                + request.event()
                + " for "
                + request.targets().size()
                + " resource(s) until "
                + request.expires());
    return subscription.snapshot();
  }

  /** The subscription {@code id} of {@code owner}, with the current state of every resource. */
  public CompletionStage<Optional<Subscription>> get(String owner, String id) {
    Optional<ApiSubscription> subscription = find(owner, id);
    if (subscription.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return subscription.get().snapshot().thenApply(Optional::of);
  }

  /**
   * Changes the expiry, callback or resources of a subscription of {@code owner}. A new callback
   * URL gets the full state at once; removed resources are unsubscribed and added ones subscribed.
   *
   * @return the updated document, or empty if {@code owner} has no such subscription (or it has
   *     ended meanwhile)
   * @throws IllegalArgumentException if the update changes the owner, the event package or the
   *     mode, or its expiry has passed
   * @throws CallbackPolicy.CallbackRefusedException if the callback URL is refused
   * @throws IllegalStateException if the service is closed
   */
  public CompletionStage<Optional<Subscription>> update(
      String owner, String id, SubscriptionRequest request) {
    checkOpen();
    Optional<ApiSubscription> subscription = find(owner, id);
    if (subscription.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    SubscriptionRequest current = subscription.get().request();
    if (!request.owner().equals(owner)) {
      throw new IllegalArgumentException("an update keeps the owner");
    }
    if (!current.event().equals(request.event()) || current.isRls() != request.isRls()) {
      throw new IllegalArgumentException("an update keeps the event package and the mode");
    }
    validate(request);
    return subscription.get().update(request);
  }

  /**
   * Ends a subscription of {@code owner}: it is gone at once for {@link #get}, {@link #list} and
   * {@link #update}; its SIP subscriptions are ended and a final callback says so.
   *
   * @return false if there is no such subscription
   */
  public boolean delete(String owner, String id) {
    Optional<ApiSubscription> subscription = find(owner, id);
    subscription.ifPresent(s -> s.end(Termination.UNSUBSCRIBED));
    return subscription.isPresent();
  }

  /** The subscriptions of {@code owner}, by id. */
  public List<Summary> list(String owner) {
    List<Summary> summaries = new ArrayList<>();
    for (ApiSubscription subscription : subscriptions.values()) {
      SubscriptionRequest request = subscription.request();
      if (request.owner().equals(owner) && !subscription.isClosing()) {
        summaries.add(
            new Summary(
                subscription.id(), request.event(), request.expires(), request.targets().size()));
      }
    }
    summaries.sort(Comparator.comparing(Summary::id));
    return List.copyOf(summaries);
  }

  /** One line of {@link #list}. */
  public record Summary(String id, String event, Instant expires, int resources) {}

  /**
   * Takes over the subscriptions the store holds that this service does not run: subscribes to
   * their resources again, and calls each back with the full state once it is known.
   *
   * @return how many were taken over
   */
  public int recover() {
    checkOpen();
    int recovered = 0;
    for (SubscriptionStore.Stored stored : engine.store().all()) {
      if (subscriptions.containsKey(stored.id())) {
        continue;
      }
      if (!stored.request().expires().isAfter(engine.settings().clock().instant())) {
        engine.store().delete(stored.id());
        continue;
      }
      ApiSubscription subscription =
          new ApiSubscription(stored.id(), stored.request(), engine, onEnded);
      subscriptions.put(stored.id(), subscription);
      subscription.start();
      recovered++;
    }
    int count = recovered;
    LOG.log(System.Logger.Level.INFO, () -> "took over " + count + " subscription(s)");
    return recovered;
  }

  /** How many subscriptions run now (those ending included, until their last callback went). */
  public int size() {
    return subscriptions.size();
  }

  private Optional<ApiSubscription> find(String owner, String id) {
    ApiSubscription subscription = subscriptions.get(id);
    if (subscription == null
        || subscription.isClosing()
        || !subscription.request().owner().equals(owner)) {
      return Optional.empty();
    }
    return Optional.of(subscription);
  }

  private void ended(ApiSubscription subscription) {
    subscriptions.remove(subscription.id(), subscription);
  }

  private void validate(SubscriptionRequest request) {
    if (!request.expires().isAfter(engine.settings().clock().instant())) {
      throw new IllegalArgumentException("the expiry has passed: " + request.expires());
    }
    request.notifyUrl().ifPresent(engine.policy()::check);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the subscription service is closed");
    }
  }

  /**
   * Stops running every subscription and accepting new ones: their SIP subscriptions are ended
   * (SUBSCRIBE with Expires: 0), but for their clients they go on: no final callback is sent and
   * they stay in the store, so that another service {@linkplain #recover recovers} them (and calls
   * each back with the full state). The transport, scheduler and sink belong to the caller, who
   * closes them afterwards.
   */
  @Override
  public void close() {
    closed = true;
    for (ApiSubscription subscription : subscriptions.values()) {
      subscription.shutDown();
    }
  }

  /** Builds a {@link SubscriptionService}. Not thread-safe. */
  public static final class Builder {
    private SipTransport transport;
    private Scheduler scheduler;
    private Clock clock = Clock.systemUTC();
    private Executor executor = ForkJoinPool.commonPool();
    private RandomGenerator random = new SecureRandom();
    private EventPackages packages = EventPackages.defaults();
    private NotificationSink sink;
    private SubscriptionStore store = new InMemorySubscriptionStore();
    private CallbackPolicy policy = CallbackPolicy.httpOnly();
    private NameAddr identity;
    private List<SipUri> outboundRoute = List.of();
    private CredentialsProvider credentials = CredentialsProvider.none();
    private Duration defaultExpires = Duration.ofHours(1);
    private Duration backoffInitial = Duration.ofSeconds(2);
    private Duration backoffMax = Duration.ofMinutes(5);
    private Duration timerN = Duration.ofSeconds(32);
    private Duration unsubscribeWait = Duration.ofSeconds(32);
    private int maxDialogs = 4;
    private int subscribesPerSecond = 100;
    private Function<String, String> listUri = id -> "urn:sepapi:subscription:" + id;

    private Builder() {}

    /** The SIP transport (required); the service starts it. */
    public Builder transport(SipTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** Every timer (required). */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Runs the subscriptions' serial executors; the common pool by default. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Jitter and identifiers; a SecureRandom by default. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public Builder eventPackages(EventPackages packages) {
      this.packages = Objects.requireNonNull(packages, "packages");
      return this;
    }

    /** Delivers callbacks (required). */
    public Builder sink(NotificationSink sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    public Builder store(SubscriptionStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    public Builder callbackPolicy(CallbackPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The From of every SUBSCRIBE (required), e.g. {@code <sip:sepapi@example.com>}. */
    public Builder identity(NameAddr identity) {
      this.identity = Objects.requireNonNull(identity, "identity");
      return this;
    }

    /** An outbound proxy: a Route on every initial SUBSCRIBE. */
    public Builder outboundProxy(SipUri proxy) {
      this.outboundRoute = List.of(proxy.withParameter("lr", ""));
      return this;
    }

    public Builder credentials(CredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** The Expires a SUBSCRIBE asks for (one hour by default). */
    public Builder defaultExpires(Duration expires) {
      this.defaultExpires = Objects.requireNonNull(expires, "expires");
      return this;
    }

    /** Retry delays: from {@code initial}, doubling, up to {@code max}. */
    public Builder backoff(Duration initial, Duration max) {
      this.backoffInitial = Objects.requireNonNull(initial, "initial");
      this.backoffMax = Objects.requireNonNull(max, "max");
      return this;
    }

    /** How long to wait for the first NOTIFY after a 2xx (32 s, RFC 6665 Timer N). */
    public Builder timerN(Duration timerN) {
      this.timerN = Objects.requireNonNull(timerN, "timerN");
      return this;
    }

    /** How long to wait for the final NOTIFYs after unsubscribing (32 s). */
    public Builder unsubscribeWait(Duration wait) {
      this.unsubscribeWait = Objects.requireNonNull(wait, "wait");
      return this;
    }

    /** How many dialogs one forked SUBSCRIBE may create (4). */
    public Builder maxDialogs(int maxDialogs) {
      this.maxDialogs = maxDialogs;
      return this;
    }

    /** How many SUBSCRIBEs a long resource list starts per second (100). */
    public Builder subscribesPerSecond(int perSecond) {
      this.subscribesPerSecond = perSecond;
      return this;
    }

    /** The RLMI list URI of a subscription id (the REST layer makes it the subscription's URL). */
    public Builder listUri(Function<String, String> listUri) {
      this.listUri = Objects.requireNonNull(listUri, "listUri");
      return this;
    }

    /**
     * Builds and starts the service: the transport is started with the service's NOTIFY router.
     *
     * @throws IllegalStateException if the transport, scheduler, sink or identity is missing
     */
    public SubscriptionService build() {
      if (transport == null || scheduler == null || sink == null || identity == null) {
        throw new IllegalStateException("transport, scheduler, sink and identity are required");
      }
      return new SubscriptionService(this);
    }
  }
}
