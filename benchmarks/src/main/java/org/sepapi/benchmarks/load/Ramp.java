package org.sepapi.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The rising-rate schedule both load drivers run: an optional warm-up step at the first rate, then
 * one step per rate, each retried up to {@code retries} times until it passes, stopping at the
 * first step that fails unless {@code keepGoing}. The rate held is the last of the steps that
 * passed in a row from the first.
 *
 * @param rates the target rates, in order
 * @param stepSeconds how long each step runs
 * @param warmupSeconds how long the warm-up runs (0: none)
 * @param retries how many more tries a failed step gets
 * @param keepGoing whether to run the higher rates after a step failed
 */
record Ramp(int[] rates, int stepSeconds, int warmupSeconds, int retries, boolean keepGoing) {
  /** One step of a driver at {@code rate} for {@code seconds}, labelled warmup, step or retry. */
  @FunctionalInterface
  interface Runner<S> {
    S step(String label, int rate, int seconds) throws Exception;
  }

  /** Where the driver writes a report line. */
  @FunctionalInterface
  interface Log {
    void line(String line) throws Exception;
  }

  /** The schedule the options name: rates, step-seconds, warmup-seconds, retries, keep-going. */
  static Ramp of(Map<String, String> options) {
    return new Ramp(
        Arrays.stream(options.get("rates").split(",")).mapToInt(Integer::parseInt).toArray(),
        Integer.parseInt(options.get("step-seconds")),
        Integer.parseInt(options.get("warmup-seconds")),
        Integer.parseInt(options.get("retries")),
        Boolean.parseBoolean(options.get("keep-going")));
  }

  /** Runs the schedule, logging a line per step; returns the highest step held, if any. */
  <S> Optional<S> run(Runner<S> runner, Predicate<S> passed, Function<S, String> line, Log log)
      throws Exception {
    if (warmupSeconds > 0) {
      log.line(line.apply(runner.step("warmup", rates[0], warmupSeconds)));
    }
    List<S> steps = new ArrayList<>();
    for (int rate : rates) {
      S step = runner.step("step", rate, stepSeconds);
      log.line(line.apply(step));
      for (int retry = 0; !passed.test(step) && retry < retries; retry++) {
        step = runner.step("retry", rate, stepSeconds);
        log.line(line.apply(step));
      }
      steps.add(step);
      if (!passed.test(step) && !keepGoing) {
        break;
      }
    }
    S held = null;
    for (S step : steps) {
      if (!passed.test(step)) {
        break;
      }
      held = step;
    }
    return Optional.ofNullable(held);
  }
}
