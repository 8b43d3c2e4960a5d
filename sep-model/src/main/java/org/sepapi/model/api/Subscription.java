package org.sepapi.model.api;

import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.model.ModelException;
import org.sepapi.model.internal.DateTimeAdapter;
import org.sepapi.model.rlmi.RlmiList;

/**
 * A subscription as the API shows it: the answer to {@code POST} and {@code GET}, and the body of
 * every callback.
 *
 * <pre>{@code
 * <subscription xmlns="http://voip.co.uk/api/sep/2009-06" event="reg" id="4f2a...">
 *   <list xmlns="urn:ietf:params:xml:ns:rlmi" uri="..." version="3" fullState="false">
 *     <resource uri="sip:alice@example.com">
 *       <instance id="1" state="active">
 *         <reginfo xmlns="urn:ietf:params:xml:ns:reginfo" ...>...</reginfo>
 *       </instance>
 *     </resource>
 *   </list>
 *   <notify url="https://app.example.com/sep-callback"/>
 *   <expires>2026-11-23T12:00:00Z</expires>
 * </subscription>
 * }</pre>
 *
 * Each RLMI instance carries the resource's current state inline: an XML body as its element (build
 * it with {@code XmlCodec.encodeToElement}), any other body as a {@link TextBody}.
 *
 * <p>Thread-safe (immutable).
 */
@XmlRootElement(name = "subscription")
@XmlType(propOrder = {"list", "notify", "expires"})
public final class Subscription {
  @XmlAttribute(name = "event", required = true)
  private String event;

  @XmlAttribute(name = "id", required = true)
  private String id;

  @XmlElementRef(required = false)
  private RlmiList list;

  @XmlElement(name = "notify")
  private Notify notify;

  @XmlElement(name = "expires")
  @XmlJavaTypeAdapter(DateTimeAdapter.class)
  private OffsetDateTime expires;

  private Subscription() {}

  private Subscription(Builder b) {
    this.event = requiredText(b.event, "event");
    this.id = requiredText(b.id, "id");
    this.list = b.list;
    this.notify = b.notifyUrl == null ? null : new Notify(b.notifyUrl);
    this.expires = b.expires;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .event(event)
        .id(id)
        .list(list)
        .notifyUrl(notify == null ? null : notify.url())
        .expires(expires);
  }

  /** The SIP event package. */
  public String event() {
    return event;
  }

  /** The subscription's id, the last segment of its Location. */
  public String id() {
    return id;
  }

  /** Every resource (or, in a callback, every changed resource) with its instances and state. */
  public Optional<RlmiList> list() {
    return Optional.ofNullable(list);
  }

  public Optional<String> notifyUrl() {
    return notify == null ? Optional.empty() : Optional.of(notify.url());
  }

  public Optional<OffsetDateTime> expires() {
    return Optional.ofNullable(expires);
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    required(event, "subscription event");
    required(id, "subscription id");
    if (id.isBlank()) {
      throw new ModelException("subscription id is empty");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Subscription other
        && event.equals(other.event)
        && id.equals(other.id)
        && Objects.equals(list, other.list)
        && notifyUrl().equals(other.notifyUrl())
        && Objects.equals(expires, other.expires);
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, id, list, notifyUrl(), expires);
  }

  @Override
  public String toString() {
    return "Subscription{id="
        + id
        + ", event="
        + event
        + (list == null ? "" : ", list=" + list)
        + (notify == null ? "" : ", notify=" + notify.url())
        + (expires == null ? "" : ", expires=" + expires)
        + "}";
  }

  /** Builds a {@link Subscription}. Not thread-safe. */
  public static final class Builder {
    private String event;
    private String id;
    private RlmiList list;
    private String notifyUrl;
    private OffsetDateTime expires;

    private Builder() {}

    public Builder event(String event) {
      this.event = requiredText(event, "event");
      return this;
    }

    public Builder id(String id) {
      this.id = requiredText(id, "id");
      return this;
    }

    /** The resources and their state, or null for none yet. */
    public Builder list(RlmiList list) {
      this.list = list;
      return this;
    }

    /** The callback URL, or null for none. */
    public Builder notifyUrl(String notifyUrl) {
      this.notifyUrl = notifyUrl;
      return this;
    }

    /** Until when, or null to leave it out. */
    public Builder expires(OffsetDateTime expires) {
      this.expires = expires;
      return this;
    }

    public Subscription build() {
      return new Subscription(this);
    }
  }
}
