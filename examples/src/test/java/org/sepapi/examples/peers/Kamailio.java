package org.sepapi.examples.peers;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Kamailio registrar and presence server on 127.0.0.1 (test resource {@code
 * kamailio/kamailio.cfg}: reg, dialog, presence and message-summary, all in memory), on a UDP port
 * of its own, with its config, db_text tables and log in a folder the test gives. {@link #start}
 * returns once it answers an OPTIONS; {@link #close()} stops it and every process it forked.
 */
public final class Kamailio implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(15);
  private static final Duration STOP = Duration.ofSeconds(5);

  private final Process process;
  private final List<ProcessHandle> forked;
  private final int port;
  private final Path log;

  private Kamailio(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.forked = new ArrayList<>();
  }

  /**
   * Starts Kamailio with its files in {@code dir} and waits until it answers; fails with its log if
   * it does not (a port taken meanwhile is tried again with another).
   */
  public static Kamailio start(Path dir) throws IOException {
    Path binary =
        Peers.require("kamailio", "kamailio kamailio-presence-modules kamailio-xml-modules");
    Path modules = modules(binary);
    Path dbtext = dir.resolve("dbtext");
    copyTree(dbtextTables(binary), dbtext);
    Path run = Files.createDirectories(dir.resolve("run"));
    String template = resource("/kamailio/kamailio.cfg");
    AssertionError failure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = Peers.freeUdpPort();
      Path config = dir.resolve("kamailio-" + port + ".cfg");
      Files.writeString(
          config,
          template
              .replace("@RUN@", dir.toAbsolutePath().toString())
              .replace("@PORT@", Integer.toString(port))
              .replace("@MPATH@", modules.toString() + "/"),
          StandardCharsets.UTF_8);
      Path log = dir.resolve("kamailio-" + port + ".log");
      Process process =
          new ProcessBuilder(
                  binary.toString(),
                  "-f",
                  config.toString(),
                  "-DD",
                  "-E",
                  "-Y",
                  run.toString(),
                  "-m",
                  "64",
                  "-M",
                  "8")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Kamailio kamailio = new Kamailio(process, port, log);
      try {
        kamailio.awaitReady();
        return kamailio;
      } catch (AssertionError e) {
        kamailio.close();
        failure = e;
        if (!kamailio.log().contains("Address already in use")) {
          break;
        }
      }
    }
    throw failure;
  }

  /** The UDP port it listens on. */
  public int port() {
    return port;
  }

  /** Its address as a SIP URI host part: {@code 127.0.0.1:port}. */
  public String hostPort() {
    return Peers.LOOPBACK + ":" + port;
  }

  /** The SIP URI of {@code user} at this Kamailio (what it takes in a Request-URI). */
  public String uri(String user) {
    return "sip:" + user + "@" + hostPort();
  }

  /** Its log so far (the end of it, for failure messages). */
  public String log() {
    try {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
      return text.length() > 20_000 ? text.substring(text.length() - 20_000) : text;
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** How many lines of its whole log so far contain {@code text}. */
  public long logCount(String text) {
    try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
      return lines.filter(line -> line.contains(text)).count();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + log, e);
    }
  }

  /**
   * Waits until {@code count} lines of its log contain {@code text} (what it logs of each request
   * it receives, say), at most {@link #READY}; fails with the log if they never do.
   */
  public void awaitLog(String text, long count) {
    long deadline = System.nanoTime() + READY.toNanos();
    while (logCount(text) < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "kamailio never logged '" + text + "' " + count + " times\n" + report());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /** Its log, for a failure message. */
  public String report() {
    return "--- kamailio on " + hostPort() + ":\n" + log();
  }

  /**
   * Stops Kamailio and waits for every process it forked: SIGTERM first, which it passes to its
   * children; SIGKILL to all of them if they have not ended within {@link #STOP} (Kamailio may
   * linger sending the last NOTIFYs of subscriptions still open).
   */
  @Override
  public void close() {
    process.descendants().forEach(forked::add);
    process.destroy();
    try {
      if (!awaitEnd()) {
        process.destroyForcibly();
        forked.forEach(ProcessHandle::destroyForcibly);
        awaitEnd();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      forked.forEach(ProcessHandle::destroyForcibly);
      Thread.currentThread().interrupt();
    }
  }

  /** Waits up to {@link #STOP} for Kamailio and its children to end; whether they all did. */
  private boolean awaitEnd() throws InterruptedException {
    long deadline = System.nanoTime() + STOP.toNanos();
    if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      return false;
    }
    for (ProcessHandle child : forked) {
      try {
        child.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        return false;
      }
    }
    return true;
  }

  /** Whether Kamailio or any process it forked still runs. */
  public boolean running() {
    return process.isAlive() || forked.stream().anyMatch(ProcessHandle::isAlive);
  }

  /**
   * Sends OPTIONS until Kamailio answers 200 (its config answers OPTIONS to itself); each wait is
   * for the answer (at most 200 ms), so a ready server is seen at once.
   */
  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + READY.toNanos();
    try (DatagramSocket socket =
        new DatagramSocket(new InetSocketAddress(InetAddress.getByName(Peers.LOOPBACK), 0))) {
      socket.setSoTimeout(200);
      InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(Peers.LOOPBACK), port);
      byte[] buffer = new byte[65_535];
      for (int cseq = 1; System.nanoTime() < deadline; cseq++) {
        if (!process.isAlive()) {
          throw new AssertionError(
              "kamailio ended (exit " + process.exitValue() + ") before it answered\n" + report());
        }
        byte[] options = options(socket.getLocalPort(), cseq);
        socket.send(new DatagramPacket(options, options.length, target));
        try {
          DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
          socket.receive(answer);
          String text = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
          if (text.startsWith("SIP/2.0 200")) {
            return;
          }
        } catch (SocketTimeoutException e) {
          // not up yet: ask again
        } catch (java.net.PortUnreachableException e) {
          // not bound yet: ask again
        }
      }
    }
    throw new AssertionError("kamailio did not answer OPTIONS within " + READY + "\n" + report());
  }

  private byte[] options(int localPort, int cseq) {
    String branch = "z9hG4bK" + UUID.randomUUID().toString().replace("-", "");
    String request =
        "OPTIONS sip:"
            + hostPort()
            + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:"
            + localPort
            + ";branch="
            + branch
            + "\r\n"
            + "From: <sip:probe@127.0.0.1>;tag=probe\r\n"
            + "To: <sip:"
            + hostPort()
            + ">\r\n"
            + "Call-ID: probe-"
            + port
            + "@127.0.0.1\r\n"
            + "CSeq: "
            + cseq
            + " OPTIONS\r\n"
            + "Max-Forwards: 70\r\n"
            + "Content-Length: 0\r\n\r\n";
    return request.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The module folder of this machine: {@code <prefix>/lib/<multiarch>/kamailio/modules} (Debian),
   * {@code <prefix>/lib64/...} or {@code <prefix>/lib/...}, for the binary's prefix and /usr.
   */
  private static Path modules(Path binary) throws IOException {
    List<Path> prefixes = new ArrayList<>();
    Path real = binary.toRealPath();
    if (real.getParent() != null && real.getParent().getParent() != null) {
      prefixes.add(real.getParent().getParent());
    }
    prefixes.add(Path.of("/usr"));
    prefixes.add(Path.of("/usr/local"));
    for (Path prefix : prefixes) {
      List<Path> candidates = new ArrayList<>();
      candidates.add(prefix.resolve("lib64/kamailio/modules"));
      candidates.add(prefix.resolve("lib/kamailio/modules"));
      Path lib = prefix.resolve("lib");
      if (Files.isDirectory(lib)) {
        try (DirectoryStream<Path> arches = Files.newDirectoryStream(lib)) {
          for (Path arch : arches) {
            candidates.add(arch.resolve("kamailio/modules"));
          }
        }
      }
      for (Path candidate : candidates) {
        if (Files.isRegularFile(candidate.resolve("presence_reginfo.so"))) {
          return candidate;
        }
      }
    }
    return Peers.missing(
        "kamailio's modules (presence_reginfo.so)",
        "kamailio kamailio-presence-modules kamailio-xml-modules");
  }

  /** The db_text tables Kamailio ships ({@code share/kamailio/dbtext/kamailio}). */
  private static Path dbtextTables(Path binary) throws IOException {
    Path real = binary.toRealPath();
    List<Path> candidates = new ArrayList<>();
    if (real.getParent() != null && real.getParent().getParent() != null) {
      candidates.add(real.getParent().getParent().resolve("share/kamailio/dbtext/kamailio"));
    }
    candidates.add(Path.of("/usr/share/kamailio/dbtext/kamailio"));
    candidates.add(Path.of("/usr/local/share/kamailio/dbtext/kamailio"));
    Optional<Path> found = candidates.stream().filter(Files::isDirectory).findFirst();
    if (found.isPresent()) {
      return found.get();
    }
    return Peers.missing("kamailio's db_text tables", "kamailio");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static String resource(String name) throws IOException {
    try (var in = Kamailio.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
