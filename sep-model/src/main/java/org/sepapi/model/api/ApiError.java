package org.sepapi.model.api;

import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.Objects;

/**
 * The body of every 4xx/5xx answer of the API: {@code <error><code>400</code><message>line 3,
 * column 7: ...</message></error>}. The code is the HTTP status; the message says what was wrong in
 * words a client developer can act on, never a stack trace.
 *
 * <p>Thread-safe (immutable).
 */
@XmlRootElement(name = "error")
@XmlType(propOrder = {"code", "message"})
public final class ApiError {
  @XmlElement(name = "code", required = true)
  private Integer code;

  @XmlElement(name = "message", required = true)
  private String message;

  private ApiError() {}

  private ApiError(int code, String message) {
    if (code < 100 || code > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + code);
    }
    this.code = code;
    this.message = requiredText(message, "message");
  }

  public static ApiError of(int code, String message) {
    return new ApiError(code, message);
  }

  /** The HTTP status of the answer. */
  public int code() {
    return code;
  }

  public String message() {
    return message;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    required(code, "error code");
    if (message == null) {
      message = "";
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiError other && code.equals(other.code) && message.equals(other.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, message);
  }

  @Override
  public String toString() {
    return code + " " + message;
  }
}
