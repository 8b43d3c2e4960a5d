package org.sepapi.examples.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipParseException;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.sip.Via;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.SipTransport.ServerTransaction;
import org.sepapi.core.spi.TransportException;
import org.sepapi.model.dialoginfo.Dialog;
import org.sepapi.model.dialoginfo.Participant;

/**
 * The demo users' phones, inside the demo PBX: every user's phone answers a call by itself, so that
 * a third-party call controller (REFER or RFC 3725 INVITE method) can be tried against the demo.
 *
 * <ul>
 *   <li>An INVITE for a demo user: 100, 180, then 200 with an SDP answer (an offer if the INVITE
 *       had none); the ACK, with or without SDP. A re-INVITE: 200 with an answer (or offer). BYE:
 *       200. CANCEL while ringing: 200, and 487 to the INVITE. After {@code callLength} the phone
 *       hangs up itself (BYE). No media flows: the SDP names ports nothing listens on.
 *   <li>User {@value #BUSY} answers every INVITE 486 Busy Here; user {@value #NO_ANSWER} rings
 *       (180) and never answers, until the caller cancels.
 *   <li>A REFER in a call: 202, a NOTIFY {@code SIP/2.0 100 Trying} ({@code Event: refer;id=<REFER
 *       CSeq>}), then the phone "calls" the Refer-To user inside the PBX: for a demo user NOTIFY
 *       {@code 180 Ringing} and {@code 200 OK} (the subscription terminated), for {@value #BUSY}
 *       {@code 486 Busy Here}, for someone unknown {@code 404 Not Found}, for {@value #NO_ANSWER}
 *       {@code 180 Ringing} and, after {@link #RING_LIMIT}, {@code 480 Temporarily Unavailable}.
 *       That made-up call lasts {@code callLength} too.
 *   <li>Every call shows in the users' dialog state (early, confirmed, terminated), so a {@code
 *       dialog} subscription sees it come and go.
 *   <li>Anything else: 481 in a dialog it does not know (or outside one, for BYE, REFER, NOTIFY,
 *       CANCEL), 405 for a method it does not take, 400 when it cannot read the request.
 * </ul>
 *
 * <p>Not thread-safe: confined to the demo PBX's executor, like the rest of its state.
 */
final class DemoPhones {
  private static final System.Logger LOG = System.getLogger(DemoPbx.class.getName());

  /** The user whose phone answers every call 486 Busy Here. */
  static final String BUSY = "busy";

  /** The user whose phone rings and never answers. */
  static final String NO_ANSWER = "noanswer";

  /** What the demo PBX takes, for Allow headers. */
  static final String ALLOW = "INVITE, ACK, BYE, CANCEL, REFER, SUBSCRIBE, NOTIFY, OPTIONS";

  /** How long a call made up for a transfer to {@value #NO_ANSWER} rings before it gives up. */
  static final Duration RING_LIMIT = Duration.ofSeconds(60);

  private static final String SDP = "application/sdp";
  private static final String SIPFRAG = "message/sipfrag;version=2.0";
  private static final int FIRST_MEDIA_PORT = 40000;

  /** What the phones need of the PBX they live in. */
  interface Pbx {
    /** Runs {@code task} later on the PBX's executor. */
    void run(Runnable task);

    /** The dialog state of {@code user} changed: tell its subscribers. */
    void dialogChanged(String user);
  }

  private final SipTransport transport;
  private final Scheduler scheduler;
  private final Pbx pbx;
  private final Map<String, DemoState> users;
  private final List<String> names;
  private final String domain;
  private final SipUri contact;
  private final Duration callLength;
  private final SplittableRandom random;
  private final Map<String, Call> calls = new HashMap<>();
  private final Map<Long, Transfer> transfers = new HashMap<>();
  private long ids;

  /** One SIP dialog of a phone, which answered an INVITE: the phone is its UAS. */
  private static final class Call {
    final String user;
    final String callId;
    final String localTag;
    final String remoteTag;
    final String local;
    final String remote;
    final String remoteUri;
    final List<String> routes;
    final long session;
    final SipUri phoneContact;
    SipUri target;
    long cseq;
    long sdpVersion;
    boolean confirmed;
    ServerTransaction invite; // while ringing
    long inviteCseq;
    String inviteBranch;
    Scheduler.Cancellable hangUp;

    Call(
        String user,
        String callId,
        String localTag,
        String remoteTag,
        String local,
        String remote,
        String remoteUri,
        List<String> routes,
        long session,
        SipUri phoneContact) {
      this.user = user;
      this.callId = callId;
      this.localTag = localTag;
      this.remoteTag = remoteTag;
      this.local = local;
      this.remote = remote;
      this.remoteUri = remoteUri;
      this.routes = routes;
      this.session = session;
      this.phoneContact = phoneContact;
    }

    String key() {
      return callId + ";" + localTag;
    }
  }

  /** A call a phone makes up when it acts on a REFER: no SIP, only dialog state and NOTIFYs. */
  private static final class Transfer {
    final long id;
    final String from;
    final String to;
    final String callId;
    Scheduler.Cancellable timer;

    Transfer(long id, String from, String to, String callId) {
      this.id = id;
      this.from = from;
      this.to = to;
      this.callId = callId;
    }
  }

  DemoPhones(
      SipTransport transport,
      Scheduler scheduler,
      Pbx pbx,
      Map<String, DemoState> users,
      String domain,
      Duration callLength,
      long seed) {
    this.transport = transport;
    this.scheduler = scheduler;
    this.pbx = pbx;
    this.users = users;
    this.names = List.copyOf(users.keySet());
    this.domain = domain;
    this.contact = transport.contactUri();
    this.callLength = callLength;
    this.random = new SplittableRandom(seed);
  }

  /** A request for the phones: anything but SUBSCRIBE and OPTIONS. */
  void onRequest(ServerTransaction transaction) {
    SipRequest request = transaction.request();
    String method = request.method();
    Optional<String> toTag;
    try {
      request.from();
      request.callId();
      request.cseq();
      toTag = request.to().tag();
    } catch (SipParseException e) {
      LOG.log(
          System.Logger.Level.INFO,
          "demo PBX: an unreadable {0}, answered 400: {1}",
          method,
          e.getMessage());
      reply(transaction, SipResponse.to(request, 400));
      return;
    }
    try {
      if (method.equals("CANCEL")) {
        cancel(transaction, request);
      } else if (toTag.isPresent()) {
        inDialog(transaction, request, toTag.get());
      } else {
        switch (method) {
          case "INVITE" -> invite(transaction, request);
          case "ACK" -> {} // of a final response the stack took care of, or a stray
          case "BYE", "REFER", "NOTIFY" -> reply(transaction, SipResponse.to(request, 481));
          default -> reply(transaction, SipResponse.to(request, 405).header("Allow", ALLOW));
        }
      }
    } catch (SipParseException | IllegalArgumentException e) {
      LOG.log(
          System.Logger.Level.INFO,
          "demo PBX: a malformed {0}, answered 400: {1}",
          method,
          e.getMessage());
      reply(transaction, SipResponse.to(request, 400));
    }
  }

  /** The live calls of {@code user}'s phone, as its dialog state shows them. */
  List<Dialog> dialogs(String user) {
    DemoState state = users.get(user);
    return state == null ? List.of() : state.phoneCalls();
  }

  /**
   * The PBX closes: ringing calls are answered 480, answered ones hung up (BYE); the BYEs' answers
   * are added to {@code last}.
   */
  void close(List<CompletableFuture<Void>> last) {
    for (Call call : List.copyOf(calls.values())) {
      cancelTimer(call);
      if (call.confirmed) {
        last.add(bye(call));
      } else if (call.invite != null) {
        call.invite.respond(tagged(call.invite.request(), 480, call).build());
      }
    }
    calls.clear();
    for (Transfer transfer : transfers.values()) {
      if (transfer.timer != null) {
        transfer.timer.cancel();
      }
    }
    transfers.clear();
  }

  // ---- a new call

  private void invite(ServerTransaction transaction, SipRequest request) {
    SipUri uri = request.requestUri();
    String user = uri.user().orElse("");
    if (!users.containsKey(user) || !ours(uri)) {
      LOG.log(System.Logger.Level.INFO, "demo PBX: a call for unknown user {0}: 404", uri);
      reply(transaction, SipResponse.to(request, 404));
      return;
    }
    NameAddr from = request.from();
    Optional<NameAddr> target = request.contact();
    if (from.tag().isEmpty() || target.isEmpty()) {
      reply(transaction, SipResponse.to(request, 400)); // RFC 3261 8.1.1.3, 8.1.1.8
      return;
    }
    Optional<Body> offer = request.body();
    if (offer.isPresent() && !isSdp(offer.get())) {
      reply(transaction, SipResponse.to(request, 415).header("Accept", SDP));
      return;
    }
    String tag = "ph" + Long.toHexString(++ids) + Integer.toHexString(random.nextInt());
    if (user.equals(BUSY)) {
      LOG.log(
          System.Logger.Level.INFO, "demo PBX: a call for {0} from {1}: busy", user, from.uri());
      reply(transaction, SipResponse.to(request, 486).toTag(tag));
      return;
    }
    List<String> routes = List.copyOf(request.headers().values("Record-Route"));
    Call call =
        new Call(
            user,
            request.callId(),
            tag,
            from.tag().get(),
            request.to().withTag(tag).toString(),
            from.toString(),
            from.uri().toString(),
            routes,
            random.nextLong(1, Long.MAX_VALUE),
            phoneContact(user));
    call.target = target.get().uri();
    call.cseq = random.nextInt(1000) + 1;
    Optional<String> sdp = sessionDescription(call, offer);
    if (sdp.isEmpty()) {
      reply(transaction, SipResponse.to(request, 488).toTag(tag));
      return;
    }
    transaction.respond(SipResponse.to(request, 100).build());
    call.invite = transaction;
    call.inviteCseq = request.cseq().sequence();
    call.inviteBranch = branch(request);
    calls.put(call.key(), call);
    transaction.respond(
        tagged(request, 180, call)
            .header("Contact", NameAddr.of(call.phoneContact).toString())
            .build());
    show(call, Dialog.State.EARLY, null);
    if (user.equals(NO_ANSWER)) {
      LOG.log(
          System.Logger.Level.INFO, "demo PBX: a call for {0} from {1}: ringing", user, from.uri());
      return;
    }
    transaction.respond(
        tagged(request, 200, call)
            .header("Contact", NameAddr.of(call.phoneContact).toString())
            .header("Allow", ALLOW)
            .body(Body.of(SDP, sdp.get()))
            .build());
    call.invite = null;
    call.confirmed = true;
    show(call, Dialog.State.CONFIRMED, null);
    call.hangUp =
        scheduler.schedule(
            callLength,
            () ->
                pbx.run(
                    () -> {
                      if (calls.get(call.key()) == call) {
                        LOG.log(
                            System.Logger.Level.INFO,
                            "demo PBX: {0} hangs up the call from {1}",
                            call.user,
                            call.remoteUri);
                        bye(call);
                        end(call, Dialog.Event.LOCAL_BYE);
                      }
                    }));
    LOG.log(
        System.Logger.Level.INFO, "demo PBX: a call for {0} from {1}: answered", user, from.uri());
  }

  private void cancel(ServerTransaction transaction, SipRequest request) {
    String callId = request.callId();
    long sequence = request.cseq().sequence();
    String branch = branch(request);
    for (Call call : calls.values()) {
      if (call.invite != null
          && call.callId.equals(callId)
          && call.inviteCseq == sequence
          && (branch == null || call.inviteBranch == null || branch.equals(call.inviteBranch))) {
        transaction.respond(SipResponse.to(request, 200).build());
        call.invite.respond(tagged(call.invite.request(), 487, call).build());
        call.invite = null;
        LOG.log(System.Logger.Level.INFO, "demo PBX: a call to {0} cancelled", call.user);
        end(call, Dialog.Event.CANCELLED);
        return;
      }
    }
    reply(transaction, SipResponse.to(request, 481));
  }

  // ---- in a call

  private void inDialog(ServerTransaction transaction, SipRequest request, String toTag) {
    Call call = calls.get(request.callId() + ";" + toTag);
    String method = request.method();
    if (call == null || !request.from().tag().map(call.remoteTag::equals).orElse(false)) {
      if (!method.equals("ACK")) {
        reply(transaction, SipResponse.to(request, 481));
      }
      return;
    }
    switch (method) {
      case "ACK" -> {} // the answer (or none) of our offer: the call goes on
      case "BYE" -> {
        transaction.respond(SipResponse.to(request, 200).build());
        if (call.invite != null) { // an early dialog ended by its caller (RFC 3261 section 15)
          call.invite.respond(tagged(call.invite.request(), 487, call).build());
          call.invite = null;
        }
        LOG.log(System.Logger.Level.INFO, "demo PBX: {0} was hung up on", call.user);
        end(call, Dialog.Event.REMOTE_BYE);
      }
      case "INVITE" -> reinvite(transaction, request, call);
      case "REFER" -> refer(transaction, request, call);
      case "NOTIFY" -> reply(transaction, SipResponse.to(request, 481)); // we subscribed to none
      default -> reply(transaction, SipResponse.to(request, 405).header("Allow", ALLOW));
    }
  }

  private void reinvite(ServerTransaction transaction, SipRequest request, Call call) {
    if (!call.confirmed) {
      reply(transaction, SipResponse.to(request, 491));
      return;
    }
    Optional<Body> offer = request.body();
    if (offer.isPresent() && !isSdp(offer.get())) {
      reply(transaction, SipResponse.to(request, 415).header("Accept", SDP));
      return;
    }
    Optional<String> sdp = sessionDescription(call, offer);
    if (sdp.isEmpty()) {
      reply(transaction, SipResponse.to(request, 488));
      return;
    }
    request.contact().ifPresent(refreshed -> call.target = refreshed.uri());
    transaction.respond(
        SipResponse.to(request, 200)
            .header("Contact", NameAddr.of(call.phoneContact).toString())
            .header("Allow", ALLOW)
            .body(Body.of(SDP, sdp.get()))
            .build());
  }

  private void refer(ServerTransaction transaction, SipRequest request, Call call) {
    List<String> referTo = request.headers().values("Refer-To");
    if (!call.confirmed) {
      reply(transaction, SipResponse.to(request, 481));
      return;
    }
    if (referTo.size() != 1) {
      reply(transaction, SipResponse.to(request, 400)); // RFC 3515 section 2.4.1
      return;
    }
    SipUri target = NameAddr.parse(referTo.get(0)).uri();
    transaction.respond(
        SipResponse.to(request, 202)
            .header("Contact", NameAddr.of(call.phoneContact).toString())
            .build());
    String event = "refer;id=" + request.cseq().sequence();
    notifyRefer(call, event, "SIP/2.0 100 Trying", "active;expires=120");
    String user = target.user().orElse("");
    if (!users.containsKey(user) || !ours(target)) {
      LOG.log(
          System.Logger.Level.INFO,
          "demo PBX: {0} was referred to unknown user {1}: 404",
          call.user,
          target);
      notifyRefer(call, event, "SIP/2.0 404 Not Found", "terminated;reason=noresource");
      return;
    }
    if (user.equals(BUSY)) {
      LOG.log(System.Logger.Level.INFO, "demo PBX: {0} was referred to {1}: busy", call.user, user);
      notifyRefer(call, event, "SIP/2.0 486 Busy Here", "terminated;reason=noresource");
      return;
    }
    Transfer transfer = new Transfer(++ids, call.user, user, "demo-transfer-" + ids + "@" + domain);
    transfers.put(transfer.id, transfer);
    show(transfer, Dialog.State.EARLY, null, null);
    notifyRefer(call, event, "SIP/2.0 180 Ringing", "active;expires=120");
    if (user.equals(NO_ANSWER)) {
      LOG.log(
          System.Logger.Level.INFO, "demo PBX: {0} was referred to {1}: ringing", call.user, user);
      transfer.timer =
          later(
              RING_LIMIT,
              () -> {
                if (transfers.remove(transfer.id) != null) {
                  show(transfer, Dialog.State.TERMINATED, Dialog.Event.CANCELLED, null);
                  notifyRefer(
                      call,
                      event,
                      "SIP/2.0 480 Temporarily Unavailable",
                      "terminated;reason=noresource");
                }
              });
      return;
    }
    LOG.log(
        System.Logger.Level.INFO, "demo PBX: {0} was referred to {1}: answered", call.user, user);
    show(transfer, Dialog.State.CONFIRMED, null, null);
    notifyRefer(call, event, "SIP/2.0 200 OK", "terminated;reason=noresource");
    transfer.timer =
        later(
            callLength,
            () -> {
              if (transfers.remove(transfer.id) != null) {
                show(
                    transfer,
                    Dialog.State.TERMINATED,
                    Dialog.Event.LOCAL_BYE,
                    Dialog.Event.REMOTE_BYE);
              }
            });
  }

  private void end(Call call, Dialog.Event event) {
    calls.remove(call.key(), call);
    cancelTimer(call);
    show(call, Dialog.State.TERMINATED, event);
  }

  private void cancelTimer(Call call) {
    if (call.hangUp != null) {
      call.hangUp.cancel();
      call.hangUp = null;
    }
  }

  private Scheduler.Cancellable later(Duration delay, Runnable task) {
    return scheduler.schedule(delay, () -> pbx.run(task));
  }

  // ---- requests the phones send

  private CompletableFuture<Void> notifyRefer(
      Call call, String event, String statusLine, String subscriptionState) {
    SipRequest.Builder notify =
        inDialogRequest(call, "NOTIFY")
            .header("Event", event)
            .header("Subscription-State", subscriptionState)
            .header("Contact", NameAddr.of(call.phoneContact).toString())
            .body(Body.of(SIPFRAG, statusLine + "\r\n"));
    return send(notify.build());
  }

  private CompletableFuture<Void> bye(Call call) {
    return send(inDialogRequest(call, "BYE").build());
  }

  private SipRequest.Builder inDialogRequest(Call call, String method) {
    SipRequest.Builder builder =
        SipRequest.builder(method, call.target)
            .header("From", call.local)
            .header("To", call.remote)
            .header("Call-ID", call.callId)
            .header("CSeq", ++call.cseq + " " + method)
            .header("Max-Forwards", "70");
    for (String hop : call.routes) {
      builder.header("Route", hop); // the UAS uses the Record-Route lines as they are
    }
    return builder;
  }

  private CompletableFuture<Void> send(SipRequest request) {
    CompletableFuture<Void> answered = new CompletableFuture<>();
    String what = request.method() + " to " + request.requestUri();
    try {
      transport.send(
          request,
          new SipTransport.ResponseListener() {
            @Override
            public void onFinal(SipResponse response) {
              answered.complete(null);
              if (!response.isSuccess()) {
                LOG.log(
                    System.Logger.Level.DEBUG,
                    "demo PBX: {0} answered {1}",
                    what,
                    response.statusLine());
              }
            }

            @Override
            public void onFailure(TransportException failure) {
              answered.complete(null);
              LOG.log(
                  System.Logger.Level.DEBUG,
                  "demo PBX: {0} failed: {1}",
                  what,
                  failure.getMessage());
            }
          });
    } catch (IllegalStateException e) {
      answered.complete(null); // the transport is closing
    }
    return answered;
  }

  // ---- dialog state

  private void show(Call call, Dialog.State state, Dialog.Event event) {
    Dialog.Builder dialog =
        Dialog.builder()
            .id("call-" + call.localTag)
            .callId(call.callId)
            .localTag(call.localTag)
            .remoteTag(call.remoteTag)
            .direction(Dialog.Direction.RECIPIENT)
            .state(state)
            .local(participant("sip:" + call.user + "@" + domain))
            .remote(participant(call.remoteUri));
    if (event != null) {
      dialog.event(event);
    }
    users.get(call.user).phoneCall(dialog.build());
    pbx.dialogChanged(call.user);
  }

  private void show(
      Transfer transfer, Dialog.State state, Dialog.Event fromEvent, Dialog.Event toEvent) {
    String fromUri = "sip:" + transfer.from + "@" + domain;
    String toUri = "sip:" + transfer.to + "@" + domain;
    Dialog.Builder caller =
        Dialog.builder()
            .id("transfer-" + transfer.id + "-a")
            .callId(transfer.callId)
            .direction(Dialog.Direction.INITIATOR)
            .state(state)
            .local(participant(fromUri))
            .remote(participant(toUri));
    Dialog.Builder called =
        Dialog.builder()
            .id("transfer-" + transfer.id + "-b")
            .callId(transfer.callId)
            .direction(Dialog.Direction.RECIPIENT)
            .state(state)
            .local(participant(toUri))
            .remote(participant(fromUri));
    if (fromEvent != null) {
      caller.event(fromEvent);
    }
    if (toEvent != null) {
      called.event(toEvent);
    } else if (fromEvent != null) {
      called.event(fromEvent);
    }
    users.get(transfer.from).phoneCall(caller.build());
    users.get(transfer.to).phoneCall(called.build());
    pbx.dialogChanged(transfer.from);
    if (!transfer.to.equals(transfer.from)) {
      pbx.dialogChanged(transfer.to);
    }
  }

  private static Participant participant(String uri) {
    return Participant.builder().identity(org.sepapi.model.dialoginfo.NameAddr.of(uri)).build();
  }

  // ---- helpers

  private boolean ours(SipUri uri) {
    return uri.host().equalsIgnoreCase(domain) || uri.host().equalsIgnoreCase(contact.host());
  }

  private SipUri phoneContact(String user) {
    String text = contact.toString();
    return SipUri.parse("sip:" + user + "@" + text.substring(text.indexOf(':') + 1));
  }

  private static SipResponse.Builder tagged(SipRequest request, int status, Call call) {
    return SipResponse.to(request, status).toTag(call.localTag);
  }

  private static void reply(ServerTransaction transaction, SipResponse.Builder response) {
    if (!transaction.request().method().equals("ACK")) {
      transaction.respond(response.build());
    }
  }

  private static String branch(SipRequest request) {
    List<Via> vias = request.vias();
    return vias.isEmpty() ? null : vias.get(0).branch().orElse(null);
  }

  private static boolean isSdp(Body body) {
    return body.mediaType().equalsIgnoreCase(SDP);
  }

  /**
   * The phone's session description for {@code call}: an answer to {@code offer} (RFC 3264 section
   * 6), or an offer of its own if there is none; empty if the offer holds no media stream.
   */
  private Optional<String> sessionDescription(Call call, Optional<Body> offer) {
    int index = names.indexOf(call.user);
    int port = FIRST_MEDIA_PORT + 2 * Math.max(0, index);
    String host = contact.host();
    String address =
        host.indexOf(':') >= 0
            ? "IN IP6 " + host.replace("[", "").replace("]", "")
            : "IN IP4 " + host;
    StringBuilder sdp =
        new StringBuilder(256)
            .append("v=0\r\no=")
            .append(call.user)
            .append(' ')
            .append(call.session)
            .append(' ')
            .append(++call.sdpVersion)
            .append(' ')
            .append(address)
            .append("\r\ns=sepapi demo\r\nc=")
            .append(address)
            .append("\r\nt=0 0\r\n");
    if (offer.isEmpty()) {
      sdp.append("m=audio ")
          .append(port)
          .append(" RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=sendrecv\r\n");
      return Optional.of(sdp.toString());
    }
    Optional<String> streams =
        answerStreams(new String(offer.get().content(), StandardCharsets.UTF_8), port);
    return streams.map(lines -> sdp.append(lines).toString());
  }

  /**
   * The m-lines of an answer to {@code offer}: the first audio stream offered is taken at {@code
   * port} with the first format offered, in the direction that mirrors the offer's; every other
   * stream is refused (port 0), in the offer's order. Empty if the offer has no m-line.
   */
  static Optional<String> answerStreams(String offer, int port) {
    List<String[]> media = new ArrayList<>();
    List<String> directions = new ArrayList<>();
    String sessionDirection = "sendrecv";
    for (String line : offer.split("\r?\n")) {
      if (line.startsWith("m=")) {
        String[] parts = line.substring(2).trim().split(" +");
        if (parts.length < 4) {
          return Optional.empty();
        }
        media.add(parts);
        directions.add(null);
      } else if (line.equals("a=sendrecv")
          || line.equals("a=sendonly")
          || line.equals("a=recvonly")
          || line.equals("a=inactive")) {
        if (media.isEmpty()) {
          sessionDirection = line.substring(2);
        } else {
          directions.set(media.size() - 1, line.substring(2));
        }
      }
    }
    if (media.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder answer = new StringBuilder();
    boolean audio = false;
    for (int i = 0; i < media.size(); i++) {
      String[] m = media.get(i);
      boolean take = !audio && m[0].equals("audio") && !m[1].equals("0");
      answer.append("m=").append(m[0]).append(' ').append(take ? port : 0);
      answer.append(' ').append(m[2]).append(' ').append(m[3]).append("\r\n");
      if (take) {
        audio = true;
        if (m[3].equals("0")) {
          answer.append("a=rtpmap:0 PCMU/8000\r\n");
        } else if (m[3].equals("8")) {
          answer.append("a=rtpmap:8 PCMA/8000\r\n");
        }
        String direction = directions.get(i) != null ? directions.get(i) : sessionDirection;
        answer
            .append("a=")
            .append(
                switch (direction) {
                  case "sendonly" -> "recvonly";
                  case "recvonly" -> "sendonly";
                  default -> direction;
                })
            .append("\r\n");
      }
    }
    return Optional.of(answer.toString());
  }
}
