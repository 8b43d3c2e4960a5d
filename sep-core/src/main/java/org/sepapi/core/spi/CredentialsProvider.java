package org.sepapi.core.spi;

import java.util.Optional;
import org.sepapi.core.sip.SipUri;

/**
 * Finds the credentials that answer a digest challenge: for the identity a request is sent as (its
 * From URI) and the realm that challenged it. The user directory of a deployment implements it.
 * Thread-safe.
 */
@FunctionalInterface
public interface CredentialsProvider {
  /** The credentials of {@code identity} for {@code realm}; empty when there are none. */
  Optional<SipCredentials> credentials(SipUri identity, String realm);

  /** A provider that has none: every challenge ends the request with its 401/407. */
  static CredentialsProvider none() {
    return (identity, realm) -> Optional.empty();
  }
}
