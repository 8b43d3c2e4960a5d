package org.sepapi.callcontrol;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.sepapi.callcontrol.internal.CallEvents;
import org.sepapi.callcontrol.internal.CallMachine;
import org.sepapi.callcontrol.internal.CallRouter;
import org.sepapi.callcontrol.internal.Calls;
import org.sepapi.callcontrol.internal.ControllerSettings;
import org.sepapi.core.internal.Ids;
import org.sepapi.core.sip.SipParseException;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.CredentialsProvider;
import org.sepapi.core.spi.NotificationSink;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.core.spi.SipTransport;

/**
 * Third-party call control: rings a calling user's phone and connects it to a called user, with the
 * REFER method (the default) or the RFC 3725 INVITE method, and keeps every SIP status line the
 * call sees. The core of the call controller API (sipXcallController's), without HTTP.
 *
 * <pre>{@code
 * CallController calls = CallController.builder()
 *     .transport(transport).scheduler(scheduler).domain("example.com").build();
 * CallStatus started = calls.connect(
 *     CallRequest.builder("alice", calls.userUri("alice"), calls.userUri("bob")).build());
 * calls.status("alice", calls.userUri("alice"), calls.userUri("bob"));   // state, status lines
 * }</pre>
 *
 * <p>A call is known by its owner, calling and called user. A new {@link #connect} for the same
 * three replaces the call (the old one is hung up), as sipXcallController did. An ended call is
 * kept for its result cache time, then forgotten.
 *
 * <p>Each call runs on its own serial executor over the shared {@link Builder#executor}; no call
 * blocks another. Thread-safe.
 */
public final class CallController implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(CallController.class.getName());

  private final ControllerSettings settings;
  private final String domain;
  private final int maxCalls;
  private final ConcurrentHashMap<Key, CallMachine> calls = new ConcurrentHashMap<>();
  private final AtomicInteger live = new AtomicInteger();
  private volatile boolean closed;
  private final CompletableFuture<Void> idle = new CompletableFuture<>();

  private record Key(String owner, SipUri calling, SipUri called) {}

  private CallController(Builder builder) {
    CallRouter router = new CallRouter();
    this.settings =
        new ControllerSettings(
            builder.transport,
            router,
            builder.scheduler,
            builder.clock,
            builder.executor,
            builder.random,
            builder.credentials,
            Optional.ofNullable(builder.outboundProxy),
            Optional.ofNullable(builder.sink),
            CallEvents::body,
            builder.timeout,
            builder.resultCacheTime,
            builder.referWait,
            builder.userAgent);
    this.domain = builder.domain;
    this.maxCalls = builder.maxCalls;
    builder.transport.start(router);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The SIP domain that completes bare user names. */
  public String domain() {
    return domain;
  }

  /**
   * {@code user} as a SIP URI: {@code alice} becomes {@code sip:alice@<domain>}; {@code
   * alice@example.com} becomes {@code sip:alice@example.com}; a {@code sip:} URI stays as it is.
   * Other schemes ({@code sips:}, {@code tel:}) are refused: the controller calls over {@code sip:}
   * only.
   *
   * @throws IllegalArgumentException if it is not a user name or SIP URI
   */
  public SipUri userUri(String user) {
    Objects.requireNonNull(user, "user");
    String text = user.strip();
    if (text.isEmpty()) {
      throw new IllegalArgumentException("an empty user name");
    }
    int colon = text.indexOf(':');
    int at = text.indexOf('@');
    boolean sip = text.regionMatches(true, 0, "sip:", 0, 4);
    if (!sip && colon >= 0 && (at < 0 || colon < at)) {
      throw new IllegalArgumentException(
          "not a user name or sip: URI (only sip: is called): " + user);
    }
    String uri;
    if (sip) {
      uri = text;
    } else if (at >= 0) {
      uri = "sip:" + text;
    } else {
      uri = "sip:" + text + "@" + domain;
    }
    try {
      SipUri parsed = SipUri.parse(uri);
      if (parsed.user().isEmpty()) {
        throw new IllegalArgumentException("not a user: " + user);
      }
      return parsed;
    } catch (SipParseException e) {
      throw new IllegalArgumentException("not a user name or SIP URI: " + user, e);
    }
  }

  /**
   * Places a call and returns at once, with the call as it starts ({@link CallState#INITIATED}); it
   * goes on, on its executor. A live call with the same owner, calling and called user is hung up
   * and replaced.
   *
   * @throws CallControlException if the controller holds {@link Builder#maxCalls} live calls
   * @throws IllegalStateException if the controller is closed
   */
  public CallStatus connect(CallRequest request) {
    Objects.requireNonNull(request, "request");
    if (closed) {
      throw new IllegalStateException("the call controller is closed");
    }
    if (live.incrementAndGet() > maxCalls) {
      live.decrementAndGet();
      throw new CallControlException(
          "too many calls: the controller holds " + maxCalls + " live calls");
    }
    Key key = new Key(request.owner(), request.calling(), request.called());
    CallMachine call =
        Calls.create("call-" + Ids.tag(settings.random()), request, settings, this::ended);
    CallMachine old = calls.put(key, call);
    if (old != null) {
      old.requestHangUp("replaced by a new request for the same users");
    }
    call.executor().execute(call::begin);
    return call.status();
  }

  /**
   * The call of {@code owner} from {@code calling} to {@code called}, live or kept after it ended.
   */
  public Optional<CallStatus> status(String owner, SipUri calling, SipUri called) {
    CallMachine call = calls.get(new Key(owner, calling, called));
    return call == null ? Optional.empty() : Optional.of(call.status());
  }

  /**
   * Hangs up or cancels that call; returns false if there is none. A call that has ended already is
   * left as it is.
   */
  public boolean hangUp(String owner, SipUri calling, SipUri called) {
    CallMachine call = calls.get(new Key(owner, calling, called));
    if (call == null) {
      return false;
    }
    call.requestHangUp("hung up on request");
    return true;
  }

  /** How many calls are live (not ended). */
  public int size() {
    return live.get();
  }

  /**
   * Stops taking calls and hangs up every live one; returns without waiting for them to end (see
   * {@link #closed()}). The transport, scheduler and sink belong to the caller: close them after.
   */
  @Override
  public void close() {
    closed = true;
    for (CallMachine call : calls.values()) {
      call.requestHangUp("the call controller is closing");
    }
    if (live.get() == 0) {
      idle.complete(null);
    }
  }

  /**
   * Completes once the controller is {@linkplain #close() closed} and every call has ended (its
   * CANCELs and BYEs answered or failed): then the transport may be closed.
   */
  public CompletionStage<Void> closed() {
    return idle.copy();
  }

  @Override
  public String toString() {
    return "CallController[" + live.get() + " live, " + calls.size() + " kept]";
  }

  private void ended(CallMachine call) {
    if (live.decrementAndGet() == 0 && closed) {
      idle.complete(null);
    }
    Duration keep = call.status().request().resultCacheTime().orElse(settings.resultCacheTime());
    settings
        .scheduler()
        .schedule(
            keep,
            () -> {
              CallStatus status = call.status();
              calls.remove(
                  new Key(status.request().owner(), status.calling(), status.called()), call);
              call.forget();
            });
    LOG.log(System.Logger.Level.DEBUG, () -> call.status().id() + " kept for " + keep);
  }

  /** Configures a {@link CallController}. Not thread-safe. */
  public static final class Builder {
    private SipTransport transport;
    private Scheduler scheduler;
    private Clock clock = Clock.systemUTC();
    private Executor executor = ForkJoinPool.commonPool();
    private RandomGenerator random = new java.security.SecureRandom();
    private CredentialsProvider credentials = CredentialsProvider.none();
    private SipUri outboundProxy;
    private NotificationSink sink;
    private String domain;
    private Duration timeout = Duration.ofSeconds(30);
    private Duration resultCacheTime = Duration.ofMinutes(5);
    private Duration referWait = Duration.ofSeconds(32);
    private int maxCalls = 10_000;
    private String userAgent = "sepapi";

    private Builder() {}

    /** The SIP transport (required); the controller starts it with its router. */
    public Builder transport(SipTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** Runs the calls' timers (required). */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The time of status lines and transitions; the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where the calls' serial executors run; the common pool by default. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Call-IDs, tags and digest nonces; a SecureRandom by default. Used by every call's executor at
     * once, so it must be thread-safe: SecureRandom and java.util.Random are; a SplittableRandom,
     * or {@code ThreadLocalRandom.current()} (bound to the thread that took it), is not.
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * The SIP credentials that answer a 401 or 407 to an INVITE or REFER: those of the request's
     * identity (the agent, or the calling user). None by default: a challenge fails the call.
     */
    public Builder credentials(CredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** A proxy every initial INVITE goes through (a Route header); none by default. */
    public Builder outboundProxy(SipUri proxy) {
      this.outboundProxy = Objects.requireNonNull(proxy, "proxy");
      return this;
    }

    /**
     * Delivers the call-state callbacks of calls that name a callback URL: the same {@code
     * WebhookSink} as SEP's, by default none (callback URLs are then ignored).
     */
    public Builder sink(NotificationSink sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** The SIP domain that completes a bare user name (required). */
    public Builder domain(String domain) {
      Objects.requireNonNull(domain, "domain");
      try {
        SipUri.parse("sip:user@" + domain);
      } catch (SipParseException e) {
        throw new IllegalArgumentException("not a SIP domain: " + domain, e);
      }
      this.domain = domain;
      return this;
    }

    /** How long a phone may ring when a request names no timeout; 30 s by default. */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /** How long an ended call is kept when a request names no time; 5 min by default. */
    public Builder resultCacheTime(Duration time) {
      Objects.requireNonNull(time, "resultCacheTime");
      if (time.isNegative()) {
        throw new IllegalArgumentException("resultCacheTime < 0: " + time);
      }
      this.resultCacheTime = time;
      return this;
    }

    /**
     * How long the controller waits for each NOTIFY of a REFER before it leaves the call, and for
     * the rest of them after it left; 32 s by default.
     */
    public Builder referWait(Duration wait) {
      this.referWait = positive(wait, "referWait");
      return this;
    }

    /** The most live calls at once; 10,000 by default. */
    public Builder maxCalls(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxCalls < 1: " + max);
      }
      this.maxCalls = max;
      return this;
    }

    /** The User-Agent header of the INVITEs; {@code sepapi} by default. */
    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
      return this;
    }

    /**
     * Builds the controller and starts its transport.
     *
     * @throws IllegalStateException if the transport, scheduler or domain is missing
     */
    public CallController build() {
      if (transport == null || scheduler == null || domain == null) {
        throw new IllegalStateException("transport, scheduler and domain are required");
      }
      return new CallController(this);
    }

    private static Duration positive(Duration value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(what + " must be more than 0: " + value);
      }
      return value;
    }
  }
}
