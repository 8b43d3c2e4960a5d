package org.sepapi.callcontrol.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.sepapi.callcontrol.CallRequest;
import org.sepapi.callcontrol.CallState;
import org.sepapi.callcontrol.CallStatus;
import org.sepapi.callcontrol.StatusLine;
import org.sepapi.core.internal.DigestChallengeAnswerer;
import org.sepapi.core.internal.Ids;
import org.sepapi.core.internal.SerialExecutor;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipParseException;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.DeliveryOutcome;
import org.sepapi.core.spi.Notification;
import org.sepapi.core.spi.NotificationSource;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.SipTransport.ServerTransaction;
import org.sepapi.core.spi.TransportException;

/**
 * What both kinds of call share: the public state and its transitions, the status lines, the
 * call-state callbacks, timers, sending on a leg with digest authentication, and the end of the
 * call. Each subclass is one state machine with its own transition table ({@link ReferCall}, {@link
 * InviteCall}).
 *
 * <p>Confined to its own serial executor: every method but {@link #status()}, {@link #executor()}
 * and the {@link NotificationSource} methods runs on it.
 */
public abstract sealed class CallMachine implements NotificationSource
    permits ReferCall, InviteCall {
  private static final System.Logger LOG = System.getLogger(CallMachine.class.getName());

  /** At most this many status lines are kept per call; later ones are counted, not kept. */
  static final int MAX_STATUS_LINES = 256;

  /** At most this many redirects are followed per call. */
  static final int MAX_REDIRECTS = 5;

  final String id;
  final CallRequest request;
  final ControllerSettings settings;

  /** The SDP session id of the descriptions the controller writes itself (RFC 4566 {@code o=}). */
  final long session;

  private final SerialExecutor executor;
  private final DigestChallengeAnswerer answerer;
  private final Consumer<CallMachine> onEnded;
  private final List<CallStatus.Transition> transitions = new ArrayList<>();
  private final List<StatusLine> statusLines = new ArrayList<>();
  private final List<Scheduler.Cancellable> timers = new ArrayList<>();
  private final List<Leg> legs = new ArrayList<>();
  private CallState state = CallState.INITIATED;
  private String reason;
  private int droppedLines;
  private int redirects;
  private volatile CallStatus snapshot;

  // callbacks, confined to the executor
  private long version;
  private long delivered;
  private boolean callbacksGone;

  CallMachine(
      String id, CallRequest request, ControllerSettings settings, Consumer<CallMachine> onEnded) {
    this.id = id;
    this.request = request;
    this.settings = settings;
    this.session = settings.random().nextLong(1, Long.MAX_VALUE);
    this.executor = new SerialExecutor(settings.executor());
    this.answerer = new DigestChallengeAnswerer(settings.credentials(), settings.random());
    this.onEnded = onEnded;
    transitions.add(new CallStatus.Transition(CallState.INITIATED, settings.clock().instant()));
    publish();
  }

  /** Places the call. */
  abstract void start();

  /** Announces the call (its first callback, {@code initiated}) and places it. */
  public final void begin() {
    signal();
    start();
  }

  /** Hangs up or cancels the call on request, on its executor. */
  public final void requestHangUp(String why) {
    executor.execute(
        () -> {
          if (!state.isFinal()) {
            hangUp(why);
          }
        });
  }

  /** Hangs up or cancels whatever is live, on request; the call ends {@code reason}. */
  abstract void hangUp(String reason);

  /** A request a phone sent in one of the call's dialogs. */
  abstract void onRequest(ServerTransaction transaction);

  /** The executor the call is confined to. */
  public final SerialExecutor executor() {
    return executor;
  }

  /** The call as it stands. Thread-safe. */
  public final CallStatus status() {
    return snapshot;
  }

  final CallState state() {
    return state;
  }

  /** A new leg, registered with the router so that the phone's requests reach this call. */
  final Leg newLeg(Leg.Side side, SipUri target) {
    Leg leg =
        new Leg(
            side,
            Ids.callId(settings.random()),
            Ids.tag(settings.random()),
            NameAddr.of(request.identity()),
            target,
            settings.transport().contactUri(),
            settings.outboundProxy());
    legs.add(leg);
    settings.router().register(leg.callId, this);
    return leg;
  }

  /** Moves the public state forward (never back, never out of a final state). */
  final void enter(CallState next) {
    if (state.isFinal() || next.ordinal() <= state.ordinal() && next != CallState.FAILED) {
      return;
    }
    state = next;
    transitions.add(new CallStatus.Transition(next, settings.clock().instant()));
    publish();
    signal();
  }

  /** Ends the call: its final state, why, and no more timers. */
  final void finish(CallState last, String why) {
    if (state.isFinal()) {
      return;
    }
    reason = why;
    for (Scheduler.Cancellable timer : timers) {
      timer.cancel();
    }
    timers.clear();
    for (Leg leg : legs) {
      leg.end();
    }
    // DEBUG: with a console handler, a line per call costs more than the call (the benchmark's
    // 1,300 against 19,000 calls/s); GET and the callbacks tell each call's end
    LOG.log(System.Logger.Level.DEBUG, () -> "call " + id + " " + last.token() + ": " + why);
    enter(last);
    onEnded.accept(this);
  }

  /** Unregisters the call's dialogs: later requests in them get 481. */
  public final void forget() {
    for (Leg leg : legs) {
      settings.router().unregister(leg.callId, this);
    }
  }

  /** Runs {@code task} on the call's executor after {@code delay}, unless the call ends first. */
  final Scheduler.Cancellable after(Duration delay, Runnable task) {
    Scheduler.Cancellable timer =
        settings
            .scheduler()
            .schedule(
                delay,
                () ->
                    executor.execute(
                        () -> {
                          if (!state.isFinal()) {
                            task.run();
                          }
                        }));
    timers.add(timer);
    return timer;
  }

  final void record(Leg leg, String method, String statusLine) {
    if (statusLines.size() >= MAX_STATUS_LINES) {
      droppedLines++;
      if (droppedLines == 1) {
        LOG.log(
            System.Logger.Level.INFO,
            () -> "call " + id + ": more than " + MAX_STATUS_LINES + " status lines, not kept");
      }
      return;
    }
    statusLines.add(new StatusLine(settings.clock().instant(), leg.callId, method, statusLine));
    publish();
  }

  /** What the call's responses come to, on its executor. */
  interface Outcome {
    default void provisional(SipResponse response) {}

    void response(SipResponse response);

    void failure(TransportException failure);
  }

  /**
   * Sends {@code sip} on {@code leg}; its responses are recorded as status lines and reach {@code
   * outcome} on the call's executor. A 401 or 407 is answered once with the identity's credentials
   * (the request goes again with the next CSeq); an unanswerable one reaches {@code outcome}.
   */
  final SipTransport.ClientTransaction send(Leg leg, SipRequest sip, Outcome outcome) {
    try {
      return transmit(leg, sip, outcome);
    } catch (IllegalStateException closed) {
      // the transport was closed before the call ended: the request fails like any other
      TransportException failure =
          new TransportException(
              TransportException.Kind.CLOSED, sip.method() + ": " + closed.getMessage());
      executor.execute(() -> outcome.failure(failure));
      return SipTransport.ClientTransaction.none();
    }
  }

  private SipTransport.ClientTransaction transmit(Leg leg, SipRequest sip, Outcome outcome) {
    String method = sip.method();
    SipTransport.ClientTransaction sent =
        settings
            .transport()
            .send(
                sip,
                new SipTransport.ResponseListener() {
                  @Override
                  public void onProvisional(SipResponse response) {
                    executor.execute(
                        () -> {
                          record(leg, method, response.statusLine());
                          outcome.provisional(response);
                        });
                  }

                  @Override
                  public void onFinal(SipResponse response) {
                    executor.execute(
                        () -> {
                          record(leg, method, response.statusLine());
                          if ((response.status() == 401 || response.status() == 407)
                              && (method.equals("BYE") || !leg.ended())) {
                            Optional<SipRequest> answered = answerer.answer(sip, response);
                            if (answered.isPresent()) {
                              SipRequest again = leg.resend(answered.get());
                              SipTransport.ClientTransaction retry = send(leg, again, outcome);
                              if (method.equals("INVITE")) {
                                leg.pending(retry);
                              }
                              return;
                            }
                          }
                          outcome.response(response);
                        });
                  }

                  @Override
                  public void onFailure(TransportException failure) {
                    executor.execute(() -> outcome.failure(failure));
                  }
                });
    return sent;
  }

  /** Sends an ACK, which has no responses. */
  final void sendAck(SipRequest ack) {
    try {
      settings
          .transport()
          .send(
              ack,
              new SipTransport.ResponseListener() {
                @Override
                public void onFinal(SipResponse response) {}

                @Override
                public void onFailure(TransportException failure) {}
              });
    } catch (IllegalStateException closed) {
      LOG.log(System.Logger.Level.DEBUG, () -> "call " + id + ": ACK not sent, transport closed");
    }
  }

  /**
   * Sends BYE on {@code leg} (unless it has ended); {@code then} runs when it is answered or fails.
   */
  final void bye(Leg leg, List<String[]> headers, Runnable then) {
    SipRequest bye = leg.inDialog("BYE", Optional.empty(), headers);
    leg.end();
    send(
        leg,
        bye,
        new Outcome() {
          @Override
          public void response(SipResponse response) {
            then.run();
          }

          @Override
          public void failure(TransportException failure) {
            LOG.log(
                System.Logger.Level.DEBUG,
                () -> "call " + id + ": BYE to the " + leg.side.who + " failed: " + failure);
            then.run();
          }
        });
  }

  /** How long a phone may ring: the request's timeout, else the controller's. */
  final Duration ringTimeout() {
    return request.timeout().orElse(settings.timeout());
  }

  /** {@code no answer (the calling user did not answer within 30 s)}. */
  final String noAnswer(Leg leg) {
    return "no answer (the "
        + leg.side.who
        + " did not answer within "
        + ringTimeout().toSeconds()
        + " s)";
  }

  /**
   * Sends the INVITE of {@code leg} again to the Contact of a 3xx, with the same {@code outcome},
   * if forwarding is allowed and fewer than {@link #MAX_REDIRECTS} were followed; returns whether
   * it did.
   */
  final boolean followRedirect(Leg leg, SipResponse response, Outcome outcome) {
    Optional<NameAddr> contact;
    try {
      contact = response.contact();
    } catch (SipParseException e) {
      contact = Optional.empty();
    }
    if (!request.forwardingAllowed() || contact.isEmpty() || redirects >= MAX_REDIRECTS) {
      return false;
    }
    redirects++;
    leg.pending(send(leg, leg.redirect(contact.get().uri()), outcome));
    return true;
  }

  /** Answers {@code transaction} with {@code status}. */
  static void answer(ServerTransaction transaction, int status) {
    CallRouter.answer(transaction, status);
  }

  /** {@code Reason: SIP;cause=486;text="Busy Here"} for passing a status on (RFC 3326). */
  static String[] reason(SipResponse response) {
    return reason(response.status(), response.reason());
  }

  static String[] reason(int status, String text) {
    String quoted = text.replace("\\", "\\\\").replace("\"", "\\\"");
    return new String[] {"Reason", "SIP;cause=" + status + ";text=\"" + quoted + "\""};
  }

  /** Why a final status failed a leg, in words. */
  static String why(Leg leg, int status, String phrase) {
    return why(leg.side, status, phrase);
  }

  /**
   * Why a final status failed the call, in words: {@code busy (the called user answered 486 ...)}.
   */
  static String why(Leg.Side side, int status, String phrase) {
    String outcome =
        switch (status) {
          case 300, 301, 302, 305, 380 -> "redirected";
          case 486, 600 -> "busy";
          case 408, 480 -> "no answer";
          case 487 -> "no answer";
          case 603 -> "declined";
          case 404, 604 -> "not found";
          default -> "refused";
        };
    return outcome + " (the " + side.who + " answered " + status + " " + phrase + ")";
  }

  private void publish() {
    snapshot =
        new CallStatus(
            id,
            request,
            state,
            Optional.ofNullable(reason),
            List.copyOf(transitions),
            List.copyOf(statusLines));
  }

  // ---- call-state callbacks: the call is their NotificationSource ----

  private void signal() {
    if (request.callback().isEmpty() || settings.sink().isEmpty() || callbacksGone) {
      return;
    }
    version++;
    settings.sink().get().signal(this);
  }

  @Override
  public String subscriptionId() {
    return id;
  }

  @Override
  public CompletionStage<Optional<Notification>> take() {
    CompletableFuture<Optional<Notification>> taken = new CompletableFuture<>();
    executor.execute(
        () -> {
          try {
            if (callbacksGone || version == delivered || request.callback().isEmpty()) {
              taken.complete(Optional.empty());
              return;
            }
            CallStatus now = snapshot;
            taken.complete(
                Optional.of(
                    new Notification(
                        id,
                        request.callback().get(),
                        version,
                        true,
                        now.state().isFinal(),
                        settings.callEvent().apply(now, version))));
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "call " + id + ": no callback document", e);
            taken.complete(Optional.empty());
          }
        });
    return taken;
  }

  @Override
  public void delivered(Notification notification, DeliveryOutcome outcome) {
    executor.execute(
        () -> {
          delivered = Math.max(delivered, notification.version());
          if (outcome == DeliveryOutcome.GONE) {
            callbacksGone = true;
          }
        });
  }
}
