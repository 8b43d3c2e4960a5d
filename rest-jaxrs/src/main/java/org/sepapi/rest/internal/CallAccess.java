package org.sepapi.rest.internal;

import java.util.Locale;
import java.util.Optional;
import org.sepapi.core.sip.SipUri;
import org.sepapi.rest.auth.ApiPrincipal;
import org.sepapi.rest.auth.UserDirectory;

/**
 * Who may place, see and hang up which calls, and who owns them. The caller is the request's
 * principal P: a user name, or the trusted principal ({@value ApiPrincipal#TRUSTED_HOSTS}, an
 * {@link ApiPrincipal} of a trusted host), which may act for anyone.
 *
 * <ul>
 *   <li>Without {@code agent}: P itself may act only for itself (the calling user's name is P); the
 *       trusted principal for anyone. The call's owner is P.
 *   <li>With {@code agent=A}: P is A, or the trusted principal; and the directory lets A act for
 *       the calling user ({@link UserDirectory#mayActFor}). The call's owner is A.
 * </ul>
 *
 * <p>The calling user's name, which these rules and the directory compare, is the user part of its
 * SIP URI when its host is the controller's domain (any port), else {@code user@host}: a directory
 * may name such a user, and an agent that acts for anyone acts for them too. Stateless.
 */
final class CallAccess {
  private CallAccess() {}

  /**
   * The owner of the call that {@code caller} asks about.
   *
   * @param caller the principal's name
   * @param trusted whether the principal is the trusted principal
   * @param agent the {@code agent} parameter
   * @param calling the calling user's name (see {@link #name})
   * @throws ApiException (403) if the caller may not act so
   */
  static String owner(
      String caller, boolean trusted, Optional<String> agent, String calling, UserDirectory users) {
    if (agent.isEmpty()) {
      if (trusted || caller.equals(calling)) {
        return caller;
      }
      throw new ApiException(
          403,
          caller
              + " may act only for itself: name an agent allowed to act for "
              + CallParameters.quote(calling));
    }
    String name = agent.get();
    if (!trusted && !name.equals(caller)) {
      throw new ApiException(
          403, "the agent must be the caller: " + caller + " cannot act as another agent");
    }
    if (!users.mayActFor(name, calling)) {
      throw new ApiException(
          403,
          "the agent "
              + CallParameters.quote(name)
              + " may not act for "
              + CallParameters.quote(calling));
    }
    return name;
  }

  /**
   * The name of the user at {@code uri} for the rights above: the user part when the host is {@code
   * domainHost}, else {@code user@host}. The URI has a user part (the controller checks).
   */
  static String name(SipUri uri, String domainHost) {
    String user = uri.user().orElse("");
    return uri.host().toLowerCase(Locale.ROOT).equals(domainHost.toLowerCase(Locale.ROOT))
        ? user
        : user + "@" + uri.host();
  }
}
