package org.sepapi.rest.internal;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.callcontrol.CallControlException;
import org.sepapi.callcontrol.CallController;
import org.sepapi.callcontrol.CallRequest;
import org.sepapi.callcontrol.CallStatus;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.CallbackPolicy;
import org.sepapi.rest.auth.ApiPrincipal;
import org.sepapi.rest.auth.UserDirectory;

/**
 * The call controller's calls on {@code /callcontroller/{callingUser}/{calledUser}}, as
 * sipXcallController served them: POST places a call, GET answers its {@code <status-lines>},
 * DELETE hangs it up or cancels it. A call is known by its owner (the caller, or the agent it acts
 * as: see {@link CallAccess}), calling and called user; another owner's call is answered like one
 * that does not exist. Thread-safe: it holds only immutable parts and the controller.
 */
@Path("/callcontroller/{calling}/{called}")
@SepEndpoint
public final class CallControllerResource {
  private static final String XML = MediaType.APPLICATION_XML;
  private static final String TEXT_XML = MediaType.TEXT_XML + ";qs=0.5";

  private final CallController controller;
  private final UserDirectory users;
  private final CallbackPolicy callbacks;
  private final String domainHost;

  /**
   * @param users who may act as an agent for whom
   * @param callbacks which callback URLs a request may name
   */
  public CallControllerResource(
      CallController controller, UserDirectory users, CallbackPolicy callbacks) {
    this.controller = Objects.requireNonNull(controller, "controller");
    this.users = Objects.requireNonNull(users, "users");
    this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
    // the controller does not tell its domain; a bare name shows it
    this.domainHost = controller.userUri("user").host(); // the domain without a port
  }

  @POST
  @Produces({XML, TEXT_XML})
  public Response place(
      @PathParam("calling") String calling,
      @PathParam("called") String called,
      @Context UriInfo uri,
      @Context SecurityContext security) {
    SipUri callingUri = user(calling, "calling user");
    SipUri calledUri = user(called, "called user");
    CallParameters parameters = CallParameters.of(uri.getQueryParameters());
    Optional<SipUri> agentUri = parameters.agent().map(agent -> user(agent, "agent"));
    Optional<String> agent = agentUri.map(this::name);
    // every value is checked (400) before the rights (403): the owner is not known yet
    request(caller(security), callingUri, calledUri, agentUri, parameters);
    String owner = owner(security, agent, callingUri);
    CallRequest request = request(owner, callingUri, calledUri, agentUri, parameters);
    CallStatus started;
    try {
      started = controller.connect(request);
    } catch (CallControlException e) {
      throw new ApiException(503, e.getMessage());
    } catch (IllegalStateException e) {
      throw new ApiException(503, "the call controller is not running");
    }
    String location =
        uri.getAbsolutePath().toString()
            + agent
                .map(name -> "?agent=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
                .orElse("");
    return Response.ok(started.toStatusLines()).location(URI.create(location)).build();
  }

  @GET
  @Produces({XML, TEXT_XML})
  public Response status(
      @PathParam("calling") String calling,
      @PathParam("called") String called,
      @Context UriInfo uri,
      @Context SecurityContext security) {
    CallKey key = key(calling, called, uri, security);
    return controller
        .status(key.owner(), key.calling(), key.called())
        .map(status -> Response.ok(status.toStatusLines()).build())
        .orElseGet(() -> notFound(key.calling(), key.called()));
  }

  @DELETE
  public Response hangUp(
      @PathParam("calling") String calling,
      @PathParam("called") String called,
      @Context UriInfo uri,
      @Context SecurityContext security) {
    CallKey key = key(calling, called, uri, security);
    if (!controller.hangUp(key.owner(), key.calling(), key.called())) {
      return notFound(key.calling(), key.called());
    }
    return Response.noContent().build();
  }

  /** The call a GET or DELETE names: its owner (the caller, or the agent it acts as) and users. */
  private record CallKey(String owner, SipUri calling, SipUri called) {}

  private CallKey key(String calling, String called, UriInfo uri, SecurityContext security) {
    SipUri callingUri = user(calling, "calling user");
    SipUri calledUri = user(called, "called user");
    return new CallKey(
        owner(security, agent(uri.getQueryParameters()), callingUri), callingUri, calledUri);
  }

  /**
   * The request the parameters say.
   *
   * @throws ApiException (400) if the subject or the callback URL is refused
   */
  private CallRequest request(
      String owner,
      SipUri calling,
      SipUri called,
      Optional<SipUri> agent,
      CallParameters parameters) {
    CallRequest request;
    try {
      CallRequest.Builder builder =
          CallRequest.builder(owner, calling, called)
              .method(parameters.method())
              .agent(agent.orElse(null))
              .forwardingAllowed(parameters.forwardingAllowed())
              .subject(parameters.subject().orElse(null))
              .callback(parameters.callback().orElse(null));
      parameters.timeout().ifPresent(builder::timeout);
      parameters.resultCacheTime().ifPresent(builder::resultCacheTime);
      request = builder.build();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    if (request.callback().isPresent()) {
      try {
        callbacks.check(request.callback().get());
      } catch (CallbackPolicy.CallbackRefusedException e) {
        throw ApiException.badRequest("callback URL refused: " + e.getMessage());
      }
    }
    return request;
  }

  /** The agent's name as the rights compare it, if the query names one. */
  private Optional<String> agent(MultivaluedMap<String, String> query) {
    return CallParameters.agent(query).map(agent -> name(user(agent, "agent")));
  }

  private String name(SipUri user) {
    return CallAccess.name(user, domainHost);
  }

  private String owner(SecurityContext security, Optional<String> agent, SipUri calling) {
    boolean trusted = ApiPrincipal.of(security).map(ApiPrincipal::isTrustedHost).orElse(false);
    return CallAccess.owner(caller(security), trusted, agent, name(calling), users);
  }

  /** The caller's name; {@link PrincipalRequired} has refused requests without one already. */
  private static String caller(SecurityContext security) {
    String caller = PrincipalRequired.owner(security);
    if (caller == null) {
      throw new ApiException(401, Errors.describe(401));
    }
    return caller;
  }

  /**
   * {@code text} as a SIP URI: a bare name in the controller's domain, {@code user@host}, or a
   * {@code sip:} URI, with a user part and without a password or headers.
   */
  private SipUri user(String text, String what) {
    SipUri uri;
    try {
      uri = controller.userUri(text);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.user().orElse("").indexOf(':') >= 0 || uri.headers().isPresent()) {
      throw ApiException.badRequest(
          "invalid "
              + what
              + " "
              + CallParameters.quote(text)
              + ": a user name, user@host, or a sip: URI with a user and without a password or"
              + " headers");
    }
    return uri;
  }

  private static Response notFound(SipUri calling, SipUri called) {
    return Errors.response(404, "no call from " + calling + " to " + called);
  }
}
