package org.sepapi.core.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sepapi.core.SubscriberState.ACCEPTED;
import static org.sepapi.core.SubscriberState.ACTIVE;
import static org.sepapi.core.SubscriberState.INIT;
import static org.sepapi.core.SubscriberState.PENDING;
import static org.sepapi.core.SubscriberState.SENT;
import static org.sepapi.core.SubscriberState.TERMINATED;
import static org.sepapi.core.SubscriberState.UNSUBSCRIBING;
import static org.sepapi.core.SubscriberState.WAITING;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sepapi.core.IllegalStateTransitionException;
import org.sepapi.core.SubscriberState;

/**
 * The subscriber's transition table: every move it allows, listed here once more; every other
 * refused with an {@link IllegalStateTransitionException}; and the table in the class javadoc
 * saying the same.
 */
class SubscriberTransitionTableTest {
  private static final Map<SubscriberState, Set<SubscriberState>> EXPECTED =
      new EnumMap<>(SubscriberState.class);

  static {
    EXPECTED.put(INIT, EnumSet.of(SENT, TERMINATED));
    EXPECTED.put(
        SENT, EnumSet.of(SENT, ACCEPTED, PENDING, ACTIVE, WAITING, UNSUBSCRIBING, TERMINATED));
    EXPECTED.put(ACCEPTED, EnumSet.of(PENDING, ACTIVE, WAITING, SENT, UNSUBSCRIBING, TERMINATED));
    EXPECTED.put(PENDING, EnumSet.of(PENDING, ACTIVE, WAITING, SENT, UNSUBSCRIBING, TERMINATED));
    EXPECTED.put(ACTIVE, EnumSet.of(ACTIVE, PENDING, WAITING, SENT, UNSUBSCRIBING, TERMINATED));
    EXPECTED.put(WAITING, EnumSet.of(SENT, TERMINATED));
    EXPECTED.put(UNSUBSCRIBING, EnumSet.of(TERMINATED));
    EXPECTED.put(TERMINATED, EnumSet.noneOf(SubscriberState.class));
  }

  @Test
  void everyListedMoveIsAllowed() {
    int moves = 0;
    for (Map.Entry<SubscriberState, Set<SubscriberState>> entry : EXPECTED.entrySet()) {
      for (SubscriberState to : entry.getValue()) {
        SubscriberState from = entry.getKey();
        assertTrue(SubscriptionStateMachine.allowed(from, to), from + " -> " + to);
        assertDoesNotThrow(() -> SubscriptionStateMachine.requireAllowed(from, to));
        moves++;
      }
    }
    assertEquals(30, moves);
  }

  @Test
  void everyOtherMoveThrows() {
    int refused = 0;
    for (SubscriberState from : SubscriberState.values()) {
      for (SubscriberState to : SubscriberState.values()) {
        if (EXPECTED.get(from).contains(to)) {
          continue;
        }
        assertFalse(SubscriptionStateMachine.allowed(from, to), from + " -> " + to);
        IllegalStateTransitionException e =
            assertThrows(
                IllegalStateTransitionException.class,
                () -> SubscriptionStateMachine.requireAllowed(from, to));
        assertEquals("no transition from " + from + " to " + to, e.getMessage());
        refused++;
      }
    }
    assertEquals(64 - 30, refused);
  }

  @Test
  void aSampleOfDefectsThrows() {
    for (SubscriberState[] move :
        new SubscriberState[][] {
          {TERMINATED, SENT},
          {TERMINATED, TERMINATED},
          {UNSUBSCRIBING, SENT},
          {UNSUBSCRIBING, WAITING},
          {UNSUBSCRIBING, ACTIVE},
          {WAITING, ACTIVE},
          {WAITING, WAITING},
          {INIT, ACTIVE},
          {ACCEPTED, ACCEPTED},
          {ACTIVE, ACCEPTED},
          {SENT, INIT}
        }) {
      assertThrows(
          IllegalStateTransitionException.class,
          () -> SubscriptionStateMachine.requireAllowed(move[0], move[1]),
          move[0] + " -> " + move[1]);
    }
  }

  @Test
  void nothingLeavesTerminatedAndEveryStateCanEnd() {
    for (SubscriberState state : SubscriberState.values()) {
      assertFalse(SubscriptionStateMachine.allowed(TERMINATED, state));
      if (state != TERMINATED) {
        assertTrue(SubscriptionStateMachine.allowed(state, TERMINATED), state + " can end");
      }
    }
  }

  /** The table in the javadoc, read from the source: what the text says, the code does. */
  @Test
  void theJavadocTableSaysTheSame() throws IOException {
    Path source = Path.of("src/main/java/org/sepapi/core/internal/SubscriptionStateMachine.java");
    assumeTrue(Files.exists(source), "run from the sep-core module directory");
    String text = Files.readString(source, StandardCharsets.UTF_8);
    int start = text.indexOf("<h2>Transition table</h2>");
    String table =
        text.substring(text.indexOf("<pre>", start) + 5, text.indexOf("</pre>", start))
            .replace("*", " ");
    // what is in parentheses explains a move; it names no target
    String targets = table.replaceAll("\\([^)]*\\)", " ");
    Map<SubscriberState, Set<SubscriberState>> documented = new EnumMap<>(SubscriberState.class);
    Matcher row =
        Pattern.compile("(?m)^\\s*([A-Z]+)\\s*->([^>]*?)(?=^\\s*[A-Z]+\\s*->|\\z)")
            .matcher(targets);
    Pattern name = Pattern.compile("\\b[A-Z]{4,}\\b");
    while (row.find()) {
      Set<SubscriberState> to = EnumSet.noneOf(SubscriberState.class);
      Matcher each = name.matcher(row.group(2));
      while (each.find()) {
        to.add(SubscriberState.valueOf(each.group()));
      }
      documented.put(SubscriberState.valueOf(row.group(1)), to);
    }
    assertEquals(EXPECTED, documented);
  }
}
