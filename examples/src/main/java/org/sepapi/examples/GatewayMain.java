package org.sepapi.examples;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.LogManager;
import org.sepapi.core.SepException;
import org.sepapi.examples.GatewayOptions.UsageException;

/**
 * The gateway's command line: {@code java -jar sepapi-gateway.jar [options]} (see {@code --help}).
 * Exit codes: 0 after {@code --help} or a clean shutdown, 1 when it cannot start, 2 for a wrong
 * command line.
 */
public final class GatewayMain {
  private GatewayMain() {}

  public static void main(String[] args) {
    configureLogging();
    Optional<GatewayOptions> options;
    try {
      options = GatewayOptions.parse(args);
    } catch (UsageException e) {
      System.err.println("sepapi-gateway: " + e.getMessage());
      System.err.println();
      System.err.print(GatewayOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.isEmpty()) {
      System.out.print(GatewayOptions.USAGE);
      return;
    }
    System.Logger log = System.getLogger(GatewayMain.class.getName());
    GatewayServer gateway;
    try {
      gateway = GatewayServer.start(options.get());
    } catch (SepException | UncheckedIOException | IllegalArgumentException e) {
      log.log(System.Logger.Level.ERROR, "cannot start: {0}", e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.log(System.Logger.Level.INFO, "shutting down");
                  try {
                    gateway.close();
                  } finally {
                    stopped.countDown();
                    if (LogManager.getLogManager() instanceof GatewayLogManager manager) {
                      manager.resetNow();
                    }
                  }
                },
                "shutdown"));
    log.log(System.Logger.Level.INFO, "ready (Ctrl-C stops it and unsubscribes)");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One line per record, unless the user configured java.util.logging themselves ({@code
   * -Djava.util.logging.config.file} or {@code .class}).
   */
  private static void configureLogging() {
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", GatewayLogManager.class.getName());
    }
    if (LogManager.getLogManager() instanceof GatewayLogManager manager) {
      manager.holdResets();
    }
    if (System.getProperty("java.util.logging.config.file") != null
        || System.getProperty("java.util.logging.config.class") != null) {
      return;
    }
    try (InputStream in = GatewayMain.class.getResourceAsStream("/sepapi-logging.properties")) {
      if (in != null) {
        LogManager.getLogManager().readConfiguration(in);
      }
    } catch (java.io.IOException e) {
      System.err.println("sepapi-gateway: default logging setup failed: " + e.getMessage());
    }
  }
}
