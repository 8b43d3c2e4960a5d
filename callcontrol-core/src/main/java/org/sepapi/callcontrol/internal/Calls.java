package org.sepapi.callcontrol.internal;

import java.util.function.Consumer;
import org.sepapi.callcontrol.CallMethod;
import org.sepapi.callcontrol.CallRequest;

/** Creates the state machine of a call's method. */
public final class Calls {
  private Calls() {}

  /** A new call, not started: {@link CallMachine#begin()} places it, on its executor. */
  public static CallMachine create(
      String id, CallRequest request, ControllerSettings settings, Consumer<CallMachine> onEnded) {
    return request.method() == CallMethod.REFER
        ? new ReferCall(id, request, settings, onEnded)
        : new InviteCall(id, request, settings, onEnded);
  }
}
