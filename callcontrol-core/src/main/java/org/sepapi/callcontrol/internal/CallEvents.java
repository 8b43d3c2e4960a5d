package org.sepapi.callcontrol.internal;

import org.sepapi.callcontrol.CallStatus;
import org.sepapi.core.spi.Body;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.CallEvent;
import org.sepapi.model.api.SepApi;

/** The body of a call-state callback: the {@code <call>} document. Thread-safe. */
public final class CallEvents {
  private static final XmlCodec<CallEvent> EVENTS = XmlCodec.of(CallEvent.class);

  private CallEvents() {}

  /** The callback body for {@code status} as its {@code version}th callback. */
  public static Body body(CallStatus status, long version) {
    return Body.of(SepApi.CONTENT_TYPE, EVENTS.encode(status.toCallEvent(version)));
  }
}
