package org.sepapi.transport.jainsip.internal;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.SIPHeaderList;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.sepapi.core.sip.SipHeaders;
import org.sepapi.core.sip.SipParseException;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.Body;

/**
 * Converts between sepapi's immutable messages and JAIN-SIP's. Outgoing: the start line and the
 * header lines as wire text, parsed by JAIN-SIP's message factory, the body set as bytes (so the
 * stack computes Content-Length); except a response whose every line was copied from the request it
 * answers (a 200 to a NOTIFY, a 481): it is put together from copies of the request's parsed
 * headers, with nothing written or parsed again. Incoming: header by header, each value as JAIN-SIP
 * encodes it, the body as the raw bytes. Stateless, thread-safe.
 */
public final class Messages {
  private Messages() {}

  /**
   * A JAIN-SIP request for {@code request} with {@code topVia} above its own Via lines and its
   * Content-Length lines replaced by the body's length.
   *
   * @throws ParseException if JAIN-SIP cannot read it
   */
  public static Request toJain(SipRequest request, String topVia, MessageFactory factory)
      throws ParseException {
    StringBuilder text = new StringBuilder(512);
    text.append(request.method()).append(' ').append(request.requestUri()).append(" SIP/2.0\r\n");
    text.append("Via: ").append(topVia).append("\r\n");
    appendHeaders(text, request.headers());
    Request jain = factory.createRequest(text.toString());
    setBody(jain, request.body().map(Body::content).orElse(null));
    return jain;
  }

  /**
   * A JAIN-SIP response for {@code response}, its Content-Length lines replaced by the body's
   * length.
   *
   * @throws ParseException if JAIN-SIP cannot read it
   */
  public static Response toJain(SipResponse response, MessageFactory factory)
      throws ParseException {
    StringBuilder text = new StringBuilder(512);
    text.append(response.statusLine()).append("\r\n");
    appendHeaders(text, response.headers());
    Response jain = factory.createResponse(text.toString());
    setBody(jain, response.body().map(Body::content).orElse(null));
    return jain;
  }

  /**
   * A JAIN-SIP response for {@code response} to {@code request}: built from copies of the request's
   * parsed headers when every line of {@code response} but Content-Length is a line of {@code
   * request} (the same {@link SipHeaders.Header} object, as {@link SipResponse#to} copies them),
   * each of the request's headers whole and in its order, and the response has no body; otherwise
   * written and parsed as {@link #toJain(SipResponse, MessageFactory)} does.
   *
   * @throws ParseException if JAIN-SIP cannot read it
   */
  public static Response toJain(SipResponse response, Received request, MessageFactory factory)
      throws ParseException {
    Response copied = response.body().isPresent() ? null : fromRequestLines(response, request);
    return copied != null ? copied : toJain(response, factory);
  }

  /** {@code response} from copies of the request's headers, or null if it has other lines. */
  static Response fromRequestLines(SipResponse response, Received request) {
    List<SipHeaders.Header> lines = response.headers().all();
    List<SipHeaders.Header> asked = request.request.headers().all();
    SIPResponse jain = new SIPResponse();
    try {
      jain.setStatusCode(response.status());
      jain.setReasonPhrase(response.reason());
      int i = 0;
      while (i < lines.size()) {
        SipHeaders.Header line = lines.get(i);
        if (line.name().equals("Content-Length")) {
          i++;
          continue;
        }
        int at = indexOf(asked, line);
        if (at < 0 || (at > 0 && request.origins[at - 1] == request.origins[at])) {
          return null; // not the request's, or not the first line of its header
        }
        SIPHeader origin = request.origins[at];
        int end = at + 1;
        while (end < asked.size() && request.origins[end] == origin) {
          end++;
        }
        for (int k = at; k < end; k++, i++) {
          if (i >= lines.size() || lines.get(i) != asked.get(k)) {
            return null; // only some lines of a list header
          }
        }
        jain.attachHeader((SIPHeader) origin.clone(), false, false);
      }
      return jain;
    } catch (ParseException | RuntimeException e) {
      return null; // the written form decides
    }
  }

  private static int indexOf(List<SipHeaders.Header> lines, SipHeaders.Header line) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i) == line) {
        return i;
      }
    }
    return -1;
  }

  private static void appendHeaders(StringBuilder text, SipHeaders headers) {
    for (SipHeaders.Header header : headers.all()) {
      if (!header.name().equals("Content-Length")) {
        text.append(header.name()).append(": ").append(header.value()).append("\r\n");
      }
    }
    text.append("Content-Length: 0\r\n\r\n");
  }

  private static void setBody(javax.sip.message.Message jain, byte[] body) {
    if (body != null && body.length > 0) {
      ((SIPMessage) jain).setMessageContent(body);
    }
  }

  /**
   * Our request for a JAIN-SIP one.
   *
   * @throws SipParseException or IllegalArgumentException if a part is not valid for our values
   */
  public static SipRequest fromJain(Request jain) {
    return received(jain).request();
  }

  /**
   * Our request for a JAIN-SIP one, with the parsed header each of its lines came from, from which
   * {@link #toJain(SipResponse, Received, MessageFactory)} copies a response's lines.
   *
   * @throws SipParseException or IllegalArgumentException if a part is not valid for our values
   */
  public static Received received(Request jain) {
    SipRequest.Builder builder =
        SipRequest.builder(jain.getMethod(), SipUri.parse(jain.getRequestURI().toString()));
    List<SIPHeader> origins = new ArrayList<>(16);
    builder.headers(headers((SIPMessage) jain, origins));
    byte[] body = jain.getRawContent();
    if (body != null && body.length > 0) {
      builder.body(Body.of(contentType(jain), body));
    }
    return new Received(builder.build(), origins.toArray(new SIPHeader[0]));
  }

  /**
   * A request as received: our value, and for each of its header lines the JAIN-SIP header (a list
   * header for each of its elements) it was read from. Immutable once made; the headers are only
   * ever copied.
   */
  public static final class Received {
    private final SipRequest request;
    private final SIPHeader[] origins;

    private Received(SipRequest request, SIPHeader[] origins) {
      this.request = request;
      this.origins = origins;
    }

    public SipRequest request() {
      return request;
    }
  }

  /**
   * Our response for a JAIN-SIP one.
   *
   * @throws SipParseException or IllegalArgumentException if a part is not valid for our values
   */
  public static SipResponse fromJain(Response jain) {
    String reason = jain.getReasonPhrase() == null ? "" : jain.getReasonPhrase();
    SipResponse.Builder builder = SipResponse.builder(jain.getStatusCode(), reason);
    builder.headers(headers((SIPMessage) jain, null));
    byte[] body = jain.getRawContent();
    if (body != null && body.length > 0) {
      builder.body(Body.of(contentType(jain), body));
    }
    return builder.build();
  }

  private static String contentType(javax.sip.message.Message jain) {
    var header = jain.getHeader("Content-Type");
    return header == null ? "application/octet-stream" : value((SIPHeader) header);
  }

  /**
   * The header lines of {@code jain}; each line's JAIN-SIP header into {@code origins}, if given.
   */
  private static SipHeaders headers(SIPMessage jain, List<SIPHeader> origins) {
    List<SipHeaders.Header> lines = new ArrayList<>(16);
    for (Iterator<SIPHeader> it = jain.getHeaders(); it.hasNext(); ) {
      SIPHeader header = it.next();
      if (header instanceof SIPHeaderList<?> list) {
        for (Object element : list) {
          SIPHeader one = (SIPHeader) element;
          lines.add(new SipHeaders.Header(one.getName(), value(one)));
          if (origins != null) {
            origins.add(header);
          }
        }
      } else {
        lines.add(new SipHeaders.Header(header.getName(), value(header)));
        if (origins != null) {
          origins.add(header);
        }
      }
    }
    return SipHeaders.of(lines);
  }

  /** The value of one header as JAIN-SIP encodes it, without the name and the line end. */
  private static String value(SIPHeader header) {
    String encoded = header.encode();
    int colon = encoded.indexOf(':');
    return encoded.substring(colon + 1).strip();
  }
}
