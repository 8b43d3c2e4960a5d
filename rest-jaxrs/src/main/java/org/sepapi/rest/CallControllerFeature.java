package org.sepapi.rest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sepapi.callcontrol.CallController;
import org.sepapi.core.spi.CallbackPolicy;
import org.sepapi.rest.auth.UserDirectory;
import org.sepapi.rest.internal.CallControllerResource;
import org.sepapi.rest.internal.CallDocumentWriter;
import org.sepapi.rest.internal.ErrorMapper;
import org.sepapi.rest.internal.PrincipalRequired;

/**
 * The sipXcallController-compatible call controller API on any Jakarta REST host: the resource of
 * {@code /callcontroller/{callingUser}/{calledUser}} in front of a {@link CallController}, the
 * writer of its {@code <status-lines>} and {@code <error>} documents on sep-model's codecs, and the
 * mapping of every failure to an {@code <error>} document.
 *
 * <pre>{@code
 * CallControllerFeature calls =
 *     CallControllerFeature.builder().controller(controller).users(userDirectory).build();
 * ResourceConfig config = new ResourceConfig().registerInstances(calls.singletons());   // Jersey
 * }</pre>
 *
 * <p>The caller is {@code SecurityContext.getUserPrincipal()}, which an authentication filter of
 * the host sets ({@link org.sepapi.rest.auth.HttpAuthFilter}); a request without one is refused
 * with {@code 401}. A caller acts for itself; the trusted principal of {@link
 * org.sepapi.rest.auth.ApiPrincipal} for anyone; an {@code agent} for the users the {@link
 * UserDirectory} lets it act for. It registers alongside {@link SepFeature} in one application.
 *
 * <p>Thread-safe (immutable); one instance may be registered with several applications.
 */
public final class CallControllerFeature implements Feature {
  private final CallControllerResource resource;

  private CallControllerFeature(Builder builder) {
    this.resource =
        new CallControllerResource(builder.controller, builder.users, builder.callbackPolicy);
  }

  public static Builder builder() {
    return new Builder();
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
    context.register(new CallDocumentWriter());
    context.register(new ErrorMapper());
    context.register(new PrincipalRequired(), Priorities.AUTHORIZATION);
    return true;
  }

  @Override
  public String toString() {
    return "CallControllerFeature";
  }

  /** Builds a {@link CallControllerFeature}. Not thread-safe. */
  public static final class Builder {
    private CallController controller;
    private UserDirectory users = name -> Optional.empty();
    private CallbackPolicy callbackPolicy = CallbackPolicy.httpOnly();

    private Builder() {}

    /** The calls the API places (required); the caller closes it when the host stops. */
    public Builder controller(CallController controller) {
      this.controller = Objects.requireNonNull(controller, "controller");
      return this;
    }

    /**
     * Who may act as an {@code agent} for whom ({@link UserDirectory#mayActFor}). Without one, no
     * request may name an agent (403).
     */
    public Builder users(UserDirectory users) {
      this.users = Objects.requireNonNull(users, "users");
      return this;
    }

    /**
     * Which {@code callback} URLs a request may name, checked when the call is placed (a refusal is
     * a {@code 400}); {@link CallbackPolicy#httpOnly()} by default. Give the controller's {@code
     * WebhookSink} the same policy: it checks again before each delivery.
     */
    public Builder callbackPolicy(CallbackPolicy policy) {
      this.callbackPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * @throws IllegalStateException if no controller was given
     */
    public CallControllerFeature build() {
      if (controller == null) {
        throw new IllegalStateException("a CallControllerFeature needs a CallController");
      }
      return new CallControllerFeature(this);
    }
  }
}
