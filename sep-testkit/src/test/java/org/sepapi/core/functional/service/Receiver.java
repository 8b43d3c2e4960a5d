package org.sepapi.core.functional.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sepapi.core.WebhookSink;

/**
 * A real HTTP callback receiver on 127.0.0.1: it records each request, then answers as scripted (a
 * status, or a stall that answers once the test releases it), 200 when the script is done.
 */
final class Receiver implements AutoCloseable {
  /** A received callback. */
  record Request(String deliveryId, String subscriptionId, long version, byte[] body) {}

  /** An answer that waits for the test. */
  static final class Stall {
    private final int status;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private Stall(int status) {
      this.status = status;
    }

    void awaitReached() throws InterruptedException {
      if (!reached.await(Kit.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("no request reached the stall");
      }
    }

    void release() {
      released.countDown();
    }
  }

  private final HttpServer server;
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "receiver");
            thread.setDaemon(true);
            return thread;
          });
  private final Deque<Object> script = new ArrayDeque<>();
  private final List<Stall> stalls = new CopyOnWriteArrayList<>();
  private final List<Request> received = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<Request> arrivals = new LinkedBlockingQueue<>();

  Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** The next request answers {@code status}. */
  synchronized void answer(int status) {
    script.add(status);
  }

  /** The next request waits until released, then answers {@code status}. */
  synchronized Stall stall(int status) {
    Stall stall = new Stall(status);
    stalls.add(stall);
    script.add(stall);
    return stall;
  }

  private synchronized Object next() {
    Object next = script.poll();
    return next == null ? 200 : next;
  }

  /** The next request to arrive, waiting at most {@link Kit#WAIT}. */
  Request take() throws InterruptedException {
    Request request = arrivals.poll(Kit.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (request == null) {
      throw new AssertionError("no callback arrived within " + Kit.WAIT + "; so far " + received);
    }
    return request;
  }

  List<Request> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Request request =
          new Request(
              exchange.getRequestHeaders().getFirst(WebhookSink.DELIVERY_ID_HEADER),
              exchange.getRequestHeaders().getFirst(WebhookSink.SUBSCRIPTION_ID_HEADER),
              Long.parseLong(exchange.getRequestHeaders().getFirst(WebhookSink.VERSION_HEADER)),
              body);
      Object reply = next();
      received.add(request);
      arrivals.add(request);
      int status;
      if (reply instanceof Stall stall) {
        stall.reached.countDown();
        try {
          stall.released.await(2 * Kit.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        status = stall.status;
      } else {
        status = (Integer) reply;
      }
      exchange.sendResponseHeaders(status, -1);
    } catch (IOException e) {
      // the sink went away: nothing to answer
    }
  }

  @Override
  public void close() {
    stalls.forEach(Stall::release);
    server.stop(0);
    pool.shutdownNow();
  }
}
