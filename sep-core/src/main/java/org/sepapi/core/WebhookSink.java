package org.sepapi.core;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sepapi.core.internal.Backoff;
import org.sepapi.core.internal.WebhookDispatcher;
import org.sepapi.core.spi.CallbackPolicy;
import org.sepapi.core.spi.DeliveryOutcome;
import org.sepapi.core.spi.Notification;
import org.sepapi.core.spi.NotificationSink;
import org.sepapi.core.spi.NotificationSource;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.core.spi.SystemScheduler;

/**
 * The HTTP webhook {@link NotificationSink}: POSTs each {@link Notification} to its callback URL,
 * in order per subscription, retrying failures with backoff. Built with {@link #builder()}; its
 * configuration is fixed once built.
 *
 * <h2>Requests</h2>
 *
 * <p>{@code POST <callback>} over HTTP/1.1 (never an h2c upgrade; redirects are not followed), the
 * notification's body as the request body, and these headers:
 *
 * <ul>
 *   <li>{@code Content-Type}: the body's content type.
 *   <li>{@value #DELIVERY_ID_HEADER}: a random UUID per notification, the same on every retry of
 *       it; receivers de-duplicate by it.
 *   <li>{@value #SUBSCRIPTION_ID_HEADER}: the API subscription's id.
 *   <li>{@value #VERSION_HEADER}: the RLMI version of the document; a receiver that sees a gap
 *       (after a delivery was given up) fetches the full state.
 *   <li>{@value #TIMESTAMP_HEADER} and {@value #SIGNATURE_HEADER}, only when a {@linkplain
 *       Builder#signingSecret signing secret} is set: the time of sending in epoch seconds and
 *       {@code v1=<hex HMAC-SHA256 of "<timestamp>.<body>">}; see {@link WebhookSignature}, which
 *       receivers use to check them.
 * </ul>
 *
 * <h2>Order and concurrency</h2>
 *
 * <p>Sources are told apart by {@linkplain NotificationSource#subscriptionId() subscription id}.
 * Each has at most one notification in flight: the sink {@linkplain NotificationSource#take()
 * takes} the next one only when the previous one ended. A {@link #signal} to a source that is
 * waiting or sending marks it to be taken again afterwards, so changes made while a callback is
 * slow or down coalesce into one document in the source. Different sources are delivered
 * concurrently, at most {@link Builder#maxConcurrentRequests} at a time; sources waiting for a slot
 * are served first come, first served, and a source goes to the back after each delivery. A source
 * waiting to retry holds no slot. Memory is one entry per signalled source plus the one
 * notification each has in flight.
 *
 * <h2>Outcomes and retries</h2>
 *
 * <ul>
 *   <li>2xx: {@link DeliveryOutcome#DELIVERED}.
 *   <li>{@code 410 Gone}: {@link DeliveryOutcome#GONE}, no retry; signals received meanwhile are
 *       dropped.
 *   <li>Any other status, a connection failure or a timeout: the same notification (same delivery
 *       id) is sent again after a backoff with full jitter: a random wait between zero and {@code
 *       min(maxBackoff, initialBackoff * multiplier^(n-1))} after the {@code n}th failure. A {@code
 *       429} or {@code 503} with a {@code Retry-After} header (seconds or an HTTP date) waits that
 *       long instead, at most {@code maxBackoff}. After {@link Builder#maxAttempts} attempts in
 *       all: {@link DeliveryOutcome#GAVE_UP}.
 *   <li>The {@link CallbackPolicy} is checked before every attempt; a refusal is {@link
 *       DeliveryOutcome#GAVE_UP} at once, without a request.
 * </ul>
 *
 * <p>Retry waits run on the {@link Scheduler} and read the {@link Clock}. The connect timeout and
 * the request timeout are I/O deadlines of the HTTP exchange and run on real time: the request
 * timeout bounds the whole exchange, from sending to the end of the response body, so a callback
 * that never answers gives up its slot and is retried. Retries are logged at INFO, give-ups and
 * refusals at WARNING, through the {@code System.Logger} named after this class.
 *
 * <h2>Closing</h2>
 *
 * <p>{@link #close()} stops the sink: no request starts afterwards, requests in flight are
 * abandoned (their exchanges cancelled), pending retries are cancelled, and sources hear nothing
 * more, not even about the notifications they had handed over. The executor and scheduler the sink
 * made itself are stopped; those given to the builder are left running.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class WebhookSink implements NotificationSink {
  /** The header naming one notification, the same on each retry of it. */
  public static final String DELIVERY_ID_HEADER = "Sep-Delivery-Id";

  /** The header naming the API subscription. */
  public static final String SUBSCRIPTION_ID_HEADER = "Sep-Subscription-Id";

  /** The header carrying the RLMI version of the document. */
  public static final String VERSION_HEADER = "Sep-Version";

  /** The header carrying the time of signing, in seconds since the epoch. */
  public static final String TIMESTAMP_HEADER = "Sep-Timestamp";

  /** The header carrying the signature, {@code v1=<hex>}; see {@link WebhookSignature}. */
  public static final String SIGNATURE_HEADER = "Sep-Signature";

  private final WebhookDispatcher dispatcher;
  private final String description;

  private WebhookSink(Builder builder) {
    Backoff backoff =
        new Backoff(builder.initialBackoff, builder.backoffMultiplier, builder.maxBackoff);
    SystemScheduler ownScheduler = builder.scheduler == null ? SystemScheduler.create() : null;
    ThreadPoolExecutor ownExecutor = builder.executor == null ? defaultExecutor() : null;
    Runnable afterClose =
        () -> {
          if (ownScheduler != null) {
            ownScheduler.close();
          }
          if (ownExecutor != null) {
            ownExecutor.shutdown();
          }
        };
    this.dispatcher =
        new WebhookDispatcher(
            ownScheduler != null ? ownScheduler : builder.scheduler,
            builder.clock,
            ownExecutor != null ? ownExecutor : builder.executor,
            builder.callbackPolicy,
            builder.maxConcurrentRequests,
            builder.connectTimeout,
            builder.requestTimeout,
            builder.maxAttempts,
            backoff,
            builder.signingSecret,
            afterClose);
    this.description =
        "WebhookSink[maxConcurrentRequests="
            + builder.maxConcurrentRequests
            + ", maxAttempts="
            + builder.maxAttempts
            + ", backoff="
            + builder.initialBackoff
            + " x"
            + builder.backoffMultiplier
            + " up to "
            + builder.maxBackoff
            + ", connectTimeout="
            + builder.connectTimeout
            + ", requestTimeout="
            + builder.requestTimeout
            + ", signed="
            + (builder.signingSecret != null)
            + "]";
  }

  /** A builder with the defaults given on each of its methods. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Says that {@code source} has something new; returns at once. Calls {@link
   * NotificationSource#subscriptionId()} on the calling thread. Ignored once the sink is closed.
   *
   * @throws IllegalArgumentException if {@code source} or its subscription id is null
   */
  @Override
  public void signal(NotificationSource source) {
    dispatcher.signal(source);
  }

  /**
   * Stops delivering, as described {@linkplain WebhookSink above}. Returns once the sink has
   * cancelled what it had in flight. Calling it again does nothing.
   */
  @Override
  public void close() {
    dispatcher.close();
  }

  @Override
  public String toString() {
    return description;
  }

  private static ThreadPoolExecutor defaultExecutor() {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads =
        task -> {
          Thread thread = new Thread(task, "sepapi-webhook-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<Runnable>(), threads);
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /**
   * Configures a {@link WebhookSink}. Each setter checks its value at once. Not thread-safe; one
   * builder builds any number of independent sinks.
   */
  public static final class Builder {
    private Scheduler scheduler;
    private Clock clock = Clock.systemUTC();
    private Executor executor;
    private CallbackPolicy callbackPolicy = CallbackPolicy.httpOnly();
    private int maxConcurrentRequests = 64;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxAttempts = 12;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private double backoffMultiplier = 2.0;
    private Duration maxBackoff = Duration.ofMinutes(5);
    private String signingSecret;

    private Builder() {}

    /**
     * The scheduler of retry waits. Default: a {@link SystemScheduler} of the sink's own, stopped
     * by {@link WebhookSink#close()}.
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = notNull(scheduler, "scheduler");
      return this;
    }

    /** The clock of signature timestamps and {@code Retry-After} dates. Default: UTC system. */
    public Builder clock(Clock clock) {
      this.clock = notNull(clock, "clock");
      return this;
    }

    /**
     * The executor the sink runs its own short tasks on (bookkeeping, callback policy checks, calls
     * into the sources). HTTP I/O runs on the HttpClient's threads. Default: two daemon threads of
     * the sink's own, stopped by {@link WebhookSink#close()}.
     */
    public Builder executor(Executor executor) {
      this.executor = notNull(executor, "executor");
      return this;
    }

    /**
     * The policy checked before every attempt. A policy that resolves host names blocks one
     * executor thread while it does. Default: {@link CallbackPolicy#httpOnly()}.
     */
    public Builder callbackPolicy(CallbackPolicy policy) {
      this.callbackPolicy = notNull(policy, "policy");
      return this;
    }

    /** How many requests may be in flight at once, across all sources. Default: 64. */
    public Builder maxConcurrentRequests(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentRequests is at least 1: " + max);
      }
      this.maxConcurrentRequests = max;
      return this;
    }

    /** How long connecting to a callback may take. Default: 10 seconds. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * How long one request may take, from sending to the end of the response. Default: 30 seconds.
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /** How many attempts one notification gets in all, the first included. Default: 12. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts is at least 1: " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** The longest wait after the first failure, at least 1 ms. Default: 1 second. */
    public Builder initialBackoff(Duration backoff) {
      positive(backoff, "initialBackoff");
      if (backoff.toMillis() < 1) {
        throw new IllegalArgumentException("initialBackoff is at least 1 ms: " + backoff);
      }
      this.initialBackoff = backoff;
      return this;
    }

    /** How much the longest wait grows per failure, at least 1. Default: 2. */
    public Builder backoffMultiplier(double multiplier) {
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("backoffMultiplier is finite and >= 1: " + multiplier);
      }
      this.backoffMultiplier = multiplier;
      return this;
    }

    /**
     * The cap on every wait, {@code Retry-After} included; at least the initial backoff, at most a
     * year. Default: 5 minutes.
     */
    public Builder maxBackoff(Duration backoff) {
      positive(backoff, "maxBackoff");
      if (backoff.compareTo(Duration.ofDays(365)) > 0) {
        throw new IllegalArgumentException("maxBackoff is at most a year: " + backoff);
      }
      this.maxBackoff = backoff;
      return this;
    }

    /**
     * Signs every request with {@code secret} (its UTF-8 bytes are the HMAC key); see {@link
     * WebhookSignature}. Default: unsigned.
     */
    public Builder signingSecret(String secret) {
      if (secret == null || secret.isEmpty()) {
        throw new IllegalArgumentException("a signing secret is not empty");
      }
      this.signingSecret = secret;
      return this;
    }

    /**
     * A sink with this configuration.
     *
     * @throws IllegalArgumentException if the maximum backoff is below the initial one
     */
    public WebhookSink build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException(
            "maxBackoff (" + maxBackoff + ") is below initialBackoff (" + initialBackoff + ")");
      }
      return new WebhookSink(this);
    }

    private static <T> T notNull(T value, String name) {
      if (value == null) {
        throw new IllegalArgumentException(name + " is null");
      }
      return value;
    }

    private static Duration positive(Duration duration, String name) {
      notNull(duration, name);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " is positive: " + duration);
      }
      return duration;
    }
  }
}
