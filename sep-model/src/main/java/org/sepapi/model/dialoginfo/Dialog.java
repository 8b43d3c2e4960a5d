package org.sepapi.model.dialoginfo;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.argumentNonNegative;
import static org.sepapi.model.internal.Checks.nonNegative;
import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;
import static org.sepapi.model.internal.Checks.text;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementWrapper;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.XmlValue;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.sepapi.model.Extensible;
import org.sepapi.model.ModelException;
import org.sepapi.model.internal.XmlEnumAdapter;

/**
 * One INVITE-initiated dialog of the observed entity (RFC 4235 section 4.1.1): its identifiers, its
 * state, and what the notifier knows of both participants. Partial documents are merged by {@link
 * #id()}; a {@linkplain #isTerminated() terminated} dialog leaves the merged state.
 *
 * <p>The {@code state} element's text, {@code event} and {@code code} are read as {@link #state()},
 * {@link #event()} and {@link #code()}.
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(
    propOrder = {
      "stateElement",
      "duration",
      "replaces",
      "referredBy",
      "routeSet",
      "local",
      "remote",
      "extensionsDom"
    })
public final class Dialog extends Extensible {
  /** The dialog state machine of RFC 4235 section 3.7.1. */
  public enum State {
    TRYING("trying"),
    PROCEEDING("proceeding"),
    EARLY("early"),
    CONFIRMED("confirmed"),
    TERMINATED("terminated");

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
        super("dialog state", State.class, State::xml);
      }
    }
  }

  /** What moved the dialog into its state, mostly why it terminated (RFC 4235 section 4.1.2). */
  public enum Event {
    CANCELLED("cancelled"),
    REJECTED("rejected"),
    REPLACED("replaced"),
    LOCAL_BYE("local-bye"),
    REMOTE_BYE("remote-bye"),
    ERROR("error"),
    TIMEOUT("timeout");

    private final String xml;

    Event(String xml) {
      this.xml = xml;
    }

    /** The value as written in the document. */
    public String xml() {
      return xml;
    }

    static final class Adapter extends XmlEnumAdapter<Event> {
      Adapter() {
        super("dialog state event", Event.class, Event::xml);
      }
    }
  }

  /**
   * Whether the observed entity sent the INVITE or received it.
   *
   * <p>{@code direction="receiver"}, a spelling outside the schema's enumeration that is reported
   * in an RFC 4235 example, is read as {@link #RECIPIENT} and written back as {@code recipient}.
   */
  public enum Direction {
    INITIATOR("initiator"),
    RECIPIENT("recipient");

    private final String xml;

    Direction(String xml) {
      this.xml = xml;
    }

    /** The value as written in the document. */
    public String xml() {
      return xml;
    }

    static final class Adapter extends XmlEnumAdapter<Direction> {
      Adapter() {
        super("dialog direction", Direction.class, Direction::xml);
      }

      @Override
      public Direction unmarshal(String value) {
        if (value != null && value.strip().equals("receiver")) {
          return RECIPIENT;
        }
        return super.unmarshal(value);
      }
    }
  }

  @XmlAttribute(name = "id", required = true)
  private String id;

  @XmlAttribute(name = "call-id")
  private String callId;

  @XmlAttribute(name = "local-tag")
  private String localTag;

  @XmlAttribute(name = "remote-tag")
  private String remoteTag;

  @XmlAttribute(name = "direction")
  @XmlJavaTypeAdapter(Direction.Adapter.class)
  private Direction direction;

  @XmlElement(name = "state", required = true)
  private StateElement stateElement;

  @XmlElement(name = "duration")
  private Long duration;

  @XmlElement(name = "replaces")
  private Replaces replaces;

  @XmlElement(name = "referred-by")
  private NameAddr referredBy;

  /** The hops; null (not written) when there are none. */
  @XmlElementWrapper(name = "route-set")
  @XmlElement(name = "hop", required = true)
  private List<String> routeSet;

  @XmlElement(name = "local")
  private Participant local;

  @XmlElement(name = "remote")
  private Participant remote;

  private Dialog() {}

  private Dialog(Builder b) {
    super(b);
    this.id = requiredText(b.id, "id");
    this.callId = b.callId;
    this.localTag = b.localTag;
    this.remoteTag = b.remoteTag;
    this.direction = b.direction;
    this.stateElement = new StateElement(argument(b.state, "state"), b.event, b.code);
    this.duration = argumentNonNegative(b.duration, "duration");
    this.replaces = b.replaces;
    this.referredBy = b.referredBy;
    this.routeSet = b.routeSet.isEmpty() ? null : List.copyOf(b.routeSet);
    this.local = b.local;
    this.remote = b.remote;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this dialog's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b =
        new Builder()
            .id(id)
            .callId(callId)
            .localTag(localTag)
            .remoteTag(remoteTag)
            .direction(direction)
            .state(stateElement.state)
            .event(stateElement.event)
            .replaces(replaces)
            .referredBy(referredBy)
            .routeSet(routeSet())
            .local(local)
            .remote(remote);
    b.code = stateElement.code;
    b.duration = duration;
    return copyExtensionsTo(b);
  }

  /** The notifier's identifier of this dialog; partial documents are merged by it. */
  public String id() {
    return id;
  }

  /** The dialog's Call-ID. */
  public Optional<String> callId() {
    return Optional.ofNullable(callId);
  }

  /** The observed entity's tag. */
  public Optional<String> localTag() {
    return Optional.ofNullable(localTag);
  }

  /** The other party's tag; absent while the dialog is still being set up. */
  public Optional<String> remoteTag() {
    return Optional.ofNullable(remoteTag);
  }

  public Optional<Direction> direction() {
    return Optional.ofNullable(direction);
  }

  public State state() {
    return stateElement.state;
  }

  /** Whether the dialog has ended: a merger of partial documents drops it. */
  public boolean isTerminated() {
    return stateElement.state == State.TERMINATED;
  }

  /** What moved the dialog into its state, for example {@link Event#REMOTE_BYE}. */
  public Optional<Event> event() {
    return Optional.ofNullable(stateElement.event);
  }

  /** The SIP response code that moved the dialog into its state (100 to 699). */
  public OptionalInt code() {
    return stateElement.code == null ? OptionalInt.empty() : OptionalInt.of(stateElement.code);
  }

  /** Seconds since the dialog was created. */
  public OptionalLong duration() {
    return duration == null ? OptionalLong.empty() : OptionalLong.of(duration);
  }

  /** The dialog this one replaced, from the INVITE's Replaces header field. */
  public Optional<Replaces> replaces() {
    return Optional.ofNullable(replaces);
  }

  /** Who referred the observed entity into this dialog, from the Referred-By header field. */
  public Optional<NameAddr> referredBy() {
    return Optional.ofNullable(referredBy);
  }

  /** The dialog's route set, each hop a Record-Route value; empty when the document has none. */
  public List<String> routeSet() {
    return routeSet == null ? List.of() : routeSet;
  }

  /** The observed entity's side of the dialog. */
  public Optional<Participant> local() {
    return Optional.ofNullable(local);
  }

  /** The other side of the dialog. */
  public Optional<Participant> remote() {
    return Optional.ofNullable(remote);
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
    required(id, "dialog id");
    required(stateElement, "dialog state");
    nonNegative(duration, "dialog duration");
    if (routeSet != null) {
      if (routeSet.isEmpty()) {
        throw new ModelException("dialog route-set needs at least one hop");
      }
      routeSet = List.copyOf(routeSet);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dialog other
        && id.equals(other.id)
        && Objects.equals(callId, other.callId)
        && Objects.equals(localTag, other.localTag)
        && Objects.equals(remoteTag, other.remoteTag)
        && direction == other.direction
        && stateElement.equals(other.stateElement)
        && Objects.equals(duration, other.duration)
        && Objects.equals(replaces, other.replaces)
        && Objects.equals(referredBy, other.referredBy)
        && routeSet().equals(other.routeSet())
        && Objects.equals(local, other.local)
        && Objects.equals(remote, other.remote)
        && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        callId,
        localTag,
        remoteTag,
        direction,
        stateElement,
        duration,
        replaces,
        referredBy,
        routeSet(),
        local,
        remote,
        extensionsHash());
  }

  @Override
  public String toString() {
    return "Dialog{id="
        + id
        + ", state="
        + stateElement.state
        + (stateElement.event == null ? "" : ", event=" + stateElement.event)
        + (stateElement.code == null ? "" : ", code=" + stateElement.code)
        + (callId == null ? "" : ", call-id=" + callId)
        + (localTag == null ? "" : ", local-tag=" + localTag)
        + (remoteTag == null ? "" : ", remote-tag=" + remoteTag)
        + (direction == null ? "" : ", direction=" + direction)
        + (duration == null ? "" : ", duration=" + duration)
        + (replaces == null ? "" : ", replaces=" + replaces)
        + (referredBy == null ? "" : ", referred-by=" + referredBy)
        + (routeSet == null ? "" : ", route-set=" + routeSet)
        + (local == null ? "" : ", local=" + local)
        + (remote == null ? "" : ", remote=" + remote)
        + extensionsToString()
        + "}";
  }

  /** Checks a response code against the schema's range, 100 to 699. */
  private static boolean isResponseCode(int code) {
    return code >= 100 && code <= 699;
  }

  /** The {@code state} element: the state as text, with its event and code attributes. */
  private static final class StateElement {
    @XmlValue
    @XmlJavaTypeAdapter(State.Adapter.class)
    private State state;

    @XmlAttribute(name = "event")
    @XmlJavaTypeAdapter(Event.Adapter.class)
    private Event event;

    @XmlAttribute(name = "code")
    private Integer code;

    private StateElement() {}

    private StateElement(State state, Event event, Integer code) {
      this.state = state;
      this.event = event;
      this.code = code;
    }

    @SuppressWarnings("unused") // called by JAXB
    private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
      required(state, "dialog state");
      if (code != null && !isResponseCode(code)) {
        throw new ModelException("dialog state code must be between 100 and 699: " + code);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof StateElement other
          && state == other.state
          && event == other.event
          && Objects.equals(code, other.code);
    }

    @Override
    public int hashCode() {
      return Objects.hash(state, event, code);
    }
  }

  /** Builds a {@link Dialog}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private String id;
    private String callId;
    private String localTag;
    private String remoteTag;
    private Direction direction;
    private State state;
    private Event event;
    private Integer code;
    private Long duration;
    private Replaces replaces;
    private NameAddr referredBy;
    private final List<String> routeSet = new ArrayList<>();
    private Participant local;
    private Participant remote;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    public Builder id(String id) {
      this.id = requiredText(id, "id");
      return this;
    }

    /** The Call-ID, or null for none. */
    public Builder callId(String callId) {
      this.callId = text(callId, "callId");
      return this;
    }

    /** The local tag, or null for none. */
    public Builder localTag(String localTag) {
      this.localTag = text(localTag, "localTag");
      return this;
    }

    /** The remote tag, or null for none. */
    public Builder remoteTag(String remoteTag) {
      this.remoteTag = text(remoteTag, "remoteTag");
      return this;
    }

    /** The direction, or null for none. */
    public Builder direction(Direction direction) {
      this.direction = direction;
      return this;
    }

    /** The dialog's state; required. */
    public Builder state(State state) {
      this.state = argument(state, "state");
      return this;
    }

    /** The event that moved the dialog into its state, or null for none. */
    public Builder event(Event event) {
      this.event = event;
      return this;
    }

    /**
     * The response code that moved the dialog into its state.
     *
     * @throws IllegalArgumentException unless it is between 100 and 699
     */
    public Builder code(int code) {
      if (!isResponseCode(code)) {
        throw new IllegalArgumentException("code must be between 100 and 699: " + code);
      }
      this.code = code;
      return this;
    }

    public Builder duration(long seconds) {
      this.duration = seconds;
      return this;
    }

    /** The replaced dialog, or null for none. */
    public Builder replaces(Replaces replaces) {
      this.replaces = replaces;
      return this;
    }

    /** The referrer, or null for none. */
    public Builder referredBy(NameAddr referredBy) {
      this.referredBy = referredBy;
      return this;
    }

    public Builder addHop(String hop) {
      routeSet.add(requiredText(hop, "hop"));
      return this;
    }

    /** The route set's hops, replacing any added before; empty for none. */
    public Builder routeSet(List<String> hops) {
      routeSet.clear();
      hops.forEach(this::addHop);
      return this;
    }

    /** The local participant, or null for none. */
    public Builder local(Participant local) {
      this.local = local;
      return this;
    }

    /** The remote participant, or null for none. */
    public Builder remote(Participant remote) {
      this.remote = remote;
      return this;
    }

    public Dialog build() {
      return new Dialog(this);
    }
  }
}
