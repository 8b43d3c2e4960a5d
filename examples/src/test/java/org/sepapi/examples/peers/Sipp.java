package org.sepapi.examples.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One sipp process running a scenario on 127.0.0.1, started by {@link Builder#start()}. Its exit
 * code says whether every call of the scenario passed (0); its message trace, error log and
 * scenario log are kept for the failure message. {@link #close()} kills it if it still runs.
 */
public final class Sipp implements AutoCloseable {
  private final Process process;
  private final String name;
  private final int port;
  private final boolean tcp;
  private final Path output;
  private final Path errors;
  private final Path log;
  private final Path messages;

  private Sipp(Process process, String name, int port, boolean tcp, Path dir) {
    this.process = process;
    this.tcp = tcp;
    this.name = name;
    this.port = port;
    this.output = dir.resolve(name + ".out");
    this.errors = dir.resolve(name + ".errors");
    this.log = dir.resolve(name + ".log");
    this.messages = dir.resolve(name + ".messages");
  }

  /** A sipp running the test resource {@code sipp/<scenario>.xml}, its files in {@code dir}. */
  public static Builder scenario(String scenario, Path dir) {
    return new Builder(scenario, dir);
  }

  /** The port sipp listens on (UDP, or TCP with {@link Builder#tcp()}). */
  public int port() {
    return port;
  }

  /** The address sipp listens on, as a SIP URI host part. */
  public String hostPort() {
    return Peers.LOOPBACK + ":" + port;
  }

  /**
   * Waits until sipp has bound its port (so that a request sent to it is not lost), at most five
   * seconds; fails if sipp ended or never bound it.
   */
  public Sipp awaitListening() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("sipp ended before it listened\n" + report());
      }
      if (tcp ? Peers.tcpPortListening(port) : Peers.udpPortBound(port)) {
        return this;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    throw new AssertionError("sipp did not listen on " + port + " within 5 s\n" + report());
  }

  /**
   * Waits until sipp ends, at most {@code limit} (sipp's own {@code -timeout} should end it first),
   * and returns its exit code; -1 if it did not end.
   */
  public int await(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      return -1;
    }
    return process.exitValue();
  }

  /** What sipp wrote, for a failure message: its output, error log, scenario log, messages. */
  public String report() {
    StringBuilder text = new StringBuilder("sipp " + name + ":");
    for (Path file : List.of(output, errors, log, messages)) {
      text.append("\n--- ").append(file.getFileName()).append('\n');
      try {
        String content = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        text.append(
            content.length() > 12_000 ? content.substring(content.length() - 12_000) : content);
      } catch (IOException e) {
        text.append("(unreadable: ").append(e.getMessage()).append(')');
      }
    }
    return text.toString();
  }

  /** The lines sipp's scenario logged with {@code <log message=...>}. */
  public List<String> logLines() {
    try {
      return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Options of one sipp run. */
  public static final class Builder {
    private final String scenario;
    private final Path dir;
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final List<String> extra = new ArrayList<>();
    private String remote;
    private boolean tcp;
    private int calls = 1;
    private Duration timeout = Duration.ofSeconds(30);

    private Builder(String scenario, Path dir) {
      this.scenario = scenario;
      this.dir = dir;
    }

    /** The peer a client scenario sends to ({@code host:port}). */
    public Builder remote(String hostPort) {
      this.remote = hostPort;
      return this;
    }

    /** Over TCP, one connection ({@code -t t1}), instead of UDP. */
    public Builder tcp() {
      this.tcp = true;
      return this;
    }

    /** How many calls the scenario runs before sipp ends (-m). */
    public Builder calls(int calls) {
      this.calls = calls;
      return this;
    }

    /** sipp's overall timeout, after which it fails (-timeout, -timeout_error). */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** A scenario variable ({@code -key name value}, read as {@code [name]}). */
    public Builder key(String name, String value) {
      keys.put(name, value);
      return this;
    }

    /** Other sipp arguments. */
    public Builder args(String... args) {
      extra.addAll(List.of(args));
      return this;
    }

    public Sipp start() throws IOException {
      Path sipp = Peers.require("sipp", "sip-tester");
      Path file = Peers.copyResource("/sipp/" + scenario + ".xml", dir);
      int port = Peers.freeUdpPort();
      String name = scenario + "-" + port;
      List<String> command = new ArrayList<>();
      command.add(sipp.toString());
      if (remote != null) {
        command.add(remote);
      }
      command.addAll(
          List.of(
              "-sf",
              file.toString(),
              "-i",
              Peers.LOOPBACK,
              "-p",
              Integer.toString(port),
              "-m",
              Integer.toString(calls),
              "-timeout",
              timeout.toSeconds() + "s",
              "-timeout_error",
              "-nostdin",
              "-trace_err",
              "-error_file",
              dir.resolve(name + ".errors").toString(),
              "-trace_logs",
              "-log_file",
              dir.resolve(name + ".log").toString(),
              "-trace_msg",
              "-message_file",
              dir.resolve(name + ".messages").toString()));
      keys.forEach(
          (key, value) -> {
            command.add("-key");
            command.add(key);
            command.add(value);
          });
      if (tcp) {
        command.add("-t");
        command.add("t1");
      }
      command.addAll(extra);
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve(name + ".out").toFile())
              .start();
      return new Sipp(process, name, port, tcp, dir);
    }
  }
}
