package org.sepapi.examples.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.Subscription;

/** A callback receiver for the tests: the JDK's HTTP server on 127.0.0.1, answering 204. */
final class CallbackServer implements AutoCloseable {
  private static final XmlCodec<Subscription> SUBSCRIPTION = XmlCodec.of(Subscription.class);

  /**
   * One callback as received; {@code document} is null for a body that is not a {@code
   * <subscription>} (a call controller's {@code <call>}).
   */
  record Callback(Subscription document, byte[] body, String timestamp, String signature) {
    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final BlockingQueue<Callback> received = new LinkedBlockingQueue<>();
  private final List<Callback> seen = new ArrayList<>();

  CallbackServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext(
        "/callbacks",
        exchange -> {
          try (exchange;
              InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            received.add(
                new Callback(
                    subscription(body),
                    body,
                    exchange.getRequestHeaders().getFirst("Sep-Timestamp"),
                    exchange.getRequestHeaders().getFirst("Sep-Signature")));
            exchange.sendResponseHeaders(204, -1);
          }
        });
    server.start();
  }

  private static Subscription subscription(byte[] body) {
    try {
      return SUBSCRIPTION.decode(body);
    } catch (org.sepapi.model.ModelException e) {
      return null;
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/callbacks";
  }

  /**
   * Waits for the next callback (from any earlier one on) that {@code wanted} accepts; fails after
   * the wait with every callback seen.
   */
  Callback await(Predicate<Callback> wanted, String what) throws InterruptedException {
    long deadline = System.nanoTime() + GatewayProcess.WAIT.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Callback next = left > 0 ? received.poll(left, TimeUnit.NANOSECONDS) : null;
      if (next == null) {
        throw new AssertionError("no callback " + what + "; seen:\n" + seen);
      }
      seen.add(next);
      if (wanted.test(next)) {
        return next;
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
