package org.sepapi.model.dialoginfo;

import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.Objects;

/**
 * A participant's session description (RFC 4235 section 4.1.6.3): the body of a type such as {@code
 * application/sdp}, as text.
 *
 * <p>Thread-safe (immutable).
 */
public final class SessionDescription {
  @XmlAttribute(name = "type", required = true)
  private String type;

  @XmlValue private String body;

  private SessionDescription() {}

  private SessionDescription(String type, String body) {
    this.type = requiredText(type, "type");
    this.body = requiredText(body, "body");
  }

  public static SessionDescription of(String type, String body) {
    return new SessionDescription(type, body);
  }

  /** The MIME type of the description, for example {@code application/sdp}. */
  public String type() {
    return type;
  }

  /** The description itself, exactly as read (line breaks and indentation included). */
  public String body() {
    return body;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    required(type, "session-description type");
    if (body == null) {
      body = "";
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionDescription other
        && type.equals(other.type)
        && body.equals(other.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, body);
  }

  @Override
  public String toString() {
    return type + " (" + body.length() + " chars)";
  }
}
