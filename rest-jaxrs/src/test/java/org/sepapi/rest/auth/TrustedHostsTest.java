package org.sepapi.rest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TrustedHosts}: IPv4 and IPv6 addresses and CIDR ranges. */
class TrustedHostsTest {
  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void addressesAndRangesMatch() {
    TrustedHosts hosts = TrustedHosts.parse("127.0.0.1, 10.0.0.0/8,192.168.1.128/25,::1,fd00::/8");
    for (String yes :
        new String[] {
          "127.0.0.1",
          "10.0.0.0",
          "10.255.255.255",
          "192.168.1.128",
          "192.168.1.255",
          "::1",
          "fd12:3456::1",
          "::ffff:10.1.2.3"
        }) {
      assertTrue(hosts.contains(ip(yes)), yes);
    }
    for (String no :
        new String[] {
          "127.0.0.2", "11.0.0.0", "192.168.1.127", "::2", "fe00::1", "0.0.0.0", "::ffff:11.0.0.1"
        }) {
      assertFalse(hosts.contains(ip(no)), no);
    }
  }

  @Test
  void hostBitsOfARangeAreCleared() {
    assertEquals("10.0.0.0/8", TrustedHosts.parse("10.1.2.3/8").toString());
    assertEquals(
        "127.0.0.1/32,0:0:0:0:0:0:0:1/128,fd00:0:0:0:0:0:0:0/8",
        TrustedHosts.parse(" 127.0.0.1 ,[::1], fdff::/8 ").toString());
    assertEquals(TrustedHosts.parse("10.0.0.0/8"), TrustedHosts.parse("10.9.9.9/8"));
  }

  @Test
  void allAndNothing() {
    assertTrue(TrustedHosts.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
    assertFalse(TrustedHosts.parse("0.0.0.0/0").contains(ip("2001:db8::1")));
    assertTrue(TrustedHosts.parse("::/0").contains(ip("2001:db8::1")));
    assertTrue(TrustedHosts.parse("").isEmpty());
    assertTrue(TrustedHosts.parse(" , ").isEmpty());
    assertFalse(TrustedHosts.none().contains(ip("127.0.0.1")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "example.com",
        "10.0.0",
        "10.0.0.256",
        "010.0.0.1",
        "10.0.0.0/33",
        "10.0.0.0/",
        "10.0.0.0/-1",
        "10.0.0.0/8/8",
        "::1/129",
        "fe80::1%eth0",
        "1:2:3:4:5:6:7:8:9",
        "::g",
        "10.0.0.1, nope"
      })
  void whatIsNotAnAddressIsRefused(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TrustedHosts.parse(text));
    assertTrue(e.getMessage().contains(text.contains(",") ? "nope" : text), e.getMessage());
  }

  @Test
  void anIpv4PrefixMatchesExactlyTheAddressesThatShareItsLeadingBits() {
    qt().withExamples(2000)
        .forAll(integers().all(), integers().all(), integers().between(0, 32))
        .checkAssert(
            (network, address, prefix) -> {
              InetAddress net = ipv4(network);
              InetAddress candidate = ipv4(address);
              TrustedHosts hosts = TrustedHosts.parse(net.getHostAddress() + "/" + prefix);
              long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
              boolean expected = ((network ^ address) & mask) == 0;
              assertEquals(expected, hosts.contains(candidate), hosts + " " + candidate);
            });
  }

  private static InetAddress ipv4(int value) {
    try {
      return InetAddress.getByAddress(
          new byte[] {
            (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
          });
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
