package org.sepapi.model.resourcelists;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.model.Extensible;
import org.sepapi.model.LocalizedText;
import org.sepapi.model.internal.Checks;

/**
 * A reference to an entry of another document, {@code <entry-ref ref="...">} (RFC 4826 section
 * 3.1): the relative HTTP URI, below the XCAP root, of the referenced {@code <entry>}. It cannot be
 * resolved from this document alone, so flattening reports it ({@link
 * ResourceLists#unresolvedReferences()}).
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"displayName", "extensionsDom"})
public final class EntryRef extends Extensible implements Reference {
  @XmlAttribute(name = "ref", required = true)
  private String ref;

  @XmlElement(name = "display-name")
  private LocalizedText displayName;

  private EntryRef() {}

  private EntryRef(Builder b) {
    super(b);
    this.ref = Checks.nonBlank(b.ref, "ref");
    this.displayName = b.displayName;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A reference with only its URI. */
  public static EntryRef of(String ref) {
    return builder().ref(ref).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder().ref(ref).displayName(displayName);
    return copyExtensionsTo(b);
  }

  /** The referenced entry's URI relative to the XCAP root, as written. */
  public String ref() {
    return ref;
  }

  /** The {@link #ref()}. */
  @Override
  public Optional<String> target() {
    return Optional.of(ref);
  }

  @Override
  public Optional<LocalizedText> displayName() {
    return Optional.ofNullable(displayName);
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
    Checks.present(ref, "entry-ref ref");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntryRef other
        && ref.equals(other.ref)
        && Objects.equals(displayName, other.displayName)
        && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ref, displayName, extensionsHash());
  }

  @Override
  public String toString() {
    return "EntryRef{ref="
        + ref
        + (displayName == null ? "" : ", display-name=" + displayName)
        + extensionsToString()
        + "}";
  }

  /** Builds an {@link EntryRef}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private String ref;
    private LocalizedText displayName;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The referenced entry's URI relative to the XCAP root; not blank. */
    public Builder ref(String ref) {
      this.ref = Checks.nonBlank(ref, "ref");
      return this;
    }

    /** The display name, or null for none. */
    public Builder displayName(LocalizedText displayName) {
      this.displayName = displayName;
      return this;
    }

    public EntryRef build() {
      return new EntryRef(this);
    }
  }
}
