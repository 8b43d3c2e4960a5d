package org.sepapi.core.internal;

import java.util.Optional;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;

/**
 * Answers 401/407 challenges for the requests of one subscription (or call leg). It keeps the nonce
 * counts of the challenges it answered, so it is confined to its owner's executor.
 */
public interface ChallengeAnswerer {
  /**
   * The request to send again, with credentials for {@code challenge}'s challenges; empty when
   * there are none to give, or when this same challenge was answered already and refused again
   * (wrong credentials: authenticate once per challenge, never loop).
   */
  Optional<SipRequest> answer(SipRequest request, SipResponse challenge);
}
