package org.sepapi.core.sip;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.sepapi.core.internal.SipSyntax;

/**
 * A Subscription-State header (RFC 6665 section 8.2.3): {@code active}, {@code pending}, {@code
 * terminated} or an extension value, with {@code reason}, {@code expires} and {@code retry-after}.
 * Unknown states and reasons are kept verbatim (lower-cased). Immutable and thread-safe; {@code
 * parse(state.toString())} equals {@code state}.
 *
 * <p>The {@code reason}, {@code expires} and {@code retryAfter} components and the entries of the
 * same names in {@code parameters} are one value each: the constructor fills in whichever is
 * missing, and refuses the two when they disagree.
 *
 * @param state the state token, in lower case
 * @param reason the {@code reason} parameter, a token, in lower case
 * @param expires the {@code expires} parameter, in seconds
 * @param retryAfter the {@code retry-after} parameter, in seconds
 * @param parameters every parameter, names in lower case, in their order
 */
public record SubscriptionState(
    String state,
    Optional<String> reason,
    OptionalLong expires,
    OptionalLong retryAfter,
    Map<String, String> parameters) {
  private static final long MAX_SECONDS = 9_999_999_999L;

  /**
   * @throws IllegalArgumentException if the state or reason is not a token, a number is negative or
   *     longer than 10 digits, a parameter is not a token name with a value without line break, or
   *     a component disagrees with its parameter
   */
  public SubscriptionState {
    if (!SipSyntax.isToken(state)) {
      throw new IllegalArgumentException("a subscription state is a token: " + state);
    }
    state = state.toLowerCase(Locale.ROOT);
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(retryAfter, "retryAfter");
    Map<String, String> params = new LinkedHashMap<>(SipSyntax.checkParameters(parameters));
    if (reason.isPresent() && !SipSyntax.isToken(reason.get())) {
      throw new IllegalArgumentException("a reason is a token: " + reason.get());
    }
    String reasonParam = params.get("reason");
    if (reasonParam != null) {
      if (!SipSyntax.isToken(reasonParam)) {
        throw new IllegalArgumentException("a reason is a token: " + reasonParam);
      }
      reasonParam = reasonParam.toLowerCase(Locale.ROOT);
    }
    reason = reason.map(r -> r.toLowerCase(Locale.ROOT));
    reason = Optional.ofNullable(sync(params, "reason", reason.orElse(null), reasonParam));
    expires = seconds(params, "expires", expires);
    retryAfter = seconds(params, "retry-after", retryAfter);
    parameters = SipSyntax.checkParameters(params);
  }

  private static String sync(
      Map<String, String> params, String name, String component, String param) {
    if (component != null && param != null && !component.equals(param)) {
      throw new IllegalArgumentException(name + " " + component + " but parameter " + param);
    }
    String value = component != null ? component : param;
    if (value != null) {
      params.put(name, value);
    }
    return value;
  }

  private static OptionalLong seconds(
      Map<String, String> params, String name, OptionalLong component) {
    if (component.isPresent()
        && (component.getAsLong() < 0 || component.getAsLong() > MAX_SECONDS)) {
      throw new IllegalArgumentException(name + " out of range: " + component.getAsLong());
    }
    String param = params.get(name);
    Long number = null;
    if (param != null) {
      try {
        number = SipSyntax.number(param, name);
      } catch (SipParseException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    String value =
        sync(
            params,
            name,
            component.isPresent() ? Long.toString(component.getAsLong()) : null,
            number == null ? null : Long.toString(number));
    return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
  }

  /** {@code state} with no parameters. */
  public static SubscriptionState of(String state) {
    return new SubscriptionState(
        state, Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), Map.of());
  }

  /**
   * Reads {@code state *(;param)}.
   *
   * @throws SipParseException if the value is malformed, the reason not a token or a number not one
   * @throws NullPointerException if {@code text} is null
   */
  public static SubscriptionState parse(String text) {
    String value = Objects.requireNonNull(text, "text").strip();
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

  /** The header value as it goes on the wire. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(state);
    SipSyntax.appendParameters(out, parameters);
    return out.toString();
  }
}
