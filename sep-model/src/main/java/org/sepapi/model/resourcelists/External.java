package org.sepapi.model.resourcelists;

import static org.sepapi.model.internal.Checks.text;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.model.Extensible;
import org.sepapi.model.LocalizedText;

/**
 * A whole list held elsewhere, {@code <external anchor="...">} (RFC 4826 section 3.1): the absolute
 * HTTP URI of that list, which the RFC's schema makes optional. It cannot be resolved from this
 * document alone, so flattening reports it ({@link ResourceLists#unresolvedReferences()}).
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"displayName", "extensionsDom"})
public final class External extends Extensible implements Reference {
  @XmlAttribute(name = "anchor")
  private String anchor;

  @XmlElement(name = "display-name")
  private LocalizedText displayName;

  private External() {}

  private External(Builder b) {
    super(b);
    this.anchor = b.anchor;
    this.displayName = b.displayName;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A reference to the list at that URI. */
  public static External of(String anchor) {
    return builder().anchor(anchor).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder().anchor(anchor).displayName(displayName);
    return copyExtensionsTo(b);
  }

  /** The absolute URI of the list, as written, if the document gives one. */
  public Optional<String> anchor() {
    return Optional.ofNullable(anchor);
  }

  /** The {@link #anchor()}. */
  @Override
  public Optional<String> target() {
    return anchor();
  }

  @Override
  public Optional<LocalizedText> displayName() {
    return Optional.ofNullable(displayName);
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof External other
        && Objects.equals(anchor, other.anchor)
        && Objects.equals(displayName, other.displayName)
        && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(anchor, displayName, extensionsHash());
  }

  @Override
  public String toString() {
    return "External{"
        + (anchor == null ? "no anchor" : "anchor=" + anchor)
        + (displayName == null ? "" : ", display-name=" + displayName)
        + extensionsToString()
        + "}";
  }

  /** Builds an {@link External}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private String anchor;
    private LocalizedText displayName;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The absolute URI of the list, or null for none. */
    public Builder anchor(String anchor) {
      this.anchor = text(anchor, "anchor");
      return this;
    }

    /** The display name, or null for none. */
    public Builder displayName(LocalizedText displayName) {
      this.displayName = displayName;
      return this;
    }

    public External build() {
      return new External(this);
    }
  }
}
