package org.sepapi.callcontrol.internal;

import static org.sepapi.callcontrol.internal.ReferCall.Phase.CANCELLING;
import static org.sepapi.callcontrol.internal.ReferCall.Phase.ENDED;
import static org.sepapi.callcontrol.internal.ReferCall.Phase.INVITING;
import static org.sepapi.callcontrol.internal.ReferCall.Phase.LEAVING;
import static org.sepapi.callcontrol.internal.ReferCall.Phase.REFERRING;
import static org.sepapi.callcontrol.internal.ReferCall.Phase.TRANSFERRING;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.sepapi.callcontrol.CallRequest;
import org.sepapi.callcontrol.CallState;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipParseException;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SubscriptionState;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.core.spi.SipTransport.ServerTransaction;
import org.sepapi.core.spi.TransportException;
import org.sepapi.model.ModelException;
import org.sepapi.model.sipfrag.SipFrag;

/**
 * A call placed with the REFER method: the controller calls the calling user with an offer that
 * holds no media, ACKs the answer, REFERs the phone to the called user (RFC 3515), records the
 * status lines of the phone's NOTIFYs, and leaves with BYE once the referred call rings, is
 * answered or fails (a failure passed on in a Reason header, RFC 3326, so the phone plays it), or
 * the refer subscription ends.
 *
 * <h2>Transition table</h2>
 *
 * <pre>
 * INVITING      -> REFERRING (2xx: ACK, REFER), CANCELLING (timeout, hang-up), ENDED (non-2xx, failure)
 * CANCELLING    -> LEAVING (a 2xx crossed the CANCEL: ACK, BYE), ENDED (487 or other final, failure)
 * REFERRING     -> TRANSFERRING (2xx to REFER), LEAVING (REFER refused or unanswered, BYE from the
 *                  phone, hang-up)
 * TRANSFERRING  -> LEAVING (a NOTIFY with 180 or more, the subscription ended, no NOTIFY in time,
 *                  BYE from the phone, hang-up)
 * LEAVING       -> ENDED (the BYE answered and the refer subscription over, or waited for long enough)
 * ENDED         -> (none)
 * </pre>
 *
 * <p>Confined to the call's executor.
 */
final class ReferCall extends CallMachine {
  private static final System.Logger LOG = System.getLogger(ReferCall.class.getName());

  enum Phase {
    INVITING,
    CANCELLING,
    REFERRING,
    TRANSFERRING,
    LEAVING,
    ENDED
  }

  private static final TransitionTable<Phase> TABLE =
      new TransitionTable<>(Phase.class)
          .allow(INVITING, REFERRING, CANCELLING, ENDED)
          .allow(CANCELLING, LEAVING, ENDED)
          .allow(REFERRING, TRANSFERRING, LEAVING)
          .allow(TRANSFERRING, LEAVING)
          .allow(LEAVING, ENDED);

  private Phase phase = INVITING;
  private Leg caller;
  private Scheduler.Cancellable waiting;

  // what the refer's NOTIFYs said: the best 1xx/2xx seen, the final failure if any
  private int progress;
  private int failedStatus;
  private String failedPhrase;
  private boolean subscriptionOver;
  private boolean byeDone;
  private String endReason; // why the call ends if the NOTIFYs do not say better
  private boolean forced; // hung up on request: endReason is final

  ReferCall(
      String id, CallRequest request, ControllerSettings settings, Consumer<CallMachine> onEnded) {
    super(id, request, settings, onEnded);
  }

  private void moveTo(Phase next) {
    phase = TABLE.move(phase, next);
  }

  @Override
  void start() {
    caller = newLeg(Leg.Side.CALLING, request.calling());
    SipRequest invite =
        caller.invite(
            Optional.of(Sdp.blackHole(session)), Requests.inviteHeaders(request, settings));
    caller.pending(send(caller, invite, new InviteOutcome()));
    after(
        ringTimeout(),
        () -> {
          if (phase == INVITING) {
            endReason = noAnswer(caller);
            moveTo(CANCELLING);
            caller.cancel();
          }
        });
  }

  /** The outcome of the INVITE to the calling user (and of its redirects and retries). */
  private final class InviteOutcome implements Outcome {
    @Override
    public void provisional(SipResponse response) {
      if (phase == INVITING && response.status() > 100) {
        enter(CallState.RINGING);
      }
    }

    @Override
    public void response(SipResponse response) {
      int status = response.status();
      if (status >= 200 && status < 300) {
        answered(response);
      } else if (status >= 300
          && status < 400
          && phase == INVITING
          && followRedirect(caller, response, this)) {
        return; // the INVITE goes to the Contact
      } else if (phase == INVITING || phase == CANCELLING) {
        String why =
            phase == CANCELLING ? endReason : why(caller, response.status(), response.reason());
        end(CallState.FAILED, why);
      }
    }

    @Override
    public void failure(TransportException failure) {
      if (phase == INVITING || phase == CANCELLING) {
        end(
            CallState.FAILED,
            phase == CANCELLING
                ? endReason
                : "the calling user's phone could not be reached: " + failure.getMessage());
      }
    }
  }

  private void answered(SipResponse response) {
    caller.answered();
    try {
      caller.established(response);
    } catch (SipParseException e) {
      LOG.log(System.Logger.Level.INFO, () -> "call " + id + ": unreadable 2xx: " + e.getMessage());
    }
    sendAck(caller.ack(response.cseq().sequence(), Optional.empty()));
    if (phase == CANCELLING) { // the answer crossed the CANCEL: take it and hang up at once
      subscriptionOver = true; // there is none
      leave(List.of());
      return;
    }
    if (phase != INVITING) {
      return;
    }
    enter(CallState.ANSWERED);
    moveTo(REFERRING);
    List<String[]> headers = new ArrayList<>();
    headers.add(new String[] {"Refer-To", NameAddr.of(request.called()).toString()});
    headers.add(new String[] {"Referred-By", NameAddr.of(request.identity()).toString()});
    send(caller, caller.inDialog("REFER", Optional.empty(), headers), new ReferOutcome());
  }

  /** The outcome of the REFER. */
  private final class ReferOutcome implements Outcome {
    @Override
    public void response(SipResponse response) {
      if (phase != REFERRING) {
        return;
      }
      if (response.isSuccess()) {
        moveTo(TRANSFERRING);
        waitForNotify();
      } else {
        endReason =
            "REFER refused (the calling user answered "
                + response.status()
                + " "
                + response.reason()
                + ")";
        subscriptionOver = true; // a refused REFER makes none
        leave(List.of());
      }
    }

    @Override
    public void failure(TransportException failure) {
      if (phase == REFERRING) {
        endReason = "the calling user's phone did not answer the REFER: " + failure.getMessage();
        subscriptionOver = true;
        leave(List.of());
      }
    }
  }

  /** (Re)starts the wait for the next NOTIFY of the REFER. */
  private void waitForNotify() {
    if (waiting != null) {
      waiting.cancel();
    }
    waiting =
        after(
            settings.referWait(),
            () -> {
              if (phase == TRANSFERRING) {
                if (endReason == null) {
                  endReason =
                      progress == 0
                          ? "the calling user's phone sent no NOTIFY for the REFER"
                          : "the transfer did not progress";
                }
                subscriptionOver = true; // waited long enough
                leave(List.of());
              } else if (phase == LEAVING) {
                subscriptionOver = true; // waited long enough for the rest
                tryEnd();
              }
            });
  }

  @Override
  void onRequest(ServerTransaction transaction) {
    SipRequest sip = transaction.request();
    if (!caller.matches(sip) && !sip.method().equals("ACK")) {
      answer(transaction, 481);
      return;
    }
    switch (sip.method()) {
      case "NOTIFY" -> onNotify(transaction);
      case "BYE" -> onBye(transaction);
      case "INVITE" -> {
        if (caller.ended() || !caller.confirmed()) {
          answer(transaction, 481);
        } else {
          // a hold or a refresh from the phone: take none of its media, as before
          transaction.respond(
              SipResponse.to(sip, 200)
                  .header("Contact", NameAddr.of(settings.transport().contactUri()).toString())
                  .body(Sdp.rejecting(sip.body(), session))
                  .build());
        }
      }
      case "ACK" -> {}
      case "OPTIONS" ->
          transaction.respond(SipResponse.to(sip, 200).header("Allow", CallRouter.ALLOW).build());
      default -> answer(transaction, 501);
    }
  }

  private void onNotify(ServerTransaction transaction) {
    SipRequest notify = transaction.request();
    boolean refer;
    try {
      refer = notify.event().map(e -> e.eventPackage().equals("refer")).orElse(false);
    } catch (SipParseException e) {
      refer = false;
    }
    if (!refer) {
      answer(transaction, 489); // Bad Event (RFC 6665 section 8.3.2)
      return;
    }
    answer(transaction, 200);
    if (phase != TRANSFERRING && phase != LEAVING && phase != REFERRING) {
      return;
    }
    Optional<SipFrag> frag = Optional.empty();
    if (notify.body().isPresent()
        && notify.body().get().mediaType().equalsIgnoreCase(SipFrag.CONTENT_TYPE)) {
      try {
        frag = Optional.of(SipFrag.parse(notify.body().get().content()));
      } catch (ModelException e) {
        LOG.log(System.Logger.Level.DEBUG, () -> "call " + id + ": unreadable sipfrag: " + e);
      }
    }
    if (frag.isPresent() && frag.get().statusLine().isPresent()) {
      int status = frag.get().statusCode().orElse(0);
      record(caller, "NOTIFY", frag.get().statusLine().get());
      if (status >= 300) {
        failedStatus = status;
        failedPhrase = frag.get().reasonPhrase().orElse("");
      } else {
        progress = Math.max(progress, status);
      }
    }
    boolean over;
    try {
      over = notify.subscriptionState().map(SubscriptionState::isTerminated).orElse(false);
    } catch (SipParseException e) {
      over = false;
    }
    if (over) {
      subscriptionOver = true;
    }
    if (phase == REFERRING) {
      // the NOTIFY overtook the 202 (RFC 3515 allows it): the REFER was accepted
      moveTo(TRANSFERRING);
    }
    if (phase == TRANSFERRING) {
      if (failedStatus >= 300) {
        // pass the called user's refusal on to the calling user's phone (RFC 3326)
        leave(List.<String[]>of(reason(failedStatus, failedPhrase)));
      } else if (progress >= 180 || subscriptionOver) {
        leave(List.of());
      } else {
        waitForNotify();
      }
    } else if (phase == LEAVING) {
      tryEnd();
    }
  }

  private void onBye(ServerTransaction transaction) {
    answer(transaction, 200);
    if (caller.ended()) {
      return; // our own BYE crossed it
    }
    caller.end();
    byeDone = true;
    if (phase == REFERRING || phase == TRANSFERRING) {
      // some phones end the first call themselves once they act on the REFER: keep taking the
      // NOTIFYs for a while to learn how the transfer went
      endReason = "the calling user hung up before the transfer progressed";
      moveTo(LEAVING);
      waitForNotify();
      tryEnd();
    }
  }

  @Override
  void hangUp(String why) {
    switch (phase) {
      case INVITING -> {
        endReason = why;
        forced = true;
        moveTo(CANCELLING);
        caller.cancel();
      }
      case REFERRING, TRANSFERRING -> {
        endReason = why;
        forced = true;
        subscriptionOver = true;
        leave(List.of());
      }
      case LEAVING -> {
        endReason = why;
        forced = true;
        subscriptionOver = true;
        tryEnd();
      }
      case CANCELLING, ENDED -> {}
    }
  }

  /** BYE to the calling user (with {@code headers}), then wait for the rest of the NOTIFYs. */
  private void leave(List<String[]> headers) {
    moveTo(LEAVING);
    if (!caller.ended()) {
      bye(
          caller,
          headers,
          () -> {
            byeDone = true;
            tryEnd();
          });
    } else {
      byeDone = true;
    }
    if (!subscriptionOver) {
      waitForNotify();
    }
    tryEnd();
  }

  private void tryEnd() {
    if (phase != LEAVING || !byeDone || !subscriptionOver) {
      return;
    }
    if (forced) {
      end(progress >= 180 ? CallState.COMPLETED : CallState.FAILED, endReason);
    } else if (failedStatus >= 300) {
      end(CallState.FAILED, why(Leg.Side.CALLED, failedStatus, failedPhrase));
    } else if (progress >= 200) {
      end(CallState.COMPLETED, "connected (the called user answered)");
    } else if (progress >= 180) {
      end(CallState.COMPLETED, "the called user's phone was ringing when the controller left");
    } else {
      end(CallState.FAILED, endReason != null ? endReason : "the transfer did not progress");
    }
  }

  private void end(CallState last, String why) {
    if (phase != ENDED) {
      moveTo(ENDED);
    }
    finish(last, why);
  }
}
