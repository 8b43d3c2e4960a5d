package org.sepapi.model.multipart;

/**
 * Bounds that every {@code multipart/related} body read by {@link MultipartRelated} must stay
 * within. A body past any of them is refused with a {@link org.sepapi.model.ModelException} before
 * it can cost more memory or time.
 *
 * <p>Thread-safe (immutable).
 *
 * @param maxBodyBytes the largest body, in bytes
 * @param maxParts the most body parts in one body
 * @param maxHeaderBytes the largest header section of one part, and the longest Content-Type value
 *     of the body itself, in bytes
 */
public record MultipartLimits(int maxBodyBytes, int maxParts, int maxHeaderBytes) {

  /**
   * Limits that fit the NOTIFY of a resource list server with a long list: 4 MiB, 1024 parts, 16
   * KiB of headers a part.
   */
  public static final MultipartLimits DEFAULT = new MultipartLimits(4 << 20, 1024, 16 * 1024);

  public MultipartLimits {
    requirePositive(maxBodyBytes, "maxBodyBytes");
    requirePositive(maxParts, "maxParts");
    requirePositive(maxHeaderBytes, "maxHeaderBytes");
  }

  /** These limits with another body size bound. */
  public MultipartLimits withMaxBodyBytes(int maxBodyBytes) {
    return new MultipartLimits(maxBodyBytes, maxParts, maxHeaderBytes);
  }

  /** These limits with another part count bound. */
  public MultipartLimits withMaxParts(int maxParts) {
    return new MultipartLimits(maxBodyBytes, maxParts, maxHeaderBytes);
  }

  /** These limits with another header size bound. */
  public MultipartLimits withMaxHeaderBytes(int maxHeaderBytes) {
    return new MultipartLimits(maxBodyBytes, maxParts, maxHeaderBytes);
  }

  private static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
