package org.sepapi.examples;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import jakarta.ws.rs.Priorities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.sepapi.callcontrol.CallController;
import org.sepapi.core.SharedSipTransport;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.WebhookSink;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.SystemScheduler;
import org.sepapi.examples.demo.DemoPbx;
import org.sepapi.rest.CallControllerFeature;
import org.sepapi.rest.SepFeature;
import org.sepapi.rest.auth.HttpAuthFilter;
import org.sepapi.rest.auth.InMemoryUserDirectory;
import org.sepapi.rest.auth.JdkHttpClientAddress;
import org.sepapi.rest.auth.TrustedHosts;
import org.sepapi.transport.jainsip.JainSipTransport;

/**
 * The running gateway: the SEP API on Jersey on the JDK's HTTP server, over a {@link
 * SubscriptionService} on a JAIN-SIP transport, with the demo PBX and callback receiver when no PBX
 * is given. A {@link CallController} shares the SIP transport (through a {@link
 * SharedSipTransport}), the PBX, the timers and the callbacks with the subscriptions. {@link
 * #close()} stops it in order, hanging up and unsubscribing first. Thread-safe.
 */
final class GatewayServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(GatewayServer.class.getName());
  private static final Duration UNSUBSCRIBE_WAIT = Duration.ofSeconds(5);

  private final List<AutoCloseable> opened = new ArrayList<>();
  private DemoPbx pbx;
  private JainSipTransport transport;
  private SharedSipTransport sharedTransport;
  private SystemScheduler scheduler;
  private WebhookSink sink;
  private SubscriptionService service;
  private CallController calls;
  private ExecutorService httpThreads;
  private HttpServer http;
  private HttpsServer https;
  private String baseUrl;
  private boolean closed;

  private GatewayServer() {}

  /**
   * Starts every part; on a failure closes what was started and throws.
   *
   * @throws org.sepapi.core.SepException if a port cannot be bound or a file is wrong
   * @throws UncheckedIOException if an HTTP port cannot be bound
   * @throws IllegalArgumentException if the key store cannot be read
   */
  static GatewayServer start(GatewayOptions options) {
    GatewayServer gateway = new GatewayServer();
    try {
      gateway.open(options);
      return gateway;
    } catch (RuntimeException e) {
      gateway.close();
      throw e;
    }
  }

  private void open(GatewayOptions options) {
    TrustedHosts trusted = TrustedHosts.parse(options.trusted());
    InMemoryUserDirectory users =
        options
            .users()
            .map(InMemoryUserDirectory::load)
            .orElse(InMemoryUserDirectory.builder().build());

    String pbxHost;
    int pbxPort;
    SipUri pbxUri;
    if (options.demo()) {
      pbx = DemoPbx.builder().domain(options.domain()).build();
      pbxHost = pbx.host();
      pbxPort = pbx.port();
      pbxUri = pbx.uri();
    } else {
      pbxHost = options.pbx().get().host();
      pbxPort = options.pbx().get().port();
      pbxUri = SipUri.parse("sip:" + options.pbx().get());
    }
    transport =
        JainSipTransport.builder()
            .bind(options.sipHost(), options.sipPort())
            .outboundProxy(pbxHost, pbxPort)
            .stackName("gateway")
            .build();
    sharedTransport = SharedSipTransport.over(transport);
    scheduler = SystemScheduler.create();
    WebhookSink.Builder sinkBuilder = WebhookSink.builder().scheduler(scheduler);
    options.callbackSecret().ifPresent(sinkBuilder::signingSecret);
    sink = sinkBuilder.build();

    httpThreads =
        Executors.newFixedThreadPool(
            16,
            new java.util.concurrent.ThreadFactory() {
              private final AtomicInteger count = new AtomicInteger();

              @Override
              public Thread newThread(Runnable task) {
                Thread thread = new Thread(task, "http-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              }
            });
    try {
      if (options.httpPort() >= 0) {
        http = HttpServer.create(new InetSocketAddress(options.httpPort()), 0);
      }
      if (options.httpsPort().isPresent()) {
        https = HttpsServer.create(new InetSocketAddress(options.httpsPort().get()), 0);
        https.setHttpsConfigurator(
            new HttpsConfigurator(
                sslContext(options.keystore().get(), options.keystorePassword())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for HTTP: " + e.getMessage(), e);
    }
    baseUrl =
        http != null
            ? "http://127.0.0.1:" + http.getAddress().getPort()
            : "https://127.0.0.1:" + https.getAddress().getPort();

    String base = baseUrl;
    Executor engine = ForkJoinPool.commonPool();
    // the first channel started answers the requests no service owns (OPTIONS, strays)
    service =
        SubscriptionService.builder()
            .transport(sharedTransport.channel())
            .scheduler(scheduler)
            .executor(engine)
            .sink(sink)
            .identity(NameAddr.of(SipUri.of("sepapi", options.domain())))
            .credentials(users)
            .listUri(id -> base + "/v/2009-06/sep/" + id)
            .build();
    calls =
        CallController.builder()
            .transport(sharedTransport.channel())
            .scheduler(scheduler)
            .executor(engine)
            .sink(sink)
            .domain(options.domain())
            .outboundProxy(pbxUri)
            .credentials(users)
            .timeout(options.callTimeout())
            .resultCacheTime(options.resultCacheTime())
            .build();

    SepFeature sep = SepFeature.builder().service(service).build();
    CallControllerFeature callController =
        CallControllerFeature.builder().controller(calls).users(users).build();
    JdkHttpClientAddress addresses = JdkHttpClientAddress.create();
    HttpAuthFilter auth =
        HttpAuthFilter.builder()
            .realm(options.domain())
            .users(users)
            .trustedHosts(trusted)
            .clientAddress(addresses)
            .build();
    ResourceConfig config =
        new ResourceConfig()
            .registerInstances(sep.singletons())
            .registerInstances(callController.singletons())
            .register(auth, Priorities.AUTHENTICATION)
            .register(new RequestLog());
    HttpHandler jersey = ContainerFactory.createContainer(HttpHandler.class, config);
    DemoCallbackReceiver receiver = options.demo() ? new DemoCallbackReceiver(trusted) : null;
    for (HttpServer server : servers()) {
      HttpContext context = server.createContext("/", jersey);
      context.getFilters().add(addresses.filter());
      if (receiver != null) {
        server.createContext(DemoCallbackReceiver.PATH, receiver);
      }
      server.setExecutor(httpThreads);
      server.start();
    }

    if (http != null) {
      LOG.log(System.Logger.Level.INFO, "HTTP: {0}/v/2009-06/sep", baseUrl);
      LOG.log(System.Logger.Level.INFO, "HTTP: {0}/callcontroller/<calling>/<called>", baseUrl);
    }
    if (https != null) {
      LOG.log(
          System.Logger.Level.INFO,
          "HTTPS: https://127.0.0.1:{0}/v/2009-06/sep",
          Integer.toString(https.getAddress().getPort()));
    }
    LOG.log(
        System.Logger.Level.INFO,
        "SIP: {0} (UDP), identity sip:sepapi@{1}",
        transport.contactUri(),
        options.domain());
    LOG.log(
        System.Logger.Level.INFO,
        "call controller on the same SIP port: calls go through {0}, a phone rings up to {1} s,"
            + " ended calls are kept {2} s",
        pbxUri,
        Long.toString(options.callTimeout().toSeconds()),
        Long.toString(options.resultCacheTime().toSeconds()));
    if (pbx != null) {
      LOG.log(
          System.Logger.Level.INFO,
          "PBX: the demo PBX at {0}:{1}, users {2} @{3}, changing every 3 s",
          pbxHost,
          Integer.toString(pbxPort),
          String.join(", ", pbx.users()),
          pbx.domain());
      LOG.log(
          System.Logger.Level.INFO,
          "demo callback receiver: {0}{1} (POST keeps a callback, GET shows them)",
          baseUrl,
          DemoCallbackReceiver.PATH);
    } else {
      LOG.log(
          System.Logger.Level.INFO,
          "PBX: every SUBSCRIBE goes to {0}:{1}",
          pbxHost,
          Integer.toString(pbxPort));
    }
    LOG.log(
        System.Logger.Level.INFO,
        "trusted hosts (no credentials needed): {0}; users with HTTP Digest: {1}",
        trusted.isEmpty() ? "none" : options.trusted(),
        options.users().map(path -> users.users().size() + " from " + path).orElse("none"));
    if (options.callbackSecret().isPresent()) {
      LOG.log(System.Logger.Level.INFO, "callbacks are signed (Sep-Signature)");
    }
    if (pbx != null) {
      LOG.log(
          System.Logger.Level.INFO,
          "try: curl -i -H ''Content-Type: application/xml'' --data ''<subscribe"
              + " xmlns=\"http://voip.co.uk/api/sep/2009-06\" event=\"reg\"><resource-lists"
              + " xmlns=\"urn:ietf:params:xml:ns:resource-lists\"><list><entry"
              + " uri=\"sip:alice@{1}\"/></list></resource-lists><notify url=\"{0}{2}\"/>"
              + "<expires>2099-01-01T00:00:00Z</expires></subscribe>'' {0}/v/2009-06/sep",
          baseUrl,
          pbx.domain(),
          DemoCallbackReceiver.PATH);
    }
  }

  private List<HttpServer> servers() {
    List<HttpServer> servers = new ArrayList<>();
    if (http != null) {
      servers.add(http);
    }
    if (https != null) {
      servers.add(https);
    }
    return servers;
  }

  /** The plain HTTP port, if any. */
  Optional<Integer> httpPort() {
    return Optional.ofNullable(http).map(server -> server.getAddress().getPort());
  }

  /** The SIP port. */
  int sipPort() {
    return transport.port();
  }

  /**
   * The call controller (third-party calls), on the same SIP transport as the subscriptions; for
   * the HTTP resource that puts it behind the API.
   */
  CallController callController() {
    return calls;
  }

  private static SSLContext sslContext(java.nio.file.Path file, Optional<String> password) {
    char[] secret = password.orElse("").toCharArray();
    try {
      KeyStore store = KeyStore.getInstance(file.toFile(), secret);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, secret);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read the key store " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stops, in order: HTTP (no new requests), the calls (BYE, or CANCEL while ringing) and the
   * subscriptions (SUBSCRIBE with Expires: 0), waiting up to 5 s for them to end, callbacks, SIP,
   * the demo PBX, the timers.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (HttpServer server : servers()) {
      server.stop(0);
    }
    if (httpThreads != null) {
      httpThreads.shutdownNow();
    }
    int liveCalls = 0;
    if (calls != null) {
      liveCalls = calls.size();
      calls.close(); // hangs up every live call; they end once their BYE or CANCEL is answered
    }
    int running = 0;
    if (service != null) {
      running = service.size();
      service.close();
    }
    long deadline = System.nanoTime() + UNSUBSCRIBE_WAIT.toNanos();
    if (calls != null) {
      try {
        calls.closed().toCompletableFuture().get(UNSUBSCRIBE_WAIT.toNanos(), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        // reported below with the calls still live
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // SubscriptionService.close() gives no signal yet when its unsubscribes are sent: poll
    while (service != null && service.size() > 0 && System.nanoTime() < deadline) {
      sleep(20);
    }
    if (running > 0) {
      // the unsubscribes are queued in the transport now: let them leave before it stops
      sleep(500);
      LOG.log(
          System.Logger.Level.INFO,
          "unsubscribed {0} subscription(s) (SUBSCRIBE with Expires: 0)",
          running);
    }
    if (liveCalls > 0) {
      LOG.log(
          System.Logger.Level.INFO, "hung up {0} call(s), {1} still live", liveCalls, calls.size());
    }
    if (sink != null) {
      sink.close();
    }
    if (sharedTransport != null) {
      sharedTransport.close(); // and the JAIN-SIP transport under it
    } else if (transport != null) {
      transport.close();
    }
    if (pbx != null) {
      pbx.close();
    }
    if (scheduler != null) {
      scheduler.close();
    }
    LOG.log(System.Logger.Level.INFO, "stopped");
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
