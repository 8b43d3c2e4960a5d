package org.sepapi.rest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Objects;
import java.util.Set;
import org.sepapi.core.SubscriptionService;
import org.sepapi.rest.internal.ErrorMapper;
import org.sepapi.rest.internal.PrincipalRequired;
import org.sepapi.rest.internal.SepResource;
import org.sepapi.rest.internal.XmlProvider;

/**
 * The SEP API on any Jakarta REST host: registers the resources of {@code /v/2009-06/sep} (also
 * served as {@code /v/2009-01/sep}), the XML readers and writers on sep-model's hardened codecs,
 * and the mapping of every failure to an {@code <error>} document.
 *
 * <pre>{@code
 * SepFeature sep = SepFeature.builder().service(subscriptionService).build();
 * ResourceConfig config = new ResourceConfig().register(sep).register(authFilter);   // Jersey
 * }</pre>
 *
 * <p>The caller's identity is {@code SecurityContext.getUserPrincipal().getName()}, which an
 * authentication filter of the host sets; it owns the subscriptions it creates and sees no other's.
 * A request without a principal is refused with {@code 401}. The failure mapping is registered for
 * the whole application: a host's own 404, 405, 406 and 415 come as {@code <error>} documents too.
 *
 * <p>Thread-safe (immutable); one instance may be registered with several applications.
 */
public final class SepFeature implements Feature {
  /** The default bound on a request body, in bytes: {@value} (1 MiB). */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;

  private final SepResource resource;
  private final int maxRequestBytes;

  private SepFeature(Builder builder) {
    this.resource = new SepResource(builder.service);
    this.maxRequestBytes = builder.maxRequestBytes;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The largest request body read; a larger one is refused with {@code 413}. */
  public int maxRequestBytes() {
    return maxRequestBytes;
  }

  /**
   * What an application registers to serve the API: this feature and the API's root resource (one
   * instance, shared by every request).
   */
  public Set<Object> singletons() {
    return Set.of(this, resource);
  }

  /**
   * Registers the providers (not the resource: see {@link #singletons()}); does nothing on a
   * client.
   */
  @Override
  public boolean configure(FeatureContext context) {
    if (context.getConfiguration().getRuntimeType() != RuntimeType.SERVER) {
      return false;
    }
    context.register(new XmlProvider(maxRequestBytes));
    context.register(new ErrorMapper());
    context.register(new PrincipalRequired(), Priorities.AUTHORIZATION);
    return true;
  }

  @Override
  public String toString() {
    return "SepFeature{maxRequestBytes=" + maxRequestBytes + "}";
  }

  /** Builds a {@link SepFeature}. Not thread-safe. */
  public static final class Builder {
    private SubscriptionService service;
    private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;

    private Builder() {}

    /** The subscriptions the API serves (required); the caller closes it when the host stops. */
    public Builder service(SubscriptionService service) {
      this.service = Objects.requireNonNull(service, "service");
      return this;
    }

    /**
     * The largest request body, in bytes ({@link #DEFAULT_MAX_REQUEST_BYTES} by default): one with
     * a larger Content-Length is refused before it is read, and a body without one is read no
     * further than this.
     *
     * @throws IllegalArgumentException if not positive, or {@link Integer#MAX_VALUE}
     */
    public Builder maxRequestBytes(int maxRequestBytes) {
      if (maxRequestBytes <= 0 || maxRequestBytes == Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "maxRequestBytes must be positive and below Integer.MAX_VALUE: " + maxRequestBytes);
      }
      this.maxRequestBytes = maxRequestBytes;
      return this;
    }

    /**
     * @throws IllegalStateException if no service was given
     */
    public SepFeature build() {
      if (service == null) {
        throw new IllegalStateException("a SepFeature needs a SubscriptionService");
      }
      return new SepFeature(this);
    }
  }
}
