package org.sepapi.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The command line of a load driver: {@code --name value} pairs over its defaults. */
final class Options {
  private Options() {}

  /**
   * {@code defaults} with the values {@code args} give; empty (after printing the defaults) for
   * {@code -h} or {@code --help}.
   *
   * @throws IllegalArgumentException for an option the driver does not have, or one without value
   */
  static Optional<Map<String, String>> parse(Map<String, String> defaults, String[] args) {
    Map<String, String> options = new LinkedHashMap<>(defaults);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        System.out.println("options (defaults): " + options);
        return Optional.empty();
      }
      if (!arg.startsWith("--") || !options.containsKey(arg.substring(2)) || i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown option or no value: " + arg + "; " + options);
      }
      options.put(arg.substring(2), args[++i]);
    }
    return Optional.of(options);
  }

  /**
   * Sets sepapi's loggers to WARNING: a step ends thousands of subscriptions or calls, and the
   * JDK's console handler would cost more than they do.
   */
  static void quietSepapi() {
    java.util.logging.Logger.getLogger("org.sepapi").setLevel(java.util.logging.Level.WARNING);
  }
}
