package org.sepapi.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.sepapi.core.sip.SipUri;
import org.sepapi.rest.auth.TrustedHosts;

/**
 * The gateway's command line, parsed. Immutable and thread-safe.
 *
 * @param httpPort the plain HTTP port; 0 picks a free one, -1 serves no plain HTTP
 * @param httpsPort the HTTPS port, if any
 * @param keystore the key store (PKCS12 or JKS) with the HTTPS certificate
 * @param keystorePassword its password
 * @param sipHost the address the SIP transport binds and advertises
 * @param sipPort the SIP port (UDP)
 * @param pbx the registrar/notifier to subscribe through ({@code host:port}); empty: the demo PBX
 * @param domain the SIP domain (identity {@code sip:sepapi@<domain>}, HTTP Digest realm)
 * @param users the user file, if any
 * @param trusted the hosts that need no credentials
 * @param callbackSecret the secret that signs callbacks, if any
 * @param callTimeout how long a phone may ring in a third-party call that names no timeout
 * @param resultCacheTime how long an ended third-party call is kept when its request names no time
 */
record GatewayOptions(
    int httpPort,
    Optional<Integer> httpsPort,
    Optional<Path> keystore,
    Optional<String> keystorePassword,
    String sipHost,
    int sipPort,
    Optional<HostPort> pbx,
    String domain,
    Optional<Path> users,
    String trusted,
    Optional<String> callbackSecret,
    Duration callTimeout,
    Duration resultCacheTime) {

  static final String DEMO_DOMAIN = "demo.sepapi";
  static final String DEFAULT_TRUSTED = "127.0.0.1,::1";

  /** The longest --call-timeout: the call controller's longest timeout, 10 minutes. */
  static final long MAX_CALL_TIMEOUT = 600;

  /** The longest --result-cache-time: the call controller's longest, 24 hours. */
  static final long MAX_RESULT_CACHE_TIME = 86_400;

  /** A host and port, as {@code --pbx} takes them. */
  record HostPort(String host, int port) {
    static HostPort parse(String text) {
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw new UsageException("--pbx wants HOST:PORT, not '" + text + "'");
      }
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port = GatewayOptions.port("--pbx", text.substring(colon + 1), 1);
      try {
        SipUri.parse("sip:" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
      } catch (RuntimeException e) {
        throw new UsageException("--pbx: not a host: '" + host + "'");
      }
      return new HostPort(host, port);
    }

    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** A command line that is wrong; the message says what. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** The demo PBX runs when no {@code --pbx} is given. */
  boolean demo() {
    return pbx.isEmpty();
  }

  static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar sepapi-gateway.jar [options]",
          "",
          "The SEP gateway: the SEP HTTP API (/v/2009-06/sep) on SIP event subscriptions.",
          "Without --pbx it starts a demo PBX on 127.0.0.1 whose users (alice, bob, carol,",
          "dave, busy, noanswer @" + DEMO_DOMAIN + ") register, call, get voicemail and change",
          "presence every few seconds, and whose phones answer third-party calls by",
          "themselves (busy is always busy, noanswer never answers); and a demo callback",
          "receiver at /demo/callbacks.",
          "",
          "Options:",
          "  --http-port PORT         plain HTTP port (default 8080; 0 picks a free one;",
          "                           -1 serves no plain HTTP, with --https-port)",
          "  --https-port PORT        also serve HTTPS on PORT (needs --keystore)",
          "  --keystore FILE          PKCS12 or JKS key store with the HTTPS certificate",
          "  --keystore-password PW   its password (default: none)",
          "  --sip-host ADDRESS       address the SIP transport binds and puts in Contact",
          "                           (default 127.0.0.1; use one the PBX can reach)",
          "  --sip-port PORT          SIP port, UDP (default 5060; 0 picks a free one)",
          "  --pbx HOST:PORT          the registrar/notifier to subscribe through (every",
          "                           SUBSCRIBE is sent there); default: the demo PBX",
          "  --domain DOMAIN          SIP domain: From is sip:sepapi@DOMAIN, and the HTTP",
          "                           Digest realm (default " + DEMO_DOMAIN + " with the demo",
          "                           PBX, else the --pbx host)",
          "  --users FILE             users who may call the API with HTTP Digest, and SIP",
          "                           credentials for the PBX's challenges (docs/auth.md)",
          "  --trusted CIDR,...       hosts that need no credentials (default " + DEFAULT_TRUSTED,
          "                           so that curl on this machine works); '' trusts none",
          "  --callback-secret TEXT   sign callbacks (Sep-Signature: HMAC-SHA256)",
          "  --call-timeout SECONDS   how long a phone may ring in a third-party call",
          "                           that names no timeout (default 30; 1 to "
              + MAX_CALL_TIMEOUT
              + ")",
          "  --result-cache-time SECONDS",
          "                           how long an ended third-party call is kept for its",
          "                           status (default 300; 0 to " + MAX_RESULT_CACHE_TIME + ")",
          "  --help                   this text",
          "");

  /**
   * Parses the command line; {@code --opt value} and {@code --opt=value} both work.
   *
   * @return empty for {@code --help}
   * @throws UsageException if an option is unknown, repeated, lacks its value or has a bad one
   */
  static Optional<GatewayOptions> parse(String... args) {
    java.util.Map<String, String> given = new java.util.LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return Optional.empty();
      }
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      if (!KNOWN.contains(name)) {
        throw new UsageException("unknown option '" + arg + "'");
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException(name + " needs a value");
        }
        value = args[++i];
      }
      if (given.put(name, value) != null) {
        throw new UsageException(name + " is given twice");
      }
    }
    int httpPort = port("--http-port", given.getOrDefault("--http-port", "8080"), -1);
    Optional<Integer> httpsPort =
        Optional.ofNullable(given.get("--https-port")).map(v -> port("--https-port", v, 0));
    Optional<Path> keystore = Optional.ofNullable(given.get("--keystore")).map(Path::of);
    if (httpsPort.isPresent() != keystore.isPresent()) {
      throw new UsageException("--https-port and --keystore go together");
    }
    if (httpPort < 0 && httpsPort.isEmpty()) {
      throw new UsageException("--http-port -1 needs --https-port");
    }
    if (given.containsKey("--keystore-password") && keystore.isEmpty()) {
      throw new UsageException("--keystore-password needs --keystore");
    }
    Optional<HostPort> pbx = Optional.ofNullable(given.get("--pbx")).map(HostPort::parse);
    String domain =
        given.getOrDefault("--domain", pbx.map(HostPort::host).orElse(DEMO_DOMAIN)).strip();
    try {
      SipUri.of("sepapi", domain);
    } catch (RuntimeException e) {
      throw new UsageException("--domain: not a SIP domain: '" + domain + "'");
    }
    String sipHost = given.getOrDefault("--sip-host", "127.0.0.1").strip();
    if (sipHost.isEmpty()) {
      throw new UsageException("--sip-host: an address, please");
    }
    String trusted = given.getOrDefault("--trusted", DEFAULT_TRUSTED);
    try {
      TrustedHosts.parse(trusted);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--trusted: " + e.getMessage());
    }
    Optional<String> secret = Optional.ofNullable(given.get("--callback-secret"));
    if (secret.isPresent() && secret.get().isEmpty()) {
      throw new UsageException("--callback-secret: an empty secret signs nothing");
    }
    Duration callTimeout =
        seconds("--call-timeout", given.getOrDefault("--call-timeout", "30"), 1, MAX_CALL_TIMEOUT);
    Duration resultCacheTime =
        seconds(
            "--result-cache-time",
            given.getOrDefault("--result-cache-time", "300"),
            0,
            MAX_RESULT_CACHE_TIME);
    return Optional.of(
        new GatewayOptions(
            httpPort,
            httpsPort,
            keystore,
            Optional.ofNullable(given.get("--keystore-password")),
            sipHost,
            port("--sip-port", given.getOrDefault("--sip-port", "5060"), 0),
            pbx,
            domain,
            Optional.ofNullable(given.get("--users")).map(Path::of),
            trusted,
            secret,
            callTimeout,
            resultCacheTime));
  }

  private static final java.util.Set<String> KNOWN =
      java.util.Set.of(
          "--http-port",
          "--https-port",
          "--keystore",
          "--keystore-password",
          "--sip-host",
          "--sip-port",
          "--pbx",
          "--domain",
          "--users",
          "--trusted",
          "--callback-secret",
          "--call-timeout",
          "--result-cache-time");

  private static Duration seconds(String option, String text, long min, long max) {
    try {
      long seconds = Long.parseLong(text.strip());
      if (seconds >= min && seconds <= max) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new UsageException(
        option + " wants seconds, " + min + " to " + max + ", not '" + text + "'");
  }

  private static int port(String option, String text, int min) {
    try {
      int port = Integer.parseInt(text.strip());
      if (port >= min && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new UsageException(option + " wants a port " + min + " to 65535, not '" + text + "'");
  }
}
