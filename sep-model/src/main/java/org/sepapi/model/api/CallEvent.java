package org.sepapi.model.api;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.argumentNonNegative;
import static org.sepapi.model.internal.Checks.nonBlank;
import static org.sepapi.model.internal.Checks.nonNegative;
import static org.sepapi.model.internal.Checks.present;
import static org.sepapi.model.internal.Checks.quote;
import static org.sepapi.model.internal.Checks.required;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.model.ModelException;
import org.sepapi.model.callstatus.StatusLines;
import org.sepapi.model.internal.InstantAdapter;
import org.sepapi.model.internal.XmlEnumAdapter;

/**
 * The body of a call controller's call-state callback: a {@code POST} to the call's callback URL
 * each time a third-party call changes state.
 *
 * <pre>{@code
 * <call xmlns="http://voip.co.uk/api/sep/2009-06" id="c-8f3a" version="3" state="failed">
 *   <calling>sip:alice@example.com</calling>
 *   <called>sip:bob@example.com</called>
 *   <method>REFER</method>
 *   <agent>sip:boss@example.com</agent>
 *   <reason>busy</reason>
 *   <transition state="initiated" time="2026-11-30T15:00:00.123Z"/>
 *   <transition state="ringing" time="2026-11-30T15:00:01Z"/>
 *   <status-lines xmlns="http://www.sipfoundry.org/sipX/schema/xml/call-status-00-00">
 *     <status>...</status>
 *   </status-lines>
 * </call>
 * }</pre>
 *
 * The {@code version} grows by one per callback of a call, so a receiver that sees a gap knows it
 * missed one. {@code agent} and {@code reason} are optional, and so are the call's {@link
 * StatusLines} (in their own namespace); at least one {@code transition} is required, kept in
 * document order. As in every API document, an element the API does not define is refused.
 *
 * <p>Thread-safe (immutable). Build one with {@link #builder()}; read and write one with {@code
 * XmlCodec.of(CallEvent.class)}.
 */
@XmlRootElement(name = "call")
@XmlType(
    propOrder = {"calling", "called", "method", "agent", "reason", "transitions", "statusLines"})
public final class CallEvent {
  /** The states of a third-party call, as the {@code state} attributes spell them. */
  public enum State {
    /** The call controller has sent the first request. */
    INITIATED("initiated"),
    /** A party is being alerted. */
    RINGING("ringing"),
    /** The call is up. */
    ANSWERED("answered"),
    /** The call was up and has ended. */
    COMPLETED("completed"),
    /** The call ended without being answered, or could not be set up. */
    FAILED("failed");

    private final String xml;

    State(String xml) {
      this.xml = xml;
    }

    /** The value as written in the document. */
    public String xml() {
      return xml;
    }

    static final class Adapter extends XmlEnumAdapter<State> {
      Adapter() {
        super("call state", State.class, State::xml);
      }
    }
  }

  /**
   * Reads {@code version} as a whole number from 0 to {@link Long#MAX_VALUE}, refusing anything
   * else with a message that names the value (JAXB alone says only "For input string").
   */
  static final class VersionAdapter extends XmlAdapter<String, Long> {
    @Override
    public Long unmarshal(String value) {
      if (value == null) {
        return null;
      }
      long version;
      try {
        version = Long.parseLong(value.strip());
      } catch (NumberFormatException e) {
        throw new ModelException(
            "call version " + quote(value) + " is not a whole number from 0 to " + Long.MAX_VALUE);
      }
      return nonNegative(version, "call version");
    }

    @Override
    public String marshal(Long value) {
      return value == null ? null : value.toString();
    }
  }

  @XmlAttribute(name = "id", required = true)
  private String id;

  @XmlAttribute(name = "version", required = true)
  @XmlJavaTypeAdapter(VersionAdapter.class)
  private Long version;

  @XmlAttribute(name = "state", required = true)
  @XmlJavaTypeAdapter(State.Adapter.class)
  private State state;

  @XmlElement(name = "calling", required = true)
  private String calling;

  @XmlElement(name = "called", required = true)
  private String called;

  @XmlElement(name = "method", required = true)
  private String method;

  @XmlElement(name = "agent")
  private String agent;

  @XmlElement(name = "reason")
  private String reason;

  @XmlElement(name = "transition", required = true)
  private List<Transition> transitions;

  @XmlElementRef(required = false)
  private StatusLines statusLines;

  private CallEvent() {}

  private CallEvent(Builder b) {
    this.id = nonBlank(b.id, "id");
    this.version = argumentNonNegative(b.version, "version");
    this.state = argument(b.state, "state");
    this.calling = nonBlank(b.calling, "calling");
    this.called = nonBlank(b.called, "called");
    this.method = nonBlank(b.method, "method");
    this.agent = b.agent == null ? null : nonBlank(b.agent, "agent");
    this.reason = b.reason == null ? null : nonBlank(b.reason, "reason");
    if (b.transitions.isEmpty()) {
      throw new IllegalArgumentException("a call event needs at least one transition");
    }
    this.transitions = List.copyOf(b.transitions);
    this.statusLines = b.statusLines;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this event's values, to derive a changed copy (the next version, say). */
  public Builder toBuilder() {
    return new Builder()
        .id(id)
        .version(version)
        .state(state)
        .calling(calling)
        .called(called)
        .method(method)
        .agent(agent)
        .reason(reason)
        .transitions(transitions)
        .statusLines(statusLines);
  }

  /** The call's id, the last segment of its Location. */
  public String id() {
    return id;
  }

  /** The callback's number within its call: one more per callback. */
  public long version() {
    return version;
  }

  /** The state the call is in now. */
  public State state() {
    return state;
  }

  /** The calling party's URI. */
  public String calling() {
    return calling;
  }

  /** The called party's URI. */
  public String called() {
    return called;
  }

  /** How the call was set up: {@code REFER} or {@code INVITE}, as the request asked. */
  public String method() {
    return method;
  }

  /** The third party that set the call up for the calling user, when there was one. */
  public Optional<String> agent() {
    return Optional.ofNullable(agent);
  }

  /** Why the call failed or how it ended, when it did. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /** The states the call went through, in document order (the order they happened); never empty. */
  public List<Transition> transitions() {
    return transitions;
  }

  /** The SIP status lines the call controller saw for the call, when the callback carries them. */
  public Optional<StatusLines> statusLines() {
    return Optional.ofNullable(statusLines);
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    present(id, "call id");
    nonNegative(required(version, "call version"), "call version");
    required(state, "call state");
    present(calling, "call calling");
    present(called, "call called");
    present(method, "call method");
    if (agent != null) {
      present(agent, "call agent");
    }
    if (reason != null) {
      present(reason, "call reason");
    }
    if (transitions == null || transitions.isEmpty()) {
      throw new ModelException("call needs at least one transition");
    }
    transitions = List.copyOf(transitions);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallEvent other
        && id.equals(other.id)
        && version.equals(other.version)
        && state == other.state
        && calling.equals(other.calling)
        && called.equals(other.called)
        && method.equals(other.method)
        && Objects.equals(agent, other.agent)
        && Objects.equals(reason, other.reason)
        && transitions.equals(other.transitions)
        && Objects.equals(statusLines, other.statusLines);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id, version, state, calling, called, method, agent, reason, transitions, statusLines);
  }

  @Override
  public String toString() {
    return "CallEvent{id="
        + id
        + ", version="
        + version
        + ", state="
        + state
        + ", calling="
        + calling
        + ", called="
        + called
        + ", method="
        + method
        + (agent == null ? "" : ", agent=" + agent)
        + (reason == null ? "" : ", reason=" + reason)
        + ", transitions="
        + transitions
        + (statusLines == null ? "" : ", statusLines=" + statusLines)
        + "}";
  }

  /**
   * One state change of a call, with when it happened: {@code <transition state="ringing"
   * time="2026-11-30T15:00:01Z"/>}. The time is read as {@code xs:dateTime} (without a zone: UTC)
   * and written in UTC.
   *
   * <p>Thread-safe (immutable).
   */
  public static final class Transition {
    @XmlAttribute(name = "state", required = true)
    @XmlJavaTypeAdapter(State.Adapter.class)
    private State state;

    @XmlAttribute(name = "time", required = true)
    @XmlJavaTypeAdapter(InstantAdapter.class)
    private Instant time;

    private Transition() {}

    private Transition(State state, Instant time) {
      this.state = argument(state, "state");
      this.time = argument(time, "time");
      if (!writable(time)) {
        throw new IllegalArgumentException("time out of the range a document can carry: " + time);
      }
    }

    /** The call entered {@code state} at {@code time}. */
    public static Transition of(State state, Instant time) {
      return new Transition(state, time);
    }

    /** The state the call entered. */
    public State state() {
      return state;
    }

    /** When it entered it. */
    public Instant time() {
      return time;
    }

    /** Whether an instant has an {@code xs:dateTime} in UTC (its year fits in nine digits). */
    private static boolean writable(Instant time) {
      try {
        time.atOffset(ZoneOffset.UTC);
        return true;
      } catch (DateTimeException e) {
        return false;
      }
    }

    @SuppressWarnings("unused") // called by JAXB
    private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
      required(state, "transition state");
      required(time, "transition time");
      if (!writable(time)) {
        throw new ModelException("transition time is out of range: " + time);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Transition other && state == other.state && time.equals(other.time);
    }

    @Override
    public int hashCode() {
      return Objects.hash(state, time);
    }

    @Override
    public String toString() {
      return state.xml() + "@" + time;
    }
  }

  /** Builds a {@link CallEvent}. Not thread-safe. */
  public static final class Builder {
    private String id;
    private long version;
    private State state;
    private String calling;
    private String called;
    private String method;
    private String agent;
    private String reason;
    private final List<Transition> transitions = new ArrayList<>();
    private StatusLines statusLines;

    private Builder() {}

    /** The call's id; required, not blank. */
    public Builder id(String id) {
      this.id = nonBlank(id, "id");
      return this;
    }

    /** The callback's number within its call, 0 or more; 0 unless set. */
    public Builder version(long version) {
      this.version = argumentNonNegative(version, "version");
      return this;
    }

    /** The state the call is in now; required. */
    public Builder state(State state) {
      this.state = argument(state, "state");
      return this;
    }

    /** The calling party's URI; required. */
    public Builder calling(String calling) {
      this.calling = nonBlank(calling, "calling");
      return this;
    }

    /** The called party's URI; required. */
    public Builder called(String called) {
      this.called = nonBlank(called, "called");
      return this;
    }

    /** {@code REFER} or {@code INVITE}; required. */
    public Builder method(String method) {
      this.method = nonBlank(method, "method");
      return this;
    }

    /** The third party acting for the calling user, or null for none. */
    public Builder agent(String agent) {
      this.agent = agent == null ? null : nonBlank(agent, "agent");
      return this;
    }

    /** Why the call failed or how it ended, or null for nothing to say. */
    public Builder reason(String reason) {
      this.reason = reason == null ? null : nonBlank(reason, "reason");
      return this;
    }

    /** Adds the next state change; at least one is required. */
    public Builder addTransition(Transition transition) {
      transitions.add(argument(transition, "transition"));
      return this;
    }

    /** Adds the next state change: the call entered {@code state} at {@code time}. */
    public Builder addTransition(State state, Instant time) {
      return addTransition(Transition.of(state, time));
    }

    /** Replaces the state changes, in order. */
    public Builder transitions(List<Transition> transitions) {
      this.transitions.clear();
      transitions.forEach(this::addTransition);
      return this;
    }

    /** The call's SIP status lines, or null to leave them out. */
    public Builder statusLines(StatusLines statusLines) {
      this.statusLines = statusLines;
      return this;
    }

    /**
     * The event.
     *
     * @throws NullPointerException if a required value was not set
     * @throws IllegalArgumentException if there is no transition
     */
    public CallEvent build() {
      return new CallEvent(this);
    }
  }
}
