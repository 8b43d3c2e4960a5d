package org.sepapi.model.dialoginfo;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A participant's remote target (RFC 4235 section 4.1.6.2): the URI from its Contact header field,
 * with the Contact's parameters and feature tags.
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"params"})
public final class Target {
  @XmlAttribute(name = "uri", required = true)
  private String uri;

  @XmlElement(name = "param")
  private List<Param> params;

  private Target() {}

  private Target(String uri, List<Param> params) {
    this.uri = requiredText(uri, "uri");
    List<Param> copy = new ArrayList<>(params.size());
    for (Param param : params) {
      copy.add(argument(param, "param"));
    }
    this.params = List.copyOf(copy);
  }

  /** A target without parameters. */
  public static Target of(String uri) {
    return new Target(uri, List.of());
  }

  public static Target of(String uri, List<Param> params) {
    return new Target(uri, argument(params, "params"));
  }

  /** The target URI, as written (the schema types it as a string, not a URI). */
  public String uri() {
    return uri;
  }

  public List<Param> params() {
    return params;
  }

  /** The value of the first parameter of that name, for example {@code param("+sip.rendering")}. */
  public Optional<String> param(String name) {
    for (Param param : params) {
      if (param.name().equals(name)) {
        return Optional.of(param.value());
      }
    }
    return Optional.empty();
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    required(uri, "target uri");
    params = immutable(params);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Target other && uri.equals(other.uri) && params.equals(other.params);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri, params);
  }

  @Override
  public String toString() {
    return params.isEmpty() ? uri : uri + " " + params;
  }
}
