package org.sepapi.core.internal;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.sepapi.core.AuthenticationException;
import org.sepapi.core.sip.Challenge;
import org.sepapi.core.sip.SipParseException;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.CredentialsProvider;
import org.sepapi.core.spi.SipCredentials;

/**
 * Answers the 401/407 challenges of one subscription (or call leg) with digest credentials from a
 * {@link CredentialsProvider} (RFC 3261 section 22, RFC 8760 algorithms), keeping the nonce counts
 * of the challenges it answered.
 *
 * <p>Once per challenge: a request that carried credentials for a realm and is challenged again by
 * that realm without {@code stale=true} had its credentials refused, and is not answered again, so
 * a wrong password ends the subscription with its 401/407 instead of looping.
 *
 * <p>Not thread-safe: confined to its owner's executor.
 */
public final class DigestChallengeAnswerer implements ChallengeAnswerer {
  private static final System.Logger LOG =
      System.getLogger(DigestChallengeAnswerer.class.getName());

  private final CredentialsProvider credentials;
  private final DigestAuthenticator authenticator;
  private final DigestSession session = new DigestSession();

  public DigestChallengeAnswerer(CredentialsProvider credentials, RandomGenerator random) {
    this.credentials = credentials;
    this.authenticator = DigestAuthenticator.withRandom(random);
  }

  @Override
  public Optional<SipRequest> answer(SipRequest request, SipResponse challenge) {
    List<Challenge> chosen;
    SipUri identity;
    try {
      chosen = DigestAuthenticator.chooseChallenges(challenge.challenges());
      identity = request.from().uri();
    } catch (SipParseException | AuthenticationException e) {
      LOG.log(
          System.Logger.Level.INFO,
          () -> "cannot answer " + challenge.statusLine() + ": " + e.getMessage());
      return Optional.empty();
    }
    SipRequest answered = request;
    for (Challenge each : chosen) {
      String realm = each.realm().orElseThrow();
      if (!each.stale() && carriesCredentialsFor(request, each)) {
        LOG.log(
            System.Logger.Level.INFO,
            () -> "credentials for realm " + realm + " were refused: not trying again");
        return Optional.empty();
      }
      Optional<SipCredentials> found = credentials.credentials(identity, realm);
      if (found.isEmpty()) {
        LOG.log(
            System.Logger.Level.INFO,
            () -> "no credentials of " + identity + " for realm " + realm);
        return Optional.empty();
      }
      try {
        answered = authenticator.authorize(answered, each, found.get(), session);
      } catch (AuthenticationException e) {
        // credentials that cannot answer it (an HA1 of the wrong length, a user name with a line
        // break): the request ends with its 401/407, as with none
        LOG.log(
            System.Logger.Level.INFO,
            () -> "cannot answer realm " + realm + " for " + identity + ": " + e.getMessage());
        return Optional.empty();
      }
    }
    return Optional.of(answered);
  }

  private static boolean carriesCredentialsFor(SipRequest request, Challenge challenge) {
    String header = challenge.proxy() ? "Proxy-Authorization" : "Authorization";
    for (String value : request.headers().values(header)) {
      try {
        Optional<String> realm = Challenge.parse(value, challenge.proxy()).realm();
        if (realm.equals(challenge.realm())) {
          return true;
        }
      } catch (SipParseException e) {
        // not ours: sepapi writes well-formed credentials
      }
    }
    return false;
  }
}
