package org.sepapi.model.pidf;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlValue;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.sepapi.model.internal.Checks;

/**
 * A tuple's contact address, {@code <contact priority="0.8">im:someone@example.com</contact>} (RFC
 * 3863): the URI to reach the presentity through this tuple, and optionally how much it is
 * preferred, a decimal from 0 to 1.
 *
 * <p>The URI is kept without surrounding whitespace (a pretty-printed document puts line breaks
 * around it; the schema's {@code xs:anyURI} collapses them). Two priorities are equal when their
 * values are ({@code 1.0} is {@code 1}); each is written back with the digits it was read with.
 *
 * <p>Thread-safe (immutable).
 */
public final class Contact {
  @XmlValue private String uri;

  @XmlAttribute(name = "priority")
  @XmlJavaTypeAdapter(Priorities.class)
  private BigDecimal priority;

  @XmlAnyAttribute private Map<QName, String> otherAttributes;

  private Contact() {}

  private Contact(Builder b) {
    this.uri = Checks.nonBlank(b.uri, "uri").strip();
    this.priority = b.priority;
    this.otherAttributes = immutable(b.otherAttributes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A contact with no priority. */
  public static Contact of(String uri) {
    return builder().uri(uri).build();
  }

  /** A contact with a priority from 0 to 1. */
  public static Contact of(String uri, BigDecimal priority) {
    return builder().uri(uri).priority(priority).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder().uri(uri).priority(priority);
    b.otherAttributes.putAll(otherAttributes);
    return b;
  }

  /** The contact URI, without surrounding whitespace. */
  public String uri() {
    return uri;
  }

  /** The priority from 0 to 1, higher preferred, if the document gives one. */
  public Optional<BigDecimal> priority() {
    return Optional.ofNullable(priority);
  }

  /** Attributes the RFC does not define, kept as read. */
  public Map<QName, String> otherAttributes() {
    return otherAttributes;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    uri = Checks.present(uri, "contact uri").strip();
    otherAttributes = immutable(otherAttributes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Contact other
        && uri.equals(other.uri)
        && (priority == null
            ? other.priority == null
            : other.priority != null && priority.compareTo(other.priority) == 0)
        && otherAttributes.equals(other.otherAttributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        uri, priority == null ? null : priority.stripTrailingZeros(), otherAttributes);
  }

  @Override
  public String toString() {
    return uri
        + (priority == null ? "" : " priority=" + priority.toPlainString())
        + (otherAttributes.isEmpty() ? "" : " " + otherAttributes);
  }

  /** Builds a {@link Contact}. Not thread-safe. */
  public static final class Builder {
    private String uri;
    private BigDecimal priority;
    private final Map<QName, String> otherAttributes = new LinkedHashMap<>();

    private Builder() {}

    /** The contact URI; not blank. Surrounding whitespace is dropped. */
    public Builder uri(String uri) {
      this.uri = Checks.nonBlank(uri, "uri");
      return this;
    }

    /** The priority from 0 to 1, or null for none. */
    public Builder priority(BigDecimal priority) {
      if (priority != null && !Priorities.inRange(priority)) {
        throw new IllegalArgumentException("priority must be from 0 to 1: " + priority);
      }
      this.priority = priority;
      return this;
    }

    public Builder otherAttribute(QName name, String value) {
      otherAttributes.put(argument(name, "name"), argument(value, "value"));
      return this;
    }

    public Contact build() {
      return new Contact(this);
    }
  }
}
