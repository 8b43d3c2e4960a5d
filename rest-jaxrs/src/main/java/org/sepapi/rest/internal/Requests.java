package org.sepapi.rest.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sepapi.core.SubscriptionRequest;
import org.sepapi.core.sip.SipParseException;
import org.sepapi.core.sip.SipUri;
import org.sepapi.model.api.Subscribe;

/**
 * Turns a {@code <subscribe>} document into sep-core's {@link SubscriptionRequest}, refusing what
 * it cannot be with a {@code 400} that says which part is wrong. Stateless.
 */
final class Requests {
  private Requests() {}

  /**
   * The request of {@code owner} that {@code subscribe} says: every entry of its resource lists
   * (flattened, de-duplicated, in order) or its RLS list URI, its callback if any, its expiry and
   * its Accept types. The event package is passed through as given: sep-core interprets the ones it
   * knows and passes any other token through.
   *
   * @throws ApiException (400) if a part is missing or invalid
   */
  static SubscriptionRequest of(String owner, Subscribe subscribe) {
    if (subscribe == null) {
      throw ApiException.badRequest("the request has no body: send a <subscribe> document");
    }
    List<SipUri> resources = new ArrayList<>();
    for (String uri : subscribe.resourceUris()) {
      resources.add(sipUri(uri, "resource-lists entry"));
    }
    Optional<SipUri> rls = subscribe.rlsUri().map(uri -> sipUri(uri, "rls uri"));
    if (resources.isEmpty() && rls.isEmpty()) {
      throw ApiException.badRequest(
          "a subscribe names its resources: resource-lists with at least one entry, or an rls uri");
    }
    Optional<URI> callback = subscribe.notifyUrl().map(Requests::callback);
    Instant expires =
        subscribe
            .expires()
            .orElseThrow(
                () -> ApiException.badRequest("a subscribe says until when: <expires> is missing"))
            .toInstant();
    try {
      return new SubscriptionRequest(
          owner, subscribe.event(), resources, rls, callback, expires, subscribe.accept());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static SipUri sipUri(String text, String what) {
    try {
      return SipUri.parse(text);
    } catch (SipParseException e) {
      throw ApiException.badRequest("invalid " + what + ": " + e.getMessage());
    }
  }

  private static URI callback(String text) {
    try {
      return new URI(text.strip());
    } catch (URISyntaxException e) {
      throw ApiException.badRequest("invalid notify url: " + e.getMessage());
    }
  }
}
