package org.sepapi.model.rlmi;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import org.sepapi.model.ModelException;

/**
 * Binds an {@code xs:boolean} attribute strictly: {@code true}, {@code false}, {@code 1} or {@code
 * 0} (surrounding whitespace collapsed, as the schema type does), anything else refused. JAXB alone
 * would read a value such as {@code yes} silently as false or absent.
 */
final class XsBoolean extends XmlAdapter<String, Boolean> {
  XsBoolean() {}

  @Override
  public Boolean unmarshal(String value) {
    if (value == null) {
      return null;
    }
    return switch (value.strip()) {
      case "true", "1" -> Boolean.TRUE;
      case "false", "0" -> Boolean.FALSE;
      default -> throw new ModelException("'" + value + "' is not a boolean (true, false, 1, 0)");
    };
  }

  @Override
  public String marshal(Boolean value) {
    return value == null ? null : value.toString();
  }
}
