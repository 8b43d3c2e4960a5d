package org.sepapi.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * A SIP event package as the subscriber side of the engine knows it: its name (the Event header's
 * token), the media types it accepts by default, the codec of its bodies and the merger of its
 * NOTIFYs. Immutable and thread-safe. The built-in packages are in {@link
 * org.sepapi.core.EventPackages}; any other is registered there with {@link
 * org.sepapi.core.EventPackages#with}.
 *
 * @param <T> the state value of one resource instance
 */
public final class EventPackage<T> {
  private final String name;
  private final List<String> accept;
  private final BodyCodec<T> codec;
  private final StateMerger<T> merger;
  private final boolean emptyBodyClearsState;

  private EventPackage(
      String name,
      List<String> accept,
      BodyCodec<T> codec,
      StateMerger<T> merger,
      boolean emptyBodyClearsState) {
    this.name = name;
    this.accept = accept;
    this.codec = codec;
    this.merger = merger;
    this.emptyBodyClearsState = emptyBodyClearsState;
  }

  /**
   * A package named {@code name} whose SUBSCRIBEs accept {@code accept} by default.
   *
   * @throws IllegalArgumentException if the name is not a SIP token or no type is given
   */
  public static <T> EventPackage<T> of(
      String name, List<String> accept, BodyCodec<T> codec, StateMerger<T> merger) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || !name.chars().allMatch(EventPackage::isTokenChar)) {
      throw new IllegalArgumentException("an event package name is a SIP token: " + name);
    }
    if (accept.isEmpty()) {
      throw new IllegalArgumentException("an event package accepts at least one media type");
    }
    return new EventPackage<>(
        name,
        List.copyOf(accept),
        Objects.requireNonNull(codec, "codec"),
        Objects.requireNonNull(merger, "merger"),
        false);
  }

  /**
   * This package, except that a NOTIFY without a body clears what its resource instance showed (the
   * notifier has no state for it), instead of leaving it as it was. Right for packages whose
   * NOTIFYs each carry the whole state, such as message-summary: Kamailio, for one, says that a
   * mailbox's published state is gone with an empty NOTIFY.
   */
  public EventPackage<T> clearingStateOnEmptyBody() {
    return new EventPackage<>(name, accept, codec, merger, true);
  }

  /** Whether a NOTIFY without a body clears the instance's state (else it changes nothing). */
  public boolean emptyBodyClearsState() {
    return emptyBodyClearsState;
  }

  private static boolean isTokenChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-.!%*_+`'~".indexOf(c) >= 0;
  }

  public String name() {
    return name;
  }

  /** The media types of the SUBSCRIBE's Accept header when the subscriber names none. */
  public List<String> accept() {
    return accept;
  }

  public BodyCodec<T> codec() {
    return codec;
  }

  public StateMerger<T> merger() {
    return merger;
  }

  @Override
  public String toString() {
    return "EventPackage["
        + name
        + ", accept="
        + accept
        + (emptyBodyClearsState ? ", an empty body clears the state" : "")
        + "]";
  }
}
