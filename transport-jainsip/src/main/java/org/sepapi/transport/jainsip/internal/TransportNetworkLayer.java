package org.sepapi.transport.jainsip.internal;

import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The stack's sockets for TCP and TLS: a connection it opens gives up after a connect timeout (the
 * stack's own layer connects without one, so a peer that drops SYNs held the sending thread until
 * the operating system gave up, about two minutes on Linux), and TLS sockets come from the
 * application's {@link SSLContext} instead of the key store files that JAIN-SIP's own TLS layer
 * reads from system properties. The stack creates it by class name (property {@code
 * gov.nist.javax.sip.NETWORK_LAYER}, no-argument constructor); the transport then takes it back
 * from {@link SipStackImpl#getNetworkLayer()} and {@linkplain #configure configures} it before it
 * creates the listening point, the first time the stack asks for a socket.
 *
 * <p>An outgoing TLS socket is connected as a plain socket first (with the connect timeout), then
 * layered with the name the stack resolved, so that the server name (SNI) is sent and, if asked,
 * the peer's certificate is checked against that name (the JDK's {@code HTTPS} endpoint
 * identification: DNS names, wildcards, IP addresses). The stack itself sets the enabled protocols
 * and starts the handshake. The socket returned {@linkplain ReportingSslSocket reports} a TLS error
 * met while the stack reads it.
 *
 * <p>Outgoing connections being set up (connecting, or in their TLS handshake) are counted, and
 * {@link #close()} closes them, so that a thread blocked on one is released at once instead of
 * after the timeout; the layer then refuses to open more. Thread-safe once configured.
 */
public final class TransportNetworkLayer implements NetworkLayer {
  private final Set<Socket> settingUp = ConcurrentHashMap.newKeySet();
  private volatile Settings settings;
  private volatile boolean closed;

  /** For the stack, which creates it by reflection. */
  public TransportNetworkLayer() {}

  /** For TCP: connections it opens give up after {@code connectTimeout}. */
  public void configure(Duration connectTimeout) {
    this.settings = new Settings(millis(connectTimeout), null);
  }

  /**
   * For TLS: connections it opens give up connecting after {@code connectTimeout}, and use what
   * {@code tls} says; {@code protocols} and {@code cipherSuites} are non-empty. {@code onFailure}
   * hears, from the stack's reading thread, of an outgoing connection whose reading failed with a
   * TLS error (a refused client certificate, say), with the peer's address.
   */
  public void configure(
      Duration connectTimeout,
      SSLContext context,
      String[] protocols,
      String[] cipherSuites,
      boolean verifyHostname,
      BiConsumer<InetSocketAddress, SSLException> onFailure) {
    this.settings =
        new Settings(
            millis(connectTimeout),
            new Tls(
                Objects.requireNonNull(context, "context"),
                protocols.clone(),
                cipherSuites.clone(),
                verifyHostname,
                Objects.requireNonNull(onFailure, "onFailure")));
  }

  private static int millis(Duration timeout) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }

  /**
   * Closes the outgoing connections being set up, whose threads then fail at once, and refuses to
   * open new ones. Connections already set up belong to the stack, which closes them when it stops.
   */
  public void close() {
    closed = true;
    for (Socket socket : List.copyOf(settingUp)) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing is all that is wanted
      }
    }
  }

  private record Settings(int connectTimeoutMillis, Tls tls) {}

  private record Tls(
      SSLContext context,
      String[] protocols,
      String[] cipherSuites,
      boolean verifyHostname,
      BiConsumer<InetSocketAddress, SSLException> onFailure) {}

  private Settings settings() throws IOException {
    Settings now = settings;
    if (now == null) {
      throw new IOException("the network layer is not configured");
    }
    return now;
  }

  private Tls tls() throws IOException {
    Tls tls = settings().tls;
    if (tls == null) {
      throw new IOException("the network layer is not configured for TLS");
    }
    return tls;
  }

  @Override
  public void setSipStack(SipStackImpl sipStack) {
    // nothing from the stack: the transport configures this layer itself
  }

  @Override
  public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress)
      throws IOException {
    Tls tls = tls();
    SSLServerSocket socket =
        (SSLServerSocket)
            tls.context.getServerSocketFactory().createServerSocket(port, backlog, bindAddress);
    socket.setEnabledProtocols(tls.protocols);
    socket.setEnabledCipherSuites(tls.cipherSuites);
    return socket;
  }

  @Override
  public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
    return createSSLSocket(address, port, null);
  }

  @Override
  public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress)
      throws IOException {
    Settings now = settings();
    Tls tls = tls();
    InetSocketAddress peerAddress = new InetSocketAddress(address, port);
    Socket plain = connect(peerAddress, myAddress, 0, now.connectTimeoutMillis, true);
    try {
      String peer = peerName(address);
      SSLSocket socket =
          (SSLSocket) tls.context.getSocketFactory().createSocket(plain, peer, port, true);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setProtocols(tls.protocols);
      parameters.setCipherSuites(tls.cipherSuites);
      if (tls.verifyHostname) {
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
      }
      if (!peer.equals(address.getHostAddress())) {
        parameters.setServerNames(List.of(new SNIHostName(peer)));
      }
      socket.setSSLParameters(parameters);
      // counted as being set up until its handshake ends, which close() then cuts short
      return new ReportingSslSocket(
          socket,
          failure -> tls.onFailure.accept(peerAddress, failure),
          () -> settingUp.remove(plain));
    } catch (IOException | RuntimeException e) {
      settingUp.remove(plain);
      plain.close();
      throw e;
    }
  }

  /**
   * A socket connected to {@code peer} within {@code timeoutMillis}, counted as being set up while
   * it connects, and after it when {@code keepCounted} (until the caller removes it).
   */
  private Socket connect(
      InetSocketAddress peer,
      InetAddress myAddress,
      int myPort,
      int timeoutMillis,
      boolean keepCounted)
      throws IOException {
    Socket socket = new Socket();
    settingUp.add(socket);
    boolean connected = false;
    try {
      if (closed) {
        throw new SocketException("the transport is closed");
      }
      if (myAddress != null || myPort != 0) {
        socket.bind(new InetSocketAddress(myAddress, myPort));
      }
      socket.connect(peer, timeoutMillis);
      connected = true;
      return socket;
    } finally {
      if (!connected) {
        settingUp.remove(socket);
        socket.close();
      } else if (!keepCounted) {
        settingUp.remove(socket);
      }
    }
  }

  /**
   * The name the stack resolved {@code address} from, or its literal address: {@link
   * InetAddress#toString()} is {@code name/literal}, the name empty when there was none (no reverse
   * lookup is made).
   */
  public static String peerName(InetAddress address) {
    String text = address.toString();
    int slash = text.lastIndexOf('/');
    String name = slash <= 0 ? "" : text.substring(0, slash);
    return name.isEmpty() ? address.getHostAddress() : name;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress)
      throws IOException {
    return new ServerSocket(port, backlog, bindAddress);
  }

  @Override
  public Socket createSocket(InetAddress address, int port) throws IOException {
    return createSocket(address, port, null, 0);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress myAddress)
      throws IOException {
    return createSocket(address, port, myAddress, 0);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort)
      throws IOException {
    return connect(
        new InetSocketAddress(address, port),
        myAddress,
        myPort,
        settings().connectTimeoutMillis,
        false);
  }

  @Override
  public DatagramSocket createDatagramSocket() throws SocketException {
    return new DatagramSocket();
  }

  @Override
  public DatagramSocket createDatagramSocket(int port, InetAddress bindAddress)
      throws SocketException {
    return new DatagramSocket(port, bindAddress);
  }
}
