package org.sepapi.model.api;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
import java.time.OffsetDateTime;
import java.util.Objects;
import org.sepapi.model.internal.DateTimeAdapter;

/**
 * One line of a caller's list of subscriptions: {@code <subscription id="..." event="reg"
 * expires="..." resources="3"/>}.
 *
 * <p>Thread-safe (immutable).
 */
public final class SubscriptionSummary {
  @XmlAttribute(name = "id", required = true)
  private String id;

  @XmlAttribute(name = "event", required = true)
  private String event;

  @XmlAttribute(name = "expires", required = true)
  @XmlJavaTypeAdapter(DateTimeAdapter.class)
  private OffsetDateTime expires;

  @XmlAttribute(name = "resources", required = true)
  private Integer resources;

  private SubscriptionSummary() {}

  private SubscriptionSummary(String id, String event, OffsetDateTime expires, int resources) {
    this.id = requiredText(id, "id");
    this.event = requiredText(event, "event");
    this.expires = argument(expires, "expires");
    if (resources < 0) {
      throw new IllegalArgumentException("resources must not be negative: " + resources);
    }
    this.resources = resources;
  }

  public static SubscriptionSummary of(
      String id, String event, OffsetDateTime expires, int resources) {
    return new SubscriptionSummary(id, event, expires, resources);
  }

  public String id() {
    return id;
  }

  /** The SIP event package. */
  public String event() {
    return event;
  }

  public OffsetDateTime expires() {
    return expires;
  }

  /** How many resources the subscription watches. */
  public int resources() {
    return resources;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    required(id, "subscription id");
    required(event, "subscription event");
    required(expires, "subscription expires");
    required(resources, "subscription resources");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubscriptionSummary other
        && id.equals(other.id)
        && event.equals(other.event)
        && expires.equals(other.expires)
        && resources.equals(other.resources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, event, expires, resources);
  }

  @Override
  public String toString() {
    return "SubscriptionSummary{id="
        + id
        + ", event="
        + event
        + ", expires="
        + expires
        + ", resources="
        + resources
        + "}";
  }
}
