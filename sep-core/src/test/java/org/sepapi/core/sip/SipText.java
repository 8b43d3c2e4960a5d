package org.sepapi.core.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sepapi.core.spi.Body;

/**
 * Reads RFC example messages into {@link SipRequest} and {@link SipResponse}, for tests only:
 * continuation lines are unfolded to one space (RFC 3261 section 7.3.1), white space around the
 * header colon is dropped, and the body is what follows the blank line.
 */
final class SipText {
  private SipText() {}

  static SipRequest request(String text) {
    List<String> lines = lines(text);
    String[] start = lines.get(0).split(" ");
    SipRequest.Builder builder =
        SipRequest.builder(start[0], SipUri.parse(start[1])).headers(headers(lines));
    String body = body(text);
    if (!body.isEmpty()) {
      SipHeaders headers = headers(lines);
      builder.body(Body.of(headers.first("Content-Type").orElseThrow(), bytes(body)));
    }
    return builder.build();
  }

  static SipResponse response(String text) {
    List<String> lines = lines(text);
    String[] start = lines.get(0).split(" ", 3);
    return SipResponse.builder(Integer.parseInt(start[1]), start.length > 2 ? start[2] : "")
        .headers(headers(lines))
        .build();
  }

  private static byte[] bytes(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> lines(String text) {
    String head = text.split("\r?\n\r?\n", 2)[0];
    List<String> lines = new ArrayList<>();
    for (String line : head.split("\r?\n")) {
      if (!lines.isEmpty() && (line.startsWith(" ") || line.startsWith("\t"))) {
        lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + line.strip());
      } else {
        lines.add(line);
      }
    }
    return lines;
  }

  private static String body(String text) {
    String[] parts = text.split("\r?\n\r?\n", 2);
    return parts.length < 2 ? "" : parts[1];
  }

  private static SipHeaders headers(List<String> lines) {
    List<SipHeaders.Header> headers = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      headers.add(
          new SipHeaders.Header(line.substring(0, colon).strip(), line.substring(colon + 1)));
    }
    return SipHeaders.of(headers);
  }
}
