package org.sepapi.examples.e2e;

import java.util.List;
import java.util.Optional;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;

/** Reading subscriptions and callbacks in the tests. */
final class Callbacks {
  private Callbacks() {}

  /** A {@code <subscribe>} document for {@code event} on {@code resources}, calling {@code url}. */
  static String subscribe(String event, String url, String... resources) {
    StringBuilder entries = new StringBuilder();
    for (String resource : resources) {
      entries.append("<entry uri=\"").append(resource).append("\"/>");
    }
    return "<subscribe xmlns=\"http://voip.co.uk/api/sep/2009-06\" event=\""
        + event
        + "\"><resource-lists xmlns=\"urn:ietf:params:xml:ns:resource-lists\"><list>"
        + entries
        + "</list></resource-lists><notify url=\""
        + url
        + "\"/><expires>2099-01-01T00:00:00Z</expires></subscribe>";
  }

  /** The instances of {@code resource} in {@code document}. */
  static List<Instance> instances(Subscription document, String resource) {
    return document
        .list()
        .flatMap(list -> list.resource(resource))
        .map(Resource::instances)
        .orElse(List.of());
  }

  /** The first instance of {@code resource} with content, if any. */
  static Optional<Instance> withContent(Subscription document, String resource) {
    return instances(document, resource).stream()
        .filter(instance -> !instance.content().isEmpty())
        .findFirst();
  }

  static boolean terminated(Subscription document, String resource) {
    List<Instance> instances = instances(document, resource);
    return !instances.isEmpty()
        && instances.stream().allMatch(i -> i.state() == Instance.State.TERMINATED);
  }
}
