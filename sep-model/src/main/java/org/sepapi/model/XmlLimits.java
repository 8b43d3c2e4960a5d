package org.sepapi.model;

/**
 * Bounds that every XML document read by this module must stay within. A document past any of them
 * is refused with a {@link ModelException} before it can cost more memory or time.
 *
 * <p>Thread-safe (immutable).
 *
 * @param maxBytes the largest encoded document, in bytes
 * @param maxDepth the deepest element nesting (the root is depth 1)
 * @param maxElements the most elements in one document
 * @param maxAttributes the most attributes (namespace declarations included) on one element
 * @param maxTextLength the longest run of character data or attribute value, in chars
 */
public record XmlLimits(
    int maxBytes, int maxDepth, int maxElements, int maxAttributes, int maxTextLength) {

  /**
   * Limits that fit every document a SIP notifier or an API client sends in practice: 1 MiB, depth
   * 64, 100,000 elements, 256 attributes an element, 256 KiB of text in one run.
   */
  public static final XmlLimits DEFAULT = new XmlLimits(1 << 20, 64, 100_000, 256, 256 * 1024);

  public XmlLimits {
    requirePositive(maxBytes, "maxBytes");
    requirePositive(maxDepth, "maxDepth");
    requirePositive(maxElements, "maxElements");
    requirePositive(maxAttributes, "maxAttributes");
    requirePositive(maxTextLength, "maxTextLength");
  }

  /** These limits with another byte bound. */
  public XmlLimits withMaxBytes(int maxBytes) {
    return new XmlLimits(maxBytes, maxDepth, maxElements, maxAttributes, maxTextLength);
  }

  /** These limits with another depth bound. */
  public XmlLimits withMaxDepth(int maxDepth) {
    return new XmlLimits(maxBytes, maxDepth, maxElements, maxAttributes, maxTextLength);
  }

  /** These limits with another element count bound. */
  public XmlLimits withMaxElements(int maxElements) {
    return new XmlLimits(maxBytes, maxDepth, maxElements, maxAttributes, maxTextLength);
  }

  private static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
