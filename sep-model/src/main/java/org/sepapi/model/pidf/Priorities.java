package org.sepapi.model.pidf;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.math.BigDecimal;
import java.util.regex.Pattern;
import org.sepapi.model.ModelException;
import org.sepapi.model.internal.Checks;

/**
 * Reads and writes a contact's {@code priority}: a decimal from 0 to 1 (RFC 3863, the schema's
 * {@code qvalue}). The schema allows at most three fraction digits; real documents carry more
 * ({@code 0.500000}), so any plain decimal between 0 and 1 is read, at most 32 characters, and
 * written back with the digits it was read with. A value that is not a plain decimal (an exponent,
 * a word) or lies outside 0..1 is refused with a {@link ModelException} naming it.
 */
final class Priorities extends XmlAdapter<String, BigDecimal> {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
  private static final int MAX_LENGTH = 32;

  Priorities() {}

  @Override
  public BigDecimal unmarshal(String value) {
    if (value == null) {
      return null;
    }
    String s = value.strip();
    if (s.length() > MAX_LENGTH || !DECIMAL.matcher(s).matches()) {
      throw refused(value);
    }
    BigDecimal priority = new BigDecimal(s);
    if (!inRange(priority)) {
      throw refused(value);
    }
    return priority;
  }

  @Override
  public String marshal(BigDecimal value) {
    return value == null ? null : value.toPlainString();
  }

  /** Whether a priority lies between 0 and 1, both included. */
  static boolean inRange(BigDecimal priority) {
    return priority.signum() >= 0 && priority.compareTo(BigDecimal.ONE) <= 0;
  }

  private static ModelException refused(String value) {
    return new ModelException(
        "contact priority " + Checks.quote(value) + " is not a decimal from 0 to 1");
  }
}
