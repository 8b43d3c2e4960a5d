package org.sepapi.model.internal;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sepapi.model.ModelException;

/**
 * Binds an enumeration of a schema to a Java enum, refusing a value outside it with a message that
 * names the value and the allowed ones (JAXB alone would silently read such a value as absent).
 * Each enum has a small subclass with a no-argument constructor, as JAXB requires.
 *
 * <p>A value that differs from an allowed one only in ASCII case is read as that one (Kamailio's
 * dialog-info says {@code <state>Trying</state>}); values are always written as the schema spells
 * them.
 *
 * @param <E> the enum
 */
public abstract class XmlEnumAdapter<E extends Enum<E>> extends XmlAdapter<String, E> {
  private final String what;
  private final Map<String, E> byXml;
  private final Map<String, E> byLowerCase;
  private final Function<E, String> toXml;

  protected XmlEnumAdapter(String what, Class<E> type, Function<E, String> toXml) {
    this.what = what;
    this.toXml = toXml;
    Map<String, E> map = new HashMap<>();
    for (E constant : type.getEnumConstants()) {
      map.put(toXml.apply(constant), constant);
    }
    this.byXml = Map.copyOf(map);
    Map<String, E> lower = new HashMap<>();
    for (Map.Entry<String, E> entry : map.entrySet()) {
      lower.put(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue());
    }
    this.byLowerCase = lower.size() == map.size() ? Map.copyOf(lower) : Map.of();
  }

  @Override
  public E unmarshal(String value) {
    if (value == null) {
      return null;
    }
    String stripped = value.strip();
    E constant = byXml.get(stripped);
    if (constant == null) {
      constant = byLowerCase.get(stripped.toLowerCase(Locale.ROOT));
    }
    if (constant == null) {
      throw new ModelException(
          what
              + " '"
              + value
              + "' is not one of "
              + Arrays.stream(byXml.keySet().toArray(String[]::new))
                  .sorted()
                  .collect(Collectors.joining(", ")));
    }
    return constant;
  }

  @Override
  public String marshal(E value) {
    return value == null ? null : toXml.apply(value);
  }
}
