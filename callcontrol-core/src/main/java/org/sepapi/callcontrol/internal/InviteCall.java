package org.sepapi.callcontrol.internal;

import static org.sepapi.callcontrol.internal.InviteCall.Phase.CALLING_A;
import static org.sepapi.callcontrol.internal.InviteCall.Phase.CALLING_B;
import static org.sepapi.callcontrol.internal.InviteCall.Phase.CONNECTED;
import static org.sepapi.callcontrol.internal.InviteCall.Phase.ENDED;
import static org.sepapi.callcontrol.internal.InviteCall.Phase.HANGING_UP;
import static org.sepapi.callcontrol.internal.InviteCall.Phase.REINVITING_A;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.sepapi.callcontrol.CallRequest;
import org.sepapi.callcontrol.CallState;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipParseException;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.SipTransport.ServerTransaction;
import org.sepapi.core.spi.TransportException;

/**
 * A call placed with the INVITE method, RFC 3725 third-party call control with the controller in
 * the signalling path of both legs: it calls the calling user (A) with an offer that holds no
 * media, then the called user (B) with no offer; B's answer carries B's offer, which goes to A in a
 * re-INVITE; A's answer goes to B in the ACK. Once connected, the controller relays re-INVITEs
 * (offer and answer as they are) and BYE between the legs until one of them hangs up.
 *
 * <h2>Transition table</h2>
 *
 * <pre>
 * CALLING_A     -> CALLING_B (A's 2xx: ACK, INVITE B), HANGING_UP (timeout, hang-up: CANCEL A),
 *                  ENDED (A's non-2xx, failure)
 * CALLING_B     -> REINVITING_A (B's 2xx with an offer), HANGING_UP (B's non-2xx or failure,
 *                  timeout, A's BYE, hang-up)
 * REINVITING_A  -> CONNECTED (A's 2xx: ACK A, ACK B with A's answer), HANGING_UP (A refuses,
 *                  BYE from either, hang-up)
 * CONNECTED     -> CONNECTED (a relayed re-INVITE), HANGING_UP (BYE from either, hang-up)
 * HANGING_UP    -> ENDED (every CANCEL and BYE sent has its outcome)
 * ENDED         -> (none)
 * </pre>
 *
 * <p>Confined to the call's executor.
 */
final class InviteCall extends CallMachine {
  private static final System.Logger LOG = System.getLogger(InviteCall.class.getName());

  enum Phase {
    CALLING_A,
    CALLING_B,
    REINVITING_A,
    CONNECTED,
    HANGING_UP,
    ENDED
  }

  private static final TransitionTable<Phase> TABLE =
      new TransitionTable<>(Phase.class)
          .allow(CALLING_A, CALLING_B, HANGING_UP, ENDED)
          .allow(CALLING_B, REINVITING_A, HANGING_UP)
          .allow(REINVITING_A, CONNECTED, HANGING_UP)
          .allow(CONNECTED, CONNECTED, HANGING_UP)
          .allow(HANGING_UP, ENDED);

  private Phase phase = CALLING_A;
  private Leg a;
  private Leg b;
  private boolean aInviting; // A's INVITE (initial or re-INVITE) waits for its final response
  private boolean bInviting;
  private long bAnswerCseq; // B's 2xx waits for the ACK with the answer (0: none waits)
  private Optional<Body> bOffer = Optional.empty();
  private Relay relay; // a re-INVITE being passed from one leg to the other
  private int outstanding; // while HANGING_UP: CANCELs and BYEs without their outcome yet
  private CallState outcome = CallState.FAILED;
  private String endReason;

  /** A re-INVITE from one leg passed on to the other: its server transaction and the target's. */
  private static final class Relay {
    final Leg from;
    final Leg to;
    final ServerTransaction transaction;
    long toCseq; // the re-INVITE sent on {@code to}, to ACK once {@code from} ACKs our 2xx
    boolean answered;

    Relay(Leg from, Leg to, ServerTransaction transaction) {
      this.from = from;
      this.to = to;
      this.transaction = transaction;
    }
  }

  InviteCall(
      String id, CallRequest request, ControllerSettings settings, Consumer<CallMachine> onEnded) {
    super(id, request, settings, onEnded);
  }

  private void moveTo(Phase next) {
    phase = TABLE.move(phase, next);
  }

  @Override
  void start() {
    a = newLeg(Leg.Side.CALLING, request.calling());
    aInviting = true;
    a.pending(
        send(
            a,
            a.invite(
                Optional.of(Sdp.blackHole(session)), Requests.inviteHeaders(request, settings)),
            new AOutcome()));
    ringTimer(a, CALLING_A);
  }

  private void ringTimer(Leg leg, Phase during) {
    after(
        ringTimeout(),
        () -> {
          if (phase == during) {
            hangUpAll(noAnswer(leg), CallState.FAILED, List.of());
          }
        });
  }

  /** The outcome of the INVITE to A. */
  private final class AOutcome implements Outcome {
    @Override
    public void provisional(SipResponse response) {
      if (phase == CALLING_A && response.status() > 100) {
        enter(CallState.RINGING);
      }
    }

    @Override
    public void response(SipResponse response) {
      aInviting = false;
      a.answered();
      int status = response.status();
      if (status >= 200 && status < 300) {
        establish(a, response);
        sendAck(a.ack(response.cseq().sequence(), Optional.empty()));
        if (phase == HANGING_UP) { // crossed the CANCEL
          byeDuringHangUp(a);
          done();
          return;
        }
        enter(CallState.ANSWERED);
        moveTo(CALLING_B);
        b = newLeg(Leg.Side.CALLED, request.called());
        bInviting = true;
        b.pending(
            send(
                b,
                b.invite(Optional.empty(), Requests.inviteHeaders(request, settings)),
                new BOutcome()));
        ringTimer(b, CALLING_B);
      } else if (status >= 300
          && status < 400
          && phase == CALLING_A
          && followRedirect(a, response, this)) {
        aInviting = true;
      } else if (phase == HANGING_UP) {
        done();
      } else if (phase == CALLING_A) {
        moveTo(ENDED);
        finish(CallState.FAILED, why(a, status, response.reason()));
      }
    }

    @Override
    public void failure(TransportException failure) {
      aInviting = false;
      if (phase == HANGING_UP) {
        done();
      } else if (phase == CALLING_A) {
        moveTo(ENDED);
        finish(
            CallState.FAILED,
            "the calling user's phone could not be reached: " + failure.getMessage());
      }
    }
  }

  /** The outcome of the INVITE to B. */
  private final class BOutcome implements Outcome {
    @Override
    public void response(SipResponse response) {
      bInviting = false;
      b.answered();
      int status = response.status();
      if (status >= 200 && status < 300) {
        establish(b, response);
        bAnswerCseq = response.cseq().sequence();
        bOffer = response.body();
        if (phase == HANGING_UP) { // crossed the CANCEL: ACK with an answer that takes nothing
          ackB(Optional.of(Sdp.rejecting(bOffer, session)));
          byeDuringHangUp(b);
          done();
          return;
        }
        if (!Sdp.isSdp(bOffer)) {
          ackB(Optional.empty());
          hangUpAll(
              "the called user answered without a session description",
              CallState.FAILED,
              List.of());
          return;
        }
        moveTo(REINVITING_A);
        aInviting = true;
        send(a, a.inDialog("INVITE", bOffer, List.of()), new ReinviteOutcome());
      } else if (status >= 300
          && status < 400
          && phase == CALLING_B
          && followRedirect(b, response, this)) {
        bInviting = true;
      } else if (phase == HANGING_UP) {
        done();
      } else if (phase == CALLING_B) {
        // the calling user hears why (RFC 3326): busy, declined, ...
        hangUpAll(
            why(b, status, response.reason()),
            CallState.FAILED,
            List.<String[]>of(reason(response)));
      }
    }

    @Override
    public void failure(TransportException failure) {
      bInviting = false;
      if (phase == HANGING_UP) {
        done();
      } else if (phase == CALLING_B) {
        hangUpAll(
            "the called user's phone could not be reached: " + failure.getMessage(),
            CallState.FAILED,
            List.<String[]>of(reason(480, "Temporarily Unavailable")));
      }
    }
  }

  /** The outcome of the re-INVITE that gives A the called user's offer. */
  private final class ReinviteOutcome implements Outcome {
    @Override
    public void response(SipResponse response) {
      aInviting = false;
      if (response.isSuccess()) {
        sendAck(a.ack(response.cseq().sequence(), Optional.empty()));
        a.established(response);
        if (phase == REINVITING_A) {
          ackB(response.body());
          moveTo(CONNECTED);
          LOG.log(System.Logger.Level.DEBUG, () -> "call " + id + " connected");
        }
        return;
      }
      if (phase == REINVITING_A) {
        ackB(Optional.of(Sdp.rejecting(bOffer, session)));
        hangUpAll(
            "the calling user's phone refused the called user's media ("
                + response.statusLine()
                + ")",
            CallState.FAILED,
            List.of());
      }
    }

    @Override
    public void failure(TransportException failure) {
      aInviting = false;
      if (phase == REINVITING_A) {
        ackB(Optional.of(Sdp.rejecting(bOffer, session)));
        hangUpAll(
            "the calling user's phone did not answer the re-INVITE: " + failure.getMessage(),
            CallState.FAILED,
            List.of());
      }
    }
  }

  private void ackB(Optional<Body> answer) {
    if (bAnswerCseq != 0) {
      sendAck(b.ack(bAnswerCseq, answer));
      bAnswerCseq = 0;
    }
  }

  private void establish(Leg leg, SipResponse response) {
    try {
      leg.established(response);
    } catch (SipParseException e) {
      LOG.log(System.Logger.Level.INFO, () -> "call " + id + ": unreadable 2xx: " + e.getMessage());
    }
  }

  @Override
  void onRequest(ServerTransaction transaction) {
    SipRequest sip = transaction.request();
    Leg from = sip.callId().equals(a.callId) ? a : b;
    if (from == null || (!from.matches(sip) && !sip.method().equals("ACK"))) {
      answer(transaction, 481);
      return;
    }
    switch (sip.method()) {
      case "BYE" -> onBye(from, transaction);
      case "INVITE" -> onReinvite(from, transaction);
      case "ACK" -> onAck(from, sip);
      case "OPTIONS" ->
          transaction.respond(SipResponse.to(sip, 200).header("Allow", CallRouter.ALLOW).build());
      default -> answer(transaction, 501);
    }
  }

  private void onBye(Leg from, ServerTransaction transaction) {
    answer(transaction, 200);
    if (from.ended()) {
      return;
    }
    from.end();
    if (phase == HANGING_UP || phase == ENDED) {
      return;
    }
    if (relay != null && !relay.answered) {
      answer(relay.transaction, 487);
      relay = null;
    }
    boolean connected = phase == CONNECTED;
    hangUpAll(
        (connected ? "hung up by the " : "the call was abandoned: hung up by the ") + from.side.who,
        connected ? CallState.COMPLETED : CallState.FAILED,
        List.of());
  }

  private void onReinvite(Leg from, ServerTransaction transaction) {
    SipRequest sip = transaction.request();
    if (phase != CONNECTED || relay != null || aInviting || bInviting || from.ended()) {
      // RFC 3261 section 14.2: a re-INVITE while another is in progress gets 491
      answer(transaction, phase == CONNECTED ? 491 : 488);
      return;
    }
    Leg to = from == a ? b : a;
    relay = new Relay(from, to, transaction);
    SipRequest passed = to.inDialog("INVITE", sip.body(), List.of());
    relay.toCseq = passed.cseq().sequence();
    Relay current = relay;
    if (to == a) {
      aInviting = true;
    } else {
      bInviting = true;
    }
    send(
        to,
        passed,
        new Outcome() {
          @Override
          public void response(SipResponse response) {
            if (to == a) {
              aInviting = false;
            } else {
              bInviting = false;
            }
            if (relay != current) {
              if (response.isSuccess()) { // the relay was abandoned: close this transaction
                sendAck(
                    to.ack(
                        response.cseq().sequence(),
                        Optional.of(Sdp.rejecting(response.body(), session))));
              }
              return;
            }
            SipResponse.Builder back =
                SipResponse.builder(response.status(), response.reason())
                    .headers(SipResponse.to(sip, response.status()).build().headers());
            if (response.isSuccess()) {
              establish(to, response);
              back.header("Contact", NameAddr.of(settings.transport().contactUri()).toString());
              response.body().ifPresent(back::body);
              current.answered = true;
            } else {
              relay = null;
            }
            current.transaction.respond(back.build());
          }

          @Override
          public void failure(TransportException failure) {
            if (to == a) {
              aInviting = false;
            } else {
              bInviting = false;
            }
            if (relay == current) {
              relay = null;
              answer(current.transaction, 500);
            }
          }
        });
  }

  private void onAck(Leg from, SipRequest ack) {
    if (relay != null && relay.answered && relay.from == from) {
      Relay done = relay;
      relay = null;
      sendAck(done.to.ack(done.toCseq, ack.body()));
    }
  }

  @Override
  void hangUp(String why) {
    if (phase == HANGING_UP || phase == ENDED) {
      return;
    }
    hangUpAll(why, phase == CONNECTED ? CallState.COMPLETED : CallState.FAILED, List.of());
  }

  /**
   * Ends every live leg: CANCEL an INVITE not answered yet, BYE (with {@code headers}) a leg that
   * is up; the call ends {@code last}, {@code why}, once each has its outcome.
   */
  private void hangUpAll(String why, CallState last, List<String[]> headers) {
    endReason = why;
    outcome = last;
    moveTo(HANGING_UP);
    if (relay != null && !relay.answered) {
      answer(relay.transaction, 487);
    }
    relay = null;
    for (Leg leg : new Leg[] {a, b}) {
      if (leg == null || leg.ended()) {
        continue;
      }
      if (leg == b && bAnswerCseq != 0) {
        ackB(Optional.of(Sdp.rejecting(bOffer, session)));
      }
      boolean inviting = leg == a ? aInviting : bInviting;
      if (inviting && !leg.confirmed()) {
        outstanding++; // the INVITE's final response or failure ends it
        leg.cancel();
      } else if (leg.confirmed()) {
        byeDuringHangUp(leg, headers);
      } else {
        leg.end();
      }
    }
    done0();
  }

  private void byeDuringHangUp(Leg leg) {
    byeDuringHangUp(leg, List.of());
  }

  private void byeDuringHangUp(Leg leg, List<String[]> headers) {
    if (leg.ended()) {
      return;
    }
    outstanding++;
    bye(leg, headers, this::done);
  }

  /** One CANCEL or BYE has its outcome. */
  private void done() {
    outstanding--;
    done0();
  }

  private void done0() {
    if (phase == HANGING_UP && outstanding <= 0) {
      moveTo(ENDED);
      finish(outcome, endReason);
    }
  }
}
