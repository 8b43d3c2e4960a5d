package org.sepapi.model.dialoginfo;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.argumentNonNegative;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.nonNegative;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlTransient;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.xml.namespace.QName;
import org.sepapi.model.AnyElement;
import org.sepapi.model.internal.Extensions;
import org.w3c.dom.Element;

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
public final class Participant {
  @XmlElement(name = "identity")
  private List<NameAddr> identities;

  @XmlElement(name = "target")
  private Target target;

  @XmlElement(name = "session-description")
  private SessionDescription sessionDescription;

  @XmlElement(name = "cseq")
  private Long cseq;

  @XmlTransient private List<AnyElement> extensions;

  /** What JAXB reads into the wildcard, only while this object is being read. */
  @XmlTransient private List<Element> extensionsRead;

  @XmlAnyAttribute private Map<QName, String> otherAttributes;

  private Participant() {}

  private Participant(Builder b) {
    this.identities = List.copyOf(b.identities);
    this.target = b.target;
    this.sessionDescription = b.sessionDescription;
    this.cseq = argumentNonNegative(b.cseq, "cseq");
    this.extensions = List.copyOf(b.extensions);
    this.otherAttributes = immutable(b.otherAttributes);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder().target(target).sessionDescription(sessionDescription);
    b.cseq = cseq;
    b.identities.addAll(identities);
    b.extensions.addAll(extensions);
    b.otherAttributes.putAll(otherAttributes);
    return b;
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

  /** Elements the RFC does not define, kept as read. */
  public List<AnyElement> extensions() {
    return extensions;
  }

  /** Attributes the RFC does not define, kept as read. */
  public Map<QName, String> otherAttributes() {
    return otherAttributes;
  }

  @XmlAnyElement
  @SuppressWarnings("unused") // called by JAXB
  private List<Element> getExtensionsDom() {
    return extensionsRead != null ? extensionsRead : Extensions.toDom(extensions);
  }

  @SuppressWarnings("unused") // called by JAXB
  private void setExtensionsDom(List<Element> dom) {
    extensionsRead = dom;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void beforeUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead = new ArrayList<>();
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensions = Extensions.fromDom(extensionsRead);
    extensionsRead = null;
    nonNegative(cseq, "participant cseq");
    identities = immutable(identities);
    otherAttributes = immutable(otherAttributes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Participant other
        && identities.equals(other.identities)
        && Objects.equals(target, other.target)
        && Objects.equals(sessionDescription, other.sessionDescription)
        && Objects.equals(cseq, other.cseq)
        && extensions.equals(other.extensions)
        && otherAttributes.equals(other.otherAttributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(identities, target, sessionDescription, cseq, extensions, otherAttributes);
  }

  @Override
  public String toString() {
    return "Participant{identities="
        + identities
        + (target == null ? "" : ", target=" + target)
        + (sessionDescription == null ? "" : ", session-description=" + sessionDescription)
        + (cseq == null ? "" : ", cseq=" + cseq)
        + (extensions.isEmpty() ? "" : ", extensions=" + extensions)
        + (otherAttributes.isEmpty() ? "" : ", otherAttributes=" + otherAttributes)
        + "}";
  }

  /** Builds a {@link Participant}. Not thread-safe. */
  public static final class Builder {
    private final List<NameAddr> identities = new ArrayList<>();
    private Target target;
    private SessionDescription sessionDescription;
    private Long cseq;
    private final List<AnyElement> extensions = new ArrayList<>();
    private final Map<QName, String> otherAttributes = new LinkedHashMap<>();

    private Builder() {}

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

    public Builder addExtension(AnyElement extension) {
      extensions.add(argument(extension, "extension"));
      return this;
    }

    public Builder otherAttribute(QName name, String value) {
      otherAttributes.put(argument(name, "name"), argument(value, "value"));
      return this;
    }

    public Participant build() {
      return new Participant(this);
    }
  }
}
