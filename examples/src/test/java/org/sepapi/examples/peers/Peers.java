package org.sepapi.examples.peers;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the independent SIP peers (sipp, Kamailio) these tests run against. A missing one skips the
 * test, unless the environment says {@code SEPAPI_PEERS=required} (CI does), where it fails it.
 */
public final class Peers {
  public static final String LOOPBACK = "127.0.0.1";

  private Peers() {}

  /** The absolute path of {@code binary} on the PATH (or in /usr/sbin), or the test stops. */
  public static Path require(String binary, String debianPackages) {
    Optional<Path> found = find(binary);
    if (found.isPresent()) {
      return found.get();
    }
    String message =
        binary + " is not installed: apt-get install -y " + debianPackages + " (see .ci/run)";
    if ("required".equals(System.getenv("SEPAPI_PEERS"))) {
      fail(message);
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  /**
   * Stops the test for want of {@code what} of an installed peer: fails it when the environment
   * says {@code SEPAPI_PEERS=required}, else skips it. Never returns normally.
   */
  public static <T> T missing(String what, String debianPackages) {
    String message = what + " not found: apt-get install -y " + debianPackages + " (see .ci/run)";
    if ("required".equals(System.getenv("SEPAPI_PEERS"))) {
      fail(message);
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  private static Optional<Path> find(String binary) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin";
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, binary);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** A UDP port free on loopback now (another process may take it before it is used). */
  public static int freeUdpPort() {
    try (DatagramSocket socket =
        new DatagramSocket(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free UDP port on loopback", e);
    }
  }

  /**
   * Whether some process has bound UDP {@code port} (read from /proc/net/udp, without touching the
   * port: binding it to probe could make the peer's own bind fail).
   */
  public static boolean udpPortBound(int port) {
    return bound("/proc/net/udp", port);
  }

  /** Whether some process listens on TCP {@code port} (read from /proc/net/tcp). */
  public static boolean tcpPortListening(int port) {
    return bound("/proc/net/tcp", port);
  }

  private static boolean bound(String table, int port) {
    String hexPort = String.format(":%04X ", port);
    try {
      for (String line : Files.readAllLines(Path.of(table))) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length > 1 && (fields[1] + " ").endsWith(hexPort)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + table, e);
    }
  }

  /** Copies the test resource {@code name} into {@code dir}. */
  public static Path copyResource(String name, Path dir) {
    Path target = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
    try (InputStream in = Peers.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new IllegalStateException("cannot copy " + name, e);
    }
  }
}
