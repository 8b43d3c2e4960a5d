package org.sepapi.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sepapi.examples.GatewayOptions.UsageException;

class GatewayOptionsTest {
  @Test
  void defaultsAreTheDemo() {
    GatewayOptions options = GatewayOptions.parse().orElseThrow();
    assertEquals(8080, options.httpPort());
    assertEquals(5060, options.sipPort());
    assertEquals("127.0.0.1", options.sipHost());
    assertTrue(options.demo());
    assertEquals("demo.sepapi", options.domain());
    assertEquals("127.0.0.1,::1", options.trusted());
    assertEquals(Optional.empty(), options.httpsPort());
    assertEquals(Optional.empty(), options.callbackSecret());
  }

  @Test
  void everyOptionTakesItsValueBothWays() {
    GatewayOptions options =
        GatewayOptions.parse(
                "--http-port=0",
                "--https-port",
                "8443",
                "--keystore",
                "ks.p12",
                "--keystore-password=pw",
                "--sip-host",
                "192.0.2.7",
                "--sip-port",
                "5070",
                "--pbx",
                "pbx.example.com:5080",
                "--users",
                "users.conf",
                "--trusted",
                "10.0.0.0/8",
                "--callback-secret",
                "s")
            .orElseThrow();
    assertEquals(0, options.httpPort());
    assertEquals(Optional.of(8443), options.httpsPort());
    assertEquals(Optional.of(Path.of("ks.p12")), options.keystore());
    assertEquals(Optional.of("pw"), options.keystorePassword());
    assertEquals("192.0.2.7", options.sipHost());
    assertEquals(5070, options.sipPort());
    assertEquals("pbx.example.com:5080", options.pbx().orElseThrow().toString());
    assertEquals("pbx.example.com", options.domain(), "the domain defaults to the PBX's host");
    assertEquals(Optional.of(Path.of("users.conf")), options.users());
    assertEquals("10.0.0.0/8", options.trusted());
    assertEquals(Optional.of("s"), options.callbackSecret());
  }

  @Test
  void helpIsEmpty() {
    assertEquals(Optional.empty(), GatewayOptions.parse("--sip-port", "1", "--help"));
  }

  @Test
  void wrongCommandLinesSayWhatIsWrong() {
    assertMessage("unknown option '--nope'", "--nope");
    assertMessage("--sip-port needs a value", "--sip-port");
    assertMessage("--sip-port wants a port 0 to 65535, not '70000'", "--sip-port", "70000");
    assertMessage("--http-port is given twice", "--http-port", "1", "--http-port=2");
    assertMessage("--pbx wants HOST:PORT, not 'pbx'", "--pbx", "pbx");
    assertMessage("--pbx wants a port 1 to 65535, not '0'", "--pbx", "pbx:0");
    assertMessage("--https-port and --keystore go together", "--https-port", "8443");
    assertMessage("--http-port -1 needs --https-port", "--http-port", "-1");
    assertMessage("--domain: not a SIP domain: 'a b'", "--domain", "a b");
    assertMessage("--callback-secret: an empty secret signs nothing", "--callback-secret=");
    UsageException trusted =
        assertThrows(UsageException.class, () -> GatewayOptions.parse("--trusted", "example.com"));
    assertTrue(trusted.getMessage().startsWith("--trusted: "), trusted.getMessage());
  }

  private static void assertMessage(String message, String... args) {
    assertEquals(
        message, assertThrows(UsageException.class, () -> GatewayOptions.parse(args)).getMessage());
  }
}
