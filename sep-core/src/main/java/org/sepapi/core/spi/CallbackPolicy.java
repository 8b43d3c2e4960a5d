package org.sepapi.core.spi;

import java.net.URI;
import org.sepapi.core.SepException;

/**
 * Decides which callback URLs may be called, checked when a subscription names one and again before
 * each delivery (a host name may resolve elsewhere later). Deployments refuse private ranges, cloud
 * metadata addresses or anything outside an allow-list here. Thread-safe.
 */
@FunctionalInterface
public interface CallbackPolicy {
  /**
   * Checks {@code callback}.
   *
   * @throws CallbackRefusedException if it may not be called, saying why
   */
  void check(URI callback);

  /** Allows any absolute {@code http} or {@code https} URL with a host. */
  static CallbackPolicy httpOnly() {
    return callback -> {
      String scheme = callback.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        throw new CallbackRefusedException("a callback URL is http or https: " + callback);
      }
      if (callback.getHost() == null || callback.getHost().isEmpty()) {
        throw new CallbackRefusedException("a callback URL names a host: " + callback);
      }
    };
  }

  /** A callback URL that a {@link CallbackPolicy} refuses. */
  final class CallbackRefusedException extends SepException {
    private static final long serialVersionUID = 1L;

    public CallbackRefusedException(String message) {
      super(message);
    }
  }
}
