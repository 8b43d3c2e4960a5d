package org.sepapi.rest.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The hosts whose requests need no credentials: IPv4 and IPv6 addresses and CIDR ranges, such as
 * {@code 127.0.0.1,10.0.0.0/8,::1,fd00::/8}. Only literal addresses are taken, never host names (no
 * DNS lookup, which could be spoofed or slow). An IPv4 range does not match IPv6 addresses and the
 * other way round, except that an IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}) is compared as
 * the IPv4 address it carries.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustedHosts {
  private static final TrustedHosts NONE = new TrustedHosts(List.of());

  private final List<Range> ranges;

  private TrustedHosts(List<Range> ranges) {
    this.ranges = ranges;
  }

  /** No trusted hosts: every request needs credentials. */
  public static TrustedHosts none() {
    return NONE;
  }

  /**
   * Reads a comma-separated list of addresses and CIDR ranges ({@code address/prefix-length});
   * blanks around the items are ignored, an empty list (or blank text) trusts no one. A range's
   * address is taken with its host bits cleared ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}).
   *
   * @throws IllegalArgumentException naming the item that is not an IPv4 or IPv6 literal with an
   *     optional prefix length in range
   */
  public static TrustedHosts parse(String text) {
    Objects.requireNonNull(text, "text");
    List<Range> ranges = new ArrayList<>();
    for (String item : text.split(",", -1)) {
      String entry = item.strip();
      if (!entry.isEmpty()) {
        ranges.add(Range.parse(entry));
      }
    }
    return ranges.isEmpty() ? NONE : new TrustedHosts(List.copyOf(ranges));
  }

  /** Whether {@code address} is one of the trusted hosts. */
  public boolean contains(InetAddress address) {
    byte[] bytes = unmapped(Objects.requireNonNull(address, "address").getAddress());
    for (Range range : ranges) {
      if (range.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /** Whether no host is trusted. */
  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** The list in the form {@link #parse} reads. */
  @Override
  public String toString() {
    return String.join(",", ranges.stream().map(Range::toString).toList());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrustedHosts other && ranges.equals(other.ranges);
  }

  @Override
  public int hashCode() {
    return ranges.hashCode();
  }

  /**
   * The bytes of an IP literal, never asking DNS.
   *
   * @throws IllegalArgumentException if it is not one
   */
  static byte[] literalBytes(String text) {
    return Range.literal(text, text);
  }

  /** IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) as the 4 IPv4 bytes; any other address as it is. */
  private static byte[] unmapped(byte[] address) {
    if (address.length == 16) {
      for (int i = 0; i < 10; i++) {
        if (address[i] != 0) {
          return address;
        }
      }
      if (address[10] == (byte) 0xff && address[11] == (byte) 0xff) {
        return Arrays.copyOfRange(address, 12, 16);
      }
    }
    return address;
  }

  /** One address with a prefix length. */
  private record Range(byte[] network, int prefix) {
    static Range parse(String entry) {
      int slash = entry.indexOf('/');
      String host = slash < 0 ? entry : entry.substring(0, slash);
      byte[] address = literal(host, entry);
      int max = address.length * 8;
      int prefix = max;
      if (slash >= 0) {
        String bits = entry.substring(slash + 1);
        if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
          throw new IllegalArgumentException("not a prefix length: " + entry);
        }
        prefix = Integer.parseInt(bits);
        if (prefix > max) {
          throw new IllegalArgumentException(
              "prefix length above " + max + " for this address: " + entry);
        }
      }
      byte[] network = address.clone();
      for (int bit = prefix; bit < max; bit++) {
        network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
      }
      return new Range(network, prefix);
    }

    /** The bytes of an IPv4 dotted quad or an IPv6 literal (brackets allowed); never DNS. */
    private static byte[] literal(String host, String entry) {
      String h = host;
      if (h.startsWith("[") && h.endsWith("]")) {
        h = h.substring(1, h.length() - 1);
      }
      if (h.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
        String[] parts = h.split("\\.");
        byte[] quad = new byte[4];
        for (int i = 0; i < 4; i++) {
          int value = Integer.parseInt(parts[i]);
          if (value > 255 || (parts[i].length() > 1 && parts[i].charAt(0) == '0')) {
            throw new IllegalArgumentException("not an IPv4 address: " + entry);
          }
          quad[i] = (byte) value;
        }
        return quad;
      }
      boolean ipv6 =
          h.indexOf(':') >= 0
              && h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
      if (ipv6) {
        try {
          // an IPv6 literal (it has a colon and only hex digits, colons and dots): no DNS lookup
          return InetAddress.getByName(h).getAddress();
        } catch (UnknownHostException e) {
          // not a valid literal after all
        }
      }
      throw new IllegalArgumentException("not an IPv4 or IPv6 address or CIDR range: " + entry);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Range other
          && prefix == other.prefix
          && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
      try {
        return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
