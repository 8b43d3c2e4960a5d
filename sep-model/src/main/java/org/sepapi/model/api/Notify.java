package org.sepapi.model.api;

import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <notify url="..."/>}: where callbacks go. Internal to the binding. */
final class Notify {
  @XmlAttribute(name = "url", required = true)
  private String url;

  private Notify() {}

  Notify(String url) {
    this.url = requiredText(url, "notify url");
  }

  String url() {
    return url;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    required(url, "notify url");
  }
}
