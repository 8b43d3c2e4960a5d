package org.sepapi.core.sip;

import java.util.Map;

/** The reason phrases of RFC 3261 section 21 and the event-related RFCs. */
final class ReasonPhrases {
  private static final Map<Integer, String> PHRASES =
      Map.ofEntries(
          Map.entry(100, "Trying"),
          Map.entry(180, "Ringing"),
          Map.entry(181, "Call Is Being Forwarded"),
          Map.entry(182, "Queued"),
          Map.entry(183, "Session Progress"),
          Map.entry(200, "OK"),
          Map.entry(202, "Accepted"),
          Map.entry(300, "Multiple Choices"),
          Map.entry(301, "Moved Permanently"),
          Map.entry(302, "Moved Temporarily"),
          Map.entry(305, "Use Proxy"),
          Map.entry(380, "Alternative Service"),
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(407, "Proxy Authentication Required"),
          Map.entry(408, "Request Timeout"),
          Map.entry(415, "Unsupported Media Type"),
          Map.entry(423, "Interval Too Brief"),
          Map.entry(480, "Temporarily Unavailable"),
          Map.entry(481, "Call/Transaction Does Not Exist"),
          Map.entry(484, "Address Incomplete"),
          Map.entry(486, "Busy Here"),
          Map.entry(487, "Request Terminated"),
          Map.entry(488, "Not Acceptable Here"),
          Map.entry(489, "Bad Event"),
          Map.entry(491, "Request Pending"),
          Map.entry(500, "Server Internal Error"),
          Map.entry(501, "Not Implemented"),
          Map.entry(503, "Service Unavailable"),
          Map.entry(504, "Server Time-out"),
          Map.entry(600, "Busy Everywhere"),
          Map.entry(603, "Decline"),
          Map.entry(604, "Does Not Exist Anywhere"),
          Map.entry(606, "Not Acceptable"));

  private ReasonPhrases() {}

  static String of(int status) {
    String phrase = PHRASES.get(status);
    return phrase != null ? phrase : "Status " + status;
  }
}
