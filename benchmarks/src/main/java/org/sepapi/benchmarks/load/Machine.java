package org.sepapi.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the load drivers print about the machine they ran on, and measure of this JVM. */
final class Machine {
  private Machine() {}

  /** The 1, 5 and 15 minute load averages, {@code 1.41/0.71/1.23}; {@code ?} off Linux. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + "/" + fields[1] + "/" + fields[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** Java version, CPUs, max heap and load average, for a report's head. */
  static String describe() {
    return "java "
        + System.getProperty("java.version")
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " cpus, max heap "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024)
        + " MiB, load average "
        + loadAverage();
  }

  /**
   * The heap this JVM uses after two full collections ({@code System.gc()}, twice: what the first
   * leaves to finalize or clear, the second takes): what is live, in bytes. Stops the world for as
   * long as the collections take; call it outside what is timed.
   */
  static long liveHeapBytes() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
