package org.sepapi.core.webhook;

import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real HTTP callback receiver on 127.0.0.1 whose answers a test scripts per path: a status (with
 * headers), or a stall that answers only when released, before or after the response headers. It
 * records every request it receives, in arrival order, before answering. It can be stopped
 * (connections are then refused) and started again on the same port.
 */
final class CallbackServer implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  /** A received request. */
  record Request(String method, String path, String protocol, Headers headers, byte[] body) {
    String header(String name) {
      return headers.getFirst(name);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String deliveryId() {
      return header("Sep-Delivery-Id");
    }

    String subscriptionId() {
      return header("Sep-Subscription-Id");
    }
  }

  /** How to answer one request. */
  sealed interface Reply permits Answer, Stall {}

  /** Answer at once with {@code status} and {@code headers}, no body. */
  record Answer(int status, Map<String, String> headers) implements Reply {}

  /**
   * Answer {@code status} only once released; if {@code afterHeaders}, send the headers of a 200
   * and part of a body at once, and the rest only once released.
   */
  static final class Stall implements Reply {
    private final int status;
    private final boolean afterHeaders;
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch reached = new CountDownLatch(1);

    private Stall(int status, boolean afterHeaders) {
      this.status = status;
      this.afterHeaders = afterHeaders;
    }

    void release() {
      released.countDown();
    }

    /** Waits until a request is being held by this stall. */
    void awaitReached() throws InterruptedException {
      if (!reached.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        fail("no request reached the stall");
      }
    }
  }

  static Reply status(int status) {
    return new Answer(status, Map.of());
  }

  static Reply status(int status, String header, String value) {
    return new Answer(status, Map.of(header, value));
  }

  private final List<Stall> stalls = new CopyOnWriteArrayList<>();

  Stall stall(int status) {
    Stall stall = new Stall(status, false);
    stalls.add(stall);
    return stall;
  }

  Stall stallBody() {
    Stall stall = new Stall(200, true);
    stalls.add(stall);
    return stall;
  }

  private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Reply> defaults = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<Request> arrivals = new LinkedBlockingQueue<>();
  private final List<Request> received = new CopyOnWriteArrayList<>();
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "callback-server");
            thread.setDaemon(true);
            return thread;
          });
  private final int port;
  private volatile HttpServer server;

  private CallbackServer() throws IOException {
    server = bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    port = server.getAddress().getPort();
  }

  static CallbackServer start() throws IOException {
    return new CallbackServer();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Answers the next requests to {@code path} with {@code replies}, in order. */
  void script(String path, Reply... replies) {
    Deque<Reply> queue = scripts.computeIfAbsent(path, p -> new ArrayDeque<>());
    synchronized (queue) {
      queue.addAll(List.of(replies));
    }
  }

  /** Answers requests to {@code path} that no script covers with {@code reply} (default 200). */
  void always(String path, Reply reply) {
    defaults.put(path, reply);
  }

  /** The next request to arrive, waiting for it. */
  Request take() throws InterruptedException {
    Request request = arrivals.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (request == null) {
      fail("no request arrived within " + WAIT + "; received so far: " + received);
    }
    return request;
  }

  /** How many requests arrived in all. */
  int count() {
    return received.size();
  }

  /** Every request so far, in arrival order. */
  List<Request> received() {
    return List.copyOf(received);
  }

  /** The requests to {@code path} so far, in arrival order. */
  List<Request> received(String path) {
    return received.stream().filter(r -> r.path().equals(path)).collect(Collectors.toList());
  }

  /** Stops listening: connections are refused until {@link #restart()}. */
  void stop() {
    server.stop(0);
  }

  /** Listens again on the same port. */
  void restart() throws IOException, InterruptedException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    for (int tries = 0; ; tries++) {
      try {
        server = bind(address);
        return;
      } catch (BindException e) {
        if (tries == 50) {
          throw e;
        }
        Thread.onSpinWait();
      }
    }
  }

  private HttpServer bind(InetSocketAddress address) throws IOException {
    HttpServer created = HttpServer.create(address, 50);
    created.setExecutor(pool);
    created.createContext("/", this::handle);
    created.start();
    return created;
  }

  private Reply next(String path) {
    Deque<Reply> queue = scripts.get(path);
    if (queue != null) {
      synchronized (queue) {
        Reply reply = queue.poll();
        if (reply != null) {
          return reply;
        }
      }
    }
    return defaults.getOrDefault(path, status(200));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Headers headers = new Headers();
      headers.putAll(exchange.getRequestHeaders());
      Request request =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getProtocol(),
              headers,
              body);
      Reply reply = next(request.path());
      received.add(request);
      arrivals.add(request);
      if (reply instanceof Answer answer) {
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(answer.status(), -1);
      } else if (reply instanceof Stall stall) {
        if (stall.afterHeaders) {
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          out.write("partial".getBytes(StandardCharsets.UTF_8));
          out.flush();
          stall.reached.countDown();
          await(stall);
          out.write(" rest".getBytes(StandardCharsets.UTF_8));
        } else {
          stall.reached.countDown();
          await(stall);
          exchange.sendResponseHeaders(stall.status, -1);
        }
      }
    } catch (IOException e) {
      // the client went away (a timeout or a closed sink): nothing to answer
    }
  }

  private static void await(Stall stall) {
    try {
      stall.released.await(2 * WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stalls.forEach(Stall::release);
    server.stop(0);
    pool.shutdownNow();
  }
}
