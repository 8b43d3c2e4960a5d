package org.sepapi.examples.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sepapi.core.sip.EventHeader;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.SystemScheduler;
import org.sepapi.core.spi.TransportException;
import org.sepapi.examples.demo.DemoState.Package;
import org.sepapi.transport.jainsip.JainSipTransport;

/**
 * A small made-up PBX for trying the gateway out: a SIP notifier (RFC 6665) on its own JAIN-SIP
 * transport, UDP on 127.0.0.1, whose users' registrations, calls, voicemail counts and presence
 * change every few seconds. It answers SUBSCRIBE for {@code reg}, {@code dialog}, {@code
 * message-summary} and {@code presence} (200, then a NOTIFY with the full state, and another on
 * every change; {@code 489} for other packages, {@code 404} for unknown users), refreshes and
 * unsubscribes in the dialog. Every NOTIFY carries the full state. The changes come from a seeded
 * random generator on a {@link Scheduler}, so a test that gives a manual scheduler and a seed sees
 * the same changes every time.
 *
 * <p>Its users also have phones that answer calls by themselves, so that third-party calls can be
 * placed through it: every user's phone answers an INVITE (100, 180, 200 with SDP) and acts on a
 * REFER, user {@code busy} answers 486 Busy Here, user {@code noanswer} rings until cancelled; a
 * phone hangs up after {@link Builder#callLength}. Those calls show in the users' dialog state. See
 * {@link DemoPhones} for what each request gets.
 *
 * <p>Thread-safe: its state is confined to one executor of its own.
 */
public final class DemoPbx implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DemoPbx.class.getName());
  private static final long MAX_EXPIRES = 3600;

  private final JainSipTransport transport;
  private final Scheduler scheduler;
  private final SystemScheduler ownScheduler;
  private final ExecutorService executor;
  private final SplittableRandom random;
  private final Duration changeEvery;
  private final String domain;
  private final Map<String, DemoState> users = new LinkedHashMap<>();
  private final Map<String, Sub> subscriptions = new HashMap<>();
  private final SipUri contact;
  private final DemoPhones phones;
  private long tags;
  private Scheduler.Cancellable tick;
  private volatile boolean closed;

  /** One subscription of a subscriber to one user's package. Confined to the executor. */
  private static final class Sub {
    final String key;
    final String user;
    final Package pkg;
    final String callId;
    final String local;
    final String remote;
    final String event;
    final List<String> route;
    final String subscriber;
    SipUri target;
    long cseq;
    long version;
    long expiresAtNanos;
    Scheduler.Cancellable expiry;

    Sub(
        String key,
        String user,
        Package pkg,
        String callId,
        String local,
        String remote,
        String event,
        List<String> route,
        String subscriber) {
      this.key = key;
      this.user = user;
      this.pkg = pkg;
      this.callId = callId;
      this.local = local;
      this.remote = remote;
      this.event = event;
      this.route = route;
      this.subscriber = subscriber;
    }
  }

  private DemoPbx(Builder builder) {
    this.domain = builder.domain;
    this.changeEvery = builder.changeEvery;
    this.random = new SplittableRandom(builder.seed);
    this.ownScheduler = builder.scheduler == null ? SystemScheduler.create() : null;
    this.scheduler = builder.scheduler == null ? ownScheduler : builder.scheduler;
    for (String user : builder.users) {
      List<String> others = new ArrayList<>(builder.users);
      others.remove(user);
      users.put(user, new DemoState(user, domain, List.copyOf(others)));
    }
    this.executor =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "demo-pbx");
              thread.setDaemon(true);
              return thread;
            });
    try {
      this.transport =
          JainSipTransport.builder()
              .bind(builder.host, builder.port)
              .protocol(JainSipTransport.Protocol.UDP)
              .stackName("demo-pbx")
              .build();
    } catch (RuntimeException e) {
      executor.shutdownNow();
      if (ownScheduler != null) {
        ownScheduler.close();
      }
      throw e;
    }
    this.contact = transport.contactUri();
    this.phones =
        new DemoPhones(
            transport,
            scheduler,
            new DemoPhones.Pbx() {
              @Override
              public void run(Runnable task) {
                DemoPbx.this.run(task);
              }

              @Override
              public void dialogChanged(String user) {
                DemoPbx.this.dialogChanged(user);
              }
            },
            users,
            domain,
            builder.callLength,
            builder.seed);
    transport.start(transaction -> run(() -> onRequest(transaction)));
    scheduleTick();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Its SIP address, {@code sip:127.0.0.1:<port>}: the outbound proxy to subscribe through. */
  public SipUri uri() {
    return SipUri.parse("sip:" + host() + ":" + transport.port());
  }

  /** The host it is bound to. */
  public String host() {
    return contact.host();
  }

  /** The UDP port it listens on. */
  public int port() {
    return transport.port();
  }

  /** The SIP domain of its users, {@code demo.sepapi} by default. */
  public String domain() {
    return domain;
  }

  /** Its users' names, in the order given. */
  public List<String> users() {
    return List.copyOf(users.keySet());
  }

  /** The address of record of {@code user}: {@code sip:<user>@<domain>}. */
  public SipUri aor(String user) {
    return SipUri.of(user, domain);
  }

  /**
   * Stops changing state, hangs up the phones' calls (BYE; 480 to those still ringing), ends the
   * subscriptions still open (NOTIFY with {@code terminated; reason=noresource}) and stops the SIP
   * stack.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    List<CompletableFuture<Void>> last = new ArrayList<>();
    run(
        () -> {
          phones.close(last);
          for (Sub sub : List.copyOf(subscriptions.values())) {
            last.add(terminate(sub, "noresource"));
          }
        });
    closed = true;
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
      // the last NOTIFYs are answered before the stack stops (2 s at most)
      CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(System.Logger.Level.DEBUG, "demo PBX: not every last NOTIFY was answered");
    }
    synchronized (this) {
      if (tick != null) {
        tick.cancel();
      }
    }
    transport.close();
    if (ownScheduler != null) {
      ownScheduler.close();
    }
  }

  /** How many subscriptions it serves now (for tests), counted on its executor. */
  CompletableFuture<Integer> subscriptionCount() {
    CompletableFuture<Integer> count = new CompletableFuture<>();
    run(() -> count.complete(subscriptions.size()));
    return count;
  }

  /** The live calls of {@code user}'s phone as its dialog state shows them (for tests). */
  CompletableFuture<List<org.sepapi.model.dialoginfo.Dialog>> phoneCalls(String user) {
    CompletableFuture<List<org.sepapi.model.dialoginfo.Dialog>> calls = new CompletableFuture<>();
    run(() -> calls.complete(phones.dialogs(user)));
    return calls;
  }

  @Override
  public String toString() {
    return "DemoPbx[" + uri() + ", " + domain + ", users " + users.keySet() + "]";
  }

  private void run(Runnable task) {
    if (closed) {
      return;
    }
    try {
      executor.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              LOG.log(System.Logger.Level.ERROR, "demo PBX: unexpected failure", e);
            }
          });
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  private synchronized void scheduleTick() {
    if (closed) {
      return;
    }
    tick =
        scheduler.schedule(
            changeEvery,
            () -> {
              run(this::change);
              scheduleTick();
            });
  }

  // ---- on the executor

  private void change() {
    for (Map.Entry<String, DemoState> entry : users.entrySet()) {
      DemoState state = entry.getValue();
      Set<Package> changed = state.tick(random);
      for (Sub sub : List.copyOf(subscriptions.values())) {
        if (sub.user.equals(entry.getKey()) && changed.contains(sub.pkg)) {
          notify(sub, active(sub));
        }
      }
      state.settle();
    }
  }

  /** The dialog state of {@code user} changed with a call of its phone: NOTIFY the subscribers. */
  private void dialogChanged(String user) {
    for (Sub sub : List.copyOf(subscriptions.values())) {
      if (sub.user.equals(user) && sub.pkg == Package.DIALOG) {
        notify(sub, active(sub));
      }
    }
    users.get(user).settleCalls();
  }

  private void onRequest(SipTransport.ServerTransaction transaction) {
    SipRequest request = transaction.request();
    switch (request.method()) {
      case "SUBSCRIBE" -> {
        try {
          subscribe(transaction, request);
        } catch (RuntimeException e) {
          LOG.log(
              System.Logger.Level.INFO,
              "demo PBX: a malformed SUBSCRIBE, answered 400: {0}",
              e.getMessage());
          transaction.respond(SipResponse.to(request, 400).build());
        }
      }
      case "OPTIONS" ->
          transaction.respond(
              SipResponse.to(request, 200).header("Allow", DemoPhones.ALLOW).build());
      default -> {
        try {
          phones.onRequest(transaction);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.ERROR, "demo PBX: a " + request.method() + " failed", e);
          if (!request.method().equals("ACK")) {
            transaction.respond(SipResponse.to(request, 500).build());
          }
        }
      }
    }
  }

  private void subscribe(SipTransport.ServerTransaction transaction, SipRequest request) {
    String eventText =
        request.headers().first("Event").orElseThrow(() -> new IllegalArgumentException("Event"));
    EventHeader event = EventHeader.parse(eventText);
    String to = request.headers().first("To").orElseThrow(() -> new IllegalArgumentException("To"));
    String from =
        request.headers().first("From").orElseThrow(() -> new IllegalArgumentException("From"));
    String callId =
        request
            .headers()
            .first("Call-ID")
            .orElseThrow(() -> new IllegalArgumentException("Call-ID"));
    NameAddr toAddr = NameAddr.parse(to);
    NameAddr fromAddr = NameAddr.parse(from);
    long expires =
        Math.min(
            MAX_EXPIRES,
            request.headers().first("Expires").map(v -> Long.parseLong(v.trim())).orElse(3600L));
    if (expires < 0) {
      throw new IllegalArgumentException("Expires " + expires);
    }
    if (toAddr.tag().isPresent()) {
      inDialog(transaction, request, toAddr.tag().get(), callId, expires);
      return;
    }
    Package pkg = Package.of(event.eventPackage());
    if (pkg == null) {
      transaction.respond(
          SipResponse.to(request, 489)
              .header("Allow-Events", "reg, dialog, message-summary, presence")
              .build());
      return;
    }
    String user = request.requestUri().user().orElse("");
    if (!users.containsKey(user)) {
      LOG.log(System.Logger.Level.INFO, "demo PBX: SUBSCRIBE for unknown user {0}: 404", user);
      transaction.respond(SipResponse.to(request, 404).build());
      return;
    }
    SipUri target =
        NameAddr.parse(
                request
                    .headers()
                    .first("Contact")
                    .orElseThrow(() -> new IllegalArgumentException("Contact")))
            .uri();
    String tag = "pbx" + Long.toHexString(++tags) + Integer.toHexString(random.nextInt());
    List<String> route = new ArrayList<>(request.headers().values("Record-Route"));
    Sub sub =
        new Sub(
            callId + ";" + tag,
            user,
            pkg,
            callId,
            toAddr.withTag(tag).toString(),
            from,
            event.toString(),
            List.copyOf(route),
            fromAddr.uri().toString());
    sub.target = target;
    sub.cseq = random.nextInt(1000) + 1;
    transaction.respond(
        SipResponse.to(request, 200)
            .toTag(tag)
            .header("Expires", Long.toString(expires))
            .header("Contact", "<" + contact + ">")
            .build());
    if (expires == 0) {
      // a fetch: the state once, and done
      sub.version = 0;
      notify(sub, "terminated;reason=timeout");
      return;
    }
    subscriptions.put(sub.key, sub);
    arm(sub, expires);
    LOG.log(
        System.Logger.Level.INFO,
        "demo PBX: {0} subscribed to {1} of {2} for {3} s",
        sub.subscriber,
        pkg.token,
        user,
        Long.toString(expires));
    notify(sub, active(sub));
  }

  private void inDialog(
      SipTransport.ServerTransaction transaction,
      SipRequest request,
      String tag,
      String callId,
      long expires) {
    Sub sub = subscriptions.get(callId + ";" + tag);
    if (sub == null) {
      transaction.respond(SipResponse.to(request, 481).build());
      return;
    }
    request.headers().first("Contact").ifPresent(value -> sub.target = NameAddr.parse(value).uri());
    transaction.respond(
        SipResponse.to(request, 200)
            .header("Expires", Long.toString(expires))
            .header("Contact", "<" + contact + ">")
            .build());
    if (expires == 0) {
      LOG.log(
          System.Logger.Level.INFO,
          "demo PBX: {0} unsubscribed from {1} of {2}",
          sub.subscriber,
          sub.pkg.token,
          sub.user);
      terminate(sub, "timeout");
      return;
    }
    arm(sub, expires);
    LOG.log(
        System.Logger.Level.DEBUG,
        "demo PBX: {0} refreshed {1} of {2} for {3} s",
        sub.subscriber,
        sub.pkg.token,
        sub.user,
        Long.toString(expires));
    notify(sub, active(sub));
  }

  private void arm(Sub sub, long expires) {
    if (sub.expiry != null) {
      sub.expiry.cancel();
    }
    sub.expiresAtNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(expires);
    sub.expiry =
        scheduler.schedule(
            Duration.ofSeconds(expires),
            () ->
                run(
                    () -> {
                      if (subscriptions.get(sub.key) == sub) {
                        LOG.log(
                            System.Logger.Level.INFO,
                            "demo PBX: the subscription of {0} to {1} of {2} expired",
                            sub.subscriber,
                            sub.pkg.token,
                            sub.user);
                        terminate(sub, "timeout");
                      }
                    }));
  }

  private String active(Sub sub) {
    long left = TimeUnit.NANOSECONDS.toSeconds(sub.expiresAtNanos - System.nanoTime());
    return "active;expires=" + Math.max(1, left);
  }

  private CompletableFuture<Void> terminate(Sub sub, String reason) {
    subscriptions.remove(sub.key);
    if (sub.expiry != null) {
      sub.expiry.cancel();
    }
    return notify(sub, "terminated;reason=" + reason);
  }

  private CompletableFuture<Void> notify(Sub sub, String subscriptionState) {
    CompletableFuture<Void> answered = new CompletableFuture<>();
    SipRequest.Builder builder =
        SipRequest.builder("NOTIFY", sub.target)
            .header("From", sub.local)
            .header("To", sub.remote)
            .header("Call-ID", sub.callId)
            .header("CSeq", ++sub.cseq + " NOTIFY")
            .header("Max-Forwards", "70")
            .header("Event", sub.event)
            .header("Subscription-State", subscriptionState)
            .header("Contact", "<" + contact + ">");
    for (String hop : sub.route) {
      builder.header("Route", hop);
    }
    builder.body(users.get(sub.user).body(sub.pkg, sub.version++));
    transport.send(
        builder.build(),
        new SipTransport.ResponseListener() {
          @Override
          public void onFinal(SipResponse response) {
            answered.complete(null);
            if (!response.isSuccess()) {
              LOG.log(
                  System.Logger.Level.INFO,
                  "demo PBX: {0} answered a NOTIFY of {1} of {2} with {3}: subscription ended",
                  sub.subscriber,
                  sub.pkg.token,
                  sub.user,
                  response.statusLine());
              run(() -> drop(sub));
            }
          }

          @Override
          public void onFailure(TransportException failure) {
            answered.complete(null);
            if (!closed) {
              LOG.log(
                  System.Logger.Level.INFO,
                  "demo PBX: a NOTIFY of {0} of {1} to {2} failed ({3}): subscription ended",
                  sub.pkg.token,
                  sub.user,
                  sub.subscriber,
                  failure.getMessage());
            }
            run(() -> drop(sub));
          }
        });
    return answered;
  }

  private void drop(Sub sub) {
    if (subscriptions.remove(sub.key) != null && sub.expiry != null) {
      sub.expiry.cancel();
    }
  }

  /** Builds a {@link DemoPbx}. Not thread-safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String domain = "demo.sepapi";
    private List<String> users =
        List.of("alice", "bob", "carol", "dave", DemoPhones.BUSY, DemoPhones.NO_ANSWER);
    private Duration changeEvery = Duration.ofSeconds(3);
    private Duration callLength = Duration.ofMinutes(2);
    private Scheduler scheduler;
    private long seed = 6665;

    private Builder() {}

    /** The address to listen on: 127.0.0.1, port 0 (a free one) by default. */
    public Builder bind(String host, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("a port is 0 to 65535: " + port);
      }
      this.host = Objects.requireNonNull(host, "host");
      this.port = port;
      return this;
    }

    /** The SIP domain of the users ({@code demo.sepapi}). */
    public Builder domain(String domain) {
      SipUri.of("x", Objects.requireNonNull(domain, "domain"));
      this.domain = domain;
      return this;
    }

    /**
     * The users (alice, bob, carol, dave, busy and noanswer by default). The phone of a user named
     * {@code busy} answers every call 486 Busy Here, that of {@code noanswer} never answers.
     */
    public Builder users(List<String> users) {
      if (users.isEmpty()) {
        throw new IllegalArgumentException("the demo PBX needs at least one user");
      }
      for (String user : users) {
        SipUri.of(user, "example.com");
      }
      this.users = List.copyOf(users);
      return this;
    }

    /** How often the state changes (3 s). */
    public Builder changeEvery(Duration every) {
      if (every.isNegative() || every.isZero()) {
        throw new IllegalArgumentException("changeEvery is positive: " + every);
      }
      this.changeEvery = every;
      return this;
    }

    /** How long a phone stays in a call before it hangs up (2 min). */
    public Builder callLength(Duration length) {
      if (length.isNegative() || length.isZero()) {
        throw new IllegalArgumentException("callLength is positive: " + length);
      }
      this.callLength = length;
      return this;
    }

    /** The timers (changes, subscription expiry, hang-ups); a scheduler of its own by default. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The seed of the changes: the same seed, the same changes. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Binds the SIP port and starts changing state.
     *
     * @throws org.sepapi.core.SepException if the port cannot be bound
     */
    public DemoPbx build() {
      return new DemoPbx(this);
    }
  }
}
