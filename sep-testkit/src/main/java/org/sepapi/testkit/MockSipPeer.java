package org.sepapi.testkit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipHeaders;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.TransportException;
import org.sepapi.testkit.InMemorySipNetwork.Held;
import org.sepapi.testkit.InMemorySipNetwork.Packet;
import org.sepapi.testkit.InMemorySipNetwork.Rule;

/**
 * A scripted SIP user agent on an {@link InMemorySipNetwork}, the way MockWebServer is a scripted
 * HTTP server: a PBX, registrar or notifier that a test drives.
 *
 * <pre>{@code
 * MockSipPeer pbx = network.peer("pbx.test");
 * pbx.answer("SUBSCRIBE", 202);
 * // ... the code under test subscribes to sip:alice@pbx.test ...
 * SipRequest subscribe = pbx.takeRequest("SUBSCRIBE");
 * pbx.notifyFor(subscribe).state("active;expires=3600").body("application/dialog-info+xml", xml).send();
 * }</pre>
 *
 * <h2>Answering</h2>
 *
 * A request the peer receives is answered by, in this order: the digest check ({@link
 * #requireDigest}), the next one-shot rule of its method ({@link #answerNext}, {@link
 * #onNextRequest}), the standing rule of its method ({@link #answer}, {@link #onRequest}; a new one
 * replaces the old). With none, it stays unanswered until the test calls {@link #respond} (and the
 * sender times out if it never does). An ACK is recorded and never answered. A CANCEL with no rule
 * of its own is answered as a phone does: 200, and 487 to the INVITE it cancels if that is still
 * unanswered (481 if it matches none). Responses built here ({@link #response}) carry the To tag
 * the peer chose for the dialog, a Contact for a 101 to 299 answer to a dialog-creating request,
 * and an Expires for a 2xx to SUBSCRIBE.
 *
 * <h2>Reading what it received</h2>
 *
 * {@link #takeRequest()}, {@link #requests()}, {@link #assertNoMoreRequests()} and the readers of
 * {@link SentRequest} first run the network until idle (see {@link
 * InMemorySipNetwork#runUntilIdle()}), so what was sent has arrived; then they fail fast with an
 * {@link AssertionError} if what the test expects is not there. They never block. Do not call them
 * from a responder.
 *
 * <p>Thread-safe.
 */
public final class MockSipPeer implements AutoCloseable {
  private static final Set<String> DIALOG_CREATING = Set.of("INVITE", "SUBSCRIBE", "REFER");
  private static final long DEFAULT_EXPIRES = 3600;

  private final InMemorySipNetwork network;
  private final InMemoryTransport transport;
  private final String label;

  // guarded by this
  private final List<SipRequest> received = new ArrayList<>();
  private int taken;
  private final Map<String, Responder> rules = new HashMap<>();
  private final Map<String, ArrayDeque<Responder>> nextRules = new HashMap<>();
  private final Map<SipRequest, Exchange> exchanges = new HashMap<>();
  private final Map<String, String> tags = new HashMap<>();
  private final Map<String, Long> sequences = new HashMap<>();
  private DigestGuard digest;
  private int tagCount;

  MockSipPeer(InMemorySipNetwork network, InMemoryTransport transport) {
    this.network = network;
    this.transport = transport;
    String host = transport.host();
    int dot = host.indexOf('.');
    this.label = dot > 0 ? host.substring(0, dot) : host;
    transport.start(this::receive);
  }

  /**
   * Answers the request a peer received, or declines to (returns null) so the test answers. Called
   * on the thread that runs the network, without the peer's lock.
   */
  @FunctionalInterface
  public interface Responder {
    /**
     * The response to send to {@code request}, or null to leave it unanswered for {@link
     * MockSipPeer#respond}.
     */
    SipResponse respond(SipRequest request);
  }

  /** The peer's host name. */
  public String host() {
    return transport.host();
  }

  /** {@code sip:host:5060}, the peer's Contact. */
  public SipUri contactUri() {
    return transport.contactUri();
  }

  /**
   * Answers every request of {@code method} with {@code status} and {@code headers} ({@code "Name:
   * value"} lines, which replace the lines of that name that {@link #response} would add), until
   * another rule for the method replaces this one.
   */
  public MockSipPeer answer(String method, int status, String... headers) {
    Responder responder = fixed(status, headers);
    synchronized (this) {
      rules.put(methodKey(method), responder);
    }
    return this;
  }

  /**
   * Answers the next request of {@code method} with {@code status} and {@code headers}, once,
   * before any standing rule. One-shot rules of a method are used in the order they were added.
   */
  public MockSipPeer answerNext(String method, int status, String... headers) {
    return onNextRequest(method, fixed(status, headers));
  }

  /** Answers every request of {@code method} with what {@code responder} returns. */
  public MockSipPeer onRequest(String method, Responder responder) {
    Objects.requireNonNull(responder, "responder");
    synchronized (this) {
      rules.put(methodKey(method), responder);
    }
    return this;
  }

  /** Answers the next request of {@code method} with what {@code responder} returns, once. */
  public MockSipPeer onNextRequest(String method, Responder responder) {
    Objects.requireNonNull(responder, "responder");
    synchronized (this) {
      nextRules.computeIfAbsent(methodKey(method), m -> new ArrayDeque<>()).add(responder);
    }
    return this;
  }

  /**
   * Asks for digest credentials: every request but ACK and CANCEL without valid credentials for
   * {@code username} and {@code password} gets a 401 with a fresh MD5 challenge (qop=auth, with an
   * opaque value that must come back); with them, the rules answer it.
   */
  public MockSipPeer requireDigest(String realm, String username, String password) {
    return guard(realm, username, password, false);
  }

  /** {@link #requireDigest} as a proxy does it: 407, Proxy-Authenticate, Proxy-Authorization. */
  public MockSipPeer requireProxyDigest(String realm, String username, String password) {
    return guard(realm, username, password, true);
  }

  private MockSipPeer guard(String realm, String username, String password, boolean proxy) {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    synchronized (this) {
      digest = new DigestGuard(realm, username, password, proxy, label);
    }
    return this;
  }

  /**
   * The next request received and not taken yet, in the order they arrived, after running the
   * network until idle.
   *
   * @throws AssertionError if there is none
   */
  public SipRequest takeRequest() {
    network.runUntilIdle();
    synchronized (this) {
      if (taken >= received.size()) {
        throw new AssertionError(
            host()
                + " has no request left to take: it received "
                + received.size()
                + (received.isEmpty() ? "" : ", all taken: " + describe(received)));
      }
      return received.get(taken++);
    }
  }

  /**
   * {@link #takeRequest()}, checking that it is a {@code method}.
   *
   * @throws AssertionError if there is none, or it is another method (it is taken all the same)
   */
  public SipRequest takeRequest(String method) {
    SipRequest request = takeRequest();
    if (!request.method().equalsIgnoreCase(method)) {
      throw new AssertionError(
          host() + " expected a " + method + " but received " + describe(List.of(request)));
    }
    return request;
  }

  /**
   * Checks that every request received has been taken, after running the network until idle.
   *
   * @throws AssertionError naming the requests not taken
   */
  public void assertNoMoreRequests() {
    network.runUntilIdle();
    synchronized (this) {
      if (taken < received.size()) {
        throw new AssertionError(
            host()
                + " received requests the test did not take: "
                + describe(received.subList(taken, received.size())));
      }
    }
  }

  /** Every request received, taken or not, in order, after running the network until idle. */
  public List<SipRequest> requests() {
    network.runUntilIdle();
    synchronized (this) {
      return List.copyOf(received);
    }
  }

  /**
   * A response to {@code request} as this peer answers: {@link SipResponse#to} (which copies the
   * Record-Route lines of a 101 to 299 answer), plus the peer's To tag for the dialog (unless the
   * request's To has one or the status is 100), plus, for a 101 to 299 answer to an INVITE,
   * SUBSCRIBE or REFER, the peer's Contact, plus, for a 2xx to SUBSCRIBE, the request's Expires
   * (3600 if it had none).
   */
  public SipResponse.Builder response(SipRequest request, int status) {
    SipResponse.Builder builder = SipResponse.to(request, status);
    if (status == 100) {
      return builder;
    }
    if (request.to().tag().isEmpty()) {
      builder.toTag(tagFor(request));
    }
    String method = request.method();
    if (DIALOG_CREATING.contains(method) && status < 300) {
      builder.header("Contact", NameAddr.of(contactUri()).toString());
    }
    if (method.equals("SUBSCRIBE") && status >= 200 && status < 300) {
      builder.header("Expires", Long.toString(request.expires().orElse(DEFAULT_EXPIRES)));
    }
    return builder;
  }

  /**
   * Answers {@code request}, which this peer received, with {@link #response} and {@code headers}.
   *
   * @throws IllegalArgumentException if the peer did not receive it
   * @throws IllegalStateException if it was answered with a final response already
   */
  public void respond(SipRequest request, int status, String... headers) {
    respond(request, withHeaders(response(request, status), parseHeaders(headers)).build());
  }

  /**
   * Sends {@code response} in the server transaction of {@code request}, which this peer received:
   * any number of provisional responses, then one final response. The response goes to the host of
   * its top Via, as it is.
   *
   * @throws IllegalArgumentException if the peer did not receive {@code request}, or it is an ACK
   * @throws IllegalStateException if it was answered with a final response already
   */
  public void respond(SipRequest request, SipResponse response) {
    Objects.requireNonNull(response, "response");
    SipTransport.ServerTransaction transaction;
    synchronized (this) {
      Exchange exchange = exchanges.get(Objects.requireNonNull(request, "request"));
      if (exchange == null) {
        throw new IllegalArgumentException(
            host() + " did not receive, or cannot answer, " + describe(List.of(request)));
      }
      if (exchange.finalStatus != 0) {
        throw new IllegalStateException(
            host()
                + " answered "
                + describe(List.of(request))
                + " with "
                + exchange.finalStatus
                + " already");
      }
      if (!response.isProvisional()) {
        exchange.finalStatus = response.status();
      }
      transaction = exchange.transaction;
    }
    transaction.respond(response);
  }

  /**
   * The tag this peer uses on its side of the dialog {@code request} creates or belongs to: the
   * request's To tag if it has one, else one the peer chooses once per Call-ID and From tag ({@code
   * pbx-1}, {@code pbx-2}, ... for host {@code pbx.test}).
   */
  public String tagFor(SipRequest request) {
    Optional<String> tag = request.to().tag();
    if (tag.isPresent()) {
      return tag.get();
    }
    String key = request.callId() + " " + request.from().tag().orElse("");
    synchronized (this) {
      return tags.computeIfAbsent(key, k -> newTag());
    }
  }

  /** A tag this peer has not used yet, to fork a dialog: {@code notifyFor(s).tag(newTag())}. */
  public synchronized String newTag() {
    return label + "-" + ++tagCount;
  }

  /**
   * A NOTIFY in the dialog of {@code subscribe} (a SUBSCRIBE or REFER this peer received): see
   * {@link DialogRequestBuilder}. Event is the SUBSCRIBE's ({@code refer} for a REFER);
   * Subscription-State is {@code active;expires=} the SUBSCRIBE's Expires (3600 if none) unless
   * {@link DialogRequestBuilder#state} says otherwise.
   */
  public DialogRequestBuilder notifyFor(SipRequest subscribe) {
    return new DialogRequestBuilder(subscribe, "NOTIFY");
  }

  /**
   * A {@code method} request (BYE, INFO, ...) from this peer in the dialog of {@code request}, a
   * dialog-creating request it received.
   */
  public DialogRequestBuilder requestFor(SipRequest request, String method) {
    return new DialogRequestBuilder(request, method);
  }

  /**
   * Sends {@code request} in a new client transaction; the network adds the Via. Nothing arrives
   * until the network runs.
   *
   * @throws IllegalStateException if the peer is closed
   */
  public SentRequest send(SipRequest request) {
    SentRequest sent = new SentRequest();
    sent.request = transport.sendRequest(request, sent.listener);
    return sent;
  }

  /** Drops the next message this peer sends that matches {@code filter}. */
  public Rule dropNext(Predicate<Packet> filter) {
    return network.dropNext(fromHere(filter));
  }

  /** Delivers the next message this peer sends that matches {@code filter} twice. */
  public Rule duplicateNext(Predicate<Packet> filter) {
    return network.duplicateNext(fromHere(filter));
  }

  /** Holds the next message this peer sends that matches {@code filter} until released. */
  public Held holdNext(Predicate<Packet> filter) {
    return network.holdNext(fromHere(filter));
  }

  /**
   * Delays every message this peer sends by {@code delay} of scheduler time (zero removes the
   * delay); a delay set with {@link InMemorySipNetwork#delay} for one link wins.
   */
  public void delay(Duration delay) {
    network.delayFrom(host(), delay);
  }

  /** Takes the peer off the network: what is sent to it fails as unreachable. */
  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "MockSipPeer[" + host() + "]";
  }

  private Predicate<Packet> fromHere(Predicate<Packet> filter) {
    Objects.requireNonNull(filter, "filter");
    String host = host();
    return packet -> packet.source().equals(host) && filter.test(packet);
  }

  /** A request arrives (a task of the network's scheduler). */
  private void receive(SipTransport.ServerTransaction transaction) {
    SipRequest request = transaction.request();
    Responder responder = null;
    SipResponse challenge = null;
    synchronized (this) {
      received.add(request);
      if (request.method().equals("ACK")) {
        return;
      }
      exchanges.put(request, new Exchange(transaction));
      if (digest != null && !request.method().equals("CANCEL") && !digest.accepts(request)) {
        challenge =
            response(request, digest.status())
                .header(digest.challengeHeader(), digest.newChallenge())
                .build();
      } else {
        ArrayDeque<Responder> next = nextRules.get(request.method());
        responder = next != null && !next.isEmpty() ? next.poll() : rules.get(request.method());
      }
    }
    if (responder == null && challenge == null && request.method().equals("CANCEL")) {
      cancel(request);
      return;
    }
    SipResponse response = responder != null ? responder.respond(request) : challenge;
    if (response != null) {
      respond(request, response);
    }
  }

  /**
   * A CANCEL with no rule of its own, answered as a phone does (RFC 3261 section 9.2): 200, and 487
   * to the INVITE it cancels if that is not answered yet; 481 if it matches no INVITE.
   */
  private void cancel(SipRequest cancel) {
    SipRequest invite = null;
    boolean pending = false;
    synchronized (this) {
      String branch = branchOf(cancel);
      for (Map.Entry<SipRequest, Exchange> each : exchanges.entrySet()) {
        SipRequest candidate = each.getKey();
        if (candidate.method().equals("INVITE")
            && branch != null
            && branch.equals(branchOf(candidate))
            && candidate.callId().equals(cancel.callId())) {
          invite = candidate;
          pending = each.getValue().finalStatus == 0;
        }
      }
    }
    respond(cancel, invite == null ? 481 : 200);
    if (pending) {
      try {
        respond(invite, 487);
      } catch (IllegalStateException e) {
        // the test answered it meanwhile: the CANCEL came too late
      }
    }
  }

  private static String branchOf(SipRequest request) {
    try {
      return request.vias().get(0).branch().orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private Responder fixed(int status, String... headers) {
    if (status < 100 || status > 699) {
      throw new IllegalArgumentException("a SIP status is 100 to 699: " + status);
    }
    List<SipHeaders.Header> lines = parseHeaders(headers);
    return request -> withHeaders(response(request, status), lines).build();
  }

  private static SipResponse.Builder withHeaders(
      SipResponse.Builder builder, List<SipHeaders.Header> lines) {
    for (SipHeaders.Header line : lines) {
      builder.setHeader(line.name(), line.value());
    }
    return builder;
  }

  /** {@code "Name: value"} lines; a name given twice keeps its last value. */
  private static List<SipHeaders.Header> parseHeaders(String... headers) {
    List<SipHeaders.Header> lines = new ArrayList<>(headers.length);
    for (String header : headers) {
      int colon = Objects.requireNonNull(header, "header").indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("a header line is \"Name: value\": " + header);
      }
      lines.add(
          new SipHeaders.Header(header.substring(0, colon).strip(), header.substring(colon + 1)));
    }
    return lines;
  }

  private static String methodKey(String method) {
    Objects.requireNonNull(method, "method");
    return method.toUpperCase(Locale.ROOT);
  }

  private static String describe(List<SipRequest> requests) {
    return requests.stream()
        .map(r -> r.method() + " " + r.requestUri())
        .collect(Collectors.joining(", "));
  }

  private synchronized long nextSequence(String dialog, Long requested) {
    long last = sequences.getOrDefault(dialog, 0L);
    long next = requested != null ? requested : last + 1;
    sequences.put(dialog, Math.max(last, next));
    return next;
  }

  /** A received request's server transaction. Guarded by the peer's lock. */
  private static final class Exchange {
    final SipTransport.ServerTransaction transaction;
    int finalStatus;

    Exchange(SipTransport.ServerTransaction transaction) {
      this.transaction = transaction;
    }
  }

  /**
   * Builds a request from the peer in the dialog of a request it received (RFC 3261 section
   * 12.2.1): Request-URI the received request's Contact, Route its Record-Route lines in order,
   * From its To with the peer's tag ({@link #tagFor}, or {@link #tag}), To its From, its Call-ID,
   * CSeq the peer's next number in that dialog (1 first) unless {@link #cseq} sets one,
   * Max-Forwards 70, the peer's Contact. Not thread-safe.
   */
  public final class DialogRequestBuilder {
    private final SipRequest origin;
    private final String method;
    private String tag;
    private Long sequence;
    private String state;
    private Body body;
    private SipHeaders extra = SipHeaders.empty();

    private DialogRequestBuilder(SipRequest origin, String method) {
      this.origin = Objects.requireNonNull(origin, "request");
      this.method = methodKey(method);
      if (origin.contact().isEmpty()) {
        throw new IllegalArgumentException(
            "the " + origin.method() + " has no Contact to send a " + this.method + " to");
      }
      if (this.method.equals("NOTIFY")
          && !origin.method().equals("REFER")
          && origin.event().isEmpty()) {
        throw new IllegalArgumentException("the " + origin.method() + " has no Event header");
      }
      origin.callId();
      origin.from();
      origin.to();
    }

    /** The Subscription-State header value, as in {@code terminated;reason=timeout}. */
    public DialogRequestBuilder state(String subscriptionState) {
      this.state = Objects.requireNonNull(subscriptionState, "subscriptionState");
      return this;
    }

    /** The body and its Content-Type. */
    public DialogRequestBuilder body(String contentType, byte[] content) {
      this.body = Body.of(contentType, content);
      return this;
    }

    /** A UTF-8 text body and its Content-Type. */
    public DialogRequestBuilder body(String contentType, String text) {
      this.body = Body.of(contentType, text);
      return this;
    }

    /** The CSeq number, instead of the next one; later requests count on from the highest. */
    public DialogRequestBuilder cseq(long number) {
      if (number < 0 || number > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("a CSeq number is 0 to 2^32 - 1: " + number);
      }
      this.sequence = number;
      return this;
    }

    /**
     * The peer's tag in the From header, instead of {@link #tagFor}: another tag is another dialog,
     * as a forked request's second notifier makes.
     */
    public DialogRequestBuilder tag(String tag) {
      this.tag = Objects.requireNonNull(tag, "tag");
      return this;
    }

    /** Sets a header, replacing what the builder would put there. */
    public DialogRequestBuilder header(String name, String value) {
      extra = extra.with(name, value);
      return this;
    }

    public SipRequest build() {
      String localTag = tag != null ? tag : tagFor(origin);
      String remote = origin.header("From").orElseThrow();
      String dialog = origin.callId() + " " + localTag + " " + origin.from().tag().orElse("");
      long number = nextSequence(dialog, sequence);
      SipRequest.Builder builder = SipRequest.builder(method, origin.contact().orElseThrow().uri());
      for (String route : origin.headers().elements("Record-Route")) {
        builder.header("Route", route);
      }
      builder
          .header("Max-Forwards", "70")
          .header("From", origin.to().withTag(localTag).toString())
          .header("To", remote)
          .header("Call-ID", origin.callId())
          .header("CSeq", number + " " + method)
          .header("Contact", NameAddr.of(contactUri()).toString());
      if (method.equals("NOTIFY")) {
        builder.header(
            "Event",
            origin.method().equals("REFER") ? "refer" : origin.header("Event").orElseThrow());
        builder.header(
            "Subscription-State",
            state != null ? state : "active;expires=" + origin.expires().orElse(DEFAULT_EXPIRES));
      } else if (state != null) {
        builder.header("Subscription-State", state);
      }
      if (body != null) {
        builder.body(body);
      }
      for (SipHeaders.Header line : extra.all()) {
        builder.setHeader(line.name(), line.value());
      }
      return builder.build();
    }

    /** {@link #build()} and {@link MockSipPeer#send}. */
    public SentRequest send() {
      return MockSipPeer.this.send(build());
    }
  }

  /** A request the peer sent, and what came back. Thread-safe. */
  public final class SentRequest {
    private final List<SipResponse> provisionals = new ArrayList<>();
    private volatile SipRequest request;
    private SipResponse response;
    private TransportException failure;

    private final SipTransport.ResponseListener listener =
        new SipTransport.ResponseListener() {
          @Override
          public void onProvisional(SipResponse response) {
            synchronized (SentRequest.this) {
              provisionals.add(response);
            }
          }

          @Override
          public void onFinal(SipResponse response) {
            synchronized (SentRequest.this) {
              SentRequest.this.response = response;
            }
          }

          @Override
          public void onFailure(TransportException failure) {
            synchronized (SentRequest.this) {
              SentRequest.this.failure = failure;
            }
          }
        };

    private SentRequest() {}

    /** The request as it went on the wire, Via and Content-Length included. */
    public synchronized SipRequest request() {
      return request;
    }

    /** The provisional responses so far, after running the network until idle. */
    public List<SipResponse> provisionals() {
      network.runUntilIdle();
      synchronized (this) {
        return List.copyOf(provisionals);
      }
    }

    /**
     * The final response, after running the network until idle.
     *
     * @throws AssertionError if there is none (yet), saying why if the transaction failed
     */
    public SipResponse response() {
      network.runUntilIdle();
      synchronized (this) {
        if (response != null) {
          return response;
        }
        String line = request.method() + " " + request.requestUri();
        if (failure != null) {
          throw new AssertionError(
              host() + ": the " + line + " failed: " + failure.kind() + ", " + failure.getMessage(),
              failure);
        }
        throw new AssertionError(host() + ": no final response to the " + line + " yet");
      }
    }

    /** Why the transaction failed, if it did, after running the network until idle. */
    public Optional<TransportException> failure() {
      network.runUntilIdle();
      synchronized (this) {
        return Optional.ofNullable(failure);
      }
    }
  }
}
