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
import java.util.function.Consumer;
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
 * INIT          -> SENT (start), TERMINATED (stop; a deadline already passed)
 * SENT          -> SENT (401/407 answered, 423 with Min-Expires, a quick re-subscribe after a
 *                  terminated NOTIFY before the 2xx), ACCEPTED (2xx),
 *                  PENDING / ACTIVE (a NOTIFY, before the 2xx), WAITING (408, 480, 481, 5xx,
 *                  transport failure, a terminated NOTIFY), UNSUBSCRIBING (stopped while SENT,
 *                  then a 2xx or a NOTIFY came), TERMINATED (403, 404, 489, other final refusals,
 *                  a final reason, stopped and refused)
 * ACCEPTED      -> PENDING, ACTIVE (NOTIFY), WAITING (Timer N, refresh failure, terminated NOTIFY),
 *                  SENT (quick re-subscribe), UNSUBSCRIBING (stop), TERMINATED
 * PENDING       -> PENDING, ACTIVE, WAITING, SENT, UNSUBSCRIBING, TERMINATED
 * ACTIVE        -> ACTIVE, PENDING, WAITING, SENT, UNSUBSCRIBING, TERMINATED
 * WAITING       -> SENT (retry), TERMINATED (stop; the retry would fall after the deadline)
 * UNSUBSCRIBING -> TERMINATED (final NOTIFYs, 481 or refusals, or the wait ran out)
 * TERMINATED    -> (none)
 * </pre>
 *
 * <h2>Timing</h2>
 *
 * <ul>
 *   <li>A dialog is refreshed at a random point between 80% and 90% of the time granted (45% to 55%
 *       when it is two minutes or less), never sooner than {@link #MIN_REFRESH_DELAY}, and not at
 *       all once what was granted lasts past the deadline.
 *   <li>Failures wait a full-jitter exponential {@link Backoff}, and at least a Retry-After (up to
 *       {@link #MAX_RETRY_AFTER}). A notifier's {@code deactivated} or {@code timeout}, and a 481
 *       to a refresh, re-subscribe at once, {@value #QUICK_RESUBSCRIBES} times in a row at most.
 *       The count of failures and of quick re-subscribes is forgotten once a subscription stayed up
 *       as long as the backoff's maximum, so that a notifier that accepts and drops each
 *       subscription at once does not get a storm.
 *   <li>A NOTIFY that cannot be applied asks for the full state with a refresh: at once the first
 *       time (after the refresh in flight, if there is one), then after a growing backoff while the
 *       NOTIFYs keep failing.
 * </ul>
 *
 * Not thread-safe: confined to its executor.
 */
public final class SubscriptionStateMachine {
  private static final System.Logger LOG =
      System.getLogger(SubscriptionStateMachine.class.getName());

  /** The soonest a refresh follows the expiry that asked for it (a notifier granting 0 s). */
  public static final Duration MIN_REFRESH_DELAY = Duration.ofSeconds(5);

  /** The longest Retry-After that is waited for; a longer one is read as this. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  /** How many re-subscribes in a row go at once, before they wait a backoff. */
  public static final int QUICK_RESUBSCRIBES = 3;

  private static final Map<SubscriberState, Set<SubscriberState>> TRANSITIONS =
      new EnumMap<>(SubscriberState.class);

  static {
    TRANSITIONS.put(INIT, EnumSet.of(SENT, TERMINATED));
    TRANSITIONS.put(
        SENT, EnumSet.of(SENT, ACCEPTED, PENDING, ACTIVE, WAITING, UNSUBSCRIBING, TERMINATED));
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
    return TRANSITIONS
        .get(Objects.requireNonNull(from, "from"))
        .contains(Objects.requireNonNull(to, "to"));
  }

  /**
   * Checks a move against the table.
   *
   * @throws IllegalStateTransitionException if the table does not have {@code from -> to}
   */
  public static void requireAllowed(SubscriberState from, SubscriberState to) {
    if (!allowed(from, to)) {
      throw new IllegalStateTransitionException(from, to);
    }
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
  private int cseq;
  private int attempt;
  private long expiresAsked;
  private long minExpires;
  private int failures;
  private int quickResubscribes;

  /** When the current subscription was first accepted (2xx or NOTIFY); -1 when it is not. */
  private long upSinceMillis = -1;

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
    long refreshDueMillis;
    int refreshAttempt;
    boolean refreshing;

    /** The next refresh is a resynchronisation: it goes even if the deadline is covered. */
    boolean resyncPending;

    /** A NOTIFY asked for the full state while a refresh was in flight: resync after it. */
    boolean resyncAfterRefresh;

    /** Resynchronisations asked for in a row, with no NOTIFY applied in between. */
    int resyncs;

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
      if (attempt != refreshAttempt || dialogs.get(remoteTag) != this) {
        return;
      }
      refreshTimer = null;
      if (remaining().getSeconds() >= 1 && (resyncPending || !lastsPastDeadline(this))) {
        refresh(this);
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

  /**
   * Starts subscribing; the subscription is kept alive until {@code deadline}.
   *
   * @throws IllegalStateTransitionException if it was started (or stopped) already
   */
  public void start(Instant deadline) {
    assertConfined();
    Objects.requireNonNull(deadline, "deadline");
    if (state != INIT) {
      throw new IllegalStateTransitionException(state, SENT);
    }
    this.deadline = deadline;
    newSubscription();
  }

  /**
   * Moves the deadline (the API subscription was extended or shortened); refreshes follow it: a
   * dialog that needed no refresh before the old deadline is refreshed before the new one.
   */
  public void extendTo(Instant deadline) {
    assertConfined();
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    if (refreshable()) {
      for (Dialog dialog : dialogs.values()) {
        if (!dialog.refreshing) {
          scheduleExpiryRefresh(dialog);
        }
      }
    }
  }

  /** Fetches the full state again, with a refresh of every dialog. */
  public void resynchronise() {
    assertConfined();
    if (refreshable()) {
      for (Dialog dialog : dialogs.values()) {
        refresh(dialog);
      }
    }
  }

  /**
   * Ends the subscription: unsubscribes every dialog, then waits a bounded time for the final
   * NOTIFYs. Stopped while its SUBSCRIBE is in flight, it unsubscribes the dialog the answer (or a
   * NOTIFY) creates, or ends with the refusal.
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
    requireAllowed(state, next);
    boolean changed = state != next;
    state = next;
    if (changed) {
      LOG.log(
          System.Logger.Level.DEBUG,
          () -> target.resource() + " " + target.event() + " -> " + next);
      tell(() -> listener.onState(next));
    }
  }

  /** Calls the listener; what it throws is logged, and leaves the machine as it was. */
  private void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a subscription listener failed", e);
    }
  }

  /** Whether dialogs are refreshed now: the subscription is up and not going away. */
  private boolean refreshable() {
    return (state == SENT || state == ACCEPTED || state == PENDING || state == ACTIVE)
        && !stopAfterResponse;
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
    upSinceMillis = -1;
    if (remaining().getSeconds() < 1) {
      terminate(Termination.EXPIRED);
      return;
    }
    if (callId != null) {
      settings.router().unregister(callId, this);
    }
    attempt++;
    callId = Ids.callId(settings.random());
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

  /**
   * Sends {@code request} in a client transaction whose outcome is handled on this machine's
   * executor: the transport's thread only hands it over.
   */
  private void send(
      SipRequest request, Consumer<SipResponse> onFinal, Consumer<TransportException> onFailure) {
    try {
      settings
          .transport()
          .send(
              request,
              new SipTransport.ResponseListener() {
                @Override
                public void onFinal(SipResponse response) {
                  executor.execute(() -> onFinal.accept(response));
                }

                @Override
                public void onFailure(TransportException failure) {
                  executor.execute(() -> onFailure.accept(failure));
                }
              });
    } catch (IllegalStateException closed) {
      // the transport was closed first (a shutdown that did not wait for the unsubscribes): the
      // request fails as a transport failure, on the executor, like any other
      TransportException failure =
          new TransportException(
              TransportException.Kind.CLOSED, request.method() + ": " + closed.getMessage());
      executor.execute(() -> onFailure.accept(failure));
    }
  }

  private void sendInitial(SipRequest request) {
    long sentAttempt = attempt;
    send(
        request,
        response -> onInitialResponse(sentAttempt, request, response),
        failure -> onInitialFailure(sentAttempt, failure));
  }

  private void onInitialResponse(long sentAttempt, SipRequest request, SipResponse response) {
    if (sentAttempt != attempt || state == TERMINATED || state == UNSUBSCRIBING) {
      return;
    }
    int status = response.status();
    if (response.isSuccess()) {
      if (upSinceMillis < 0) {
        upSinceMillis = nowMillis();
      }
      long granted = grantedExpires(response);
      Dialog dialog = dialogFromResponse(response);
      if (dialog != null) {
        dialog.expiresAtMillis = nowMillis() + granted * 1000;
        if (!dialog.resyncPending) {
          dialog.cancelRefresh();
        }
        scheduleExpiryRefresh(dialog);
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
          // without the credentials: sent again they would repeat a nonce count (a replay, RFC
          // 7616 section 3.4); a new challenge is answered afresh
          sendInitial(
              request.toBuilder()
                  .headers(
                      request.headers().without("Authorization").without("Proxy-Authorization"))
                  .setHeader("Expires", Long.toString(expiresAsked))
                  .setHeader("CSeq", ++cseq + " SUBSCRIBE")
                  .build());
        } else {
          terminate(Termination.refused(status));
        }
      }
      default -> {
        if (retryable(status)) {
          resubscribe(false, safe(response::retryAfter));
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
    resubscribe(false, OptionalLong.empty());
  }

  private void onTimerN() {
    if (state == ACCEPTED) {
      LOG.log(
          System.Logger.Level.INFO,
          () -> "no NOTIFY from " + target.resource() + " after the 2xx: subscribing again");
      resubscribe(false, OptionalLong.empty());
    }
  }

  /**
   * The subscription ended without a final reason: subscribes again, at once if {@code quick} and
   * the quick re-subscribes in a row are not used up, else after a backoff and the notifier's
   * retry-after.
   */
  private void resubscribe(boolean quick, OptionalLong retryAfterSeconds) {
    if (upSinceMillis >= 0 && nowMillis() - upSinceMillis >= settings.backoff().max().toMillis()) {
      // it stayed up: what failed before it is history
      failures = 0;
      quickResubscribes = 0;
    }
    upSinceMillis = -1;
    if (quick && quickResubscribes < QUICK_RESUBSCRIBES) {
      quickResubscribes++;
      newSubscription();
    } else {
      retryLater(retryAfterSeconds);
    }
  }

  private void retryLater(OptionalLong retryAfterSeconds) {
    if (failures < Integer.MAX_VALUE) {
      failures++;
    }
    Duration delay = settings.backoff().delay(failures, settings.random().nextDouble());
    if (retryAfterSeconds.isPresent()) {
      // RFC 6665 sections 4.1.3 and 4.2.2, RFC 3261 21.5.4: not before retry-after
      Duration asked =
          Duration.ofSeconds(Math.min(retryAfterSeconds.getAsLong(), MAX_RETRY_AFTER.getSeconds()));
      delay = max(delay, asked);
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

  /** Ends one dialog and tells the listener. */
  private void endDialog(Dialog dialog, Termination termination) {
    dialog.cancelRefresh();
    dialogs.remove(dialog.remoteTag);
    tell(() -> listener.onDialogTerminated(dialog.instanceId(), termination));
  }

  /** A dialog ended and others go on: the state follows those left. */
  private void followDialogsLeft() {
    if (state == PENDING || state == ACTIVE) {
      moveTo(aggregateState());
    }
  }

  // ---- NOTIFY

  /**
   * Handles a NOTIFY that the router matched to this subscription's Call-ID. Answers it whatever
   * happens: a NOTIFY that breaks something here is answered 500 rather than left to time out.
   */
  public void onNotify(ServerTransaction transaction) {
    assertConfined();
    try {
      handleNotify(transaction);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a NOTIFY for " + target.resource() + " failed here", e);
      respond(transaction, 500);
    }
  }

  private void handleNotify(ServerTransaction transaction) {
    SipRequest notify = transaction.request();
    EventHeader event;
    String remoteTag;
    long notifyCseq;
    Optional<SubscriptionState> subscriptionState;
    String toTag;
    try {
      toTag = NameAddr.tagOf(required(notify, "To")).orElse("");
      event = notify.header("Event").map(EVENTS::parse).orElse(null);
      remoteTag = NameAddr.tagOf(required(notify, "From")).orElse("");
      notifyCseq = notify.cseq().sequence();
      subscriptionState = notify.header("Subscription-State").map(STATES::parse);
    } catch (SipParseException | IllegalArgumentException e) {
      respond(transaction, 400);
      return;
    }
    if (callId == null || !toTag.equals(localTag())) {
      respond(transaction, 481);
      return;
    }
    if (event == null || !event.matches(target.event())) {
      respond(transaction, 489);
      return;
    }
    Dialog dialog = dialogs.get(remoteTag);
    if (dialog == null) {
      boolean open = state == SENT || state == ACCEPTED || state == PENDING || state == ACTIVE;
      if (!open || dialogs.size() >= settings.maxDialogs()) {
        respond(transaction, 481);
        return;
      }
      dialog = dialogFromNotify(notify, remoteTag);
      if (dialog == null) {
        respond(transaction, 400);
        return;
      }
    }
    if (notifyCseq <= dialog.lastNotifyCseq) {
      respond(transaction, 200);
      LOG.log(
          System.Logger.Level.DEBUG,
          () -> "stale NOTIFY CSeq " + notifyCseq + " from " + target.resource() + " ignored");
      return;
    }
    dialog.lastNotifyCseq = notifyCseq;
    try {
      Optional<NameAddr> contact = contactOf(notify);
      if (contact.isPresent()) {
        dialog.remoteTarget = contact.get().uri();
      }
    } catch (SipParseException e) {
      LOG.log(
          System.Logger.Level.DEBUG, () -> "NOTIFY with an unreadable Contact kept the old target");
    }
    respond(transaction, 200);

    // RFC 6665 section 4.1.3: a NOTIFY without Subscription-State is malformed; real notifiers
    // do send them, so it is read as active with the expiry the 2xx gave.
    SubscriptionState subState = subscriptionState.orElse(SubscriptionState.of("active"));
    if (subState.isTerminated()) {
      applyBody(dialog, notify, false);
      dialogTerminated(dialog, subState);
      return;
    }
    if (state == UNSUBSCRIBING) {
      applyBody(dialog, notify, false);
      return;
    }
    if (stopAfterResponse) {
      // stopped while the SUBSCRIBE was in flight: end the dialog this NOTIFY made
      unsubscribe();
      return;
    }
    if (upSinceMillis < 0) {
      upSinceMillis = nowMillis();
    }
    dialog.active = subState.isActive();
    if (subState.expires().isPresent()) {
      long seconds = Math.min(subState.expires().getAsLong(), Integer.MAX_VALUE);
      long expiresAt = nowMillis() + seconds * 1000;
      if (expiresAt < dialog.expiresAtMillis) {
        dialog.expiresAtMillis = expiresAt;
        scheduleExpiryRefresh(dialog);
      }
    }
    if (state == ACCEPTED) {
      cancelTimer();
    }
    moveTo(aggregateState());
    String instance = dialog.instanceId();
    tell(() -> listener.onDialog(instance, subState));
    applyBody(dialog, notify, true);
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

  /**
   * Applies a NOTIFY's body to the dialog's content; one that cannot be applied asks for the full
   * state, unless {@code mayResync} is false (the dialog is ending).
   */
  private void applyBody(Dialog dialog, SipRequest notify, boolean mayResync) {
    Optional<Body> body = notify.body();
    if (body.isEmpty() || body.get().length() == 0) {
      if (dialog.content.applyEmpty() == NotifyContent.Outcome.CHANGED) {
        String instance = dialog.instanceId();
        tell(() -> listener.onContent(instance, dialog.content));
      }
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
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "a NOTIFY body from " + target.resource() + " broke its codec or merger",
          e);
      outcome = NotifyContent.Outcome.RESYNC;
    }
    String instance = dialog.instanceId();
    switch (outcome) {
      case CHANGED -> {
        dialog.resyncs = 0;
        tell(() -> listener.onContent(instance, dialog.content));
      }
      case UNCHANGED -> dialog.resyncs = 0;
      case CHANGED_RESYNC, RESYNC -> {
        if (outcome == NotifyContent.Outcome.CHANGED_RESYNC) {
          tell(() -> listener.onContent(instance, dialog.content));
        }
        if (mayResync && dialogs.get(dialog.remoteTag) == dialog) {
          resync(dialog);
        }
      }
    }
  }

  /**
   * Fetches the dialog's full state with a refresh: at once the first time, then, while NOTIFYs
   * keep failing, after a backoff, so that a notifier whose every NOTIFY fails gets no storm.
   */
  private void resync(Dialog dialog) {
    if (!refreshable() || dialog.resyncPending) {
      return;
    }
    if (dialog.refreshing) {
      // the refresh's own NOTIFY may be the one that failed: ask again once it is answered
      dialog.resyncAfterRefresh = true;
      return;
    }
    int count = dialog.resyncs;
    if (dialog.resyncs < Integer.MAX_VALUE) {
      dialog.resyncs++;
    }
    if (count == 0) {
      refresh(dialog);
      return;
    }
    dialog.resyncPending = true;
    refreshWithin(dialog, settings.backoff().delay(count, settings.random().nextDouble()));
  }

  private void dialogTerminated(Dialog dialog, SubscriptionState subState) {
    Termination termination =
        new Termination(
            subState.reason().orElse("noreason"), subState.retryAfter(), OptionalInt.empty());
    endDialog(dialog, termination);
    if (!dialogs.isEmpty()) {
      followDialogsLeft();
      return;
    }
    if (state == UNSUBSCRIBING || stopAfterResponse) {
      terminate(Termination.UNSUBSCRIBED);
      return;
    }
    Optional<Termination.Reason> reason = termination.knownReason();
    if (reason.isPresent() && !reason.get().resubscribe()) {
      terminate(termination);
    } else {
      // RFC 6665 section 4.1.3: no reason, or an unknown one, is handled as probation
      boolean quick = reason.isPresent() && !reason.get().waitsBeforeResubscribing();
      resubscribe(quick, termination.retryAfter());
    }
  }

  // ---- refresh

  /**
   * Whether what the dialog was granted lasts until the deadline (to the second, as Expires
   * counts), so it needs no refresh.
   */
  private boolean lastsPastDeadline(Dialog dialog) {
    return dialog.expiresAtMillis + 1000 > deadline.toEpochMilli();
  }

  /**
   * The dialog's expiry was set: its refresh falls due well before it (an earlier refresh stands),
   * or not at all if the expiry lasts past the deadline.
   */
  private void scheduleExpiryRefresh(Dialog dialog) {
    if (lastsPastDeadline(dialog)) {
      return;
    }
    refreshWithin(dialog, refreshDelay(Math.max(0, dialog.expiresAtMillis - nowMillis())));
  }

  /** Makes the dialog's refresh fall due {@code delay} from now, unless it falls due sooner. */
  private void refreshWithin(Dialog dialog, Duration delay) {
    long due = nowMillis() + delay.toMillis();
    if (dialog.refreshTimer != null && dialog.refreshDueMillis <= due) {
      return;
    }
    dialog.cancelRefresh();
    dialog.refreshAttempt = attempt;
    dialog.refreshDueMillis = due;
    dialog.refreshTimer = settings.scheduler().schedule(delay, dialog);
  }

  /**
   * When to refresh a subscription that runs out in {@code millis}: well before it, at a random
   * point of a window so that subscriptions made together spread their refreshes, and not sooner
   * than {@link #MIN_REFRESH_DELAY}.
   */
  private Duration refreshDelay(long millis) {
    double draw = settings.random().nextDouble();
    double lead = millis > 120_000 ? 0.80 + 0.10 * draw : 0.45 + 0.10 * draw;
    return max(Duration.ofMillis((long) (millis * lead)), MIN_REFRESH_DELAY);
  }

  private void refresh(Dialog dialog) {
    if (dialog.refreshing) {
      return;
    }
    dialog.cancelRefresh();
    dialog.refreshing = true;
    dialog.resyncPending = false;
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
    send(
        request,
        response -> onRefreshResponse(sentAttempt, dialog, request, response),
        failure ->
            onRefreshFailed(sentAttempt, dialog, failure.getMessage(), OptionalLong.empty()));
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
      dialog.expiresAtMillis = nowMillis() + granted * 1000;
      try {
        // SUBSCRIBE is a target refresh request (RFC 6665 section 4.1.2.1)
        response.contact().ifPresent(contact -> dialog.remoteTarget = contact.uri());
      } catch (SipParseException e) {
        LOG.log(System.Logger.Level.DEBUG, () -> "2xx with an unreadable Contact");
      }
      if (!dialog.resyncPending) {
        dialog.cancelRefresh();
      }
      scheduleExpiryRefresh(dialog);
      if (dialog.resyncAfterRefresh) {
        dialog.resyncAfterRefresh = false;
        resync(dialog);
      }
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
      endDialog(dialog, Termination.refused(481));
      if (dialogs.isEmpty()) {
        resubscribe(true, OptionalLong.empty());
      } else {
        followDialogsLeft();
      }
      return;
    }
    onRefreshFailed(sentAttempt, dialog, response.statusLine(), safe(response::retryAfter));
  }

  private void onRefreshFailed(
      long sentAttempt, Dialog dialog, String why, OptionalLong retryAfterSeconds) {
    if (sentAttempt != attempt || dialogs.get(dialog.remoteTag) != dialog) {
      return;
    }
    dialog.refreshing = false;
    LOG.log(
        System.Logger.Level.INFO,
        () -> "refresh of " + target.resource() + " failed (" + why + "): subscribing again");
    endDialog(dialog, Termination.local("refresh-failed"));
    if (dialogs.isEmpty()) {
      resubscribe(false, retryAfterSeconds);
    } else {
      followDialogsLeft();
    }
  }

  // ---- unsubscribe

  private void unsubscribe() {
    stopAfterResponse = false;
    cancelTimer();
    // what is in flight now answers a subscription that is going away
    attempt++;
    if (dialogs.isEmpty()) {
      terminate(Termination.UNSUBSCRIBED);
      return;
    }
    moveTo(UNSUBSCRIBING);
    for (Dialog dialog : dialogs.values()) {
      dialog.cancelRefresh();
      dialog.refreshing = false;
      dialog.resyncPending = false;
      sendUnsubscribe(dialog, refreshRequest(dialog, 0));
    }
    schedule(settings.unsubscribeWait(), () -> terminate(Termination.UNSUBSCRIBED));
  }

  private void sendUnsubscribe(Dialog dialog, SipRequest request) {
    send(
        request,
        response -> onUnsubscribeResponse(dialog, request, response),
        failure -> unsubscribed(dialog));
  }

  private void onUnsubscribeResponse(Dialog dialog, SipRequest request, SipResponse response) {
    if (state != UNSUBSCRIBING || dialogs.get(dialog.remoteTag) != dialog) {
      return;
    }
    if (response.isSuccess()) {
      return; // the final NOTIFY follows
    }
    int status = response.status();
    if (status == 401 || status == 407) {
      Optional<SipRequest> again = authorized(request, response);
      if (again.isPresent()) {
        sendUnsubscribe(dialog, again.get());
        return;
      }
    }
    // 481: the notifier has no such subscription; any other refusal: no final NOTIFY will come
    unsubscribed(dialog);
  }

  private void unsubscribed(Dialog dialog) {
    if (state != UNSUBSCRIBING || dialogs.get(dialog.remoteTag) != dialog) {
      return;
    }
    endDialog(dialog, Termination.UNSUBSCRIBED);
    if (dialogs.isEmpty()) {
      terminate(Termination.UNSUBSCRIBED);
    }
  }

  private void terminate(Termination termination) {
    if (state == TERMINATED) {
      return;
    }
    cancelTimer();
    stopAfterResponse = false;
    List<Dialog> left = dialogs.values();
    dropDialogs();
    for (Dialog dialog : left) {
      tell(() -> listener.onDialogTerminated(dialog.instanceId(), termination));
    }
    if (callId != null) {
      settings.router().unregister(callId, this);
    }
    attempt++;
    moveTo(TERMINATED);
    LOG.log(
        System.Logger.Level.DEBUG,
        () -> target.resource() + " " + target.event() + " terminated: " + termination);
    tell(() -> listener.onTerminated(termination));
  }

  // ---- helpers

  private static void respond(ServerTransaction transaction, int status) {
    try {
      transaction.respond(SipResponse.to(transaction.request(), status).build());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, () -> "could not answer a NOTIFY: " + e.getMessage());
    }
  }

  private long grantedExpires(SipResponse response) {
    // RFC 6665 section 4.1.2.1: the 2xx carries the granted duration, which may be shorter
    OptionalLong granted = safe(response::expires);
    long seconds = granted.isPresent() ? granted.getAsLong() : expiresAsked;
    return Math.min(Math.max(1, seconds), Integer.MAX_VALUE);
  }

  /** The default, or the seconds left to the deadline (rounded up) when they are fewer. */
  private long expiresToAsk() {
    long left = (remaining().toMillis() + 999) / 1000;
    long wanted = Math.min(settings.defaultExpires().getSeconds(), left);
    return Math.max(wanted, minExpires);
  }

  private Duration remaining() {
    Duration left = Duration.between(now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private Instant now() {
    return settings.clock().instant();
  }

  private long nowMillis() {
    return settings.clock().millis();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** What the path every NOTIFY takes has read before: see {@link ParseCache}. */
  private static final ParseCache<EventHeader> EVENTS =
      new ParseCache<>(64, 128, EventHeader::parse);

  private static final ParseCache<SubscriptionState> STATES =
      new ParseCache<>(256, 128, SubscriptionState::parse);

  private static final ParseCache<NameAddr> CONTACTS = new ParseCache<>(512, 256, NameAddr::parse);

  /** The first Contact of a request, its usual single value read through the cache. */
  private static Optional<NameAddr> contactOf(SipRequest request) {
    Optional<String> raw = request.header("Contact");
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    String value = raw.get();
    return value.indexOf(',') < 0 ? Optional.of(CONTACTS.parse(value)) : request.contact();
  }

  private static String required(SipRequest request, String header) {
    return request
        .header(header)
        .orElseThrow(() -> new SipParseException("no " + header + " header"));
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
