package org.sepapi.transport.jainsip.internal;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.SIPHeaderList;
import gov.nist.javax.sip.message.SIPMessage;
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
 * stack computes Content-Length). Incoming: header by header, each value as JAIN-SIP encodes it,
 * the body as the raw bytes. Stateless, thread-safe.
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
    SipRequest.Builder builder =
        SipRequest.builder(jain.getMethod(), SipUri.parse(jain.getRequestURI().toString()));
    builder.headers(headers((SIPMessage) jain));
    byte[] body = jain.getRawContent();
    if (body != null && body.length > 0) {
      builder.body(Body.of(contentType(jain), body));
    }
    return builder.build();
  }

  /**
   * Our response for a JAIN-SIP one.
   *
   * @throws SipParseException or IllegalArgumentException if a part is not valid for our values
   */
  public static SipResponse fromJain(Response jain) {
    String reason = jain.getReasonPhrase() == null ? "" : jain.getReasonPhrase();
    SipResponse.Builder builder = SipResponse.builder(jain.getStatusCode(), reason);
    builder.headers(headers((SIPMessage) jain));
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

  private static SipHeaders headers(SIPMessage jain) {
    List<SipHeaders.Header> lines = new ArrayList<>(16);
    for (Iterator<SIPHeader> it = jain.getHeaders(); it.hasNext(); ) {
      SIPHeader header = it.next();
      if (header instanceof SIPHeaderList<?> list) {
        for (Object element : list) {
          SIPHeader one = (SIPHeader) element;
          lines.add(new SipHeaders.Header(one.getName(), value(one)));
        }
      } else {
        lines.add(new SipHeaders.Header(header.getName(), value(header)));
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
