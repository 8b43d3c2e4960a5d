package org.sepapi.model.rlmi;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;
import static org.sepapi.model.internal.Checks.text;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.model.Extensible;
import org.sepapi.model.LocalizedText;
import org.sepapi.model.ModelException;

/**
 * A {@code list} document (RFC 4662 section 5): the Resource List Meta-Information an RLS puts at
 * the root of a list NOTIFY. It names the list, says whether it carries the whole state or only
 * what changed, and lists the list's resources with their instances.
 *
 * <p>RFC 4662's schema allows no child elements beyond {@code name} and {@code resource}; elements
 * of other namespaces that a notifier adds anyway are kept as {@link #extensions()} and written
 * back, like unknown attributes.
 *
 * <p>Thread-safe (immutable). Build one with {@link #builder()}; read and write one with {@code
 * XmlCodec.of(RlmiList.class)}.
 */
@XmlRootElement(name = "list")
@XmlType(propOrder = {"names", "resources", "extensionsDom"})
public final class RlmiList extends Extensible {
  /** The RLMI namespace, {@value}. */
  public static final String NAMESPACE = "urn:ietf:params:xml:ns:rlmi";

  /** The content type of an RLMI document, {@value}. */
  public static final String CONTENT_TYPE = "application/rlmi+xml";

  /** The largest {@code version}: the schema makes it an {@code xs:unsignedInt}. */
  public static final long MAX_VERSION = 0xFFFF_FFFFL;

  @XmlAttribute(name = "uri", required = true)
  private String uri;

  @XmlAttribute(name = "version", required = true)
  private Long version;

  @XmlAttribute(name = "fullState", required = true)
  @XmlJavaTypeAdapter(XsBoolean.class)
  private Boolean fullState;

  @XmlAttribute(name = "cid")
  private String cid;

  @XmlElement(name = "name")
  private List<LocalizedText> names;

  @XmlElement(name = "resource")
  private List<Resource> resources;

  private RlmiList() {}

  private RlmiList(Builder b) {
    super(b);
    this.uri = requiredText(b.uri, "uri");
    this.version = unsignedInt(b.version, "version");
    this.fullState = b.fullState;
    this.cid = b.cid;
    this.names = List.copyOf(b.names);
    this.resources = List.copyOf(b.resources);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this document's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder().uri(uri).version(version).fullState(fullState).cid(cid);
    b.names.addAll(names);
    b.resources.addAll(resources);
    return copyExtensionsTo(b);
  }

  /** The list's URI, the one the subscriber subscribed to. */
  public String uri() {
    return uri;
  }

  /**
   * The document's version: 0 for the first NOTIFY of a subscription, then one more each; a gap
   * tells the subscriber it missed one.
   */
  public long version() {
    return version;
  }

  /** Whether this document holds the state of every resource, or only of those that changed. */
  public boolean fullState() {
    return fullState;
  }

  /** The list's optional {@code cid} attribute: a Content-ID, without angle brackets. */
  public Optional<String> cid() {
    return Optional.ofNullable(cid);
  }

  /** The list's names, in as many languages as the RLS gives. */
  public List<LocalizedText> names() {
    return names;
  }

  public List<Resource> resources() {
    return resources;
  }

  /** The resource with that URI, if this document has one. */
  public Optional<Resource> resource(String resourceUri) {
    for (Resource resource : resources) {
      if (resource.uri().equals(resourceUri)) {
        return Optional.of(resource);
      }
    }
    return Optional.empty();
  }

  /** An {@code xs:unsignedInt}, refused outside 0 to {@value #MAX_VERSION}. */
  static long unsignedInt(long value, String what) {
    if (value < 0 || value > MAX_VERSION) {
      throw new ModelException(what + " must be between 0 and " + MAX_VERSION + ": " + value);
    }
    return value;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
    required(uri, "list uri");
    unsignedInt(required(version, "list version"), "list version");
    required(fullState, "list fullState");
    names = immutable(names);
    resources = immutable(resources);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RlmiList other
        && uri.equals(other.uri)
        && version.equals(other.version)
        && fullState.equals(other.fullState)
        && Objects.equals(cid, other.cid)
        && names.equals(other.names)
        && resources.equals(other.resources)
        && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri, version, fullState, cid, names, resources, extensionsHash());
  }

  @Override
  public String toString() {
    return "RlmiList{uri="
        + uri
        + ", version="
        + version
        + ", fullState="
        + fullState
        + (cid == null ? "" : ", cid=" + cid)
        + (names.isEmpty() ? "" : ", names=" + names)
        + ", resources="
        + resources
        + extensionsToString()
        + "}";
  }

  /** Builds an {@link RlmiList}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private String uri;
    private long version;
    private boolean fullState = true;
    private String cid;
    private final List<LocalizedText> names = new ArrayList<>();
    private final List<Resource> resources = new ArrayList<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    public Builder uri(String uri) {
      this.uri = requiredText(uri, "uri");
      return this;
    }

    /** The version, 0 to {@value RlmiList#MAX_VERSION}; 0 unless set. */
    public Builder version(long version) {
      this.version = version;
      return this;
    }

    /** Whether the document holds the whole state; true unless set. */
    public Builder fullState(boolean fullState) {
      this.fullState = fullState;
      return this;
    }

    /** The list's {@code cid} attribute, a Content-ID without angle brackets, or null for none. */
    public Builder cid(String cid) {
      this.cid = text(cid, "cid");
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

    public Builder addResource(Resource resource) {
      resources.add(argument(resource, "resource"));
      return this;
    }

    public Builder resources(List<Resource> resources) {
      this.resources.clear();
      resources.forEach(this::addResource);
      return this;
    }

    public RlmiList build() {
      return new RlmiList(this);
    }
  }
}
