package org.sepapi.callcontrol;

import java.util.Locale;
import java.util.Optional;

/** How the controller connects the calling user to the called user. */
public enum CallMethod {
  /**
   * The default: the controller calls the calling user, then REFERs that phone to the called user
   * (RFC 3515) and leaves the call once the transfer rings, is answered or ends. The phone makes
   * the second call itself; the controller sees it only through the NOTIFYs of the REFER.
   */
  REFER,
  /**
   * RFC 3725 third-party call control: the controller calls both users and stays in the signalling
   * path of both legs, relaying re-INVITEs and BYEs between them until either hangs up. For phones
   * that do not honour REFER.
   */
  INVITE;

  /** The method named {@code name} ({@code REFER} or {@code INVITE}, any case); empty otherwise. */
  public static Optional<CallMethod> of(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "REFER" -> Optional.of(REFER);
      case "INVITE" -> Optional.of(INVITE);
      default -> Optional.empty();
    };
  }
}
