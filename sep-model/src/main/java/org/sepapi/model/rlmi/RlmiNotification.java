package org.sepapi.model.rlmi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.XmlLimits;
import org.sepapi.model.multipart.BodyPart;
import org.sepapi.model.multipart.MultipartLimits;
import org.sepapi.model.multipart.MultipartRelated;

/**
 * The body of a NOTIFY from a resource list server (RFC 4662), read for a subscriber: the {@code
 * multipart/related} body, the {@link RlmiList} of its root part, and for every instance of every
 * resource the body part its {@code cid} points at.
 *
 * <p>An instance whose {@code cid} names no part of the body is <em>marked, not refused</em>: its
 * {@link Entry} has no part and {@link Entry#partMissing()} is true, and {@link #missingParts()}
 * lists every such entry. One lost part should not cost the subscriber the state of every other
 * resource; it can refresh the subscription to be sent the full state again. What is refused, with
 * a {@link ModelException}, is a body that is not a valid {@code multipart/related} one, a {@code
 * type} parameter or a root part of another type than {@value RlmiList#CONTENT_TYPE}, and a root
 * that is not a valid RLMI document.
 *
 * <p>The RLMI document's character encoding is found in its bytes (byte order mark or XML
 * declaration, else UTF-8), as for every document of this module; a {@code charset} parameter of
 * the part's Content-Type is not consulted.
 *
 * <p>Thread-safe (immutable).
 */
public final class RlmiNotification {
  private static final XmlCodec<RlmiList> CODEC = XmlCodec.of(RlmiList.class);

  private final MultipartRelated multipart;
  private final RlmiList list;
  private final List<Entry> entries;

  /**
   * One instance of one resource, with the part carrying its state. Thread-safe (immutable).
   *
   * @param resource the resource
   * @param instance one of its instances
   * @param part the body part the instance's {@code cid} names; empty when it has no {@code cid},
   *     or when the body has no such part (then {@link #partMissing()})
   */
  public record Entry(Resource resource, Instance instance, Optional<BodyPart> part) {
    public Entry {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(instance, "instance");
      Objects.requireNonNull(part, "part");
    }

    /** Whether the instance names a part by {@code cid} that the body does not have. */
    public boolean partMissing() {
      return instance.cid().isPresent() && part.isEmpty();
    }
  }

  private RlmiNotification(MultipartRelated multipart, RlmiList list) {
    this.multipart = multipart;
    this.list = list;
    List<Entry> all = new ArrayList<>();
    for (Resource resource : list.resources()) {
      for (Instance instance : resource.instances()) {
        all.add(new Entry(resource, instance, instance.cid().flatMap(multipart::part)));
      }
    }
    this.entries = List.copyOf(all);
  }

  /** Reads a NOTIFY body with the default limits. */
  public static RlmiNotification parse(String contentTypeHeader, byte[] body) {
    return parse(contentTypeHeader, body, MultipartLimits.DEFAULT, XmlLimits.DEFAULT);
  }

  /**
   * Reads a NOTIFY body.
   *
   * @param contentTypeHeader the value of the NOTIFY's Content-Type header
   * @param body the NOTIFY's body
   * @param limits the bounds of the multipart body
   * @param xmlLimits the bounds of the RLMI document
   * @throws ModelException when the body is refused (see the class description)
   */
  public static RlmiNotification parse(
      String contentTypeHeader, byte[] body, MultipartLimits limits, XmlLimits xmlLimits) {
    return of(MultipartRelated.parse(contentTypeHeader, body, limits), xmlLimits);
  }

  /** Reads the RLMI root of a body already split, with the default XML limits. */
  public static RlmiNotification of(MultipartRelated multipart) {
    return of(multipart, XmlLimits.DEFAULT);
  }

  /** Reads the RLMI root of a body already split. */
  public static RlmiNotification of(MultipartRelated multipart, XmlLimits xmlLimits) {
    Objects.requireNonNull(multipart, "multipart");
    Optional<String> type = multipart.type().map(RlmiNotification::withoutParameters);
    if (type.isPresent() && !type.get().equals(RlmiList.CONTENT_TYPE)) {
      throw new ModelException(
          "multipart/related of type " + type.get() + ", not " + RlmiList.CONTENT_TYPE);
    }
    BodyPart root = multipart.root();
    Optional<String> rootType = root.mediaType();
    if (root.contentType().isPresent() && !rootType.equals(Optional.of(RlmiList.CONTENT_TYPE))) {
      throw new ModelException(
          "the root part is " + root.contentType().get() + ", not " + RlmiList.CONTENT_TYPE);
    }
    RlmiList list;
    try {
      XmlCodec<RlmiList> codec =
          xmlLimits.equals(CODEC.limits()) ? CODEC : CODEC.withLimits(xmlLimits);
      list = codec.decode(root.body());
    } catch (ModelException e) {
      throw new ModelException("root part: " + e.reason(), e.line(), e.column(), e);
    }
    return new RlmiNotification(multipart, list);
  }

  /** The whole body, every part included. */
  public MultipartRelated multipart() {
    return multipart;
  }

  /** The RLMI document of the root part. */
  public RlmiList list() {
    return list;
  }

  /** Every instance of every resource, in document order, with the part it points at. */
  public List<Entry> entries() {
    return entries;
  }

  /** The entries whose instance names by {@code cid} a part the body does not have. */
  public List<Entry> missingParts() {
    return entries.stream().filter(Entry::partMissing).toList();
  }

  /** The part an instance's {@code cid} names, if it has one and the body holds it. */
  public Optional<BodyPart> part(Instance instance) {
    return instance.cid().flatMap(multipart::part);
  }

  /**
   * The state of a nested list (RFC 4662: the part of an instance of a resource that is itself a
   * list is a whole {@code multipart/related} body with its own RLMI root), read with the default
   * limits.
   *
   * @throws ModelException when the instance names no part of this body, or its part is not an RLMI
   *     {@code multipart/related} body
   */
  public RlmiNotification nested(Instance instance) {
    BodyPart part =
        part(instance)
            .orElseThrow(
                () ->
                    new ModelException("instance " + instance.id() + " names no part of the body"));
    String contentType =
        part.contentType()
            .orElseThrow(
                () -> new ModelException("the part of instance " + instance.id() + " has no type"));
    return parse(contentType, part.body());
  }

  private static String withoutParameters(String type) {
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RlmiNotification other
        && multipart.equals(other.multipart)
        && list.equals(other.list);
  }

  @Override
  public int hashCode() {
    return Objects.hash(multipart, list);
  }

  @Override
  public String toString() {
    return "RlmiNotification{list=" + list + ", parts=" + multipart.parts().size() + "}";
  }
}
