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
import java.util.function.BiConsumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The stack's sockets, TLS ones from the application's {@link SSLContext} instead of the key store
 * files that JAIN-SIP's own TLS layer reads from system properties. The stack creates it by class
 * name (property {@code gov.nist.javax.sip.NETWORK_LAYER}, no-argument constructor); the transport
 * then takes it back from {@link SipStackImpl#getNetworkLayer()} and {@linkplain #configure
 * configures} it before it creates the listening point, the first time the stack asks for a socket.
 *
 * <p>An outgoing TLS socket is connected as a plain socket first (with a timeout), then layered
 * with the name the stack resolved, so that the server name (SNI) is sent and, if asked, the peer's
 * certificate is checked against that name (the JDK's {@code HTTPS} endpoint identification: DNS
 * names, wildcards, IP addresses). The stack itself sets the enabled protocols and starts the
 * handshake. The socket returned {@linkplain ReportingSslSocket reports} a TLS error met while the
 * stack reads it. Thread-safe once configured.
 */
public final class TlsNetworkLayer implements NetworkLayer {
  private volatile Settings settings;

  /** For the stack, which creates it by reflection. */
  public TlsNetworkLayer() {}

  /**
   * What the sockets need; {@code protocols} and {@code cipherSuites} are non-empty. {@code
   * onFailure} hears, from the stack's reading thread, of an outgoing connection whose reading
   * failed with a TLS error (a refused client certificate, say), with the peer's address.
   */
  public void configure(
      SSLContext context,
      String[] protocols,
      String[] cipherSuites,
      boolean verifyHostname,
      Duration connectTimeout,
      BiConsumer<InetSocketAddress, SSLException> onFailure) {
    this.settings =
        new Settings(
            Objects.requireNonNull(context, "context"),
            protocols.clone(),
            cipherSuites.clone(),
            verifyHostname,
            (int) connectTimeout.toMillis(),
            Objects.requireNonNull(onFailure, "onFailure"));
  }

  private record Settings(
      SSLContext context,
      String[] protocols,
      String[] cipherSuites,
      boolean verifyHostname,
      int connectTimeoutMillis,
      BiConsumer<InetSocketAddress, SSLException> onFailure) {}

  private Settings settings() throws IOException {
    Settings now = settings;
    if (now == null) {
      throw new IOException("the TLS layer is not configured");
    }
    return now;
  }

  @Override
  public void setSipStack(SipStackImpl sipStack) {
    // nothing from the stack: the transport configures this layer itself
  }

  @Override
  public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress)
      throws IOException {
    Settings now = settings();
    SSLServerSocket socket =
        (SSLServerSocket)
            now.context.getServerSocketFactory().createServerSocket(port, backlog, bindAddress);
    socket.setEnabledProtocols(now.protocols);
    socket.setEnabledCipherSuites(now.cipherSuites);
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
    Socket plain = new Socket();
    SSLSocket socket;
    InetSocketAddress peerAddress = new InetSocketAddress(address, port);
    try {
      if (myAddress != null) {
        plain.bind(new InetSocketAddress(myAddress, 0));
      }
      plain.connect(peerAddress, now.connectTimeoutMillis);
      String peer = peerName(address);
      socket = (SSLSocket) now.context.getSocketFactory().createSocket(plain, peer, port, true);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setProtocols(now.protocols);
      parameters.setCipherSuites(now.cipherSuites);
      if (now.verifyHostname) {
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
      }
      if (!peer.equals(address.getHostAddress())) {
        parameters.setServerNames(List.of(new SNIHostName(peer)));
      }
      socket.setSSLParameters(parameters);
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
    return new ReportingSslSocket(socket, failure -> now.onFailure.accept(peerAddress, failure));
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
    Settings now = settings;
    Socket socket = new Socket();
    try {
      if (myAddress != null || myPort != 0) {
        socket.bind(new InetSocketAddress(myAddress, myPort));
      }
      socket.connect(
          new InetSocketAddress(address, port), now == null ? 0 : now.connectTimeoutMillis);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
    return socket;
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
