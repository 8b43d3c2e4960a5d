package org.sepapi.rest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.sepapi.core.sip.Challenge;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.ApiError;

/**
 * Whatever a client puts in its Authorization header, the answer is a 401 with two challenges and
 * an {@code <error>}: never a 500, never a pass. Over real HTTP, so the host server's header
 * handling is part of it.
 */
class MalformedAuthorizationTheoriesTest {
  private static TestServer server;
  private static Map<String, String> good;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(HttpAuthFilter.builder().realm("sepapi").users(HttpAuthFilterTest.USERS));
    Challenge challenge = TestServer.challenge(server.get("/echo"), "SHA-256");
    good = DigestClient.answer(challenge, "SHA-256", "alice", "1234", "GET", "/echo", 1);
    // used once: from now on even a variant the server reads as the same credentials is a replay
    assertEquals(200, server.get("/echo", "Authorization", DigestClient.header(good)).statusCode());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Printable ASCII and tab: what an HTTP client lets through in a header value. */
  private static Gen<String> headerText(int max) {
    return strings()
        .betweenCodePoints(0x20, 0x7e)
        .ofLengthBetween(0, max)
        .mix(
            strings()
                .betweenCodePoints(0x09, 0x7e)
                .ofLengthBetween(0, max)
                .map(s -> s.replaceAll("[\\x0a-\\x1f]", "\t")));
  }

  private static void assertRefused(String header) {
    String value = header.strip();
    HttpResponse<String> response =
        value.isEmpty() ? server.get("/echo") : server.get("/echo", "Authorization", value);
    assertEquals(401, response.statusCode(), header + " -> " + response.body());
    assertEquals(2, response.headers().allValues("WWW-Authenticate").size(), header);
    assertEquals(401, XmlCodec.of(ApiError.class).decode(response.body()).code());
  }

  @Test
  void randomHeadersAreRefused() {
    qt().withExamples(150)
        .forAll(headerText(200), integers().between(0, 2))
        .checkAssert(
            (text, prefix) ->
                assertRefused((prefix == 0 ? "" : prefix == 1 ? "Digest " : "digest\t") + text));
  }

  @Test
  void aGoodHeaderWithOneThingChangedIsRefused() {
    List<String> names = new ArrayList<>(good.keySet());
    qt().withExamples(150)
        .forAll(integers().between(0, names.size() - 1), integers().between(0, 3), headerText(60))
        .checkAssert(
            (index, how, text) -> {
              Map<String, String> params = new LinkedHashMap<>(good);
              String name = names.get(index);
              switch (how) {
                case 0 -> params.put(name, text); // raw: may break the grammar
                case 1 -> params.put(name, DigestClient.quote(text));
                case 2 -> params.remove(name);
                default -> params.put(name, params.get(name) + ", " + name + "=" + text);
              }
              String header = DigestClient.header(params);
              assertRefused(header);
            });
  }
}
