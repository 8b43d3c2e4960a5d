package org.sepapi.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.sepapi.core.WebhookSink;
import org.sepapi.rest.auth.TrustedHosts;

/**
 * The demo's callback receiver, {@code /demo/callbacks}: a {@code POST} is kept (the last {@value
 * #KEPT}) and answered {@code 204}; a {@code GET} shows them, oldest first, as text. Only trusted
 * hosts may use it. Part of the gateway in demo mode only, so that a first subscription has a
 * callback URL without a server of one's own. Thread-safe.
 */
final class DemoCallbackReceiver implements HttpHandler {
  static final String PATH = "/demo/callbacks";
  private static final System.Logger LOG = System.getLogger(DemoCallbackReceiver.class.getName());
  private static final int KEPT = 20;
  private static final int MAX_BODY = 1 << 20;

  private record Callback(Instant received, String subscription, String version, String body) {}

  private final TrustedHosts trusted;
  private final Deque<Callback> callbacks = new ArrayDeque<>();
  private long count;

  DemoCallbackReceiver(TrustedHosts trusted) {
    this.trusted = trusted;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!trusted.contains(exchange.getRemoteAddress().getAddress())) {
        answer(exchange, 403, "the demo receiver serves trusted hosts only\n");
        return;
      }
      switch (exchange.getRequestMethod()) {
        case "POST" -> receive(exchange);
        case "GET" -> answer(exchange, 200, show());
        default -> {
          exchange.getResponseHeaders().set("Allow", "GET, POST");
          answer(exchange, 405, "GET or POST\n");
        }
      }
    }
  }

  private void receive(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      answer(exchange, 413, "too large\n");
      return;
    }
    String subscription = header(exchange, WebhookSink.SUBSCRIPTION_ID_HEADER);
    String version = header(exchange, WebhookSink.VERSION_HEADER);
    synchronized (this) {
      count++;
      callbacks.addLast(
          new Callback(
              Instant.now(), subscription, version, new String(body, StandardCharsets.UTF_8)));
      while (callbacks.size() > KEPT) {
        callbacks.removeFirst();
      }
    }
    LOG.log(
        System.Logger.Level.INFO,
        "demo receiver: callback {0} of subscription {1} ({2} bytes); see GET {3}",
        version,
        subscription,
        Integer.toString(body.length),
        PATH);
    exchange.sendResponseHeaders(204, -1);
  }

  private synchronized String show() {
    StringBuilder text = new StringBuilder();
    text.append(count)
        .append(" callback(s) received; the last ")
        .append(callbacks.size())
        .append(", oldest first:\n\n");
    for (Callback callback : List.copyOf(callbacks)) {
      text.append("--- ")
          .append(callback.received())
          .append(" subscription ")
          .append(callback.subscription())
          .append(" version ")
          .append(callback.version())
          .append('\n')
          .append(callback.body().strip())
          .append("\n\n");
    }
    return text.toString();
  }

  private static String header(HttpExchange exchange, String name) {
    String value = exchange.getRequestHeaders().getFirst(name);
    return value == null ? "-" : value;
  }

  private static void answer(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
