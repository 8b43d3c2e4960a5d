package org.sepapi.model.reginfo;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.argumentNonNegative;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.nonNegative;
import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;
import static org.sepapi.model.internal.Checks.text;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.sepapi.model.Extensible;
import org.sepapi.model.LocalizedText;
import org.sepapi.model.internal.XmlEnumAdapter;

/**
 * One contact of a registration (RFC 3680 section 5.2): its URI, state, the event that brought it
 * there, and every optional attribute of the RFC.
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"uri", "displayName", "unknownParams", "extensionsDom"})
public final class Contact extends Extensible {
  /** The contact's state machine of RFC 3680 section 3.2. */
  public enum State {
    ACTIVE("active"),
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
        super("contact state", State.class, State::xml);
      }
    }
  }

  /** The event that moved the contact into its state (RFC 3680 section 3.2). */
  public enum Event {
    REGISTERED("registered"),
    CREATED("created"),
    REFRESHED("refreshed"),
    SHORTENED("shortened"),
    EXPIRED("expired"),
    DEACTIVATED("deactivated"),
    PROBATION("probation"),
    UNREGISTERED("unregistered"),
    REJECTED("rejected");

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
        super("contact event", Event.class, Event::xml);
      }
    }
  }

  @XmlAttribute(name = "id", required = true)
  private String id;

  @XmlAttribute(name = "state", required = true)
  @XmlJavaTypeAdapter(State.Adapter.class)
  private State state;

  @XmlAttribute(name = "event", required = true)
  @XmlJavaTypeAdapter(Event.Adapter.class)
  private Event event;

  @XmlAttribute(name = "duration-registered")
  private Long durationRegistered;

  @XmlAttribute(name = "expires")
  private Long expires;

  @XmlAttribute(name = "retry-after")
  private Long retryAfter;

  @XmlAttribute(name = "q")
  private String q;

  @XmlAttribute(name = "callid")
  private String callId;

  @XmlAttribute(name = "cseq")
  private Long cseq;

  @XmlElement(name = "uri", required = true)
  private String uri;

  @XmlElement(name = "display-name")
  private LocalizedText displayName;

  @XmlElement(name = "unknown-param")
  private List<UnknownParam> unknownParams;

  private Contact() {}

  private Contact(Builder b) {
    super(b);
    this.id = requiredText(b.id, "id");
    this.state = argument(b.state, "state");
    this.event = argument(b.event, "event");
    this.durationRegistered = argumentNonNegative(b.durationRegistered, "duration-registered");
    this.expires = argumentNonNegative(b.expires, "expires");
    this.retryAfter = argumentNonNegative(b.retryAfter, "retry-after");
    this.q = b.q;
    this.callId = b.callId;
    this.cseq = argumentNonNegative(b.cseq, "cseq");
    this.uri = requiredText(b.uri, "uri");
    this.displayName = b.displayName;
    this.unknownParams = List.copyOf(b.unknownParams);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b =
        new Builder()
            .id(id)
            .state(state)
            .event(event)
            .uri(uri)
            .displayName(displayName)
            .q(q)
            .callId(callId);
    b.durationRegistered = durationRegistered;
    b.expires = expires;
    b.retryAfter = retryAfter;
    b.cseq = cseq;
    b.unknownParams.addAll(unknownParams);
    return copyExtensionsTo(b);
  }

  /** The registrar's identifier of this contact; partial documents are merged by it. */
  public String id() {
    return id;
  }

  public State state() {
    return state;
  }

  public Event event() {
    return event;
  }

  /** The contact's URI, as in the Contact header of the REGISTER. */
  public String uri() {
    return uri;
  }

  public Optional<LocalizedText> displayName() {
    return Optional.ofNullable(displayName);
  }

  /** Seconds the contact has been registered. */
  public OptionalLong durationRegistered() {
    return optional(durationRegistered);
  }

  /** Seconds until the contact expires. */
  public OptionalLong expires() {
    return optional(expires);
  }

  /** Seconds after which a rejected or probation contact may try again. */
  public OptionalLong retryAfter() {
    return optional(retryAfter);
  }

  /** The q value, as written (for example {@code "0.8"}). */
  public Optional<String> q() {
    return Optional.ofNullable(q);
  }

  /** The Call-ID of the REGISTER that made the contact. */
  public Optional<String> callId() {
    return Optional.ofNullable(callId);
  }

  /** The CSeq number of the REGISTER that made the contact. */
  public OptionalLong cseq() {
    return optional(cseq);
  }

  public List<UnknownParam> unknownParams() {
    return unknownParams;
  }

  private static OptionalLong optional(Long value) {
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
    required(id, "contact id");
    required(state, "contact state");
    required(event, "contact event");
    required(uri, "contact uri");
    nonNegative(durationRegistered, "contact duration-registered");
    nonNegative(expires, "contact expires");
    nonNegative(retryAfter, "contact retry-after");
    nonNegative(cseq, "contact cseq");
    unknownParams = immutable(unknownParams);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Contact other
        && id.equals(other.id)
        && state == other.state
        && event == other.event
        && Objects.equals(durationRegistered, other.durationRegistered)
        && Objects.equals(expires, other.expires)
        && Objects.equals(retryAfter, other.retryAfter)
        && Objects.equals(q, other.q)
        && Objects.equals(callId, other.callId)
        && Objects.equals(cseq, other.cseq)
        && uri.equals(other.uri)
        && Objects.equals(displayName, other.displayName)
        && unknownParams.equals(other.unknownParams)
        && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        state,
        event,
        durationRegistered,
        expires,
        retryAfter,
        q,
        callId,
        cseq,
        uri,
        displayName,
        unknownParams,
        extensionsHash());
  }

  @Override
  public String toString() {
    return "Contact{id="
        + id
        + ", state="
        + state
        + ", event="
        + event
        + ", uri="
        + uri
        + (expires == null ? "" : ", expires=" + expires)
        + (durationRegistered == null ? "" : ", duration-registered=" + durationRegistered)
        + (retryAfter == null ? "" : ", retry-after=" + retryAfter)
        + (q == null ? "" : ", q=" + q)
        + (callId == null ? "" : ", callid=" + callId)
        + (cseq == null ? "" : ", cseq=" + cseq)
        + (displayName == null ? "" : ", display-name=" + displayName)
        + (unknownParams.isEmpty() ? "" : ", unknown-params=" + unknownParams)
        + extensionsToString()
        + "}";
  }

  /** Builds a {@link Contact}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private String id;
    private State state = State.ACTIVE;
    private Event event = Event.REGISTERED;
    private Long durationRegistered;
    private Long expires;
    private Long retryAfter;
    private String q;
    private String callId;
    private Long cseq;
    private String uri;
    private LocalizedText displayName;
    private final List<UnknownParam> unknownParams = new ArrayList<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    public Builder id(String id) {
      this.id = requiredText(id, "id");
      return this;
    }

    public Builder state(State state) {
      this.state = argument(state, "state");
      return this;
    }

    public Builder event(Event event) {
      this.event = argument(event, "event");
      return this;
    }

    public Builder uri(String uri) {
      this.uri = requiredText(uri, "uri");
      return this;
    }

    /** The display name, or null for none. */
    public Builder displayName(LocalizedText displayName) {
      this.displayName = displayName;
      return this;
    }

    public Builder durationRegistered(long seconds) {
      this.durationRegistered = seconds;
      return this;
    }

    public Builder expires(long seconds) {
      this.expires = seconds;
      return this;
    }

    public Builder retryAfter(long seconds) {
      this.retryAfter = seconds;
      return this;
    }

    /** The q value as it should be written, or null for none. */
    public Builder q(String q) {
      this.q = text(q, "q");
      return this;
    }

    /** The REGISTER's Call-ID, or null for none. */
    public Builder callId(String callId) {
      this.callId = text(callId, "callId");
      return this;
    }

    public Builder cseq(long cseq) {
      this.cseq = cseq;
      return this;
    }

    public Builder addUnknownParam(UnknownParam param) {
      unknownParams.add(argument(param, "param"));
      return this;
    }

    public Contact build() {
      return new Contact(this);
    }
  }
}
