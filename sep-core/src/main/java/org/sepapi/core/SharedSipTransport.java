package org.sepapi.core;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.SipTransport;

/**
 * One {@link SipTransport} (one SIP port) shared by several services, such as a {@link
 * SubscriptionService} and a call controller: each takes a {@linkplain #channel() channel} as its
 * transport.
 *
 * <pre>{@code
 * SharedSipTransport shared = SharedSipTransport.over(jainSip);
 * SubscriptionService subscriptions = SubscriptionService.builder().transport(shared.channel())...;
 * CallController calls = CallController.builder().transport(shared.channel())...;
 * }</pre>
 *
 * <p>Requests sent on a channel go out on the shared transport as they are. An incoming request
 * goes to the first started channel whose handler {@linkplain
 * SipTransport.IncomingRequestHandler#owns owns} it (the services claim the dialogs they created,
 * by Call-ID), and to the first channel started when none does: that one answers the requests that
 * belong to nobody (OPTIONS, strays). The underlying transport is started with the first channel
 * and closed with the last one, or by {@link #close()}.
 *
 * <p>Thread-safe.
 */
public final class SharedSipTransport implements AutoCloseable {
  private final SipTransport transport;
  private final List<Channel> started = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private int open; // guarded by lock
  private boolean transportStarted; // guarded by lock
  private boolean closed; // guarded by lock

  private SharedSipTransport(SipTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /** Shares {@code transport}, which must not be started yet. */
  public static SharedSipTransport over(SipTransport transport) {
    return new SharedSipTransport(transport);
  }

  /** A new channel: a {@link SipTransport} of its own for one service, to start once. */
  public SipTransport channel() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the shared transport is closed");
      }
      open++;
      return new Channel();
    }
  }

  /** Closes the shared transport, and with it every channel. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    started.clear();
    transport.close();
  }

  @Override
  public String toString() {
    return "SharedSipTransport[" + transport + ", " + started.size() + " started]";
  }

  private void route(SipTransport.ServerTransaction transaction) {
    SipRequest request = transaction.request();
    Channel fallback = null;
    for (Channel channel : started) {
      if (fallback == null) {
        fallback = channel;
      }
      if (channel.handler.owns(request)) {
        channel.handler.onRequest(transaction);
        return;
      }
    }
    if (fallback != null) {
      fallback.handler.onRequest(transaction);
    }
  }

  /** One service's view of the shared transport. */
  private final class Channel implements SipTransport {
    private volatile IncomingRequestHandler handler;
    private boolean channelClosed; // guarded by lock

    @Override
    public void start(IncomingRequestHandler handler) {
      Objects.requireNonNull(handler, "handler");
      boolean first;
      synchronized (lock) {
        if (closed || channelClosed) {
          throw new IllegalStateException("the channel is closed");
        }
        if (this.handler != null) {
          throw new IllegalStateException("the channel is started already");
        }
        this.handler = handler;
        started.add(this);
        first = !transportStarted;
        transportStarted = true;
      }
      if (first) {
        transport.start(SharedSipTransport.this::route);
      }
    }

    @Override
    public ClientTransaction send(SipRequest request, ResponseListener listener) {
      synchronized (lock) {
        if (channelClosed || closed) {
          throw new IllegalStateException("the channel is closed");
        }
      }
      return transport.send(request, listener);
    }

    @Override
    public SipUri contactUri() {
      return transport.contactUri();
    }

    @Override
    public void close() {
      boolean last;
      synchronized (lock) {
        if (channelClosed) {
          return;
        }
        channelClosed = true;
        started.remove(this);
        last = --open == 0 && !closed;
        if (last) {
          closed = true;
        }
      }
      if (last) {
        transport.close();
      }
    }

    @Override
    public String toString() {
      return "SharedSipTransport.Channel[" + transport + "]";
    }
  }
}
