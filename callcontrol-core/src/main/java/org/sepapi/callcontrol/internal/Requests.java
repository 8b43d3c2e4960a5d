package org.sepapi.callcontrol.internal;

import java.util.ArrayList;
import java.util.List;
import org.sepapi.callcontrol.CallRequest;

/** Headers the controller's INVITEs carry. */
final class Requests {
  private Requests() {}

  /**
   * Subject (when asked), User-Agent, and RFC 3841 {@code Request-Disposition: no-recurse} when
   * forwarding is not allowed, so that a proxy does not follow a phone's redirect either.
   */
  static List<String[]> inviteHeaders(CallRequest request, ControllerSettings settings) {
    List<String[]> headers = new ArrayList<>(3);
    request.subject().ifPresent(subject -> headers.add(new String[] {"Subject", subject}));
    if (!request.forwardingAllowed()) {
      headers.add(new String[] {"Request-Disposition", "no-recurse"});
    }
    headers.add(new String[] {"User-Agent", settings.userAgent()});
    return headers;
  }
}
