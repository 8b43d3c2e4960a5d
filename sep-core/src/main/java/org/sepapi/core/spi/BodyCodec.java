package org.sepapi.core.spi;

import java.util.List;
import org.sepapi.model.AnyElement;

/**
 * Reads NOTIFY bodies of one event package into a state value and writes that value back: as a
 * body, and as the elements that stand inline in an RLMI instance of the SEP API's {@code
 * <subscription>} document. Implementations are immutable and thread-safe.
 *
 * @param <T> the state value, immutable (a reginfo document, a message summary, ...)
 */
public interface BodyCodec<T> {
  /**
   * Reads a body.
   *
   * @throws BodyException if the body is not one this codec reads (unreadable, hostile, wrong
   *     type); bad input never makes a codec throw anything else
   */
  T decode(Body body);

  /** Writes {@code state} as a body. */
  Body encode(T state);

  /** Writes {@code state} as the element(s) an RLMI instance holds inline. */
  List<AnyElement> inline(T state);
}
