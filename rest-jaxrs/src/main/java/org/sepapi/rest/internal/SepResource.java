package org.sepapi.rest.internal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.sepapi.core.SubscriptionRequest;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.spi.CallbackPolicy;
import org.sepapi.model.api.Subscribe;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.api.SubscriptionSummary;
import org.sepapi.model.api.Subscriptions;

/**
 * The SEP API's calls on {@code /v/2009-06/sep} and {@code /v/2009-01/sep}: create, read, update
 * and delete a subscription, and list the caller's. The caller (the request's principal) owns what
 * it creates; another caller's subscription is answered like one that does not exist. Thread-safe:
 * it holds only the service.
 */
@Path("/v/{version: 2009-06|2009-01}/sep")
@SepEndpoint
public final class SepResource {
  private static final String XML = MediaType.APPLICATION_XML;
  private static final String TEXT_XML = MediaType.TEXT_XML + ";qs=0.5";

  /** What an id the service made looks like; any other is not echoed in a 404. */
  /** How long a call waits for the subscription to answer before it is refused with 503. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final SubscriptionService service;

  public SepResource(SubscriptionService service) {
    this.service = Objects.requireNonNull(service, "service");
  }

  @POST
  @Consumes({XML, MediaType.TEXT_XML})
  @Produces({XML, TEXT_XML})
  public Response create(
      Subscribe subscribe, @Context SecurityContext security, @Context UriInfo uri) {
    SubscriptionRequest request = Requests.of(owner(security), subscribe);
    Subscription created = await(call(() -> service.create(request)));
    URI location = uri.getAbsolutePathBuilder().path(created.id()).build();
    return Response.created(location).entity(created).build();
  }

  @GET
  @Path("{id}")
  @Produces({XML, TEXT_XML})
  public Response get(@PathParam("id") String id, @Context SecurityContext security) {
    return found(await(service.get(owner(security), id)), id);
  }

  @PUT
  @Path("{id}")
  @Consumes({XML, MediaType.TEXT_XML})
  @Produces({XML, TEXT_XML})
  public Response update(
      @PathParam("id") String id, Subscribe subscribe, @Context SecurityContext security) {
    String owner = owner(security);
    SubscriptionRequest request = Requests.of(owner, subscribe);
    return found(await(call(() -> service.update(owner, id, request))), id);
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
    if (!service.delete(owner(security), id)) {
      return notFound(id);
    }
    return Response.noContent().build();
  }

  @GET
  @Produces({XML, TEXT_XML})
  public Subscriptions list(@Context SecurityContext security) {
    return Subscriptions.of(
        service.list(owner(security)).stream()
            .map(
                s ->
                    SubscriptionSummary.of(
                        s.id(), s.event(), s.expires().atOffset(ZoneOffset.UTC), s.resources()))
            .toList());
  }

  private static Response found(Optional<Subscription> found, String id) {
    return found.map(s -> Response.ok(s).build()).orElseGet(() -> notFound(id));
  }

  private static Response notFound(String id) {
    return Errors.response(
        404, ID.matcher(id).matches() ? "no subscription " + id : "no such subscription");
  }

  /** The caller; {@link PrincipalRequired} has refused requests without one already. */
  private static String owner(SecurityContext security) {
    String owner = PrincipalRequired.owner(security);
    if (owner == null) {
      throw new ApiException(401, Errors.describe(401));
    }
    return owner;
  }

  /**
   * Waits for what the subscription's executor answers: a host need not support asynchronous
   * responses (Jersey's JDK HTTP container does not; a servlet must be declared async-supported),
   * and the answer comes in microseconds unless the service is overloaded.
   */
  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "the request was interrupted");
    } catch (TimeoutException e) {
      throw new ApiException(
          503, "the subscription did not answer within " + WAIT.toSeconds() + " s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("the subscription failed", cause);
    }
  }

  /** Calls the service, turning its refusals of the request into API errors. */
  private static <T> CompletionStage<T> call(Supplier<CompletionStage<T>> call) {
    try {
      return call.get();
    } catch (CallbackPolicy.CallbackRefusedException e) {
      throw ApiException.badRequest("notify url refused: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    } catch (IllegalStateException e) {
      throw new ApiException(503, "the subscription service is not running");
    }
  }
}
