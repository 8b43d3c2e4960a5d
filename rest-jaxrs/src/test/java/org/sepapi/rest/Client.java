package org.sepapi.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.ApiError;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.api.Subscriptions;
import org.sepapi.model.callstatus.StatusLines;

/** An HTTP/1.1 client of the API on one host, calling as one user (or none). Thread-safe. */
final class Client {
  static final XmlCodec<Subscription> SUBSCRIPTION = XmlCodec.of(Subscription.class);
  static final XmlCodec<Subscriptions> SUBSCRIPTIONS = XmlCodec.of(Subscriptions.class);
  static final XmlCodec<ApiError> ERROR = XmlCodec.of(ApiError.class);
  static final XmlCodec<StatusLines> STATUS_LINES = XmlCodec.of(StatusLines.class);

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final URI base;
  private final String user;

  Client(URI base, String user) {
    this.base = base;
    this.user = user;
  }

  /** The same host, calling as {@code other} (null: without credentials). */
  Client as(String other) {
    return new Client(base, other);
  }

  URI uri(String path) {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  /** An answer: status, headers and body as text. */
  record Answer(int status, HttpResponse<byte[]> response) {
    String body() {
      return new String(response.body(), StandardCharsets.UTF_8);
    }

    Optional<String> header(String name) {
      return response.headers().firstValue(name);
    }

    Subscription subscription() {
      return SUBSCRIPTION.decode(response.body());
    }

    Subscriptions subscriptions() {
      return SUBSCRIPTIONS.decode(response.body());
    }

    /** The call controller's {@code <status-lines>} document. */
    StatusLines statusLines() {
      assertTrue(
          header("Content-Type").orElse("").startsWith("application/xml"),
          () -> "status lines are application/xml: " + response.headers());
      return STATUS_LINES.decode(response.body());
    }

    /** The {@code <error>} document, checked to carry the answer's status. */
    ApiError error() {
      ApiError error;
      try {
        error = ERROR.decode(response.body());
      } catch (ModelException e) {
        throw new AssertionError("not an <error> document (" + status + "): " + body(), e);
      }
      assertEquals(status, error.code(), "the error's code is the status: " + body());
      assertTrue(
          header("Content-Type").orElse("").startsWith("application/xml"),
          () -> "an error is application/xml: " + response.headers());
      return error;
    }

    Answer expect(int expected) {
      assertEquals(expected, status, () -> "status of " + response.request() + ": " + body());
      return this;
    }
  }

  Answer get(String path) {
    return send(request(path).GET());
  }

  Answer delete(String path) {
    return send(request(path).DELETE());
  }

  /** A POST without a body, as the call controller takes it. */
  Answer post(String path) {
    return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
  }

  Answer post(String path, String xml) {
    return post(path, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
  }

  Answer post(String path, String contentType, byte[] body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  Answer put(String path, String xml) {
    return send(
        request(path)
            .header("Content-Type", "application/xml")
            .PUT(HttpRequest.BodyPublishers.ofString(xml)));
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    if (user != null) {
      request.header(TestPrincipalFilter.HEADER, user);
    }
    return request;
  }

  Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
