package org.sepapi.core.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sepapi.core.WebhookSignature;
import org.sepapi.core.WebhookSink;
import org.sepapi.core.spi.CallbackPolicy;
import org.sepapi.core.spi.CallbackPolicy.CallbackRefusedException;
import org.sepapi.core.spi.DeliveryOutcome;
import org.sepapi.core.spi.Notification;
import org.sepapi.core.spi.NotificationSource;
import org.sepapi.core.spi.Scheduler;

/**
 * The engine behind {@link WebhookSink}: which source is taken from, sent, retried or finished
 * next.
 *
 * <p>Every piece of state is confined to one serial executor (the loop) running on the configured
 * executor. Other threads only hand events to it: {@link #signal} from the engine, take()
 * completions from the sources, HTTP completions from the HttpClient's threads, retry timers from
 * the {@link Scheduler}. Each source has at most one entry, in one phase:
 *
 * <pre>
 *   (none) --signal--> QUEUED --slot free--> TAKING --notification--> CHECKING --allowed--> SENDING
 *   SENDING --2xx / 410 / last attempt failed--> finished: (none), or QUEUED if signalled meanwhile
 *   SENDING --failed--> BACKOFF --timer--> QUEUED (same notification, same delivery id)
 * </pre>
 *
 * A source holds one of the {@code maxConcurrent} slots from TAKING to the end of SENDING, never
 * while it waits in BACKOFF; the QUEUED sources wait for a slot in FIFO order, and a source that
 * finished goes to the back of that queue, so sources take turns. A signal to a source that has an
 * entry only marks it dirty. Each attempt carries a token; an event with an old token (a timer or
 * an answer that lost a race) is ignored.
 *
 * <p>Thread-safe: {@link #signal} and {@link #close} may be called from any thread.
 */
public final class WebhookDispatcher {
  private static final System.Logger LOG = System.getLogger(WebhookSink.class.getName());
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private final HttpClient client;
  private final Scheduler scheduler;
  private final Clock clock;
  private final Executor executor;
  private final SerialExecutor loop;
  private final CallbackPolicy policy;
  private final int maxConcurrent;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Backoff backoff;
  private final String secret;
  private final Runnable afterClose;
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean closed;

  // confined to the loop
  private final Map<String, Entry> entries = new HashMap<>();
  private final ArrayDeque<Entry> ready = new ArrayDeque<>();
  private int busy;

  /**
   * A dispatcher; the caller has checked every value.
   *
   * @param secret the signing secret, or null to send unsigned requests
   * @param afterClose run once on close, after everything is cancelled (stops what the sink owns)
   */
  public WebhookDispatcher(
      Scheduler scheduler,
      Clock clock,
      Executor executor,
      CallbackPolicy policy,
      int maxConcurrent,
      Duration connectTimeout,
      Duration requestTimeout,
      int maxAttempts,
      Backoff backoff,
      String secret,
      Runnable afterClose) {
    this.scheduler = scheduler;
    this.clock = clock;
    this.executor = executor;
    this.loop = new SerialExecutor(executor);
    this.policy = policy;
    this.maxConcurrent = maxConcurrent;
    this.requestTimeout = requestTimeout;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.secret = secret;
    this.afterClose = afterClose;
    this.client =
        HttpClient.newBuilder()
            // HTTP/2 over cleartext would send an h2c upgrade, which some servers answer with 400
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            // a redirect would lead past the callback policy
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** See {@link WebhookSink#signal}. */
  public void signal(NotificationSource source) {
    if (source == null) {
      throw new IllegalArgumentException("source is null");
    }
    String id = source.subscriptionId();
    if (id == null) {
      throw new IllegalArgumentException("a notification source has a subscription id");
    }
    if (closed) {
      LOG.log(Level.DEBUG, () -> "webhook sink closed; signal of subscription " + id + " ignored");
      return;
    }
    loop.execute(() -> onSignal(id, source));
  }

  /** See {@link WebhookSink#close}. */
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closed = true;
    CountDownLatch done = new CountDownLatch(1);
    loop.execute(
        () -> {
          try {
            shutdown();
          } finally {
            done.countDown();
          }
        });
    if (loop.inLoop()) {
      return; // called by a source from the loop: the shutdown runs right after the current task
    }
    try {
      if (!done.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(Level.WARNING, "webhook sink: close() did not see its loop stop in " + CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void onSignal(String id, NotificationSource source) {
    assert loop.inLoop();
    if (closed) {
      return;
    }
    Entry entry = entries.get(id);
    if (entry == null) {
      entry = new Entry(id, source);
      entries.put(id, entry);
      enqueue(entry);
      pump();
    } else {
      entry.source = source;
      entry.dirty = true;
    }
  }

  private void enqueue(Entry entry) {
    entry.phase = Phase.QUEUED;
    ready.add(entry);
  }

  /** Gives free slots to queued sources, first come first served. */
  private void pump() {
    while (!closed && busy < maxConcurrent && !ready.isEmpty()) {
      Entry entry = ready.poll();
      busy++;
      if (entry.notification == null) {
        take(entry);
      } else {
        attempt(entry);
      }
    }
  }

  private void take(Entry entry) {
    entry.phase = Phase.TAKING;
    entry.dirty = false;
    entry.takenFrom = entry.source;
    long token = ++entry.token;
    CompletionStage<Optional<Notification>> stage;
    try {
      stage = entry.takenFrom.take();
    } catch (RuntimeException e) {
      loop.execute(() -> taken(entry, token, null, e)); // later: this runs inside pump()
      return;
    }
    if (stage == null) {
      IllegalStateException e = new IllegalStateException("take() returned null");
      loop.execute(() -> taken(entry, token, null, e));
      return;
    }
    stage.whenComplete(
        (notification, failure) -> loop.execute(() -> taken(entry, token, notification, failure)));
  }

  private void taken(
      Entry entry, long token, Optional<Notification> notification, Throwable failure) {
    assert loop.inLoop();
    if (closed || token != entry.token) {
      return;
    }
    if (failure != null || notification == null || notification.isEmpty()) {
      if (failure != null || notification == null) {
        LOG.log(
            Level.WARNING,
            () ->
                "webhook: taking the next notification of subscription "
                    + entry.id
                    + " failed: "
                    + describe(failure == null ? new IllegalStateException("null") : failure));
      }
      busy--;
      settle(entry);
      pump();
      return;
    }
    entry.notification = notification.get();
    entry.deliveryId = UUID.randomUUID().toString();
    entry.attempts = 0;
    attempt(entry);
  }

  /** Starts the next attempt of the entry's notification; the entry holds a slot. */
  private void attempt(Entry entry) {
    entry.phase = Phase.CHECKING;
    entry.attempts++;
    long token = ++entry.token;
    URI callback = entry.notification.callback();
    try {
      // off the loop: a policy may resolve the host name
      executor.execute(() -> check(entry, token, callback));
    } catch (RejectedExecutionException e) {
      String refusal = "the sink's executor refused the policy check: " + e.getMessage();
      loop.execute(() -> checked(entry, token, refusal)); // later: this runs inside pump()
    }
  }

  private void check(Entry entry, long token, URI callback) {
    String refusal = null;
    try {
      policy.check(callback);
    } catch (CallbackRefusedException e) {
      refusal = e.getMessage();
    } catch (RuntimeException e) {
      refusal = "the callback policy failed: " + describe(e);
    }
    String reason = refusal;
    loop.execute(() -> checked(entry, token, reason));
  }

  private void checked(Entry entry, long token, String refusal) {
    assert loop.inLoop();
    if (closed || token != entry.token) {
      return;
    }
    if (refusal != null) {
      LOG.log(
          Level.WARNING,
          () -> "webhook: " + delivery(entry) + " refused by the callback policy: " + refusal);
      giveUp(entry);
      return;
    }
    send(entry, token);
  }

  private void send(Entry entry, long token) {
    HttpRequest request;
    try {
      request = request(entry);
    } catch (IllegalArgumentException e) {
      LOG.log(
          Level.WARNING,
          () -> "webhook: " + delivery(entry) + " cannot be sent: " + e.getMessage());
      giveUp(entry);
      return;
    }
    entry.phase = Phase.SENDING;
    CompletableFuture<HttpResponse<Void>> exchange;
    try {
      exchange = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    } catch (RuntimeException e) {
      busy--;
      failed(entry, describe(e), Optional.empty());
      pump();
      return;
    }
    entry.exchange = exchange;
    // The HttpClient's own timeout ends when the response headers arrive; this one bounds the
    // whole exchange, body included, so that a callback that stalls cannot keep its slot.
    exchange
        .copy()
        .orTimeout(Math.max(1, requestTimeout.toMillis()), TimeUnit.MILLISECONDS)
        .whenComplete(
            (response, failure) -> {
              if (failure != null) {
                exchange.cancel(true);
              }
              loop.execute(() -> answered(entry, token, response, failure));
            });
  }

  private HttpRequest request(Entry entry) {
    Notification notification = entry.notification;
    byte[] body = notification.body().content();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(notification.callback())
            .timeout(requestTimeout)
            .header("Content-Type", notification.body().contentType())
            .header(WebhookSink.DELIVERY_ID_HEADER, entry.deliveryId)
            .header(WebhookSink.SUBSCRIPTION_ID_HEADER, notification.subscriptionId())
            .header(WebhookSink.VERSION_HEADER, Long.toString(notification.version()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (secret != null) {
      long timestamp = clock.instant().getEpochSecond();
      request
          .header(WebhookSink.TIMESTAMP_HEADER, Long.toString(timestamp))
          .header(WebhookSink.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body));
    }
    return request.build();
  }

  private void answered(Entry entry, long token, HttpResponse<Void> response, Throwable failure) {
    assert loop.inLoop();
    if (closed || token != entry.token) {
      return;
    }
    entry.exchange = null;
    busy--;
    if (failure != null) {
      failed(entry, describe(failure), Optional.empty());
    } else {
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        LOG.log(
            Level.DEBUG, () -> "webhook: " + delivery(entry) + " delivered (HTTP " + status + ")");
        finish(entry, DeliveryOutcome.DELIVERED);
      } else if (status == 410) {
        LOG.log(
            Level.INFO,
            () -> "webhook: " + delivery(entry) + " answered 410 Gone; the receiver wants no more");
        finish(entry, DeliveryOutcome.GONE);
      } else {
        Optional<Duration> retryAfter =
            status == 429 || status == 503
                ? RetryAfter.parse(
                    response.headers().firstValue("Retry-After").orElse(null), clock.instant())
                : Optional.empty();
        failed(entry, "HTTP " + status, retryAfter);
      }
    }
    pump();
  }

  /** An attempt failed; the slot is already free. Retries later, or gives up. */
  private void failed(Entry entry, String reason, Optional<Duration> retryAfter) {
    if (entry.attempts >= maxAttempts) {
      LOG.log(
          Level.WARNING,
          () ->
              "webhook: "
                  + delivery(entry)
                  + " failed ("
                  + reason
                  + "); giving up after "
                  + entry.attempts
                  + " attempts");
      finish(entry, DeliveryOutcome.GAVE_UP);
      return;
    }
    Duration delay =
        retryAfter
            .map(wait -> wait.compareTo(backoff.max()) > 0 ? backoff.max() : wait)
            .orElseGet(
                () -> backoff.delay(entry.attempts, ThreadLocalRandom.current().nextDouble()));
    LOG.log(
        Level.INFO,
        () ->
            "webhook: "
                + delivery(entry)
                + " failed ("
                + reason
                + "), attempt "
                + entry.attempts
                + " of "
                + maxAttempts
                + "; retrying in "
                + delay.toMillis()
                + " ms"
                + (retryAfter.isPresent() ? " (Retry-After)" : ""));
    entry.phase = Phase.BACKOFF;
    long token = entry.token;
    try {
      entry.timer = scheduler.schedule(delay, () -> loop.execute(() -> retryDue(entry, token)));
    } catch (RuntimeException e) {
      // without a timer the entry would wait forever: end the notification instead
      LOG.log(
          Level.WARNING,
          () ->
              "webhook: "
                  + delivery(entry)
                  + " cannot be retried, the scheduler refused: "
                  + describe(e)
                  + "; giving up");
      finish(entry, DeliveryOutcome.GAVE_UP);
    }
  }

  private void retryDue(Entry entry, long token) {
    assert loop.inLoop();
    if (closed || token != entry.token || entry.phase != Phase.BACKOFF) {
      return;
    }
    entry.timer = null;
    enqueue(entry);
    pump();
  }

  /** Ends the notification as GAVE_UP without a (further) request; the entry holds a slot. */
  private void giveUp(Entry entry) {
    busy--;
    finish(entry, DeliveryOutcome.GAVE_UP);
    pump();
  }

  /** Tells the source how its notification ended; the entry holds no slot any more. */
  private void finish(Entry entry, DeliveryOutcome outcome) {
    Notification notification = entry.notification;
    NotificationSource source = entry.takenFrom;
    entry.notification = null;
    entry.deliveryId = null;
    entry.takenFrom = null;
    entry.attempts = 0;
    if (outcome == DeliveryOutcome.GONE) {
      entry.dirty = false; // the receiver wants no more; a later signal starts afresh
    }
    try {
      source.delivered(notification, outcome);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          () ->
              "webhook: the source of subscription "
                  + entry.id
                  + " failed on delivered("
                  + outcome
                  + "): "
                  + describe(e));
    }
    settle(entry);
  }

  /** The entry has no notification: takes again if signalled meanwhile, or forgets the source. */
  private void settle(Entry entry) {
    if (entry.dirty) {
      enqueue(entry);
    } else {
      entries.remove(entry.id);
    }
  }

  private void shutdown() {
    assert loop.inLoop();
    for (Entry entry : entries.values()) {
      if (entry.timer != null) {
        entry.timer.cancel();
      }
      if (entry.exchange != null) {
        entry.exchange.cancel(true);
      }
    }
    entries.clear();
    ready.clear();
    busy = 0;
    try {
      afterClose.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "webhook sink: stopping its own threads failed: " + describe(e));
    }
  }

  private static String delivery(Entry entry) {
    Notification notification = entry.notification;
    return "delivery "
        + entry.deliveryId
        + " (subscription "
        + entry.id
        + ", version "
        + notification.version()
        + ") to "
        + notification.callback();
  }

  private String describe(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return "connect timed out";
    }
    if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
      return "no answer within " + requestTimeout.toMillis() + " ms";
    }
    if (cause instanceof ConnectException) {
      return "cannot connect" + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
    if (cause instanceof CancellationException) {
      return "cancelled";
    }
    if (cause instanceof IOException) {
      return "I/O error: " + cause;
    }
    return String.valueOf(cause);
  }

  private enum Phase {
    QUEUED,
    TAKING,
    CHECKING,
    SENDING,
    BACKOFF
  }

  /** One subscription's state in the sink. Confined to the loop. */
  private static final class Entry {
    final String id;

    /** The source of the latest signal, taken from next. */
    NotificationSource source;

    /** The source the current notification was taken from, told how it ended. */
    NotificationSource takenFrom;

    Phase phase;
    boolean dirty;
    Notification notification;
    String deliveryId;
    int attempts;
    long token;
    Scheduler.Cancellable timer;
    CompletableFuture<?> exchange;

    Entry(String id, NotificationSource source) {
      this.id = id;
      this.source = source;
    }
  }

  /**
   * Runs tasks one at a time, in submission order, on a shared executor. If the executor refuses
   * (it was shut down) the submitting thread runs them, so that nothing is lost while closing.
   */
  private static final class SerialExecutor implements Executor {
    private static final int BATCH = 64;
    private final Executor executor;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Thread owner;

    SerialExecutor(Executor executor) {
      this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
      schedule();
    }

    boolean inLoop() {
      return owner == Thread.currentThread();
    }

    private void schedule() {
      if (tasks.isEmpty() || !scheduled.compareAndSet(false, true)) {
        return;
      }
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        drain();
      }
    }

    private void drain() {
      owner = Thread.currentThread();
      try {
        for (int i = 0; i < BATCH; i++) {
          Runnable task = tasks.poll();
          if (task == null) {
            break;
          }
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "webhook sink: a task failed", e);
          }
        }
      } finally {
        owner = null;
        scheduled.set(false);
        schedule();
      }
    }
  }
}
