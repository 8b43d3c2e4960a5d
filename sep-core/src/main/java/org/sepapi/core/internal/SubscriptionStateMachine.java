package org.sepapi.core.internal;

import static org.sepapi.core.SubscriberState.ACCEPTED;
import static org.sepapi.core.SubscriberState.ACTIVE;
import static org.sepapi.core.SubscriberState.INIT;
import static org.sepapi.core.SubscriberState.PENDING;
import static org.sepapi.core.SubscriberState.SENT;
import static org.sepapi.core.SubscriberState.TERMINATED;
import static org.sepapi.core.SubscriberState.UNSUBSCRIBING;
import static org.sepapi.core.SubscriberState.WAITING;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.sepapi.core.IllegalStateTransitionException;
import org.sepapi.core.SubscriberState;
import org.sepapi.core.Termination;
import org.sepapi.core.sip.EventHeader;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipParseException;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.sip.SubscriptionState;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.BodyException;
import org.sepapi.core.spi.EventPackage;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.SipTransport.ServerTransaction;
import org.sepapi.core.spi.TransportException;

/**
 * One SIP subscription on the subscriber's side (RFC 6665 section 4.1): the SUBSCRIBE, the dialogs
 * it creates (several when it forks), their NOTIFYs, refreshes, retries and the unsubscribe. Every
 * method runs on the machine's {@link SerialExecutor}; the transport's threads only hand off to it.
 *
 * <h2>Transition table</h2>
 *
 * <pre>
 * INIT          -> SENT (start), TERMINATED (stop)
 * SENT          -> SENT (401/407 answered, 423 with Min-Expires), ACCEPTED (2xx),
 *                  PENDING / ACTIVE (a NOTIFY, before or after the 2xx), WAITING (408, 5xx, timeout),
 *                  TERMINATED (403, 404, 489, other final refusals; stop)
 * ACCEPTED      -> PENDING, ACTIVE (NOTIFY), WAITING (Timer N, refresh failure, terminated NOTIFY),
 *                  SENT (re-subscribe), UNSUBSCRIBING (stop), TERMINATED
 * PENDING       -> PENDING, ACTIVE, WAITING, SENT, UNSUBSCRIBING, TERMINATED
 * ACTIVE        -> ACTIVE, PENDING, WAITING, SENT, UNSUBSCRIBING, TERMINATED
 * WAITING       -> SENT (retry), TERMINATED (stop)
 * UNSUBSCRIBING -> TERMINATED (final NOTIFY, or the wait ran out)
 * TERMINATED    -> (none)
 * </pre>
 *
 * Not thread-safe: confined to its executor.
 */
public final class SubscriptionStateMachine {
  private static final System.Logger LOG =
      System.getLogger(SubscriptionStateMachine.class.getName());

  private static final Map<SubscriberState, Set<SubscriberState>> TRANSITIONS =
      new EnumMap<>(SubscriberState.class);

  static {
    TRANSITIONS.put(INIT, EnumSet.of(SENT, TERMINATED));
    TRANSITIONS.put(SENT, EnumSet.of(SENT, ACCEPTED, PENDING, ACTIVE, WAITING, TERMINATED));
    TRANSITIONS.put(
        ACCEPTED, EnumSet.of(PENDING, ACTIVE, WAITING, SENT, UNSUBSCRIBING, TERMINATED));
    TRANSITIONS.put(PENDING, EnumSet.of(PENDING, ACTIVE, WAITING, SENT, UNSUBSCRIBING, TERMINATED));
    TRANSITIONS.put(ACTIVE, EnumSet.of(ACTIVE, PENDING, WAITING, SENT, UNSUBSCRIBING, TERMINATED));
    TRANSITIONS.put(WAITING, EnumSet.of(SENT, TERMINATED));
    TRANSITIONS.put(UNSUBSCRIBING, EnumSet.of(TERMINATED));
    TRANSITIONS.put(TERMINATED, EnumSet.noneOf(SubscriberState.class));
  }

  /** Whether the table has {@code from -> to}. */
  public static boolean allowed(SubscriberState from, SubscriberState to) {
    return TRANSITIONS.get(from).contains(to);
  }

  /** What the machine tells its owner. Called on the machine's executor. */
  public interface Listener {
    /** The machine moved to {@code state}. */
    default void onState(SubscriberState state) {}

    /** A dialog (an RLMI instance) is pending or active now. */
    default void onDialog(String instanceId, SubscriptionState state) {}

    /** A dialog's content changed. */
    default void onContent(String instanceId, NotifyContent content) {}

    /** A dialog ended; its instance is terminated with {@code termination}. */
    default void onDialogTerminated(String instanceId, Termination termination) {}

    /** The subscription is over for good. */
    default void onTerminated(Termination termination) {}
  }

  /** What to subscribe to. Immutable. */
  public record Target(
      SipUri resource,
      EventHeader event,
      List<String> accept,
      boolean eventList,
      EventPackage<?> eventPackage) {
    public Target {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(event, "event");
      accept = List.copyOf(accept);
      Objects.requireNonNull(eventPackage, "eventPackage");
    }

    /** What a new dialog's NOTIFYs are merged into: a list (RLS mode) or one resource. */
    NotifyContent newContent() {
      return eventList ? new ListContent<>(eventPackage) : new ResourceContent<>(eventPackage);
    }
  }

  private final SubscriberSettings settings;
  private final Target target;
  private final SerialExecutor executor;
  private final Listener listener;
  private ChallengeAnswerer challenges;

  private SubscriberState state = INIT;
  private Instant deadline;
  private String callId;
  private long cseq;
  private long attempt;
  private long expiresAsked;
  private long minExpires;
  private int failures;
  private int quickResubscribes;
  private boolean stopAfterResponse;
  private Scheduler.Cancellable timer;
  private final SmallMap<Dialog> dialogs = new SmallMap<>();

  /**
   * One dialog of the subscription: one instance, in RLMI's words. It is its own refresh task, so
   * that a subscription waiting an hour for its refresh holds no more than the scheduler's record.
   */
  private final class Dialog implements Runnable {
    final String remoteTag;
    SipUri remoteTarget;
    List<NameAddr> routeSet;
    long lastNotifyCseq = -1;
    boolean active;
    long expiresAtMillis = Long.MAX_VALUE;
    Scheduler.Cancellable refreshTimer;
    long refreshAttempt;
    boolean refreshing;
    final NotifyContent content;

    Dialog(String remoteTag, SipUri remoteTarget, List<NameAddr> routeSet) {
      this.remoteTag = remoteTag;
      this.remoteTarget = remoteTarget;
      this.routeSet = routeSet;
      this.content = target.newContent();
    }

    /** The refresh timer fired: on the scheduler's thread, so hand off. */
    @Override
    public void run() {
      executor.execute(this::refreshDue);
    }

    private void refreshDue() {
      if (attempt == refreshAttempt && dialogs.get(remoteTag) == this) {
        refreshTimer = null;
        if (remaining().getSeconds() >= 1) {
          refresh(this);
        }
      }
    }

    String instanceId() {
      return remoteTag.isEmpty() ? "0" : remoteTag;
    }

    void cancelRefresh() {
      if (refreshTimer != null) {
        refreshTimer.cancel();
        refreshTimer = null;
      }
    }
  }

  public SubscriptionStateMachine(
      SubscriberSettings settings, Target target, SerialExecutor executor, Listener listener) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.target = Objects.requireNonNull(target, "target");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The local tag: the random first part of the Call-ID, which sepapi makes for each SUBSCRIBE. */
  private String localTag() {
    return callId.substring(0, Ids.TAG_LENGTH);
  }

  public SubscriberState state() {
    return state;
  }

  public Target target() {
    return target;
  }

  /** How many dialogs the subscription has now. */
  public int dialogCount() {
    return dialogs.size();
  }

  /** The executor the machine is confined to. */
  public SerialExecutor executor() {
    return executor;
  }

  /** Starts subscribing; the subscription is kept alive until {@code deadline}. */
  public void start(Instant deadline) {
    assertConfined();
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    newSubscription();
  }

  /** Moves the deadline (the API subscription was extended or shortened); refreshes follow it. */
  public void extendTo(Instant deadline) {
    assertConfined();
    this.deadline = Objects.requireNonNull(deadline, "deadline");
  }

  /** Fetches the full state again, with a refresh of every dialog. */
  public void resynchronise() {
    assertConfined();
    for (Dialog dialog : dialogs.values()) {
      refresh(dialog);
    }
  }

  /**
   * Ends the subscription: unsubscribes every dialog, then waits a bounded time for the final
   * NOTIFYs.
   */
  public void stop() {
    assertConfined();
    switch (state) {
      case TERMINATED, UNSUBSCRIBING -> {}
      case INIT, WAITING -> terminate(Termination.UNSUBSCRIBED);
      case SENT -> {
        if (dialogs.isEmpty()) {
          stopAfterResponse = true;
        } else {
          unsubscribe();
        }
      }
      case ACCEPTED, PENDING, ACTIVE -> unsubscribe();
    }
  }

  // ---- moving

  private void moveTo(SubscriberState next) {
    if (!allowed(state, next)) {
      throw new IllegalStateTransitionException(state, next);
    }
    boolean changed = state != next;
    state = next;
    if (changed) {
      LOG.log(
          System.Logger.Level.DEBUG,
          () -> target.resource() + " " + target.event() + " -> " + next);
      listener.onState(next);
    }
  }

  private void assertConfined() {
    assert executor.inExecutor() : "a subscription runs on its own executor";
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private void schedule(Duration delay, Runnable task) {
    cancelTimer();
    long scheduledAttempt = attempt;
    timer =
        settings
            .scheduler()
            .schedule(
                delay,
                () ->
                    executor.execute(
                        () -> {
                          if (attempt == scheduledAttempt) {
                            timer = null;
                            task.run();
                          }
                        }));
  }

  // ---- the initial SUBSCRIBE

  private void newSubscription() {
    dropDialogs();
    cancelTimer();
    if (remaining().getSeconds() < 1) {
      terminate(Termination.EXPIRED);
      return;
    }
    if (callId != null) {
      settings.router().unregister(callId, this);
    }
    attempt++;
    callId = Ids.callId(settings.random(), settings.transport().contactUri().host());
    cseq = 0;
    expiresAsked = expiresToAsk();
    settings.router().register(callId, this);
    moveTo(SENT);
    sendInitial(initialRequest());
  }

  private SipRequest initialRequest() {
    SipRequest.Builder request = SipRequest.builder("SUBSCRIBE", target.resource());
    for (SipUri route : settings.outboundRoute()) {
      request.header("Route", "<" + route + ">");
    }
    return commonHeaders(request, NameAddr.of(target.resource()), expiresAsked).build();
  }

  private SipRequest.Builder commonHeaders(SipRequest.Builder request, NameAddr to, long expires) {
    request
        .header("Max-Forwards", "70")
        .header("From", settings.identity().withTag(localTag()).toString())
        .header("To", to.toString())
        .header("Call-ID", callId)
        .header("CSeq", ++cseq + " SUBSCRIBE")
        .header("Contact", "<" + settings.transport().contactUri() + ">")
        .header("Event", target.event().toString())
        .header("Expires", Long.toString(expires));
    if (!target.accept().isEmpty()) {
      request.header("Accept", String.join(", ", target.accept()));
    }
    if (!settings.allowEvents().isEmpty()) {
      request.header("Allow-Events", settings.allowEvents());
    }
    request.header("Allow", "NOTIFY");
    if (target.eventList()) {
      request.header("Supported", "eventlist");
    }
    return request;
  }

  private void sendInitial(SipRequest request) {
    long sentAttempt = attempt;
    settings
        .transport()
        .send(
            request,
            new SipTransport.ResponseListener() {
              @Override
              public void onFinal(SipResponse response) {
                executor.execute(() -> onInitialResponse(sentAttempt, request, response));
              }

              @Override
              public void onFailure(TransportException failure) {
                executor.execute(() -> onInitialFailure(sentAttempt, failure));
              }
            });
  }

  private void onInitialResponse(long sentAttempt, SipRequest request, SipResponse response) {
    if (sentAttempt != attempt || state == TERMINATED || state == UNSUBSCRIBING) {
      return;
    }
    int status = response.status();
    if (response.isSuccess()) {
      failures = 0;
      long granted = grantedExpires(response);
      Dialog dialog = dialogFromResponse(response);
      if (dialog != null) {
        dialog.expiresAtMillis = now().plusSeconds(granted).toEpochMilli();
        scheduleRefresh(dialog, granted);
      }
      if (stopAfterResponse) {
        unsubscribe();
        return;
      }
      if (state == SENT) {
        moveTo(ACCEPTED);
        schedule(settings.timerN(), this::onTimerN);
      }
      return;
    }
    if (stopAfterResponse) {
      terminate(Termination.UNSUBSCRIBED);
      return;
    }
    switch (status) {
      case 401, 407 -> {
        Optional<SipRequest> again = authorized(request, response);
        if (again.isPresent()) {
          moveTo(SENT);
          sendInitial(again.get());
        } else {
          terminate(Termination.refused(status));
        }
      }
      case 423 -> {
        OptionalLong min = safe(response::minExpires);
        if (min.isPresent() && min.getAsLong() > expiresAsked) {
          minExpires = min.getAsLong();
          expiresAsked = minExpires;
          moveTo(SENT);
          sendInitial(
              request.toBuilder()
                  .setHeader("Expires", Long.toString(expiresAsked))
                  .setHeader("CSeq", ++cseq + " SUBSCRIBE")
                  .build());
        } else {
          terminate(Termination.refused(status));
        }
      }
      default -> {
        if (retryable(status)) {
          retryLater(safe(response::retryAfter));
        } else {
          terminate(Termination.refused(status));
        }
      }
    }
  }

  private static boolean retryable(int status) {
    return status == 408 || status == 480 || status == 481 || (status >= 500 && status < 600);
  }

  private void onInitialFailure(long sentAttempt, TransportException failure) {
    if (sentAttempt != attempt || state == TERMINATED || state == UNSUBSCRIBING) {
      return;
    }
    if (failure.kind() == TransportException.Kind.CLOSED || stopAfterResponse) {
      terminate(
          stopAfterResponse ? Termination.UNSUBSCRIBED : Termination.local("transport-closed"));
      return;
    }
    LOG.log(
        System.Logger.Level.INFO,
        () -> "SUBSCRIBE to " + target.resource() + " failed: " + failure.getMessage());
    retryLater(OptionalLong.empty());
  }

  private void onTimerN() {
    if (state == ACCEPTED) {
      LOG.log(
          System.Logger.Level.INFO,
          () -> "no NOTIFY from " + target.resource() + " after the 2xx: subscribing again");
      retryLater(OptionalLong.empty());
    }
  }

  private void retryLater(OptionalLong retryAfterSeconds) {
    failures++;
    Backoff backoff = settings.backoff();
    Duration delay = backoff.delay(failures, settings.random().nextDouble());
    if (retryAfterSeconds.isPresent()) {
      // RFC 6665: wait at least retry-after; the cap still holds against absurd values
      Duration asked = Duration.ofSeconds(Math.min(retryAfterSeconds.getAsLong(), 365L * 86400));
      delay = asked.compareTo(backoff.max()) > 0 ? backoff.max() : max(delay, asked);
    }
    waitThenSubscribe(delay);
  }

  private void waitThenSubscribe(Duration delay) {
    dropDialogs();
    if (callId != null) {
      settings.router().unregister(callId, this);
    }
    if (now().plus(delay).isAfter(deadline)) {
      terminate(Termination.EXPIRED);
      return;
    }
    attempt++;
    moveTo(WAITING);
    schedule(delay, this::newSubscription);
  }

  private Optional<SipRequest> authorized(SipRequest request, SipResponse challenge) {
    try {
      if (challenges == null) {
        challenges = settings.challenges().get();
      }
      return challenges
          .answer(request, challenge)
          .map(
              again ->
                  again.toBuilder().setHeader("CSeq", ++cseq + " " + request.method()).build());
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.INFO,
          () -> "cannot answer the challenge from " + target.resource() + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  // ---- dialogs

  private Dialog dialogFromResponse(SipResponse response) {
    try {
      String tag = response.to().tag().orElse("");
      Dialog dialog = dialogs.get(tag);
      if (dialog == null) {
        if (dialogs.size() >= settings.maxDialogs()) {
          return null;
        }
        SipUri remote = response.contact().map(NameAddr::uri).orElse(target.resource());
        List<NameAddr> routes = new ArrayList<>(response.recordRoutes());
        Collections.reverse(routes);
        dialog = new Dialog(tag, remote, List.copyOf(routes));
        dialogs.put(tag, dialog);
      }
      return dialog;
    } catch (SipParseException e) {
      LOG.log(System.Logger.Level.INFO, () -> "unreadable 2xx to SUBSCRIBE: " + e.getMessage());
      return null;
    }
  }

  private void dropDialogs() {
    for (Dialog dialog : dialogs.values()) {
      dialog.cancelRefresh();
    }
    dialogs.clear();
  }

  // ---- NOTIFY

  /** Handles a NOTIFY that the router matched to this subscription's Call-ID and local tag. */
  public void onNotify(ServerTransaction transaction) {
    assertConfined();
    SipRequest notify = transaction.request();
    EventHeader event;
    String remoteTag;
    long notifyCseq;
    Optional<SubscriptionState> subscriptionState;
    String toTag;
    try {
      toTag = notify.to().tag().orElse("");
      event = notify.event().orElse(null);
      remoteTag = notify.from().tag().orElse("");
      notifyCseq = notify.cseq().sequence();
      subscriptionState = notify.subscriptionState();
    } catch (SipParseException e) {
      respond(transaction, 400, "Bad Request");
      return;
    }
    if (!toTag.equals(localTag())) {
      respond(transaction, 481, "Call/Transaction Does Not Exist");
      return;
    }
    if (event == null || !event.matches(target.event())) {
      respond(transaction, 489, "Bad Event");
      return;
    }
    Dialog dialog = dialogs.get(remoteTag);
    if (dialog == null) {
      boolean open = state == SENT || state == ACCEPTED || state == PENDING || state == ACTIVE;
      if (!open || dialogs.size() >= settings.maxDialogs()) {
        respond(transaction, 481, "Call/Transaction Does Not Exist");
        return;
      }
      dialog = dialogFromNotify(notify, remoteTag);
      if (dialog == null) {
        respond(transaction, 400, "Bad Request");
        return;
      }
    }
    if (notifyCseq <= dialog.lastNotifyCseq) {
      respond(transaction, 200, "OK");
      LOG.log(
          System.Logger.Level.DEBUG,
          () -> "stale NOTIFY CSeq " + notifyCseq + " from " + target.resource() + " ignored");
      return;
    }
    dialog.lastNotifyCseq = notifyCseq;
    try {
      Optional<NameAddr> contact = notify.contact();
      if (contact.isPresent()) {
        dialog.remoteTarget = contact.get().uri();
      }
    } catch (SipParseException e) {
      LOG.log(
          System.Logger.Level.DEBUG, () -> "NOTIFY with an unreadable Contact kept the old target");
    }
    respond(transaction, 200, "OK");

    // RFC 6665 section 4.1.3: a NOTIFY without Subscription-State is malformed; real notifiers
    // do send them, so it is read as active with the expiry the 2xx gave.
    SubscriptionState subState =
        subscriptionState.orElse(
            new SubscriptionState(
                "active", Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), Map.of()));
    if (subState.isTerminated()) {
      applyBody(dialog, notify);
      dialogTerminated(dialog, subState);
      return;
    }
    if (state == UNSUBSCRIBING) {
      applyBody(dialog, notify);
      return;
    }
    dialog.active = subState.isActive();
    if (subState.expires().isPresent()) {
      long seconds = subState.expires().getAsLong();
      long expiresAt = now().plusSeconds(seconds).toEpochMilli();
      if (expiresAt < dialog.expiresAtMillis) {
        dialog.expiresAtMillis = expiresAt;
        scheduleRefresh(dialog, seconds);
      }
    }
    if (state == ACCEPTED) {
      cancelTimer();
    }
    moveTo(aggregateState());
    listener.onDialog(dialog.instanceId(), subState);
    applyBody(dialog, notify);
  }

  private SubscriberState aggregateState() {
    for (Dialog dialog : dialogs.values()) {
      if (dialog.active) {
        return ACTIVE;
      }
    }
    return PENDING;
  }

  private Dialog dialogFromNotify(SipRequest notify, String remoteTag) {
    try {
      SipUri remote = notify.contact().map(NameAddr::uri).orElse(target.resource());
      Dialog dialog = new Dialog(remoteTag, remote, List.copyOf(notify.recordRoutes()));
      dialogs.put(remoteTag, dialog);
      return dialog;
    } catch (SipParseException e) {
      return null;
    }
  }

  private void applyBody(Dialog dialog, SipRequest notify) {
    Optional<Body> body = notify.body();
    if (body.isEmpty() || body.get().length() == 0) {
      return;
    }
    NotifyContent.Outcome outcome;
    try {
      outcome = dialog.content.apply(body.get());
    } catch (BodyException e) {
      LOG.log(
          System.Logger.Level.INFO,
          () -> "unreadable NOTIFY body from " + target.resource() + ": " + e.getMessage());
      outcome = NotifyContent.Outcome.RESYNC;
    }
    switch (outcome) {
      case CHANGED -> listener.onContent(dialog.instanceId(), dialog.content);
      case UNCHANGED -> {}
      case CHANGED_RESYNC, RESYNC -> {
        if (outcome == NotifyContent.Outcome.CHANGED_RESYNC) {
          listener.onContent(dialog.instanceId(), dialog.content);
        }
        if (state != UNSUBSCRIBING && dialogs.containsKey(dialog.remoteTag)) {
          refresh(dialog);
        }
      }
    }
  }

  private void dialogTerminated(Dialog dialog, SubscriptionState subState) {
    dialog.cancelRefresh();
    dialogs.remove(dialog.remoteTag);
    Termination termination =
        new Termination(
            subState.reason().orElse("noreason"), subState.retryAfter(), OptionalInt.empty());
    listener.onDialogTerminated(dialog.instanceId(), termination);
    if (!dialogs.isEmpty()) {
      return;
    }
    if (state == UNSUBSCRIBING) {
      terminate(Termination.UNSUBSCRIBED);
      return;
    }
    if (state == SENT) {
      // the notifier ended it before the 2xx: the 2xx, if it comes, is for a dead subscription
      attempt++;
    }
    Optional<Termination.Reason> reason = termination.knownReason();
    if (reason.isPresent() && !reason.get().resubscribe()) {
      terminate(termination);
    } else if (reason.isPresent()
        && !reason.get().waitsBeforeResubscribing()
        && quickResubscribes < 3) {
      quickResubscribes++;
      newSubscription();
    } else {
      retryLater(termination.retryAfter());
    }
  }

  // ---- refresh

  private void scheduleRefresh(Dialog dialog, long grantedSeconds) {
    dialog.cancelRefresh();
    dialog.refreshAttempt = attempt;
    dialog.refreshTimer = settings.scheduler().schedule(refreshDelay(grantedSeconds), dialog);
  }

  /**
   * When to refresh a subscription granted for {@code seconds}: well before it runs out, at a
   * random point of a window so that subscriptions made together spread their refreshes.
   */
  Duration refreshDelay(long seconds) {
    double lead = seconds > 120 ? 0.80 + 0.10 * settings.random().nextDouble() : 0.5;
    return Duration.ofMillis((long) (seconds * 1000 * lead));
  }

  private void refresh(Dialog dialog) {
    if (dialog.refreshing) {
      return;
    }
    dialog.refreshing = true;
    expiresAsked = Math.max(1, expiresToAsk());
    sendRefresh(dialog, refreshRequest(dialog, expiresAsked));
  }

  private SipRequest refreshRequest(Dialog dialog, long expires) {
    SipRequest.Builder request = SipRequest.builder("SUBSCRIBE", dialog.remoteTarget);
    for (NameAddr route : dialog.routeSet) {
      request.header("Route", route.toString());
    }
    NameAddr to = NameAddr.of(target.resource());
    if (!dialog.remoteTag.isEmpty()) {
      to = to.withTag(dialog.remoteTag);
    }
    return commonHeaders(request, to, expires).build();
  }

  private void sendRefresh(Dialog dialog, SipRequest request) {
    long sentAttempt = attempt;
    settings
        .transport()
        .send(
            request,
            new SipTransport.ResponseListener() {
              @Override
              public void onFinal(SipResponse response) {
                executor.execute(() -> onRefreshResponse(sentAttempt, dialog, request, response));
              }

              @Override
              public void onFailure(TransportException failure) {
                executor.execute(() -> onRefreshFailed(sentAttempt, dialog, failure.getMessage()));
              }
            });
  }

  private void onRefreshResponse(
      long sentAttempt, Dialog dialog, SipRequest request, SipResponse response) {
    if (sentAttempt != attempt || dialogs.get(dialog.remoteTag) != dialog) {
      return;
    }
    int status = response.status();
    if (response.isSuccess()) {
      dialog.refreshing = false;
      long granted = grantedExpires(response);
      dialog.expiresAtMillis = now().plusSeconds(granted).toEpochMilli();
      scheduleRefresh(dialog, granted);
      return;
    }
    if ((status == 401 || status == 407)) {
      Optional<SipRequest> again = authorized(request, response);
      if (again.isPresent()) {
        sendRefresh(dialog, again.get());
        return;
      }
    }
    if (status == 423) {
      OptionalLong min = safe(response::minExpires);
      if (min.isPresent() && min.getAsLong() > expiresAsked) {
        minExpires = min.getAsLong();
        expiresAsked = minExpires;
        sendRefresh(dialog, refreshRequest(dialog, expiresAsked));
        return;
      }
    }
    dialog.refreshing = false;
    if (status == 481) {
      // the notifier lost the subscription: start a new one at once
      dialog.cancelRefresh();
      dialogs.remove(dialog.remoteTag);
      listener.onDialogTerminated(dialog.instanceId(), Termination.refused(481));
      if (dialogs.isEmpty()) {
        newSubscription();
      }
      return;
    }
    onRefreshFailed(sentAttempt, dialog, response.statusLine());
  }

  private void onRefreshFailed(long sentAttempt, Dialog dialog, String why) {
    if (sentAttempt != attempt || dialogs.get(dialog.remoteTag) != dialog) {
      return;
    }
    dialog.refreshing = false;
    LOG.log(
        System.Logger.Level.INFO,
        () -> "refresh of " + target.resource() + " failed (" + why + "): subscribing again");
    dialog.cancelRefresh();
    dialogs.remove(dialog.remoteTag);
    listener.onDialogTerminated(dialog.instanceId(), Termination.local("refresh-failed"));
    if (dialogs.isEmpty()) {
      retryLater(OptionalLong.empty());
    }
  }

  // ---- unsubscribe

  private void unsubscribe() {
    stopAfterResponse = false;
    moveTo(UNSUBSCRIBING);
    for (Dialog dialog : dialogs.values()) {
      dialog.cancelRefresh();
      settings
          .transport()
          .send(
              refreshRequest(dialog, 0),
              new SipTransport.ResponseListener() {
                @Override
                public void onFinal(SipResponse response) {
                  if (response.status() == 481) {
                    executor.execute(() -> unsubscribed(dialog));
                  }
                }

                @Override
                public void onFailure(TransportException failure) {
                  executor.execute(() -> unsubscribed(dialog));
                }
              });
    }
    schedule(settings.unsubscribeWait(), () -> terminate(Termination.UNSUBSCRIBED));
  }

  private void unsubscribed(Dialog dialog) {
    if (state != UNSUBSCRIBING || dialogs.remove(dialog.remoteTag) == null) {
      return;
    }
    listener.onDialogTerminated(dialog.instanceId(), Termination.UNSUBSCRIBED);
    if (dialogs.isEmpty()) {
      terminate(Termination.UNSUBSCRIBED);
    }
  }

  private void terminate(Termination termination) {
    if (state == TERMINATED) {
      return;
    }
    cancelTimer();
    for (Dialog dialog : dialogs.values()) {
      listener.onDialogTerminated(dialog.instanceId(), termination);
    }
    dropDialogs();
    if (callId != null) {
      settings.router().unregister(callId, this);
    }
    attempt++;
    moveTo(TERMINATED);
    LOG.log(
        System.Logger.Level.DEBUG,
        () -> target.resource() + " " + target.event() + " terminated: " + termination);
    listener.onTerminated(termination);
  }

  // ---- helpers

  private void respond(ServerTransaction transaction, int status, String reason) {
    transaction.respond(SipResponse.to(transaction.request(), status).build());
  }

  private long grantedExpires(SipResponse response) {
    // RFC 6665 section 4.1.2.1: the 2xx carries the granted duration, which may be shorter
    OptionalLong granted = safe(response::expires);
    return Math.max(1, granted.isPresent() ? granted.getAsLong() : expiresAsked);
  }

  private long expiresToAsk() {
    long wanted = Math.min(settings.defaultExpires().getSeconds(), remaining().getSeconds());
    return Math.max(wanted, minExpires);
  }

  private Duration remaining() {
    Duration left = Duration.between(now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private Instant now() {
    return settings.clock().instant();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static OptionalLong safe(Supplier<OptionalLong> header) {
    try {
      return header.get();
    } catch (SipParseException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public String toString() {
    return "Subscription[" + target.resource() + ", " + target.event() + ", " + state + "]";
  }
}
