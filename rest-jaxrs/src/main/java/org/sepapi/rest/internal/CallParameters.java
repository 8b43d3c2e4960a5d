package org.sepapi.rest.internal;

import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.sepapi.callcontrol.CallMethod;
import org.sepapi.callcontrol.CallRequest;

/**
 * The query parameters of a call controller request, read and checked: {@code sipMethod}, {@code
 * agent}, {@code timeout}, {@code resultCacheTime}, {@code subject}, {@code isForwardingAllowed}
 * and {@code callback}. A parameter given with an empty value counts as not given; one given twice
 * is refused; parameters the API does not define are ignored (as sipXcallController did). Limits
 * are {@link CallRequest}'s. Immutable.
 *
 * @param method the SIP method, {@link CallMethod#REFER} when not given
 * @param agent the agent's user name as given
 * @param timeout seconds each phone may ring
 * @param resultCacheTime seconds the status is kept after the call ends
 * @param subject the Subject of the INVITEs
 * @param forwardingAllowed {@code isForwardingAllowed}, false when not given
 * @param callback where call-state changes are posted
 */
record CallParameters(
    CallMethod method,
    Optional<String> agent,
    Optional<Duration> timeout,
    Optional<Duration> resultCacheTime,
    Optional<String> subject,
    boolean forwardingAllowed,
    Optional<URI> callback) {
  static final String SIP_METHOD = "sipMethod";
  static final String AGENT = "agent";
  static final String TIMEOUT = "timeout";
  static final String RESULT_CACHE_TIME = "resultCacheTime";
  static final String SUBJECT = "subject";
  static final String FORWARDING_ALLOWED = "isForwardingAllowed";
  static final String CALLBACK = "callback";

  /** The longest value of a parameter quoted in an error message. */
  private static final int QUOTED = 40;

  /**
   * Reads every parameter of a POST.
   *
   * @throws ApiException 406 for a {@code sipMethod} other than REFER and INVITE; 400 for any other
   *     invalid value, or a parameter given twice
   */
  static CallParameters of(MultivaluedMap<String, String> query) {
    CallMethod method =
        value(query, SIP_METHOD)
            .map(
                name ->
                    CallMethod.of(name)
                        .orElseThrow(
                            () ->
                                new ApiException(
                                    406,
                                    "unknown sipMethod "
                                        + quote(name)
                                        + ": the call controller knows REFER and INVITE")))
            .orElse(CallMethod.REFER);
    Optional<Duration> timeout = seconds(query, TIMEOUT, 1, CallRequest.MAX_TIMEOUT.toSeconds());
    Optional<Duration> resultCacheTime =
        seconds(query, RESULT_CACHE_TIME, 0, CallRequest.MAX_RESULT_CACHE_TIME.toSeconds());
    Optional<String> subject = value(query, SUBJECT);
    boolean forwarding =
        value(query, FORWARDING_ALLOWED)
            .map(
                text -> {
                  if (text.equalsIgnoreCase("true")) {
                    return true;
                  }
                  if (text.equalsIgnoreCase("false")) {
                    return false;
                  }
                  throw ApiException.badRequest(
                      FORWARDING_ALLOWED + " is true or false, not " + quote(text));
                })
            .orElse(false);
    Optional<URI> callback = value(query, CALLBACK).map(CallParameters::callback);
    return new CallParameters(
        method, agent(query), timeout, resultCacheTime, subject, forwarding, callback);
  }

  /**
   * The {@code agent} parameter alone (what a GET or DELETE reads).
   *
   * @throws ApiException 400 if it is given twice
   */
  static Optional<String> agent(MultivaluedMap<String, String> query) {
    return value(query, AGENT);
  }

  /** The value of parameter {@code name}; empty when not given or given empty. */
  private static Optional<String> value(MultivaluedMap<String, String> query, String name) {
    List<String> values = query.get(name);
    if (values == null) {
      return Optional.empty();
    }
    List<String> given = values.stream().filter(v -> v != null && !v.isEmpty()).toList();
    if (given.size() > 1) {
      throw ApiException.badRequest("the parameter " + name + " is given more than once");
    }
    return given.stream().findFirst();
  }

  private static Optional<Duration> seconds(
      MultivaluedMap<String, String> query, String name, long min, long max) {
    return value(query, name)
        .map(
            text -> {
              // ASCII digits only: Long.parseLong would take a sign and other scripts' digits
              boolean digits =
                  text.length() <= 18 && text.chars().allMatch(c -> c >= '0' && c <= '9');
              if (!digits) {
                throw ApiException.badRequest(
                    name
                        + " is a whole number of seconds, "
                        + min
                        + " to "
                        + max
                        + ", not "
                        + quote(text));
              }
              long seconds = Long.parseLong(text);
              if (seconds < min || seconds > max) {
                throw ApiException.badRequest(
                    name + " is " + min + " to " + max + " seconds, not " + seconds);
              }
              return Duration.ofSeconds(seconds);
            });
  }

  private static URI callback(String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw ApiException.badRequest("invalid callback URL: " + e.getMessage());
    }
  }

  /** {@code text} in quotes, cut to a few dozen characters. */
  static String quote(String text) {
    return "\"" + (text.length() > QUOTED ? text.substring(0, QUOTED) + "..." : text) + "\"";
  }
}
