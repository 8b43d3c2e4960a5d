package org.sepapi.callcontrol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.core.sip.SipUri;
import org.sepapi.model.api.CallEvent;
import org.sepapi.model.callstatus.Status;
import org.sepapi.model.callstatus.StatusLines;

/**
 * A call as it stands: its state, how it got there and every SIP status line it saw. Immutable: a
 * snapshot taken when it was asked for.
 *
 * @param id the call's id, unique for the controller's lifetime (the callbacks' subscription id)
 * @param request what was asked
 * @param state where it stands
 * @param reason why it failed or how it ended ({@code busy}, {@code no answer}, {@code hung up by
 *     the calling user}, ...); empty while it is live
 * @param transitions every state it went through, with when, first {@code INITIATED}
 * @param statusLines every status line seen, in the order seen
 */
public record CallStatus(
    String id,
    CallRequest request,
    CallState state,
    Optional<String> reason,
    List<Transition> transitions,
    List<StatusLine> statusLines) {
  public CallStatus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    transitions = List.copyOf(transitions);
    statusLines = List.copyOf(statusLines);
  }

  public SipUri calling() {
    return request.calling();
  }

  public SipUri called() {
    return request.called();
  }

  /** When the call was accepted. */
  public Instant started() {
    return transitions.get(0).time();
  }

  /** When it ended; empty while it is live. */
  public Optional<Instant> ended() {
    return state.isFinal()
        ? Optional.of(transitions.get(transitions.size() - 1).time())
        : Optional.empty();
  }

  /**
   * The status lines as sipXcallController's {@code <status-lines>} document (call-status-00-00).
   */
  public StatusLines toStatusLines() {
    StatusLines.Builder lines = StatusLines.builder();
    for (StatusLine line : statusLines) {
      lines.addStatus(
          Status.builder()
              .time(line.time())
              .callId(line.callId())
              .method(line.method())
              .statusLine(line.statusLine())
              .build());
    }
    return lines.build();
  }

  /**
   * The call as the {@code <call>} document of its callbacks (sep-model's {@link CallEvent}), as
   * its {@code version}th.
   */
  public CallEvent toCallEvent(long version) {
    CallEvent.Builder event =
        CallEvent.builder()
            .id(id)
            .version(version)
            .state(CallEvent.State.valueOf(state.name()))
            .calling(calling().toString())
            .called(called().toString())
            .method(request.method().name())
            .statusLines(toStatusLines());
    request.agent().ifPresent(agent -> event.agent(agent.toString()));
    reason.ifPresent(event::reason);
    for (Transition transition : transitions) {
      event.addTransition(CallEvent.State.valueOf(transition.state().name()), transition.time());
    }
    return event.build();
  }

  /** A state the call entered, and when. */
  public record Transition(CallState state, Instant time) {
    public Transition {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(time, "time");
    }
  }
}
