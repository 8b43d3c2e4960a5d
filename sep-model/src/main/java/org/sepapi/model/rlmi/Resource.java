package org.sepapi.model.rlmi;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.model.Extensible;
import org.sepapi.model.LocalizedText;

/**
 * One resource of a list (RFC 4662 section 5): its URI, its names, and its instances, one per
 * subscription the RLS holds for it. A resource with no instance is one whose state the RLS does
 * not know yet (or, in a partial document, has not changed).
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"names", "instances", "extensionsDom"})
public final class Resource extends Extensible {
  @XmlAttribute(name = "uri", required = true)
  private String uri;

  @XmlElement(name = "name")
  private List<LocalizedText> names;

  @XmlElement(name = "instance")
  private List<Instance> instances;

  private Resource() {}

  private Resource(Builder b) {
    super(b);
    this.uri = requiredText(b.uri, "uri");
    this.names = List.copyOf(b.names);
    this.instances = List.copyOf(b.instances);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder().uri(uri);
    b.names.addAll(names);
    b.instances.addAll(instances);
    return copyExtensionsTo(b);
  }

  /** The resource's URI: a user's address, or another list's. */
  public String uri() {
    return uri;
  }

  /** The resource's names, in as many languages as the RLS gives. */
  public List<LocalizedText> names() {
    return names;
  }

  public List<Instance> instances() {
    return instances;
  }

  /** The instance with that id, if this resource has one. */
  public Optional<Instance> instance(String instanceId) {
    for (Instance instance : instances) {
      if (instance.id().equals(instanceId)) {
        return Optional.of(instance);
      }
    }
    return Optional.empty();
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
    required(uri, "resource uri");
    names = immutable(names);
    instances = immutable(instances);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Resource other
        && uri.equals(other.uri)
        && names.equals(other.names)
        && instances.equals(other.instances)
        && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri, names, instances, extensionsHash());
  }

  @Override
  public String toString() {
    return "Resource{uri="
        + uri
        + (names.isEmpty() ? "" : ", names=" + names)
        + ", instances="
        + instances
        + extensionsToString()
        + "}";
  }

  /** Builds a {@link Resource}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private String uri;
    private final List<LocalizedText> names = new ArrayList<>();
    private final List<Instance> instances = new ArrayList<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    public Builder uri(String uri) {
      this.uri = requiredText(uri, "uri");
      return this;
    }

    public Builder addName(LocalizedText name) {
      names.add(argument(name, "name"));
      return this;
    }

    public Builder names(List<LocalizedText> names) {
      this.names.clear();
      names.forEach(this::addName);
      return this;
    }

    public Builder addInstance(Instance instance) {
      instances.add(argument(instance, "instance"));
      return this;
    }

    public Builder instances(List<Instance> instances) {
      this.instances.clear();
      instances.forEach(this::addInstance);
      return this;
    }

    public Resource build() {
      return new Resource(this);
    }
  }
}
