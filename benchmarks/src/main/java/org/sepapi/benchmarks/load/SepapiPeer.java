package org.sepapi.benchmarks.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sepapi.core.SubscriptionRequest;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.DeliveryOutcome;
import org.sepapi.core.spi.NotificationSink;
import org.sepapi.core.spi.NotificationSource;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.SystemScheduler;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;
import org.sepapi.model.rlmi.RlmiList;
import org.sepapi.transport.jainsip.JainSipTransport;

/**
 * sepapi under load: a {@link SubscriptionService} on a {@link JainSipTransport} (UDP, 127.0.0.1,
 * defaults otherwise: one stack thread, the common pool as executor), with a sink that only counts.
 * One API subscription per resource, one resource each.
 *
 * <p>Latency: a decorator around the transport stamps each loop NOTIFY when the transport hands it
 * to the engine; the engine answers a NOTIFY and then merges its body and queues the change on the
 * same thread (the subscription's serial executor), so the answer marks the thread with the stamp
 * and the sink's {@code signal} that follows on that thread closes it.
 *
 * <p>The sink takes no callback while a step runs, but at {@link #endStep} it takes each deleted
 * subscription's final one and calls it delivered, so that the service lets go of the subscription
 * (it keeps one until its final callback went) and the next step starts from an empty service.
 * Thread-safe.
 */
final class SepapiPeer implements LoadPeer {
  private static final String OWNER = "load";
  private static final URI CALLBACK = URI.create("http://127.0.0.1:9/callback");

  /** The receive stamp of the loop NOTIFY this thread answered last and has not yet seen queued. */
  private static final ThreadLocal<long[]> ANSWERED = ThreadLocal.withInitial(() -> new long[1]);

  private final JainSipTransport transport;
  private final SystemScheduler scheduler = SystemScheduler.create();
  private final SubscriptionService service;
  private final List<String> ids = new ArrayList<>();

  /** The subscriptions deleted and not yet gone: their final callback is taken. */
  private final Set<String> deleted = ConcurrentHashMap.newKeySet();

  private volatile StepCounters counters = new StepCounters(0);

  SepapiPeer() {
    this.transport = JainSipTransport.builder().bind("127.0.0.1", 0).stackName("load").build();
    this.service =
        SubscriptionService.builder()
            .transport(new TimingTransport(transport))
            .scheduler(scheduler)
            .sink(new CountingSink())
            .identity(NameAddr.of(SipUri.parse("sip:sepapi@127.0.0.1")))
            .subscribesPerSecond(1_000_000) // the driver paces the SUBSCRIBEs itself
            .build();
  }

  @Override
  public String name() {
    return "sepapi";
  }

  @Override
  public int enlargeUdpBuffers(int bytes) {
    return StackInternals.enlargeUdpBuffers(transport, bytes);
  }

  @Override
  public String transactions() {
    return StackInternals.transactions(StackInternals.stackOf(transport));
  }

  @Override
  public int transactionsHeld() {
    return StackInternals.held(StackInternals.stackOf(transport));
  }

  @Override
  public boolean idle() {
    return transactionsHeld() == 0 && service.size() == 0;
  }

  @Override
  public long shedMessages() {
    return transport.shedMessages();
  }

  /**
   * Reads every subscription of the step from the service ({@code get}, on its executor) and counts
   * those whose resource has an active dialog; one not read within 10 s counts as not active.
   */
  @Override
  public OptionalInt activeSubscriptions() throws InterruptedException {
    List<CompletableFuture<Boolean>> reads = new ArrayList<>();
    synchronized (ids) {
      for (String id : ids) {
        reads.add(
            service
                .get(OWNER, id)
                .thenApply(found -> found.map(SepapiPeer::isActive).orElse(false))
                .toCompletableFuture());
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int active = 0;
    for (CompletableFuture<Boolean> read : reads) {
      try {
        if (read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          active++;
        }
      } catch (ExecutionException | TimeoutException e) {
        // not active, as far as the driver can tell
      }
    }
    return OptionalInt.of(active);
  }

  private static boolean isActive(Subscription subscription) {
    List<Resource> resources = subscription.list().map(RlmiList::resources).orElse(List.of());
    return !resources.isEmpty()
        && resources.stream()
            .allMatch(
                resource ->
                    resource.instances().stream()
                        .anyMatch(instance -> instance.state() == Instance.State.ACTIVE));
  }

  @Override
  public int port() {
    return transport.port();
  }

  @Override
  public void beginStep(StepCounters counters, Path dir) {
    this.counters = counters;
  }

  @Override
  public void subscribe(int index, String host, int port) {
    SubscriptionRequest request =
        SubscriptionRequest.of(
            OWNER,
            "reg",
            List.of(SipUri.parse("sip:user" + index + "@" + host + ":" + port)),
            CALLBACK,
            Instant.now().plusSeconds(86_400));
    service
        .create(request)
        .thenAccept(
            created -> {
              synchronized (ids) {
                ids.add(created.id());
              }
            });
  }

  @Override
  public void endStep() {
    List<String> done;
    synchronized (ids) {
      done = List.copyOf(ids);
      ids.clear();
    }
    deleted.addAll(done);
    for (String id : done) {
      service.delete(OWNER, id);
    }
  }

  @Override
  public void close() {
    service.close();
    scheduler.close();
    transport.close();
  }

  /** Counts what passes between the engine and the transport, and stamps loop NOTIFYs. */
  private final class TimingTransport implements SipTransport {
    private final SipTransport delegate;

    TimingTransport(SipTransport delegate) {
      this.delegate = delegate;
    }

    @Override
    public void start(IncomingRequestHandler handler) {
      delegate.start(
          transaction -> {
            long now = System.nanoTime();
            SipRequest request = transaction.request();
            StepCounters step = counters;
            if (!request.method().equals("NOTIFY")) {
              step.otherRequests.incrementAndGet();
              handler.onRequest(transaction);
              return;
            }
            StepCounters.Kind kind =
                step.notifyReceived(
                    request.callId(), request.header("Subscription-State").orElse(""), now);
            handler.onRequest(new Answered(transaction, kind == StepCounters.Kind.LOOP ? now : 0));
          });
    }

    @Override
    public ClientTransaction send(SipRequest request, ResponseListener listener) {
      if (request.method().equals("SUBSCRIBE")) {
        counters.subscribesSent.incrementAndGet();
      }
      return delegate.send(request, listener);
    }

    @Override
    public SipUri contactUri() {
      return delegate.contactUri();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /** A NOTIFY's server transaction: its 200 marks the answering thread with the receive stamp. */
  private final class Answered implements SipTransport.ServerTransaction {
    private final SipTransport.ServerTransaction delegate;
    private final long received;

    Answered(SipTransport.ServerTransaction delegate, long received) {
      this.delegate = delegate;
      this.received = received;
    }

    @Override
    public SipRequest request() {
      return delegate.request();
    }

    @Override
    public void respond(SipResponse response) {
      StepCounters step = counters;
      if (response.status() != 200) {
        step.non200Answers.incrementAndGet();
      } else if (received != 0) {
        ANSWERED.get()[0] = received;
      }
      delegate.respond(response);
      if (received != 0 && response.status() == 200) {
        step.answers.add(System.nanoTime() - received);
      }
    }
  }

  /** Counts changes and closes the latency of the loop NOTIFY answered on this thread. */
  private final class CountingSink implements NotificationSink {
    @Override
    public void signal(NotificationSource source) {
      if (deleted.contains(source.subscriptionId())) {
        takeFinal(source);
        return;
      }
      long now = System.nanoTime();
      long[] answered = ANSWERED.get();
      StepCounters step = counters;
      if (answered[0] != 0) {
        step.latencies.add(now - answered[0]);
        step.loopChanges.incrementAndGet();
        answered[0] = 0;
      } else {
        step.otherChanges.incrementAndGet();
      }
    }

    /** Takes a deleted subscription's pending callback and calls it delivered. */
    private void takeFinal(NotificationSource source) {
      source
          .take()
          .thenAccept(
              taken ->
                  taken.ifPresent(
                      notification -> {
                        if (notification.terminal()) {
                          deleted.remove(source.subscriptionId());
                        }
                        source.delivered(notification, DeliveryOutcome.DELIVERED);
                      }));
    }

    @Override
    public void close() {}
  }
}
