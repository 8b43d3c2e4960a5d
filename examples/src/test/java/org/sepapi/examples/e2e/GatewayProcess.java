package org.sepapi.examples.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.sepapi.transport.jainsip.peers.Peers;

/**
 * The gateway jar run as the README says ({@code java -jar examples/target/sepapi-gateway.jar}),
 * with free ports, its output in a log file. {@link #close()} stops it (SIGTERM, then SIGKILL) and
 * checks that it ended.
 */
final class GatewayProcess implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final Process process;
  private final Path log;
  private final int httpPort;

  private GatewayProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /** The built jar; failsafe names it (the tests run after {@code package}). */
  static Path jar() {
    String jar = System.getProperty("sepapi.gateway.jar", "target/sepapi-gateway.jar");
    Path path = Path.of(jar);
    if (!Files.isRegularFile(path)) {
      throw new AssertionError("no gateway jar at " + path + ": run mvn verify (package first)");
    }
    return path;
  }

  /** Runs {@code java -jar sepapi-gateway.jar args...} to its end; its exit code and output. */
  static Finished run(Path dir, String... args) throws Exception {
    Path out = Files.createTempFile(dir, "gateway-", ".log");
    Process process = command(args).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the gateway did not end: " + String.join(" ", args));
    }
    return new Finished(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  record Finished(int exitCode, String output) {}

  /** Starts the gateway with free HTTP and SIP ports and {@code args}; waits until it is ready. */
  static GatewayProcess start(Path dir, String... args) throws Exception {
    int httpPort = freeTcpPort();
    List<String> all = new ArrayList<>();
    all.add("--http-port");
    all.add(Integer.toString(httpPort));
    all.add("--sip-port");
    all.add(Integer.toString(Peers.freeUdpPort()));
    all.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "gateway-", ".log");
    Process process =
        command(all.toArray(String[]::new))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    GatewayProcess gateway = new GatewayProcess(process, log, httpPort);
    try {
      gateway.awaitLog("ready (Ctrl-C", 1);
    } catch (AssertionError e) {
      gateway.close();
      throw e;
    }
    return gateway;
  }

  private static ProcessBuilder command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(Peers.LOOPBACK), 0));
      return socket.getLocalPort();
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  HttpResponse<String> post(String path, String xml) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofString(xml))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> delete(URI uri) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri).DELETE().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Its output so far. */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  long logCount(String text) {
    return log().lines().filter(line -> line.contains(text)).count();
  }

  /** Waits until {@code count} lines of its output contain {@code text}; fails with the output. */
  void awaitLog(String text, long count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (logCount(text) < count) {
      if (!process.isAlive() && logCount(text) < count) {
        throw new AssertionError("the gateway ended (exit " + process.exitValue() + ")\n" + log());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the gateway never logged '" + text + "'\n" + log());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  /** Sends SIGTERM (what Ctrl-C and service managers send) and waits for the exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("the gateway did not stop on SIGTERM\n" + log());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        terminate();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
    if (process.isAlive()) {
      throw new AssertionError("the gateway outlived close()");
    }
  }
}
