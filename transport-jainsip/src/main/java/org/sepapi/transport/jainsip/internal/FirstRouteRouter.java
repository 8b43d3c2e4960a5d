package org.sepapi.transport.jainsip.internal;

import gov.nist.javax.sip.stack.HopImpl;
import java.util.Collections;
import java.util.ListIterator;
import java.util.Locale;
import javax.sip.ListeningPoint;
import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;

/**
 * Where a request goes, as the {@code SipTransport} SPI says: to the outbound proxy if there is
 * one, else to the first Route header's URI (loose routing), else to the Request-URI; always over
 * the stack's own transport (it has one listening point). The stack creates it by class name
 * (property {@code javax.sip.ROUTER_PATH}) and hands it {@code javax.sip.OUTBOUND_PROXY} as {@code
 * host:port/transport}. Stateless, thread-safe.
 */
public final class FirstRouteRouter implements Router {
  private final SipStack stack;
  private final Hop proxy;

  /** For the stack, which creates it by reflection. */
  public FirstRouteRouter(SipStack stack, String outboundProxy) {
    this.stack = stack;
    this.proxy = outboundProxy == null ? null : parseProxy(outboundProxy);
  }

  private static Hop parseProxy(String text) {
    int slash = text.lastIndexOf('/');
    String hostPort = slash < 0 ? text : text.substring(0, slash);
    String transport = slash < 0 ? "UDP" : text.substring(slash + 1);
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0 || hostPort.endsWith("]")) {
      return new HopImpl(hostPort, 5060, transport);
    }
    return new HopImpl(
        hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)), transport);
  }

  @Override
  public Hop getOutboundProxy() {
    return proxy;
  }

  @Override
  public ListIterator<Hop> getNextHops(Request request) {
    try {
      return Collections.singletonList(getNextHop(request)).listIterator();
    } catch (SipException e) {
      return Collections.<Hop>emptyList().listIterator();
    }
  }

  @Override
  public Hop getNextHop(Request request) throws SipException {
    String transport = transport();
    if (proxy != null) {
      return new HopImpl(proxy.getHost(), proxy.getPort(), transport);
    }
    URI target = request.getRequestURI();
    RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
    if (route != null) {
      target = route.getAddress().getURI();
    }
    if (!(target instanceof SipURI sip)) {
      throw new SipException("not a SIP URI: " + target);
    }
    int port = sip.getPort();
    if (port <= 0) {
      port = sip.isSecure() || transport.equals(ListeningPoint.TLS) ? 5061 : 5060;
    }
    String host = sip.getMAddrParam() != null ? sip.getMAddrParam() : sip.getHost();
    return new HopImpl(host, port, transport);
  }

  private String transport() {
    var points = stack.getListeningPoints();
    if (points.hasNext()) {
      return ((ListeningPoint) points.next()).getTransport().toUpperCase(Locale.ROOT);
    }
    return ListeningPoint.UDP;
  }
}
