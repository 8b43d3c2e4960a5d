package org.sepapi.model.resourcelists;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.model.Extensible;

/**
 * A resource lists document, {@code <resource-lists>} (RFC 4826 section 3): a user's lists of
 * resources, such as a buddy list that a resource list server subscribes to on the user's behalf.
 *
 * <p>The RFC's schema allows nothing but lists at the top; elements of other namespaces and other
 * attributes found there are nevertheless kept and written back, as everywhere in this module.
 *
 * <p>Thread-safe (immutable).
 */
@XmlRootElement(name = "resource-lists")
@XmlType(propOrder = {"lists", "extensionsDom"})
public final class ResourceLists extends Extensible {
  /** The XML namespace of RFC 4826 resource lists. */
  public static final String NAMESPACE = "urn:ietf:params:xml:ns:resource-lists";

  /** The media type of a resource lists document. */
  public static final String CONTENT_TYPE = "application/resource-lists+xml";

  @XmlElement(name = "list")
  private List<ResourceList> lists;

  private ResourceLists() {}

  private ResourceLists(Builder b) {
    super(b);
    this.lists = List.copyOf(b.lists);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this document's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.lists.addAll(lists);
    return copyExtensionsTo(b);
  }

  /** The top-level lists, in document order. */
  public List<ResourceList> lists() {
    return lists;
  }

  /** The top-level list with that name, if there is one. */
  public Optional<ResourceList> list(String name) {
    for (ResourceList list : lists) {
      if (list.name().filter(name::equals).isPresent()) {
        return Optional.of(list);
      }
    }
    return Optional.empty();
  }

  /**
   * Every entry of every list, nested lists included, depth first in document order, each resource
   * once: of entries whose URIs {@linkplain EntryUris name the same resource}, the first is kept.
   * Entry-refs and externals are not resolved: see {@link #unresolvedReferences()}.
   */
  public List<Entry> flattenedEntries() {
    return EntryUris.flatten(lists);
  }

  /**
   * The URIs of {@link #flattenedEntries()}, as the first occurrence wrote them without surrounding
   * whitespace.
   */
  public List<String> entryUris() {
    return EntryUris.uris(flattenedEntries());
  }

  /**
   * Every entry-ref and external of every list, nested lists included, in document order: members
   * that cannot be resolved from this document (the referenced entry or list is in another
   * document, reached through XCAP or HTTP).
   */
  public List<Reference> unresolvedReferences() {
    return EntryUris.references(lists);
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
    lists = immutable(lists);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceLists other && lists.equals(other.lists) && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(lists, extensionsHash());
  }

  @Override
  public String toString() {
    return "ResourceLists{lists=" + lists + extensionsToString() + "}";
  }

  /** Builds a {@link ResourceLists}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private final List<ResourceList> lists = new ArrayList<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    public Builder addList(ResourceList list) {
      lists.add(argument(list, "list"));
      return this;
    }

    public Builder lists(List<ResourceList> lists) {
      this.lists.clear();
      lists.forEach(this::addList);
      return this;
    }

    public ResourceLists build() {
      return new ResourceLists(this);
    }
  }
}
