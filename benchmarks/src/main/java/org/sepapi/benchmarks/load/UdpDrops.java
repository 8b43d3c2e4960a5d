package org.sepapi.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Datagrams the kernel dropped at a UDP socket bound to 127.0.0.1 because its receive buffer was
 * full: the last column of Linux's {@code /proc/net/udp}, or of {@code /proc/net/udp6} for a Java
 * socket (dual-stack, bound to {@code ::ffff:127.0.0.1}); -1 where that cannot be read.
 */
final class UdpDrops {
  private UdpDrops() {}

  static long of(int port) {
    String v4 = String.format(Locale.ROOT, "0100007F:%04X", port);
    String v6 = String.format(Locale.ROOT, "0000000000000000FFFF00000100007F:%04X", port);
    for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
      String text;
      try {
        text = Files.readString(Path.of(table));
      } catch (IOException e) {
        continue;
      }
      for (String line : text.split("\n")) {
        String[] fields = line.strip().split("\\s+");
        if (fields.length > 12 && (fields[1].equals(v4) || fields[1].equals(v6))) {
          try {
            return Long.parseLong(fields[fields.length - 1]);
          } catch (NumberFormatException e) {
            return -1;
          }
        }
      }
    }
    return -1;
  }
}
