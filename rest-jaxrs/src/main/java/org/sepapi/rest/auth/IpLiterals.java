package org.sepapi.rest.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** IP literals to addresses, without ever asking DNS. */
final class IpLiterals {
  private IpLiterals() {}

  /** The address written as {@code text} (IPv4 dotted quad or IPv6); empty for anything else. */
  static Optional<InetAddress> parse(String text) {
    try {
      byte[] bytes = TrustedHosts.literalBytes(text.strip());
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (IllegalArgumentException | UnknownHostException e) {
      return Optional.empty();
    }
  }
}
