package org.sepapi.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import jakarta.ws.rs.Priorities;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.Challenge;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.ApiError;
import org.sepapi.model.api.Subscriptions;
import org.sepapi.rest.auth.DigestClient;
import org.sepapi.rest.auth.HttpAuthFilter;
import org.sepapi.rest.auth.InMemoryUserDirectory;
import org.sepapi.rest.auth.JdkHttpClientAddress;
import org.sepapi.rest.auth.TrustedHosts;
import org.sepapi.rest.auth.User;

/**
 * The SEP API behind the real authentication filter, as a gateway runs it: Digest users own their
 * subscriptions, and one user cannot see or change another's.
 */
class AuthenticatedSepTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final String REALM = "sepapi.test";

  private final World world = new World();
  private final Map<String, Integer> counts = new HashMap<>();
  private HttpServer server;
  private URI base;

  @AfterEach
  void close() {
    if (server != null) {
      server.stop(0);
    }
    world.close();
  }

  private void start() throws IOException {
    JdkHttpClientAddress addresses = JdkHttpClientAddress.create();
    HttpAuthFilter auth =
        HttpAuthFilter.builder()
            .realm(REALM)
            .users(
                InMemoryUserDirectory.builder()
                    .add(User.builder("alice").pin("1111").build())
                    .add(User.builder("bob").pin("2222").build())
                    .build())
            .trustedHosts(TrustedHosts.parse("10.0.0.0/8"))
            .clientAddress(addresses)
            .build();
    ResourceConfig config =
        new ResourceConfig()
            .registerInstances(SepFeature.builder().service(world.service).build().singletons());
    config.register(auth, Priorities.AUTHENTICATION);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    HttpContext context =
        server.createContext("/", ContainerFactory.createContainer(HttpHandler.class, config));
    context.getFilters().add(addresses.filter());
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Sends the request as {@code user} (null: no credentials), answering the challenge. */
  private HttpResponse<String> as(
      String user, String password, String method, String target, String body) throws Exception {
    HttpResponse<String> first = send(method, target, body, null);
    if (user == null || first.statusCode() != 401) {
      return first;
    }
    Challenge challenge =
        Challenge.parse(first.headers().allValues("WWW-Authenticate").get(0), false);
    int nc = counts.merge(challenge.nonce().orElseThrow(), 1, Integer::sum);
    String authorization =
        DigestClient.header(
            DigestClient.answer(challenge, "SHA-256", user, password, method, target, nc));
    return send(method, target, body, authorization);
  }

  private HttpResponse<String> send(String method, String target, String body, String auth)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(target))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/xml");
    }
    if (auth != null) {
      request.header("Authorization", auth);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String subscribe() {
    return SepApiContract.subscribe(
        "reg",
        SepApiContract.CALLBACK,
        world.in(Duration.ofHours(1)),
        List.of(world.pbx.aor("alice")));
  }

  @Test
  void eachDigestUserOwnsItsSubscriptionsAndNoOneElseSeesThem() throws Exception {
    start();
    String base = SepApiContract.BASE;

    HttpResponse<String> anonymous = as(null, null, "POST", base, subscribe());
    assertEquals(401, anonymous.statusCode());
    assertEquals(2, anonymous.headers().allValues("WWW-Authenticate").size());
    assertEquals(401, XmlCodec.of(ApiError.class).decode(anonymous.body()).code());

    HttpResponse<String> created = as("alice", "1111", "POST", base, subscribe());
    assertEquals(201, created.statusCode(), created.body());
    String location = URI.create(created.headers().firstValue("Location").orElseThrow()).getPath();
    world.run();

    assertEquals(200, as("alice", "1111", "GET", location, null).statusCode());
    assertEquals(404, as("bob", "2222", "GET", location, null).statusCode());
    assertEquals(401, as("bob", "1111", "GET", location, null).statusCode(), "bob's own PIN");
    assertEquals(404, as("bob", "2222", "PUT", location, subscribe()).statusCode());
    assertEquals(404, as("bob", "2222", "DELETE", location, null).statusCode());

    Subscriptions bobs =
        XmlCodec.of(Subscriptions.class).decode(as("bob", "2222", "GET", base, null).body());
    Subscriptions alices =
        XmlCodec.of(Subscriptions.class).decode(as("alice", "1111", "GET", base, null).body());
    assertTrue(bobs.subscriptions().isEmpty(), bobs::toString);
    assertEquals(1, alices.subscriptions().size(), alices::toString);

    assertEquals(204, as("alice", "1111", "DELETE", location, null).statusCode());
    world.run();
    assertEquals(404, as("alice", "1111", "GET", location, null).statusCode());
  }
}
