package org.sepapi.core.sip;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.sepapi.core.internal.SipSyntax;

/**
 * A Subscription-State header (RFC 6665 section 8.2.3): {@code active}, {@code pending}, {@code
 * terminated} or an extension value, with {@code reason}, {@code expires} and {@code retry-after}.
 * Unknown states and reasons are kept verbatim (lower-cased). Immutable.
 */
public record SubscriptionState(
    String state,
    Optional<String> reason,
    OptionalLong expires,
    OptionalLong retryAfter,
    Map<String, String> parameters) {
  public SubscriptionState {
    if (!SipSyntax.isToken(state)) {
      throw new IllegalArgumentException("a subscription state is a token: " + state);
    }
    state = state.toLowerCase(Locale.ROOT);
    reason = reason.map(r -> r.toLowerCase(Locale.ROOT));
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(retryAfter, "retryAfter");
    parameters = Map.copyOf(parameters);
  }

  /**
   * @throws SipParseException if the value is malformed or a number is not one
   */
  public static SubscriptionState parse(String text) {
    String value = text.strip();
    int semicolon = value.indexOf(';');
    String state = (semicolon < 0 ? value : value.substring(0, semicolon)).strip();
    if (!SipSyntax.isToken(state)) {
      throw new SipParseException("Subscription-State: not a state token: " + text);
    }
    Map<String, String> params =
        semicolon < 0
            ? Map.of()
            : SipSyntax.parameters(value, semicolon, "Subscription-State " + text);
    String reason = params.get("reason");
    if (reason != null && !SipSyntax.isToken(reason)) {
      throw new SipParseException("Subscription-State: reason is not a token: " + text);
    }
    return new SubscriptionState(
        state,
        Optional.ofNullable(reason),
        seconds(params.get("expires"), text),
        seconds(params.get("retry-after"), text),
        params);
  }

  private static OptionalLong seconds(String value, String text) {
    return value == null
        ? OptionalLong.empty()
        : OptionalLong.of(SipSyntax.number(value, "Subscription-State " + text));
  }

  public boolean isActive() {
    return state.equals("active");
  }

  public boolean isPending() {
    return state.equals("pending");
  }

  public boolean isTerminated() {
    return state.equals("terminated");
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(state);
    SipSyntax.appendParameters(out, parameters);
    return out.toString();
  }
}
