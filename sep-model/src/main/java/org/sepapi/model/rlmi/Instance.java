package org.sepapi.model.rlmi;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;
import static org.sepapi.model.internal.Checks.text;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlTransient;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.sepapi.model.AnyElement;
import org.sepapi.model.internal.Extensions;
import org.sepapi.model.internal.XmlEnumAdapter;
import org.w3c.dom.Element;

/**
 * One instance of a resource (RFC 4662 section 5): one subscription the RLS holds for the resource,
 * its state, why it ended, and the Content-ID of the body part that carries the resource's state.
 *
 * <p>The schema lets an instance hold any elements; RFC 4662 documents leave it empty, but such
 * elements (for example a resource's whole current state put inline) are kept as {@link #content()}
 * and written back as read, namespaces included.
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"contentDom"})
public final class Instance {
  /** The state of the RLS's subscription to the resource (RFC 4662 section 5). */
  public enum State {
    ACTIVE("active"),
    PENDING("pending"),
    TERMINATED("terminated");

    private final String xml;

    State(String xml) {
      this.xml = xml;
    }

    /** The value as written in the document. */
    public String xml() {
      return xml;
    }

    static final class Adapter extends XmlEnumAdapter<State> {
      Adapter() {
        super("instance state", State.class, State::xml);
      }
    }
  }

  @XmlAttribute(name = "id", required = true)
  private String id;

  @XmlAttribute(name = "state", required = true)
  @XmlJavaTypeAdapter(State.Adapter.class)
  private State state;

  @XmlAttribute(name = "reason")
  private String reason;

  @XmlAttribute(name = "cid")
  private String cid;

  @XmlTransient private List<AnyElement> content;

  /** What JAXB reads into the wildcard, only while this object is being read. */
  @XmlTransient private List<Element> contentRead;

  @XmlAnyAttribute private Map<QName, String> otherAttributes;

  private Instance() {}

  private Instance(Builder b) {
    this.id = requiredText(b.id, "id");
    this.state = argument(b.state, "state");
    this.reason = b.reason;
    this.cid = b.cid;
    this.content = List.copyOf(b.content);
    this.otherAttributes = immutable(b.otherAttributes);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder().id(id).state(state).reason(reason).cid(cid);
    b.content.addAll(content);
    b.otherAttributes.putAll(otherAttributes);
    return b;
  }

  /** The RLS's identifier of this instance, unique within its resource. */
  public String id() {
    return id;
  }

  public State state() {
    return state;
  }

  /**
   * Why the instance's subscription ended, as written: RFC 4662 uses the reason values of the
   * Subscription-State header ({@code rejected}, {@code noresource}, {@code timeout}...), but any
   * value is kept verbatim.
   */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /**
   * The Content-ID (RFC 2392, without angle brackets) of the body part of the same {@code
   * multipart/related} body that carries this instance's state; absent when the NOTIFY carries no
   * state for it (a pending or terminated instance, for example).
   */
  public Optional<String> cid() {
    return Optional.ofNullable(cid);
  }

  /** Elements inside the instance, kept as read; empty in RFC 4662 documents. */
  public List<AnyElement> content() {
    return content;
  }

  /** Attributes the RFC does not define, kept as read. */
  public Map<QName, String> otherAttributes() {
    return otherAttributes;
  }

  @XmlAnyElement
  @SuppressWarnings("unused") // called by JAXB
  private List<Element> getContentDom() {
    return contentRead != null ? contentRead : Extensions.toDom(content);
  }

  @SuppressWarnings("unused") // called by JAXB
  private void setContentDom(List<Element> dom) {
    contentRead = dom;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void beforeUnmarshal(Unmarshaller unmarshaller, Object parent) {
    contentRead = new ArrayList<>();
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    content = Extensions.fromDom(contentRead);
    contentRead = null;
    required(id, "instance id");
    required(state, "instance state");
    otherAttributes = immutable(otherAttributes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Instance other
        && id.equals(other.id)
        && state == other.state
        && Objects.equals(reason, other.reason)
        && Objects.equals(cid, other.cid)
        && content.equals(other.content)
        && otherAttributes.equals(other.otherAttributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, state, reason, cid, content, otherAttributes);
  }

  @Override
  public String toString() {
    return "Instance{id="
        + id
        + ", state="
        + state
        + (reason == null ? "" : ", reason=" + reason)
        + (cid == null ? "" : ", cid=" + cid)
        + (content.isEmpty() ? "" : ", content=" + content)
        + (otherAttributes.isEmpty() ? "" : ", otherAttributes=" + otherAttributes)
        + "}";
  }

  /** Builds an {@link Instance}. Not thread-safe. */
  public static final class Builder {
    private String id;
    private State state = State.ACTIVE;
    private String reason;
    private String cid;
    private final List<AnyElement> content = new ArrayList<>();
    private final Map<QName, String> otherAttributes = new LinkedHashMap<>();

    private Builder() {}

    public Builder id(String id) {
      this.id = requiredText(id, "id");
      return this;
    }

    /** The state; active unless set. */
    public Builder state(State state) {
      this.state = argument(state, "state");
      return this;
    }

    /** The reason as it should be written, or null for none. */
    public Builder reason(String reason) {
      this.reason = text(reason, "reason");
      return this;
    }

    /** The Content-ID of the part carrying the state, without angle brackets, or null. */
    public Builder cid(String cid) {
      this.cid = text(cid, "cid");
      return this;
    }

    public Builder addContent(AnyElement element) {
      content.add(argument(element, "element"));
      return this;
    }

    public Builder content(List<AnyElement> content) {
      this.content.clear();
      content.forEach(this::addContent);
      return this;
    }

    public Builder otherAttribute(QName name, String value) {
      otherAttributes.put(argument(name, "name"), requiredText(value, "value"));
      return this;
    }

    public Instance build() {
      return new Instance(this);
    }
  }
}
