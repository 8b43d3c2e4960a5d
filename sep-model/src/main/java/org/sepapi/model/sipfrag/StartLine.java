package org.sepapi.model.sipfrag;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sepapi.model.internal.SipText;

/** The start line of a fragment, as written and as understood. */
record StartLine(
    String text,
    String sipVersion,
    int statusCode,
    String reasonPhrase,
    String method,
    String uri) {
  private static final String VERSION = "((?i:SIP)/[0-9]{1,9}\\.[0-9]{1,9})";
  private static final String TOKEN = "[A-Za-z0-9\\-.!%*_+`'~]+";
  private static final Pattern STATUS =
      Pattern.compile(VERSION + "[ \\t]+([0-9]{3})(?:[ \\t](.*))?", Pattern.DOTALL);
  private static final Pattern REQUEST =
      Pattern.compile("(" + TOKEN + ")[ \\t]+(\\S+)[ \\t]+" + VERSION + "[ \\t]*");
  private static final Pattern HEADER = Pattern.compile(TOKEN + "[ \\t]*:.*", Pattern.DOTALL);

  boolean isStatus() {
    return statusCode != 0;
  }

  /** Whether a line is a header line, {@code name: value} (so not a start line). */
  static boolean isHeaderLine(String line) {
    return HEADER.matcher(line).matches();
  }

  /**
   * Understands a start line: a Status-Line or a Request-Line of RFC 3261 section 7.
   *
   * @throws IllegalArgumentException saying why it is neither
   */
  static StartLine parse(String line) {
    if (line.regionMatches(true, 0, "SIP/", 0, 4)) {
      Matcher m = STATUS.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "not a status line 'SIP/2.0 code reason': '" + SipText.abbreviate(line) + "'");
      }
      int code = Integer.parseInt(m.group(2));
      if (code < 100 || code > 699) {
        throw new IllegalArgumentException(
            "status code " + m.group(2) + " is not between 100 and 699");
      }
      String reason = m.group(3) == null ? "" : m.group(3).strip();
      return new StartLine(line, m.group(1), code, reason, null, null);
    }
    Matcher m = REQUEST.matcher(line);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "neither a start line nor a header: '" + SipText.abbreviate(line) + "'");
    }
    return new StartLine(line, m.group(3), 0, null, m.group(1), m.group(2));
  }
}
