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
 * A resource of a list, {@code <entry uri="...">} (RFC 4826 section 3.1): its URI, typically a SIP
 * URI to subscribe to, and an optional display name.
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"displayName", "extensionsDom"})
public final class Entry extends Extensible implements ListItem {
  @XmlAttribute(name = "uri", required = true)
  private String uri;

  @XmlElement(name = "display-name")
  private LocalizedText displayName;

  private Entry() {}

  private Entry(Builder b) {
    super(b);
    this.uri = Checks.nonBlank(b.uri, "uri");
    this.displayName = b.displayName;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An entry with only a URI. */
  public static Entry of(String uri) {
    return builder().uri(uri).build();
  }

  /** An entry with a URI and a display name without a language. */
  public static Entry of(String uri, String displayName) {
    return builder().uri(uri).displayName(LocalizedText.of(displayName)).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder().uri(uri).displayName(displayName);
    return copyExtensionsTo(b);
  }

  /** The resource's URI, as written. */
  public String uri() {
    return uri;
  }

  @Override
  public Optional<LocalizedText> displayName() {
    return Optional.ofNullable(displayName);
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
    Checks.present(uri, "entry uri");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Entry other
        && uri.equals(other.uri)
        && Objects.equals(displayName, other.displayName)
        && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri, displayName, extensionsHash());
  }

  @Override
  public String toString() {
    return "Entry{uri="
        + uri
        + (displayName == null ? "" : ", display-name=" + displayName)
        + extensionsToString()
        + "}";
  }

  /** Builds an {@link Entry}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private String uri;
    private LocalizedText displayName;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The resource's URI; not blank. */
    public Builder uri(String uri) {
      this.uri = Checks.nonBlank(uri, "uri");
      return this;
    }

    /** The display name, or null for none. */
    public Builder displayName(LocalizedText displayName) {
      this.displayName = displayName;
      return this;
    }

    public Entry build() {
      return new Entry(this);
    }
  }
}
