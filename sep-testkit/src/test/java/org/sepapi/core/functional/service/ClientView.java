package org.sepapi.core.functional.service;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.rlmi.Resource;
import org.sepapi.model.rlmi.RlmiList;

/**
 * What a callback receiver knows when it applies each callback in order: a full-state document
 * replaces everything, a partial one replaces the resources it names. It checks the versions: one
 * more per callback, or a full state after a gap. Not thread-safe.
 */
final class ClientView {
  private final Map<String, Resource> resources = new LinkedHashMap<>();
  private long version;

  /** The resources of one document, by URI. */
  static Map<String, Resource> of(Subscription document) {
    Map<String, Resource> resources = new LinkedHashMap<>();
    for (Resource resource : Docs.list(document).resources()) {
      resources.put(resource.uri(), resource);
    }
    return resources;
  }

  void apply(Subscription document) {
    RlmiList list = Docs.list(document);
    if (list.version() <= version) {
      throw new AssertionError("version " + list.version() + " after " + version);
    }
    if (list.version() != version + 1 && !list.fullState()) {
      throw new AssertionError(
          "a gap (" + version + " to " + list.version() + ") with a partial document");
    }
    if (!list.fullState() && list.resources().isEmpty()) {
      throw new AssertionError(
          "a partial callback that changes nothing: version " + list.version());
    }
    version = list.version();
    if (list.fullState()) {
      resources.clear();
    }
    for (Resource resource : list.resources()) {
      resources.put(resource.uri(), resource);
    }
  }

  /** Versions after a takeover start again, with a full state. */
  void restart() {
    version = 0;
  }

  long version() {
    return version;
  }

  Map<String, Resource> resources() {
    return new LinkedHashMap<>(resources);
  }
}
