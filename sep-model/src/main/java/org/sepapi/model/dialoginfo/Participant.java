package org.sepapi.model.dialoginfo;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.argumentNonNegative;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.nonNegative;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.sepapi.model.Extensible;

/**
 * One side of a dialog, the {@code local} or {@code remote} element (RFC 4235 section 4.1.6): who
 * it is, where it can be reached, its session description and its last CSeq.
 *
 * <p>The schema allows one {@code identity}; erratum 4237 of RFC 4235 (reported, not verified) says
 * there may be several, as when a party is asserted by both a SIP and a tel URI. Every identity
 * read is kept, in order.
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"identities", "target", "sessionDescription", "cseq", "extensionsDom"})
public final class Participant extends Extensible {
  @XmlElement(name = "identity")
  private List<NameAddr> identities;

  @XmlElement(name = "target")
  private Target target;

  @XmlElement(name = "session-description")
  private SessionDescription sessionDescription;

  @XmlElement(name = "cseq")
  private Long cseq;

  private Participant() {}

  private Participant(Builder b) {
    super(b);
    this.identities = List.copyOf(b.identities);
    this.target = b.target;
    this.sessionDescription = b.sessionDescription;
    this.cseq = argumentNonNegative(b.cseq, "cseq");
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder().target(target).sessionDescription(sessionDescription);
    b.cseq = cseq;
    b.identities.addAll(identities);
    return copyExtensionsTo(b);
  }

  /** The participant's identity (its From or To URI), the first one when there are several. */
  public Optional<NameAddr> identity() {
    return identities.isEmpty() ? Optional.empty() : Optional.of(identities.get(0));
  }

  /** Every identity, in document order. */
  public List<NameAddr> identities() {
    return identities;
  }

  /** The participant's remote target: its Contact URI and parameters. */
  public Optional<Target> target() {
    return Optional.ofNullable(target);
  }

  public Optional<SessionDescription> sessionDescription() {
    return Optional.ofNullable(sessionDescription);
  }

  /** The most recent CSeq number this participant used in the dialog. */
  public OptionalLong cseq() {
    return cseq == null ? OptionalLong.empty() : OptionalLong.of(cseq);
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
    nonNegative(cseq, "participant cseq");
    identities = immutable(identities);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Participant other
        && identities.equals(other.identities)
        && Objects.equals(target, other.target)
        && Objects.equals(sessionDescription, other.sessionDescription)
        && Objects.equals(cseq, other.cseq)
        && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(identities, target, sessionDescription, cseq, extensionsHash());
  }

  @Override
  public String toString() {
    return "Participant{identities="
        + identities
        + (target == null ? "" : ", target=" + target)
        + (sessionDescription == null ? "" : ", session-description=" + sessionDescription)
        + (cseq == null ? "" : ", cseq=" + cseq)
        + extensionsToString()
        + "}";
  }

  /** Builds a {@link Participant}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private final List<NameAddr> identities = new ArrayList<>();
    private Target target;
    private SessionDescription sessionDescription;
    private Long cseq;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** Sets the one identity, replacing any others; null for none. */
    public Builder identity(NameAddr identity) {
      identities.clear();
      if (identity != null) {
        identities.add(identity);
      }
      return this;
    }

    public Builder addIdentity(NameAddr identity) {
      identities.add(argument(identity, "identity"));
      return this;
    }

    /** The target, or null for none. */
    public Builder target(Target target) {
      this.target = target;
      return this;
    }

    /** The session description, or null for none. */
    public Builder sessionDescription(SessionDescription sessionDescription) {
      this.sessionDescription = sessionDescription;
      return this;
    }

    public Builder cseq(long cseq) {
      this.cseq = cseq;
      return this;
    }

    public Participant build() {
      return new Participant(this);
    }
  }
}
