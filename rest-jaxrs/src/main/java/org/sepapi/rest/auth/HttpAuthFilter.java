package org.sepapi.rest.auth;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.ApiError;
import org.sepapi.rest.auth.DigestCredentials.MalformedException;

/**
 * Authenticates every request to the gateway's APIs: a request from a {@linkplain TrustedHosts
 * trusted host} without credentials passes as {@link ApiPrincipal#trustedHost()}; any other needs
 * HTTP Digest credentials (RFC 7616) of a user of the {@link UserDirectory}, and passes as {@link
 * ApiPrincipal#user}. The filter replaces the request's {@link SecurityContext}: its principal is
 * the {@link ApiPrincipal}, its scheme {@link SecurityContext#DIGEST_AUTH} (or {@link
 * #TRUSTED_HOST_AUTH}), and whether it is secure is kept from the host server.
 *
 * <p>Digest as served: challenges for SHA-256 and then MD5 (two {@code WWW-Authenticate} headers,
 * {@code qop="auth"}, one fresh nonce and the opaque value); the client may also answer with the
 * {@code -sess} variants. Nonces carry their issue time under an HMAC of a secret key, so any nonce
 * can be checked without state; one older than the nonce lifetime gets {@code stale=true} when the
 * rest of the credentials are right. The highest nonce count of each nonce in use is kept (bounded
 * in number, dropped when the nonce expires), and a count not higher than the last is refused as a
 * replay. {@code qop=auth-int}, {@code userhash} and {@code username*} are refused. The {@code uri}
 * of the credentials must be the request target (path and query as sent, or the absolute URI).
 *
 * <p>Every refusal is a {@code 401} with fresh challenges and an {@code <error>} body saying what
 * was wrong; wrong credentials are reported alike whether the user or the PIN was wrong. Failures
 * are logged at DEBUG (a missing or malformed header, an expired nonce) or INFO (wrong credentials,
 * a forged nonce, a replay), with the user name and client address, never a secret.
 *
 * <p>Register it with priority {@code Priorities.AUTHENTICATION}: {@code register(filter,
 * Priorities.AUTHENTICATION)}.
 *
 * <p>Thread-safe: one instance serves all requests.
 */
public final class HttpAuthFilter implements ContainerRequestFilter {
  /** The authentication scheme of a request from a trusted host, which gave no credentials. */
  public static final String TRUSTED_HOST_AUTH = "TRUSTED_HOST";

  private static final System.Logger LOG = System.getLogger(HttpAuthFilter.class.getName());
  private static final XmlCodec<ApiError> ERRORS = XmlCodec.of(ApiError.class);
  private static final List<DigestAlgorithm> OFFERED =
      List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
  private static final String WRONG_CREDENTIALS = "the user name or the password is wrong";

  private final String realm;
  private final UserDirectory users;
  private final TrustedHosts trustedHosts;
  private final ClientAddressResolver clientAddress;
  private final Clock clock;
  private final Nonces nonces;
  private final NonceCounts counts;
  private final String opaque;
  private final AtomicBoolean warnedPlainHttp = new AtomicBoolean();

  private HttpAuthFilter(Builder builder) {
    this.realm = builder.realm;
    this.users = builder.users;
    this.trustedHosts = builder.trustedHosts;
    this.clientAddress = builder.clientAddress;
    this.clock = builder.clock;
    byte[] key = builder.nonceKey;
    if (key == null) {
      key = new byte[32];
      new SecureRandom().nextBytes(key);
    }
    this.nonces = new Nonces(key, realm, clock, builder.nonceLifetime);
    this.counts = new NonceCounts(builder.maxTrackedNonces, nonces.lifetimeMillis());
    this.opaque = nonces.opaque();
  }

  /** A builder; {@link Builder#realm} and {@link Builder#users} must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The realm of the challenges. */
  public String realm() {
    return realm;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    SecurityContext original = request.getSecurityContext();
    boolean secure = original != null && original.isSecure();
    List<String> headers = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    Optional<InetAddress> address = clientAddress(request);
    String from = address.map(InetAddress::getHostAddress).orElse("unknown address");
    if (headers == null || headers.isEmpty()) {
      if (address.isPresent() && trustedHosts.contains(address.get())) {
        if (!secure
            && !address.get().isLoopbackAddress()
            && warnedPlainHttp.compareAndSet(false, true)) {
          LOG.log(
              Level.WARNING,
              "trusted host {0} uses plain HTTP: its requests and the answers can be read and"
                  + " changed on the way; serve trusted hosts over HTTPS",
              from);
        }
        request.setSecurityContext(
            new Context(ApiPrincipal.trustedHost(), TRUSTED_HOST_AUTH, secure));
        return;
      }
      refuse(
          request,
          Level.DEBUG,
          from,
          null,
          "this resource needs HTTP Digest credentials (RFC 7616)",
          false);
      return;
    }
    if (headers.size() > 1) {
      refuse(request, Level.DEBUG, from, null, "more than one Authorization header", false);
      return;
    }
    String header = headers.get(0);
    if (header == null || !DigestCredentials.isDigest(header)) {
      refuse(
          request, Level.DEBUG, from, null, "only HTTP Digest authentication is accepted", false);
      return;
    }
    DigestCredentials credentials;
    try {
      credentials = DigestCredentials.parse(header);
    } catch (MalformedException e) {
      refuse(
          request,
          Level.DEBUG,
          from,
          null,
          "malformed Authorization header: " + e.getMessage(),
          false);
      return;
    }
    authenticate(request, credentials, from, secure);
  }

  private void authenticate(
      ContainerRequestContext request, DigestCredentials credentials, String from, boolean secure) {
    String username = credentials.get("username");
    for (String required :
        List.of("username", "realm", "nonce", "uri", "response", "qop", "nc", "cnonce")) {
      if (credentials.get(required) == null) {
        String problem =
            required.equals("username") && credentials.get("username*") != null
                ? "username* is not supported: send username"
                : "the Digest credentials lack " + required;
        refuse(request, Level.DEBUG, from, username, problem, false);
        return;
      }
    }
    if (!realm.equals(credentials.get("realm"))) {
      refuse(request, Level.DEBUG, from, username, "the realm is not this server's", false);
      return;
    }
    String algorithmToken = credentials.get("algorithm");
    if (algorithmToken == null) {
      algorithmToken = "MD5"; // RFC 7616 section 3.4: absent means MD5
    }
    boolean session =
        algorithmToken.regionMatches(true, Math.max(0, algorithmToken.length() - 5), "-sess", 0, 5);
    Optional<DigestAlgorithm> algorithm =
        DigestAlgorithm.fromToken(
            session ? algorithmToken.substring(0, algorithmToken.length() - 5) : algorithmToken);
    if (algorithm.isEmpty()) {
      refuse(
          request,
          Level.DEBUG,
          from,
          username,
          "unsupported Digest algorithm (use SHA-256 or MD5)",
          false);
      return;
    }
    if (!credentials.get("qop").equals("auth")) {
      refuse(request, Level.DEBUG, from, username, "only qop=auth is supported", false);
      return;
    }
    String userhash = credentials.get("userhash");
    if (userhash != null && !userhash.equalsIgnoreCase("false")) {
      refuse(request, Level.DEBUG, from, username, "userhash is not supported", false);
      return;
    }
    String clientOpaque = credentials.get("opaque");
    if (clientOpaque != null && !clientOpaque.equals(opaque)) {
      refuse(request, Level.DEBUG, from, username, "the opaque value is not this server's", false);
      return;
    }
    long nc = nonceCount(credentials.get("nc"));
    if (nc <= 0) {
      refuse(request, Level.DEBUG, from, username, "nc is 8 hex digits, from 00000001 on", false);
      return;
    }
    if (credentials.get("cnonce").isEmpty()) {
      refuse(request, Level.DEBUG, from, username, "the cnonce is empty", false);
      return;
    }
    String uri = credentials.get("uri");
    if (!matchesTarget(uri, request)) {
      refuse(
          request, Level.DEBUG, from, username, "the Digest uri is not the request target", false);
      return;
    }
    String nonce = credentials.get("nonce");
    Nonces.Checked checked = nonces.check(nonce);
    if (checked.status() == Nonces.Status.FORGED) {
      refuse(request, Level.INFO, from, username, "the nonce was not issued by this server", false);
      return;
    }
    Optional<User> user = User.isValidName(username) ? users.find(username) : Optional.empty();
    Optional<String> ha1 =
        user.filter(u -> u.name().equals(username)).flatMap(u -> u.ha1(algorithm.get(), realm));
    String cnonce = credentials.get("cnonce");
    String expected =
        response(
            algorithm.get(),
            // unknown user: the same work against a secret no one knows, so time tells nothing
            ha1.orElseGet(() -> algorithm.get().ha1(username, realm, opaque + nonce)),
            session,
            nonce,
            credentials.get("nc"),
            cnonce,
            request.getMethod(),
            uri);
    boolean match =
        MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            credentials
                .get("response")
                .toLowerCase(Locale.ROOT)
                .getBytes(StandardCharsets.ISO_8859_1));
    if (ha1.isEmpty() || !match) {
      String why =
          user.isEmpty()
              ? "unknown user"
              : ha1.isEmpty()
                  ? "no " + algorithm.get().token() + " secret for this realm"
                  : "wrong response";
      LOG.log(Level.INFO, "Digest refused for {0} from {1}: {2}", username, from, why);
      refuse(request, null, from, username, WRONG_CREDENTIALS, false);
      return;
    }
    if (checked.status() == Nonces.Status.EXPIRED) {
      refuse(
          request, Level.DEBUG, from, username, "the nonce has expired: answer the new one", true);
      return;
    }
    switch (counts.record(nonce, checked.issuedMillis(), nc, clock.millis())) {
      case REPLAYED -> {
        refuse(
            request,
            Level.INFO,
            from,
            username,
            "the nonce count was used already (a replay): nc grows with every request",
            false);
        return;
      }
      case FORGOTTEN -> {
        refuse(
            request,
            Level.DEBUG,
            from,
            username,
            "the nonce is no longer usable: answer the new one",
            true);
        return;
      }
      case ACCEPTED -> {
        // authenticated
      }
    }
    request.setSecurityContext(
        new Context(ApiPrincipal.user(user.get()), SecurityContext.DIGEST_AUTH, secure));
  }

  private Optional<InetAddress> clientAddress(ContainerRequestContext request) {
    try {
      return Objects.requireNonNullElse(clientAddress.resolve(request), Optional.empty());
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "the client address resolver failed; the host is not trusted", e);
      return Optional.empty();
    }
  }

  /** The nc value: 8 hex digits; -1 when it is not that. */
  private static long nonceCount(String nc) {
    if (nc.length() != 8) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < 8; i++) {
      int digit = Character.digit(nc.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  /** Whether the credentials' uri is the request target: path and query as sent, or absolute. */
  private static boolean matchesTarget(String uri, ContainerRequestContext request) {
    URI requested = request.getUriInfo().getRequestUri();
    String path = requested.getRawPath() == null ? "" : requested.getRawPath();
    String target = requested.getRawQuery() == null ? path : path + "?" + requested.getRawQuery();
    return uri.equals(target) || uri.equals(requested.toString());
  }

  /** The request-digest of RFC 7616 section 3.4.1 for qop=auth. */
  static String response(
      DigestAlgorithm algorithm,
      String ha1,
      boolean session,
      String nonce,
      String nc,
      String cnonce,
      String method,
      String uri) {
    String a1 = session ? algorithm.hash(ha1 + ":" + nonce + ":" + cnonce) : ha1;
    String ha2 = algorithm.hash(method + ":" + uri);
    return algorithm.hash(a1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
  }

  /**
   * Answers 401 with fresh challenges and an error saying {@code problem}; logs at {@code level}
   * unless it is null (logged already).
   */
  private void refuse(
      ContainerRequestContext request,
      Level level,
      String from,
      String username,
      String problem,
      boolean stale) {
    if (level != null && LOG.isLoggable(level)) {
      LOG.log(
          level,
          "Digest refused for {0} from {1}: {2}",
          username == null ? "a client" : username,
          from,
          problem);
    }
    String nonce = nonces.issue();
    Response.ResponseBuilder response =
        Response.status(Response.Status.UNAUTHORIZED)
            .type(MediaType.APPLICATION_XML_TYPE)
            .entity(ERRORS.encode(ApiError.of(401, problem)));
    for (DigestAlgorithm algorithm : OFFERED) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, challenge(algorithm, nonce, stale));
    }
    request.abortWith(response.build());
  }

  private String challenge(DigestAlgorithm algorithm, String nonce, boolean stale) {
    return "Digest realm=\""
        + realm
        + "\", qop=\"auth\", algorithm="
        + algorithm.token()
        + ", nonce=\""
        + nonce
        + "\", opaque=\""
        + opaque
        + "\""
        + (stale ? ", stale=true" : "");
  }

  /** The security context the filter puts on a request it lets through. */
  private record Context(ApiPrincipal principal, String scheme, boolean secure)
      implements SecurityContext {
    @Override
    public ApiPrincipal getUserPrincipal() {
      return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
      return false;
    }

    @Override
    public boolean isSecure() {
      return secure;
    }

    @Override
    public String getAuthenticationScheme() {
      return scheme;
    }
  }

  /** Builds an {@link HttpAuthFilter}. Not thread-safe. */
  public static final class Builder {
    private String realm;
    private UserDirectory users;
    private TrustedHosts trustedHosts = TrustedHosts.none();
    private ClientAddressResolver clientAddress = ClientAddressResolver.fromProperty();
    private Clock clock = Clock.systemUTC();
    private Duration nonceLifetime = Duration.ofMinutes(5);
    private byte[] nonceKey;
    private int maxTrackedNonces = 10_000;

    private Builder() {}

    /**
     * The realm of the challenges (and of stored HA1 values), such as the gateway's SIP domain.
     *
     * @throws IllegalArgumentException if it is empty or holds a quote, a backslash or a control
     *     character
     */
    public Builder realm(String realm) {
      Objects.requireNonNull(realm, "realm");
      if (realm.isEmpty()
          || realm.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20 || c >= 0x7f)) {
        throw new IllegalArgumentException(
            "a realm is printable ASCII without quotes or backslashes: " + realm);
      }
      this.realm = realm;
      return this;
    }

    /** Where users are looked up. */
    public Builder users(UserDirectory users) {
      this.users = Objects.requireNonNull(users, "users");
      return this;
    }

    /** The hosts that need no credentials; by default none. */
    public Builder trustedHosts(TrustedHosts trustedHosts) {
      this.trustedHosts = Objects.requireNonNull(trustedHosts, "trustedHosts");
      return this;
    }

    /**
     * How the client's address is found; by default {@link ClientAddressResolver#fromProperty()}.
     */
    public Builder clientAddress(ClientAddressResolver clientAddress) {
      this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
      return this;
    }

    /** The clock nonce ages are measured with; by default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long a nonce may be used; by default 5 minutes. After that the client gets {@code
     * stale=true} and a new nonce.
     *
     * @throws IllegalArgumentException if it is shorter than one second
     */
    public Builder nonceLifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime");
      if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("a nonce lifetime is at least one second: " + lifetime);
      }
      this.nonceLifetime = lifetime;
      return this;
    }

    /**
     * The secret key nonces are signed with, at least 16 bytes; by default 32 random bytes, so that
     * nonces die with the filter. Gateways that share a key accept each other's nonces (but each
     * keeps its own nonce counts).
     *
     * @throws IllegalArgumentException if it is shorter than 16 bytes
     */
    public Builder nonceKey(byte[] key) {
      Objects.requireNonNull(key, "key");
      if (key.length < 16) {
        throw new IllegalArgumentException("a nonce key is at least 16 bytes");
      }
      this.nonceKey = key.clone();
      return this;
    }

    /**
     * How many nonces' counts are kept at most; by default 10,000. When full, the oldest is dropped
     * and its client must take a new nonce ({@code stale=true}).
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder maxTrackedNonces(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("at least one nonce is tracked: " + max);
      }
      this.maxTrackedNonces = max;
      return this;
    }

    /**
     * The filter.
     *
     * @throws IllegalStateException if the realm or the users were not set
     */
    public HttpAuthFilter build() {
      if (realm == null || users == null) {
        throw new IllegalStateException("an HttpAuthFilter needs a realm and a user directory");
      }
      return new HttpAuthFilter(this);
    }
  }
}
