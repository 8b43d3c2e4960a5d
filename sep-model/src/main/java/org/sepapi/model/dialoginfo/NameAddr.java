package org.sepapi.model.dialoginfo;

import static org.sepapi.model.internal.Checks.requiredText;
import static org.sepapi.model.internal.Checks.text;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.Objects;
import java.util.Optional;

/**
 * A URI with an optional display name, as in an {@code identity} or {@code referred-by} element
 * (RFC 4235 schema type {@code nameaddr}): {@code <identity display="Bob">sip:bob@example.org
 * </identity>}.
 *
 * <p>Thread-safe (immutable).
 */
public final class NameAddr {
  @XmlValue private String uri;

  @XmlAttribute(name = "display")
  private String display;

  private NameAddr() {}

  private NameAddr(String uri, String display) {
    this.uri = requiredText(uri, "uri");
    this.display = text(display, "display");
  }

  /** A URI without a display name. */
  public static NameAddr of(String uri) {
    return new NameAddr(uri, null);
  }

  /** A URI with a display name; a null display name means none. */
  public static NameAddr of(String uri, String display) {
    return new NameAddr(uri, display);
  }

  /**
   * The URI, as written (empty when a notifier sent an empty element, as some PBXes do for a hidden
   * caller).
   */
  public String uri() {
    return uri;
  }

  public Optional<String> display() {
    return Optional.ofNullable(display);
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    if (uri == null) {
      uri = "";
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NameAddr other
        && uri.equals(other.uri)
        && Objects.equals(display, other.display);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri, display);
  }

  @Override
  public String toString() {
    return display == null ? uri : "\"" + display + "\" <" + uri + ">";
  }
}
