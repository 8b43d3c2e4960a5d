package org.sepapi.model.pidf;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.model.Extensible;
import org.sepapi.model.internal.XmlEnumAdapter;

/**
 * A tuple's status, {@code <status>} (RFC 3863): the optional basic status, open or closed, and any
 * further status values of other namespaces, such as the RPID activities (RFC 4480) that clients
 * put here, kept as read.
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"basic", "extensionsDom"})
public final class Status extends Extensible {
  /** The basic status of RFC 3863: whether the contact address can take communication. */
  public enum Basic {
    OPEN("open"),
    CLOSED("closed");

    private final String xml;

    Basic(String xml) {
      this.xml = xml;
    }

    /** The value as written in the document. */
    public String xml() {
      return xml;
    }

    static final class Adapter extends XmlEnumAdapter<Basic> {
      Adapter() {
        super("basic status", Basic.class, Basic::xml);
      }
    }
  }

  @XmlElement(name = "basic")
  @XmlJavaTypeAdapter(Basic.Adapter.class)
  private Basic basic;

  private Status() {}

  private Status(Builder b) {
    super(b);
    this.basic = b.basic;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code <status><basic>open</basic></status>}. */
  public static Status open() {
    return builder().basic(Basic.OPEN).build();
  }

  /** {@code <status><basic>closed</basic></status>}. */
  public static Status closed() {
    return builder().basic(Basic.CLOSED).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder().basic(basic);
    return copyExtensionsTo(b);
  }

  /** The basic status, if the document gives one. */
  public Optional<Basic> basic() {
    return Optional.ofNullable(basic);
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Status other && basic == other.basic && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(basic, extensionsHash());
  }

  @Override
  public String toString() {
    return "Status{"
        + (basic == null ? "no basic" : "basic=" + basic.xml())
        + extensionsToString()
        + "}";
  }

  /** Builds a {@link Status}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private Basic basic;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The basic status, or null for none. */
    public Builder basic(Basic basic) {
      this.basic = basic;
      return this;
    }

    public Status build() {
      return new Status(this);
    }
  }
}
