package org.sepapi.model.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.sepapi.model.AnyElement;
import org.sepapi.model.AnyText;
import org.sepapi.model.internal.Checks;

/**
 * A resource state that is not XML, carried inline in an RLMI instance of a {@link Subscription} as
 * {@code <body type="application/simple-message-summary">Messages-Waiting: yes...</body>} in the
 * API's namespace.
 *
 * <p>Thread-safe (immutable).
 *
 * @param contentType the body's content type, as the NOTIFY gave it
 * @param text the body's text
 */
public record TextBody(String contentType, String text) {
  /** The element's name, {@code body} in the API's namespace. */
  public static final QName ELEMENT = new QName(SepApi.NAMESPACE, "body");

  private static final QName TYPE = new QName("type");

  public TextBody {
    Checks.requiredText(contentType, "contentType");
    Checks.requiredText(text, "text");
  }

  /** The element to put in an instance. */
  public AnyElement toElement() {
    return new AnyElement(
        ELEMENT,
        Map.of(TYPE, contentType),
        text.isEmpty() ? List.of() : List.of(new AnyText(text)));
  }

  /** The text body an element holds, if it is one. */
  public static Optional<TextBody> from(AnyElement element) {
    if (!element.name().equals(ELEMENT)) {
      return Optional.empty();
    }
    String type = element.attributes().get(TYPE);
    return Optional.of(new TextBody(Objects.requireNonNullElse(type, ""), element.textContent()));
  }
}
