package org.sepapi.core.internal;

import java.util.Optional;
import java.util.random.RandomGenerator;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.spi.CredentialsProvider;

/**
 * Answers the 401/407 challenges of one subscription with digest credentials from a {@link
 * CredentialsProvider}. Not wired to the digest computation yet: it answers no challenge, so a
 * challenged SUBSCRIBE ends with its 401/407. Confined to its subscription's executor.
 */
public final class DigestChallengeAnswerer implements ChallengeAnswerer {
  private final CredentialsProvider credentials;
  private final RandomGenerator random;

  public DigestChallengeAnswerer(CredentialsProvider credentials, RandomGenerator random) {
    this.credentials = credentials;
    this.random = random;
  }

  @Override
  public Optional<SipRequest> answer(SipRequest request, SipResponse challenge) {
    return Optional.empty();
  }
}
