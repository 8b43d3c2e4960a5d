package org.sepapi.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
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
    assertEquals(Duration.ofSeconds(30), options.callTimeout());
    assertEquals(Duration.ofMinutes(5), options.resultCacheTime());
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
                "s",
                "--call-timeout",
                "45",
                "--result-cache-time=0")
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
    assertEquals(Duration.ofSeconds(45), options.callTimeout());
    assertEquals(Duration.ZERO, options.resultCacheTime());
  }

  @Test
  void theCallControllerTimesHaveTheirBounds() {
    assertEquals(
        Duration.ofMinutes(10),
        GatewayOptions.parse("--call-timeout=600").orElseThrow().callTimeout());
    assertEquals(
        Duration.ofHours(24),
        GatewayOptions.parse("--result-cache-time", "86400").orElseThrow().resultCacheTime());
    assertMessage("--call-timeout wants seconds, 1 to 600, not '0'", "--call-timeout", "0");
    assertMessage("--call-timeout wants seconds, 1 to 600, not '601'", "--call-timeout", "601");
    assertMessage("--call-timeout wants seconds, 1 to 600, not '30s'", "--call-timeout", "30s");
    assertMessage("--call-timeout needs a value", "--call-timeout");
    assertMessage(
        "--result-cache-time wants seconds, 0 to 86400, not '-1'", "--result-cache-time", "-1");
    assertMessage(
        "--result-cache-time wants seconds, 0 to 86400, not '86401'", "--result-cache-time=86401");
    assertMessage("--result-cache-time wants seconds, 0 to 86400, not ''", "--result-cache-time=");
    assertMessage("--call-timeout is given twice", "--call-timeout=5", "--call-timeout", "6");
  }

  @Test
  void theHelpTellsOfTheCallControllerOptions() {
    assertTrue(GatewayOptions.USAGE.contains("--call-timeout SECONDS"), GatewayOptions.USAGE);
    assertTrue(GatewayOptions.USAGE.contains("--result-cache-time SECONDS"), GatewayOptions.USAGE);
    for (String line : GatewayOptions.USAGE.split("\n")) {
      assertTrue(line.length() <= 80, () -> "a help line longer than 80 columns: " + line);
    }
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
