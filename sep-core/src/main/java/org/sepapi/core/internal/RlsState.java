package org.sepapi.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.BodyException;
import org.sepapi.core.spi.EventPackage;
import org.sepapi.core.spi.Merge;
import org.sepapi.model.LocalizedText;
import org.sepapi.model.ModelException;
import org.sepapi.model.multipart.BodyPart;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;
import org.sepapi.model.rlmi.RlmiList;
import org.sepapi.model.rlmi.RlmiNotification;

/**
 * The merged state of a subscription to a resource list (RFC 4662): per resource URI and per
 * instance id, the instance's state and reason and the resource's state, each body part merged with
 * the merger of the list's event package.
 *
 * <p>The list's {@code version} follows the rule of {@link Versions}: a full list ({@code
 * fullState="true"}) is always taken and replaces every resource; a partial list applies only on
 * the version just before it and changes only the resources it names, and within each of those only
 * the instances it names. A partial list before any full one, or after a skipped version, asks for
 * a resynchronisation (the engine refreshes the subscription, upon which the RLS sends the full
 * state): the resources stay visible meanwhile, but only a full list is taken until it comes. An
 * equal or older version changes nothing.
 *
 * <p>Instances:
 *
 * <ul>
 *   <li>A part is decoded with the package's codec (a part without a Content-Type is {@code
 *       text/plain}, as RFC 2046 has it) and merged with its merger, on the instance's previous
 *       state: each instance is one back-end subscription with its own versions. A merger that asks
 *       for a resynchronisation makes the whole update ask for one ({@link Update#resync()}); the
 *       rest of the list is applied all the same.
 *   <li>A part that cannot be read, or a {@code cid} naming no part of the body, is not fatal: the
 *       instance keeps its last state, with a {@link InstanceState#problem() problem} saying why it
 *       may be out of date, and the next part for it is merged as if it were the first (a partial
 *       document then asks for a resynchronisation). An unreadable part alone does not ask for one:
 *       the full state would most likely be unreadable again.
 *   <li>A part that is itself a list ({@code multipart/related}, a nested list of RFC 4662 section
 *       6) is merged into a nested {@code RlsState} with its own versions.
 *   <li>An instance without a part keeps its state if it is active; a pending or terminated
 *       instance without a part has none (its state is no longer known).
 *   <li>A terminated instance is kept, with its reason, so that a client sees why it ended; it is
 *       dropped when a later partial list names its resource again without it, or a full list does
 *       not name it.
 * </ul>
 *
 * <p>Immutable and thread-safe: {@link #apply} returns the next state.
 *
 * @param <T> the state of one resource instance, as the package's codec reads it
 */
public final class RlsState<T> {
  private final EventPackage<T> eventPackage;
  private final String uri;
  private final OptionalLong version;
  private final Map<String, ResourceState<T>> resources;

  /**
   * One resource of the list. Thread-safe (immutable).
   *
   * @param uri the resource's URI
   * @param names its names, as the RLS gave them
   * @param instances its instances by id, in the order first seen
   */
  public record ResourceState<T>(
      String uri, List<LocalizedText> names, Map<String, InstanceState<T>> instances) {
    public ResourceState {
      Objects.requireNonNull(uri, "uri");
      names = List.copyOf(names);
      instances = Collections.unmodifiableMap(new LinkedHashMap<>(instances));
    }
  }

  /**
   * One instance of a resource. Thread-safe (immutable).
   *
   * @param id the RLS's id of the instance
   * @param state the instance's subscription state
   * @param reason why it ended, as the RLS wrote it
   * @param value the merged state of the resource, if known
   * @param nested the merged state of the nested list, when the instance's part is one
   * @param problem why {@code value} may be out of date (an unreadable part, a missing part, a
   *     version gap); empty when it is current
   */
  public record InstanceState<T>(
      String id,
      Instance.State state,
      Optional<String> reason,
      Optional<T> value,
      Optional<RlsState<T>> nested,
      Optional<String> problem) {
    public InstanceState {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(nested, "nested");
      Objects.requireNonNull(problem, "problem");
    }
  }

  /**
   * What one list NOTIFY made of the state. Thread-safe (immutable).
   *
   * @param state the state after it
   * @param changed the URIs of the resources whose state changed (added, removed or changed), in
   *     document order; a resource is reported once even when several of its instances changed, a
   *     nested list as its own URI
   * @param resync why the full state must be fetched again, when it must: a version gap or a
   *     partial list before a full one (then nothing was applied), or a merger of an instance that
   *     asked for it (then the rest was applied)
   */
  public record Update<T>(RlsState<T> state, Set<String> changed, Optional<String> resync) {
    public Update {
      Objects.requireNonNull(state, "state");
      changed = Collections.unmodifiableSet(new LinkedHashSet<>(changed));
      Objects.requireNonNull(resync, "resync");
    }

    /** Whether nothing changed and nothing must be fetched again. */
    public boolean isUnchanged() {
      return changed.isEmpty() && resync.isEmpty();
    }
  }

  private RlsState(
      EventPackage<T> eventPackage,
      String uri,
      OptionalLong version,
      Map<String, ResourceState<T>> resources) {
    this.eventPackage = eventPackage;
    this.uri = uri;
    this.version = version;
    this.resources = resources;
  }

  /** The state before the first NOTIFY of a subscription to a list of {@code eventPackage}. */
  public static <T> RlsState<T> empty(EventPackage<T> eventPackage) {
    return new RlsState<>(
        Objects.requireNonNull(eventPackage, "eventPackage"), null, OptionalLong.empty(), Map.of());
  }

  /** The package of the list's resources. */
  public EventPackage<T> eventPackage() {
    return eventPackage;
  }

  /** The list's URI, once a full list came. */
  public Optional<String> uri() {
    return Optional.ofNullable(uri);
  }

  /** The version of the last list applied; empty until a full list comes (again). */
  public OptionalLong version() {
    return version;
  }

  /** Whether only a full list can be applied: none came yet, or a resynchronisation began. */
  public boolean awaitingFullState() {
    return version.isEmpty();
  }

  /** The resources by URI, in list order. */
  public Map<String, ResourceState<T>> resources() {
    return resources;
  }

  /** The resource with that URI, if the list has it. */
  public Optional<ResourceState<T>> resource(String resourceUri) {
    return Optional.ofNullable(resources.get(resourceUri));
  }

  /**
   * This state waiting for a full list: the resources stay, but a partial list is not applied until
   * a full one came. For the engine when it begins a resynchronisation of its own (a new
   * subscription after a 481, for example).
   */
  public RlsState<T> resyncing() {
    return version.isEmpty()
        ? this
        : new RlsState<>(eventPackage, uri, OptionalLong.empty(), resources);
  }

  /** Applies one list NOTIFY. */
  public Update<T> apply(RlmiNotification notification) {
    RlmiList list = notification.list();
    long incoming = list.version();
    boolean full = list.fullState();
    if (!full) {
      if (version.isPresent() && !list.uri().equals(uri)) {
        return new Update<>(
            resyncing(),
            Set.of(),
            Optional.of("a partial list of " + list.uri() + " on the subscription to " + uri));
      }
      switch (Versions.partial(version, incoming)) {
        case STALE:
          return new Update<>(this, Set.of(), Optional.empty());
        case RESYNC:
          return new Update<>(
              resyncing(),
              Set.of(),
              Optional.of(Versions.resyncReason("RLMI list", version, incoming)));
        default:
          break;
      }
    }
    List<String> resyncs = new ArrayList<>();
    Map<String, ResourceState<T>> next =
        full ? new LinkedHashMap<>() : new LinkedHashMap<>(resources);
    for (Resource resource : list.resources()) {
      ResourceState<T> old = resources.get(resource.uri());
      Map<String, InstanceState<T>> instances = new LinkedHashMap<>();
      if (!full && old != null) {
        old.instances()
            .forEach(
                (id, instance) -> {
                  if (instance.state() != Instance.State.TERMINATED) {
                    instances.put(id, instance);
                  }
                });
      }
      for (Instance instance : resource.instances()) {
        InstanceState<T> previous = old == null ? null : old.instances().get(instance.id());
        instances.put(
            instance.id(),
            merge(resource.uri(), previous, instance, notification.part(instance), resyncs));
      }
      next.put(resource.uri(), new ResourceState<>(resource.uri(), resource.names(), instances));
    }
    Set<String> changed = new LinkedHashSet<>();
    for (Map.Entry<String, ResourceState<T>> entry : next.entrySet()) {
      if (!entry.getValue().equals(resources.get(entry.getKey()))) {
        changed.add(entry.getKey());
      }
    }
    for (String gone : resources.keySet()) {
      if (!next.containsKey(gone)) {
        changed.add(gone);
      }
    }
    RlsState<T> state =
        new RlsState<>(
            eventPackage, list.uri(), OptionalLong.of(incoming), Collections.unmodifiableMap(next));
    return new Update<>(
        state,
        changed,
        resyncs.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", resyncs)));
  }

  private InstanceState<T> merge(
      String resourceUri,
      InstanceState<T> previous,
      Instance instance,
      Optional<BodyPart> part,
      List<String> resyncs) {
    String id = instance.id();
    Instance.State state = instance.state();
    Optional<String> reason = instance.reason();
    Optional<T> keptValue = previous == null ? Optional.empty() : previous.value();
    Optional<RlsState<T>> keptNested = previous == null ? Optional.empty() : previous.nested();
    Optional<String> keptProblem = previous == null ? Optional.empty() : previous.problem();
    if (part.isEmpty()) {
      if (instance.cid().isPresent()) {
        return new InstanceState<>(
            id,
            state,
            reason,
            keptValue,
            keptNested,
            Optional.of("the body has no part " + instance.cid().get()));
      }
      if (state != Instance.State.ACTIVE) {
        return new InstanceState<>(
            id, state, reason, Optional.empty(), Optional.empty(), Optional.empty());
      }
      return new InstanceState<>(id, state, reason, keptValue, keptNested, keptProblem);
    }
    BodyPart bodyPart = part.get();
    String where = resourceUri + " (instance " + id + "): ";
    if (bodyPart.mediaType().filter("multipart/related"::equals).isPresent()) {
      RlmiNotification nested;
      try {
        nested = RlmiNotification.parse(bodyPart.contentType().orElseThrow(), bodyPart.body());
      } catch (ModelException e) {
        return new InstanceState<>(
            id, state, reason, keptValue, keptNested, Optional.of(e.getMessage()));
      }
      Update<T> update = keptNested.orElseGet(() -> empty(eventPackage)).apply(nested);
      update.resync().ifPresent(why -> resyncs.add(where + why));
      return new InstanceState<>(
          id, state, reason, Optional.empty(), Optional.of(update.state()), update.resync());
    }
    T decoded;
    try {
      decoded =
          eventPackage
              .codec()
              .decode(Body.of(bodyPart.contentType().orElse("text/plain"), bodyPart.body()));
    } catch (BodyException e) {
      return new InstanceState<>(
          id, state, reason, keptValue, keptNested, Optional.of(e.getMessage()));
    }
    Optional<T> current = keptProblem.isPresent() ? Optional.empty() : keptValue;
    Merge<T> merge = eventPackage.merger().merge(current, decoded);
    if (merge instanceof Merge.Changed<T> changed) {
      return new InstanceState<>(
          id, state, reason, Optional.of(changed.state()), Optional.empty(), Optional.empty());
    }
    if (merge instanceof Merge.Resync<T> resync) {
      resyncs.add(where + resync.reason());
      return new InstanceState<>(
          id, state, reason, keptValue, keptNested, Optional.of(resync.reason()));
    }
    return new InstanceState<>(id, state, reason, keptValue, Optional.empty(), Optional.empty());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RlsState<?> other
        && Objects.equals(uri, other.uri)
        && version.equals(other.version)
        && resources.equals(other.resources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri, version, resources);
  }

  @Override
  public String toString() {
    return "RlsState{uri="
        + uri
        + ", version="
        + (version.isPresent() ? version.getAsLong() : "awaiting full state")
        + ", resources="
        + resources.values()
        + "}";
  }
}
