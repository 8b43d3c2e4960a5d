package org.sepapi.model.reginfo;

import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.Objects;

/**
 * A Contact header parameter the registrar did not understand, {@code <unknown-param name="x">v
 * </unknown-param>} (RFC 3680 section 5.2); the value is empty for a parameter with none.
 *
 * <p>Thread-safe (immutable).
 */
public final class UnknownParam {
  @XmlAttribute(name = "name", required = true)
  private String name;

  @XmlValue private String value;

  private UnknownParam() {}

  private UnknownParam(String name, String value) {
    this.name = requiredText(name, "name");
    this.value = requiredText(value, "value");
  }

  public static UnknownParam of(String name, String value) {
    return new UnknownParam(name, value);
  }

  public String name() {
    return name;
  }

  public String value() {
    return value == null ? "" : value;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    required(name, "unknown-param name");
    if (value == null) {
      value = "";
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnknownParam other
        && name.equals(other.name)
        && value().equals(other.value());
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, value());
  }

  @Override
  public String toString() {
    return name + "=" + value();
  }
}
