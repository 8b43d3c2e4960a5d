package org.sepapi.callcontrol.internal;

import org.sepapi.callcontrol.CallStatus;
import org.sepapi.callcontrol.StatusLine;
import org.sepapi.core.spi.Body;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.CallEvent;
import org.sepapi.model.api.SepApi;
import org.sepapi.model.callstatus.Status;
import org.sepapi.model.callstatus.StatusLines;

/**
 * The documents of the call controller: a call's {@code <status-lines>} (call-status-00-00, for
 * GET) and its {@code <call>} callback (sep-model's {@link CallEvent}). Thread-safe.
 */
public final class CallEvents {
  private static final XmlCodec<CallEvent> EVENTS = XmlCodec.of(CallEvent.class);

  private CallEvents() {}

  /** The callback body for {@code status} as its {@code version}th callback. */
  public static Body body(CallStatus status, long version) {
    CallEvent.Builder event =
        CallEvent.builder()
            .id(status.id())
            .version(version)
            .state(CallEvent.State.valueOf(status.state().name()))
            .calling(status.calling().toString())
            .called(status.called().toString())
            .method(status.request().method().name())
            .statusLines(statusLines(status));
    status.request().agent().ifPresent(agent -> event.agent(agent.toString()));
    status.reason().ifPresent(event::reason);
    for (CallStatus.Transition transition : status.transitions()) {
      event.addTransition(CallEvent.State.valueOf(transition.state().name()), transition.time());
    }
    return Body.of(SepApi.CONTENT_TYPE, EVENTS.encode(event.build()));
  }

  /** The call's status lines as the call-status-00-00 document. */
  public static StatusLines statusLines(CallStatus status) {
    StatusLines.Builder lines = StatusLines.builder();
    for (StatusLine line : status.statusLines()) {
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
}
