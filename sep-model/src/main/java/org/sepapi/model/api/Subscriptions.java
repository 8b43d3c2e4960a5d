package org.sepapi.model.api;

import static org.sepapi.model.internal.Checks.immutable;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.List;

/**
 * A caller's subscriptions, the answer to {@code GET <base>}: {@code <subscriptions>} with one
 * {@link SubscriptionSummary} each.
 *
 * <p>Thread-safe (immutable).
 */
@XmlRootElement(name = "subscriptions")
public final class Subscriptions {
  @XmlElement(name = "subscription")
  private List<SubscriptionSummary> subscriptions;

  private Subscriptions() {}

  private Subscriptions(List<SubscriptionSummary> subscriptions) {
    this.subscriptions = List.copyOf(subscriptions);
  }

  public static Subscriptions of(List<SubscriptionSummary> subscriptions) {
    return new Subscriptions(subscriptions);
  }

  public List<SubscriptionSummary> subscriptions() {
    return subscriptions;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    subscriptions = immutable(subscriptions);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Subscriptions other && subscriptions.equals(other.subscriptions);
  }

  @Override
  public int hashCode() {
    return subscriptions.hashCode();
  }

  @Override
  public String toString() {
    return "Subscriptions" + subscriptions;
  }
}
