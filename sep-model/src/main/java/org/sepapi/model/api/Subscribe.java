package org.sepapi.model.api;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.model.ModelException;
import org.sepapi.model.internal.DateTimeAdapter;
import org.sepapi.model.resourcelists.ResourceLists;

/**
 * What a client asks for with {@code POST} (and changes with {@code PUT}): an event package, the
 * resources, where callbacks go, until when, and the Accept types of the SUBSCRIBEs.
 *
 * <pre>{@code
 * <subscribe xmlns="http://voip.co.uk/api/sep/2009-06" event="reg">
 *   <resource-lists xmlns="urn:ietf:params:xml:ns:resource-lists">
 *     <list><entry uri="sip:alice@example.com"/><entry uri="sip:bob@example.com"/></list>
 *   </resource-lists>
 *   <notify url="https://app.example.com/sep-callback"/>
 *   <expires>2026-11-23T12:00:00Z</expires>
 *   <accept>application/reginfo+xml</accept>
 * </subscribe>
 * }</pre>
 *
 * Instead of {@code resource-lists}, {@code <rls uri="sip:friends@rls.example.com"/>} names a
 * single list URI served by a resource list server (RFC 4662); a document may hold one or the
 * other, not both. An element the API does not define is refused, so that a misspelt one is an
 * error rather than silently ignored.
 *
 * <p>Thread-safe (immutable).
 */
@XmlRootElement(name = "subscribe")
@XmlType(propOrder = {"resourceLists", "rls", "notify", "expires", "accept"})
public final class Subscribe {
  @XmlAttribute(name = "event", required = true)
  private String event;

  @XmlElementRef(required = false)
  private ResourceLists resourceLists;

  @XmlElement(name = "rls")
  private Rls rls;

  @XmlElement(name = "notify")
  private Notify notify;

  @XmlElement(name = "expires")
  @XmlJavaTypeAdapter(DateTimeAdapter.class)
  private OffsetDateTime expires;

  @XmlElement(name = "accept")
  private List<String> accept;

  private Subscribe() {}

  private Subscribe(Builder b) {
    this.event = requiredText(b.event, "event");
    this.resourceLists = b.resourceLists;
    this.rls = b.rlsUri == null ? null : new Rls(b.rlsUri);
    if (resourceLists != null && rls != null) {
      throw new IllegalArgumentException("resource-lists or an rls uri, not both");
    }
    this.notify = b.notifyUrl == null ? null : new Notify(b.notifyUrl);
    this.expires = b.expires;
    this.accept = List.copyOf(b.accept);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder().event(event).resourceLists(resourceLists).expires(expires);
    b.rlsUri = rls == null ? null : rls.uri();
    b.notifyUrl = notify == null ? null : notify.url();
    b.accept.addAll(accept);
    return b;
  }

  /** The SIP event package, passed through as given for packages sepapi does not interpret. */
  public String event() {
    return event;
  }

  public Optional<ResourceLists> resourceLists() {
    return Optional.ofNullable(resourceLists);
  }

  /** The list URI to subscribe to at a resource list server, when the client named one. */
  public Optional<String> rlsUri() {
    return rls == null ? Optional.empty() : Optional.of(rls.uri());
  }

  /**
   * The resources to subscribe to one by one: every entry of every nested list, de-duplicated, in
   * order; empty when the client named an RLS list URI or no list.
   */
  public List<String> resourceUris() {
    return resourceLists == null ? List.of() : resourceLists.entryUris();
  }

  /** The callback URL, when the client wants callbacks rather than to poll. */
  public Optional<String> notifyUrl() {
    return notify == null ? Optional.empty() : Optional.of(notify.url());
  }

  /** Until when the subscription is kept alive, when the document says. */
  public Optional<OffsetDateTime> expires() {
    return Optional.ofNullable(expires);
  }

  /** The content types for the SUBSCRIBEs' Accept header; empty means the package's default. */
  public List<String> accept() {
    return accept;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    required(event, "subscribe event");
    if (event.isBlank()) {
      throw new ModelException("subscribe event is empty");
    }
    if (resourceLists != null && rls != null) {
      throw new ModelException("a subscribe holds resource-lists or an rls uri, not both");
    }
    accept = immutable(accept);
    for (String type : accept) {
      if (type == null || type.isBlank()) {
        throw new ModelException("an accept element is empty");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Subscribe other
        && event.equals(other.event)
        && Objects.equals(resourceLists, other.resourceLists)
        && rlsUri().equals(other.rlsUri())
        && notifyUrl().equals(other.notifyUrl())
        && Objects.equals(expires, other.expires)
        && accept.equals(other.accept);
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, resourceLists, rlsUri(), notifyUrl(), expires, accept);
  }

  @Override
  public String toString() {
    return "Subscribe{event="
        + event
        + (resourceLists == null ? "" : ", resources=" + resourceUris())
        + (rls == null ? "" : ", rls=" + rls.uri())
        + (notify == null ? "" : ", notify=" + notify.url())
        + (expires == null ? "" : ", expires=" + expires)
        + (accept.isEmpty() ? "" : ", accept=" + accept)
        + "}";
  }

  /** Builds a {@link Subscribe}. Not thread-safe. */
  public static final class Builder {
    private String event;
    private ResourceLists resourceLists;
    private String rlsUri;
    private String notifyUrl;
    private OffsetDateTime expires;
    private final List<String> accept = new ArrayList<>();

    private Builder() {}

    public Builder event(String event) {
      this.event = requiredText(event, "event");
      return this;
    }

    /** The resources, or null for none (an RLS list URI, or a PUT that keeps the list). */
    public Builder resourceLists(ResourceLists resourceLists) {
      this.resourceLists = resourceLists;
      return this;
    }

    /** A list URI at a resource list server, or null for none. */
    public Builder rlsUri(String rlsUri) {
      this.rlsUri = rlsUri;
      return this;
    }

    /** The callback URL, or null for none. */
    public Builder notifyUrl(String notifyUrl) {
      this.notifyUrl = notifyUrl;
      return this;
    }

    /** Until when, or null to leave it out. */
    public Builder expires(OffsetDateTime expires) {
      this.expires = expires;
      return this;
    }

    public Builder addAccept(String contentType) {
      accept.add(requiredText(argument(contentType, "contentType"), "accept"));
      return this;
    }

    public Subscribe build() {
      return new Subscribe(this);
    }
  }
}
