package org.sepapi.model.reginfo;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.argumentNonNegative;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.nonNegative;
import static org.sepapi.model.internal.Checks.required;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.model.DocumentState;
import org.sepapi.model.Extensible;

/**
 * A {@code reginfo} document (RFC 3680 section 5): the registration state of one or more
 * address-of-record, full or partial, with a version that grows by one per NOTIFY.
 *
 * <p>Thread-safe (immutable). Build one with {@link #builder()}; read and write one with {@code
 * XmlCodec.of(Reginfo.class)}.
 */
@XmlRootElement(name = "reginfo")
@XmlType(propOrder = {"registrations", "extensionsDom"})
public final class Reginfo extends Extensible {
  /** The reginfo namespace, {@value}. */
  public static final String NAMESPACE = "urn:ietf:params:xml:ns:reginfo";

  /** The content type of a reginfo NOTIFY body, {@value}. */
  public static final String CONTENT_TYPE = "application/reginfo+xml";

  @XmlAttribute(name = "version", required = true)
  private Long version;

  @XmlAttribute(name = "state", required = true)
  @XmlJavaTypeAdapter(DocumentState.Adapter.class)
  private DocumentState state;

  @XmlElement(name = "registration")
  private List<Registration> registrations;

  private Reginfo() {}

  private Reginfo(Builder b) {
    super(b);
    this.version = argumentNonNegative(b.version, "version");
    this.state = argument(b.state, "state");
    this.registrations = List.copyOf(b.registrations);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this document's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder().version(version).state(state);
    b.registrations.addAll(registrations);
    return copyExtensionsTo(b);
  }

  /** The document's version: 0 for the first NOTIFY of a subscription, then one more each. */
  public long version() {
    return version;
  }

  public DocumentState state() {
    return state;
  }

  public boolean isFull() {
    return state == DocumentState.FULL;
  }

  public List<Registration> registrations() {
    return registrations;
  }

  /** The registration for an address-of-record, if this document has one. */
  public Optional<Registration> registration(String aor) {
    for (Registration registration : registrations) {
      if (registration.aor().equals(aor)) {
        return Optional.of(registration);
      }
    }
    return Optional.empty();
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
    nonNegative(required(version, "reginfo version"), "reginfo version");
    required(state, "reginfo state");
    registrations = immutable(registrations);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Reginfo other
        && version.equals(other.version)
        && state == other.state
        && registrations.equals(other.registrations)
        && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, state, registrations, extensionsHash());
  }

  @Override
  public String toString() {
    return "Reginfo{version="
        + version
        + ", state="
        + state
        + ", registrations="
        + registrations
        + extensionsToString()
        + "}";
  }

  /** Builds a {@link Reginfo}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private long version;
    private DocumentState state = DocumentState.FULL;
    private final List<Registration> registrations = new ArrayList<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    public Builder version(long version) {
      this.version = version;
      return this;
    }

    public Builder state(DocumentState state) {
      this.state = argument(state, "state");
      return this;
    }

    public Builder addRegistration(Registration registration) {
      registrations.add(argument(registration, "registration"));
      return this;
    }

    public Builder registrations(List<Registration> registrations) {
      this.registrations.clear();
      registrations.forEach(this::addRegistration);
      return this;
    }

    public Reginfo build() {
      return new Reginfo(this);
    }
  }
}
