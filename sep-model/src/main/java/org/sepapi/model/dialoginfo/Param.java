package org.sepapi.model.dialoginfo;

import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.Objects;

/**
 * A parameter of a participant's target, {@code <param pname="+sip.rendering" pval="no"/>} (RFC
 * 4235 section 4.1.6.2): a Contact header field parameter or feature tag of the remote target.
 *
 * <p>Asterisk writes the value as {@code pvalue} instead of {@code pval}; a document read with only
 * {@code pvalue} has that value here, and is written back with {@code pval}.
 *
 * <p>Thread-safe (immutable).
 */
public final class Param {
  @XmlAttribute(name = "pname", required = true)
  private String name;

  @XmlAttribute(name = "pval", required = true)
  private String value;

  /** Asterisk's spelling of {@code pval}; only set while a document is being read. */
  @XmlAttribute(name = "pvalue")
  private String misspelledValue;

  private Param() {}

  private Param(String name, String value) {
    this.name = requiredText(name, "name");
    this.value = requiredText(value, "value");
  }

  public static Param of(String name, String value) {
    return new Param(name, value);
  }

  /** The parameter's name, for example {@code +sip.rendering}. */
  public String name() {
    return name;
  }

  /** The parameter's value, for example {@code no}. */
  public String value() {
    return value;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    if (value == null) {
      value = misspelledValue;
    }
    misspelledValue = null;
    required(name, "param pname");
    required(value, "param pval");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Param other && name.equals(other.name) && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, value);
  }

  @Override
  public String toString() {
    return name + "=" + value;
  }
}
