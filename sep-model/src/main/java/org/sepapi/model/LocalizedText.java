package org.sepapi.model;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.Objects;
import java.util.Optional;
import javax.xml.XMLConstants;
import org.sepapi.model.internal.Checks;

/**
 * Text with an optional {@code xml:lang}, as in a {@code display-name} or a {@code note}.
 *
 * <p>Thread-safe (immutable).
 */
@XmlAccessorType(XmlAccessType.FIELD)
public final class LocalizedText {
  @XmlValue private String text;

  @XmlAttribute(name = "lang", namespace = XMLConstants.XML_NS_URI)
  private String lang;

  private LocalizedText() {}

  private LocalizedText(String text, String lang) {
    this.text = Checks.requiredText(text, "text");
    this.lang = Checks.text(lang, "lang");
  }

  /** Text with no language tag. */
  public static LocalizedText of(String text) {
    return new LocalizedText(text, null);
  }

  /** Text in a language, for example {@code "en"}; a null language means none. */
  public static LocalizedText of(String text, String lang) {
    return new LocalizedText(text, lang);
  }

  public String text() {
    return text == null ? "" : text;
  }

  public Optional<String> lang() {
    return Optional.ofNullable(lang);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LocalizedText other
        && text().equals(other.text())
        && Objects.equals(lang, other.lang);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text(), lang);
  }

  @Override
  public String toString() {
    return lang == null ? text() : text() + " [" + lang + "]";
  }
}
