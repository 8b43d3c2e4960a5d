package org.sepapi.model.resourcelists;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.text;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElements;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.model.Extensible;
import org.sepapi.model.LocalizedText;

/**
 * A list, {@code <list name="...">} (RFC 4826 section 3.1): an optional name and display name, then
 * its members in document order, any mix of nested lists, entries, entry-refs and externals.
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"displayName", "items", "extensionsDom"})
public final class ResourceList extends Extensible implements ListItem {
  @XmlAttribute(name = "name")
  private String name;

  @XmlElement(name = "display-name")
  private LocalizedText displayName;

  @XmlElements({
    @XmlElement(name = "list", type = ResourceList.class),
    @XmlElement(name = "external", type = External.class),
    @XmlElement(name = "entry", type = Entry.class),
    @XmlElement(name = "entry-ref", type = EntryRef.class)
  })
  private List<ListItem> items;

  private ResourceList() {}

  private ResourceList(Builder b) {
    super(b);
    this.name = b.name;
    this.displayName = b.displayName;
    this.items = List.copyOf(b.items);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder().name(name).displayName(displayName);
    b.items.addAll(items);
    return copyExtensionsTo(b);
  }

  /** The list's name, unique among its siblings in an XCAP document, if it has one. */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  @Override
  public Optional<LocalizedText> displayName() {
    return Optional.ofNullable(displayName);
  }

  /** The list's own members, in document order; nested lists are not opened. */
  public List<ListItem> items() {
    return items;
  }

  /** The directly nested list with that name, if there is one. */
  public Optional<ResourceList> list(String listName) {
    for (ListItem item : items) {
      if (item instanceof ResourceList list && listName.equals(list.name)) {
        return Optional.of(list);
      }
    }
    return Optional.empty();
  }

  /**
   * Every entry of this list and of the lists nested in it, depth first in document order, each
   * resource once: of entries whose URIs {@linkplain EntryUris name the same resource}, the first
   * is kept. Entry-refs and externals are not resolved: see {@link #unresolvedReferences()}.
   */
  public List<Entry> flattenedEntries() {
    return EntryUris.flatten(items);
  }

  /**
   * The URIs of {@link #flattenedEntries()}, as the first occurrence wrote them without surrounding
   * whitespace: the resources a resource list server subscribes to for this list.
   */
  public List<String> entryUris() {
    return EntryUris.uris(flattenedEntries());
  }

  /**
   * The entry-refs and externals of this list and of the lists nested in it, in document order:
   * members the flattening could not resolve from this document.
   */
  public List<Reference> unresolvedReferences() {
    return EntryUris.references(items);
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
    items = immutable(items);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceList other
        && Objects.equals(name, other.name)
        && Objects.equals(displayName, other.displayName)
        && items.equals(other.items)
        && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, displayName, items, extensionsHash());
  }

  @Override
  public String toString() {
    return "ResourceList{"
        + (name == null ? "" : "name=" + name + ", ")
        + (displayName == null ? "" : "display-name=" + displayName + ", ")
        + "items="
        + items
        + extensionsToString()
        + "}";
  }

  /** Builds a {@link ResourceList}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private String name;
    private LocalizedText displayName;
    private final List<ListItem> items = new ArrayList<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The list's name, or null for none. */
    public Builder name(String name) {
      this.name = text(name, "name");
      return this;
    }

    /** The display name, or null for none. */
    public Builder displayName(LocalizedText displayName) {
      this.displayName = displayName;
      return this;
    }

    /** Adds a member after those already added. */
    public Builder addItem(ListItem item) {
      items.add(argument(item, "item"));
      return this;
    }

    /** Adds an entry with only a URI. */
    public Builder addEntry(String uri) {
      return addItem(Entry.of(uri));
    }

    public Builder items(List<? extends ListItem> items) {
      this.items.clear();
      items.forEach(this::addItem);
      return this;
    }

    public ResourceList build() {
      return new ResourceList(this);
    }
  }
}
