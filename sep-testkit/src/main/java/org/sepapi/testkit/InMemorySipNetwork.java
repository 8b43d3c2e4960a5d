package org.sepapi.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipMessage;
import org.sepapi.core.sip.SipParseException;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.TransportException;

/**
 * A SIP network in memory, for tests: named hosts, each one {@link SipTransport} (yours, from
 * {@link #transport}) or one scripted {@link MockSipPeer} (from {@link #peer}), and the faults a
 * real network has (loss, delay, duplication, reordering, unreachable hosts, a size limit).
 *
 * <h2>Delivery is a scheduler task</h2>
 *
 * Every message that enters the network becomes a task of the network's {@link ManualScheduler},
 * due when the message arrives (now, or later on a delayed link). Nothing is delivered, and no
 * listener or handler is called, inside {@code send}, {@code respond} or {@code close}: messages
 * arrive when the test runs the scheduler, with {@link #runUntilIdle()} (everything due now, and
 * everything that causes, in order) or {@link #advance} (time moves; messages, transaction timers
 * and the engine's own timers run interleaved in time order). So a NOTIFY sent from inside the
 * handling of a response is queued, not delivered recursively, and a test with direct executors is
 * deterministic without a sleep. Messages due at the same time arrive in the order they were sent.
 * {@link MockSipPeer#takeRequest()} and {@link MockSipPeer.SentRequest#response()} run the network
 * until idle themselves.
 *
 * <h2>Hosts and routing</h2>
 *
 * A host is a name ({@code gateway.test}); the port does not matter: a request goes to the host of
 * its first Route header, or else of its Request-URI, whatever port or transport parameter they
 * carry (names cost nothing in memory, so give two transports two names). A transport's contact is
 * {@code sip:host:5060}. A response goes to the host of its top Via. Sending to a host that is not
 * on the network (or closed, not started, or {@linkplain #unreachable cut off}) fails the client
 * transaction with {@link TransportException.Kind#UNREACHABLE} when the request would have arrived.
 *
 * <h2>Transactions</h2>
 *
 * A transport adds a top Via {@code SIP/2.0/UDP host:5060;branch=z9hG4bK...} with a branch unique
 * in the network, and sets Content-Length. Responses reach the client transaction whose branch and
 * CSeq method they carry (RFC 3261 section 17.1.3); provisional ones all reach the listener, only
 * the first final one does. A request with no final response fails with {@link
 * TransportException.Kind#TIMEOUT} {@link #TRANSACTION_TIMEOUT} of scheduler time after it was sent
 * (Timer F; Timer B for an INVITE, stopped by its first provisional response). A request that
 * arrives again in a server transaction the transport still remembers (same branch, sent-by and
 * method; kept {@link #TRANSACTION_TIMEOUT} after the final response, Timer J) is not handed to the
 * handler again: the last response is sent again instead. There is no size limit unless {@link
 * #maxMessageSize} sets one.
 *
 * <p>Thread-safe: transports may send and respond from any thread. Run the scheduler from one
 * thread at a time; fault predicates run with the network locked and must not call it.
 */
public final class InMemorySipNetwork {
  /** Timers B, F and J: 64 times T1 of 500 ms (RFC 3261 section 17). */
  public static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(32);

  /** The port in every contact URI and Via of the network. */
  public static final int PORT = 5060;

  private final ManualScheduler scheduler;
  private final Map<String, InMemoryTransport> hosts = new HashMap<>();
  private final Set<String> cutOff = new HashSet<>();
  private final Map<String, Duration> delays = new HashMap<>();
  private final List<Rule> rules = new ArrayList<>();
  private long branches;
  private int maxMessageSize = Integer.MAX_VALUE;

  private InMemorySipNetwork(ManualScheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** A network whose messages and timers run on {@code scheduler}. */
  public static InMemorySipNetwork create(ManualScheduler scheduler) {
    return new InMemorySipNetwork(Objects.requireNonNull(scheduler, "scheduler"));
  }

  /** A network with its own scheduler, on a {@link ManualClock#create()} clock. */
  public static InMemorySipNetwork create() {
    return create(ManualScheduler.on(ManualClock.create()));
  }

  /** The scheduler that delivers this network's messages and runs its timers. */
  public ManualScheduler scheduler() {
    return scheduler;
  }

  /**
   * A transport on host {@code host}, not started yet. The name is taken until the transport is
   * closed.
   *
   * @throws IllegalArgumentException if {@code host} is not a host name
   * @throws IllegalStateException if a transport or peer already has the name
   */
  public SipTransport transport(String host) {
    return bind(host);
  }

  /**
   * A scripted peer on host {@code host}, started.
   *
   * @throws IllegalArgumentException if {@code host} is not a host name
   * @throws IllegalStateException if a transport or peer already has the name
   */
  public MockSipPeer peer(String host) {
    return new MockSipPeer(this, bind(host));
  }

  private InMemoryTransport bind(String host) {
    String name = hostName(host);
    synchronized (this) {
      if (hosts.containsKey(name)) {
        throw new IllegalStateException(name + " is already on the network");
      }
      InMemoryTransport transport = new InMemoryTransport(this, name);
      hosts.put(name, transport);
      return transport;
    }
  }

  /**
   * Delivers every message due now and runs every task due now, including those that they cause,
   * until nothing is left to do at the current time. Time does not move.
   */
  public void runUntilIdle() {
    scheduler.runDue();
  }

  /**
   * Moves the scheduler's time forward by {@code duration}, delivering messages and running timers
   * in time order on the way (see {@link ManualScheduler#advance}).
   */
  public void advance(Duration duration) {
    scheduler.advance(duration);
  }

  /** Drops the next message that matches {@code filter}, and only that one. */
  public Rule dropNext(Predicate<Packet> filter) {
    return addRule(filter, Action.DROP, true);
  }

  /**
   * Drops every message that matches {@code filter} until the rule is {@linkplain Rule#remove()
   * removed}. Dropping every message to and from a host is a silent partition: its peers time out.
   */
  public Rule dropAll(Predicate<Packet> filter) {
    return addRule(filter, Action.DROP, false);
  }

  /**
   * Delivers the next message that matches {@code filter} twice, back to back, as a retransmission
   * or a duplicating network would: a request arrives twice in one server transaction, a response
   * twice at its client transaction. Each copy meets the rules added after this one on its own, so
   * a later {@link #holdNext} can hold one copy back and make it a late retransmission.
   */
  public Rule duplicateNext(Predicate<Packet> filter) {
    return addRule(filter, Action.DUPLICATE, true);
  }

  /**
   * Holds the next message that matches {@code filter} until {@link Held#release()}, so that later
   * messages overtake it.
   */
  public Held holdNext(Predicate<Packet> filter) {
    Held held = new Held(this);
    synchronized (this) {
      held.rule = new Rule(this, filter, Action.HOLD, true, held);
      rules.add(held.rule);
    }
    return held;
  }

  /**
   * Delays every message from host {@code from} to host {@code to} by {@code delay} of scheduler
   * time, replacing an earlier delay on that link; zero removes it. Messages on one link with one
   * delay keep their order.
   */
  public void delay(String from, String to, Duration delay) {
    setDelay(hostName(from) + " " + hostName(to), delay);
  }

  void delayFrom(String from, Duration delay) {
    setDelay(from + " *", delay);
  }

  private void setDelay(String link, Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("a delay is zero or more: " + delay);
    }
    synchronized (this) {
      if (delay.isZero()) {
        delays.remove(link);
      } else {
        delays.put(link, delay);
      }
    }
  }

  /**
   * Cuts {@code host} off the network: requests to and from it fail with {@link
   * TransportException.Kind#UNREACHABLE}, as with an ICMP error, and responses to and from it are
   * lost. Messages already in flight are judged when they arrive.
   */
  public void unreachable(String host) {
    String name = hostName(host);
    synchronized (this) {
      cutOff.add(name);
    }
  }

  /** Undoes {@link #unreachable}. */
  public void reachable(String host) {
    String name = hostName(host);
    synchronized (this) {
      cutOff.remove(name);
    }
  }

  /**
   * Refuses messages of more than {@code bytes} bytes (start line, headers and body), as UDP does
   * at about 65,000 bytes: a request that large fails with {@link
   * TransportException.Kind#SEND_FAILED}, a response that large is lost. There is no limit unless
   * this sets one.
   */
  public void maxMessageSize(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("a size limit is positive: " + bytes);
    }
    synchronized (this) {
      maxMessageSize = bytes;
    }
  }

  /** The size of {@code message} on the wire: start line, headers, blank line and body. */
  static int wireSize(SipMessage message) {
    int body = message.body().map(Body::length).orElse(0);
    return message.toString().getBytes(StandardCharsets.UTF_8).length + 2 + body;
  }

  static String hostName(String host) {
    Objects.requireNonNull(host, "host");
    SipUri uri;
    try {
      uri = SipUri.parse("sip:" + host);
    } catch (SipParseException e) {
      throw new IllegalArgumentException("not a host name: " + host, e);
    }
    if (uri.user().isPresent()
        || uri.port().isPresent()
        || !uri.parameters().isEmpty()
        || !uri.host().equals(host.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("a host name, without user, port or parameters: " + host);
    }
    return uri.host();
  }

  /** The host a request goes to: its first Route's, or else its Request-URI's. */
  static String destination(SipRequest request) {
    List<String> routes = request.headers().elements("Route");
    return routes.isEmpty()
        ? request.requestUri().host()
        : NameAddr.parse(routes.get(0)).uri().host();
  }

  synchronized String nextBranch() {
    return "z9hG4bK-mem-" + ++branches;
  }

  private Rule addRule(Predicate<Packet> filter, Action action, boolean once) {
    Objects.requireNonNull(filter, "filter");
    synchronized (this) {
      Rule rule = new Rule(this, filter, action, once, null);
      rules.add(rule);
      return rule;
    }
  }

  /**
   * Puts {@code flight} on the wire: size limit, fault rules, link delay, then one delivery task
   * per copy. Called with the network locked.
   */
  void transmit(Flight flight) {
    assert Thread.holdsLock(this);
    if (wireSize(flight.packet.message()) > maxMessageSize) {
      if (flight.transaction != null) {
        flight.transaction.fail(
            TransportException.Kind.SEND_FAILED,
            "the request is larger than the network's limit of " + maxMessageSize + " bytes");
      }
      return;
    }
    applyRules(flight, List.copyOf(rules), 0);
  }

  /**
   * Applies the rules from {@code from} on: the first drop or hold that matches takes the message;
   * a duplication sends two copies on, each through the rules after it.
   */
  private void applyRules(Flight flight, List<Rule> snapshot, int from) {
    Packet packet = flight.packet;
    for (int i = from; i < snapshot.size(); i++) {
      Rule rule = snapshot.get(i);
      if (!rules.contains(rule) || !rule.predicate.test(packet)) {
        continue;
      }
      rule.matched++;
      if (rule.once) {
        rules.remove(rule);
      }
      switch (rule.action) {
        case DROP:
          return;
        case HOLD:
          rule.held.flight = flight;
          return;
        case DUPLICATE:
          applyRules(flight, snapshot, i + 1);
          applyRules(flight, snapshot, i + 1);
          return;
        default:
          throw new AssertionError(rule.action);
      }
    }
    Duration delay = delays.get(packet.source() + " " + packet.destination());
    if (delay == null) {
      delay = delays.getOrDefault(packet.source() + " *", Duration.ZERO);
    }
    scheduler.schedule(delay, () -> deliver(flight));
  }

  /** A scheduler task: the message arrives at its destination. */
  private void deliver(Flight flight) {
    Runnable callback;
    synchronized (this) {
      Packet packet = flight.packet;
      InMemoryTransport target = hosts.get(packet.destination());
      boolean reachable =
          target != null
              && target.isListening()
              && !cutOff.contains(packet.destination())
              && !cutOff.contains(packet.source());
      if (packet.message() instanceof SipRequest request) {
        if (!reachable) {
          if (flight.transaction != null) {
            flight.transaction.fail(
                TransportException.Kind.UNREACHABLE,
                packet.destination() + " cannot be reached from " + packet.source());
          }
          return;
        }
        callback = target.receiveRequest(request);
      } else {
        callback = reachable ? target.receiveResponse((SipResponse) packet.message()) : null;
      }
    }
    if (callback != null) {
      callback.run();
    }
  }

  synchronized void unbind(InMemoryTransport transport) {
    hosts.remove(transport.host(), transport);
  }

  /** A message on its way, with the client transaction to fail if it cannot be delivered. */
  static final class Flight {
    final Packet packet;
    final InMemoryTransport.Client transaction;

    Flight(Packet packet, InMemoryTransport.Client transaction) {
      this.packet = packet;
      this.transaction = transaction;
    }
  }

  private enum Action {
    DROP,
    DUPLICATE,
    HOLD
  }

  /**
   * A message as it enters the network, for fault filters. Immutable.
   *
   * @param source the host that sent it
   * @param destination the host it goes to
   * @param message the request or response as on the wire (Via and Content-Length included)
   */
  public record Packet(String source, String destination, SipMessage message) {
    public Packet {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(message, "message");
    }

    /** Whether it is a request with method {@code method} (any case). */
    public boolean isRequest(String method) {
      return message instanceof SipRequest request && request.method().equalsIgnoreCase(method);
    }

    /** Whether it is a response with status {@code status}. */
    public boolean isResponse(int status) {
      return message instanceof SipResponse response && response.status() == status;
    }

    @Override
    public String toString() {
      String line =
          message instanceof SipRequest request
              ? request.method() + " " + request.requestUri()
              : ((SipResponse) message).statusLine();
      return source + " -> " + destination + ": " + line;
    }
  }

  /** A fault rule of the network. Thread-safe. */
  public static final class Rule {
    private final InMemorySipNetwork network;
    private final Predicate<Packet> predicate;
    private final Action action;
    private final boolean once;
    private final Held held;
    private int matched;

    private Rule(
        InMemorySipNetwork network,
        Predicate<Packet> predicate,
        Action action,
        boolean once,
        Held held) {
      this.network = network;
      this.predicate = Objects.requireNonNull(predicate, "filter");
      this.action = action;
      this.once = once;
      this.held = held;
    }

    /** How many messages it has caught so far. */
    public int matched() {
      synchronized (network) {
        return matched;
      }
    }

    /** Stops it catching messages; messages it caught stay caught. */
    public void remove() {
      synchronized (network) {
        network.rules.remove(this);
      }
    }
  }

  /** A message caught by {@link #holdNext}, to be released later. Thread-safe. */
  public static final class Held {
    private final InMemorySipNetwork network;
    private Rule rule;
    private Flight flight;
    private boolean released;

    private Held(InMemorySipNetwork network) {
      this.network = network;
    }

    /** Whether a message has been caught and not released yet. */
    public boolean isHolding() {
      synchronized (network) {
        return flight != null && !released;
      }
    }

    /**
     * The message caught.
     *
     * @throws IllegalStateException if none has been yet
     */
    public Packet packet() {
      synchronized (network) {
        if (flight == null) {
          throw new IllegalStateException("no message has matched the hold yet");
        }
        return flight.packet;
      }
    }

    /**
     * Sends the message on: it arrives when the network next runs, after the messages that overtook
     * it.
     *
     * @throws IllegalStateException if no message was caught, or it was released already
     */
    public void release() {
      synchronized (network) {
        if (flight == null) {
          throw new IllegalStateException("no message has matched the hold yet");
        }
        if (released) {
          throw new IllegalStateException("the held message was released already");
        }
        released = true;
        Flight caught = flight;
        network.scheduler.schedule(Duration.ZERO, () -> network.deliver(caught));
      }
    }

    /** Stops waiting for a message to hold; a message already held is never delivered. */
    public void cancel() {
      synchronized (network) {
        rule.remove();
        released = true;
      }
    }
  }
}
