package org.sepapi.model.api;

import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <rls uri="..."/>}: a list URI served by a resource list server. Internal. */
final class Rls {
  @XmlAttribute(name = "uri", required = true)
  private String uri;

  private Rls() {}

  Rls(String uri) {
    this.uri = requiredText(uri, "rls uri");
  }

  String uri() {
    return uri;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    required(uri, "rls uri");
  }
}
