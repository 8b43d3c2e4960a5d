package org.sepapi.model.dialoginfo;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.argumentNonNegative;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.nonNegative;
import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.text;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlTransient;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import org.sepapi.model.AnyElement;
import org.sepapi.model.internal.Extensions;
import org.sepapi.model.internal.XmlEnumAdapter;
import org.w3c.dom.Element;

/**
 * A {@code dialog-info} document (RFC 4235 section 4): the INVITE-initiated dialogs of one entity,
 * full or partial, with a version that grows by one per NOTIFY.
 *
 * <p>The schema requires the {@code entity} attribute, but the RFC's own sample (section 4.2) and
 * notifiers that copy it leave it out: such a document is read, with no {@link #entity()}, and
 * written back without one.
 *
 * <p>Thread-safe (immutable). Build one with {@link #builder()}; read and write one with {@code
 * XmlCodec.of(DialogInfo.class)}.
 */
@XmlRootElement(name = "dialog-info")
@XmlType(propOrder = {"dialogs", "extensionsDom"})
public final class DialogInfo {
  /** The dialog-info namespace, {@value}. */
  public static final String NAMESPACE = "urn:ietf:params:xml:ns:dialog-info";

  /** The content type of a dialog NOTIFY body, {@value}. */
  public static final String CONTENT_TYPE = "application/dialog-info+xml";

  /** Whether a document holds the whole state or only the dialogs that changed. */
  public enum State {
    FULL("full"),
    PARTIAL("partial");

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
        super("dialog-info state", State.class, State::xml);
      }
    }
  }

  @XmlAttribute(name = "version", required = true)
  private Long version;

  @XmlAttribute(name = "state", required = true)
  @XmlJavaTypeAdapter(State.Adapter.class)
  private State state;

  @XmlAttribute(name = "entity", required = true)
  private String entity;

  @XmlElement(name = "dialog")
  private List<Dialog> dialogs;

  @XmlTransient private List<AnyElement> extensions;

  /** What JAXB reads into the wildcard, only while this object is being read. */
  @XmlTransient private List<Element> extensionsRead;

  @XmlAnyAttribute private Map<QName, String> otherAttributes;

  /**
   * {@code xsi:schemaLocation}, as the RFC's sample has it: JAXB leaves {@code xsi:} attributes out
   * of the wildcard, so it is read here and moved into {@link #otherAttributes}, which writes it.
   */
  @XmlAttribute(name = "schemaLocation", namespace = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI)
  private String schemaLocationRead;

  private DialogInfo() {}

  private DialogInfo(Builder b) {
    this.version = argumentNonNegative(b.version, "version");
    this.state = argument(b.state, "state");
    this.entity = b.entity;
    this.dialogs = List.copyOf(b.dialogs);
    this.extensions = List.copyOf(b.extensions);
    this.otherAttributes = immutable(b.otherAttributes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this document's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder().version(version).state(state).entity(entity);
    b.dialogs.addAll(dialogs);
    b.extensions.addAll(extensions);
    b.otherAttributes.putAll(otherAttributes);
    return b;
  }

  /** The document's version: 0 for the first NOTIFY of a subscription, then one more each. */
  public long version() {
    return version;
  }

  public State state() {
    return state;
  }

  public boolean isFull() {
    return state == State.FULL;
  }

  /** The observed entity's URI; absent only in documents that leave out the required attribute. */
  public Optional<String> entity() {
    return Optional.ofNullable(entity);
  }

  public List<Dialog> dialogs() {
    return dialogs;
  }

  /** The dialog with that id, if this document has one. */
  public Optional<Dialog> dialog(String id) {
    for (Dialog dialog : dialogs) {
      if (dialog.id().equals(id)) {
        return Optional.of(dialog);
      }
    }
    return Optional.empty();
  }

  /** Elements of other namespaces after the dialogs, kept as read. */
  public List<AnyElement> extensions() {
    return extensions;
  }

  /** Attributes the RFC does not define, kept as read. */
  public Map<QName, String> otherAttributes() {
    return otherAttributes;
  }

  @XmlAnyElement
  @SuppressWarnings("unused") // called by JAXB
  private List<Element> getExtensionsDom() {
    return extensionsRead != null ? extensionsRead : Extensions.toDom(extensions);
  }

  @SuppressWarnings("unused") // called by JAXB
  private void setExtensionsDom(List<Element> dom) {
    extensionsRead = dom;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void beforeUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead = new ArrayList<>();
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensions = Extensions.fromDom(extensionsRead);
    extensionsRead = null;
    nonNegative(required(version, "dialog-info version"), "dialog-info version");
    required(state, "dialog-info state");
    dialogs = immutable(dialogs);
    if (schemaLocationRead != null) {
      Map<QName, String> all = new LinkedHashMap<>();
      all.put(
          new QName(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "schemaLocation"),
          schemaLocationRead);
      if (otherAttributes != null) {
        all.putAll(otherAttributes);
      }
      otherAttributes = all;
      schemaLocationRead = null;
    }
    otherAttributes = immutable(otherAttributes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DialogInfo other
        && version.equals(other.version)
        && state == other.state
        && Objects.equals(entity, other.entity)
        && dialogs.equals(other.dialogs)
        && extensions.equals(other.extensions)
        && otherAttributes.equals(other.otherAttributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, state, entity, dialogs, extensions, otherAttributes);
  }

  @Override
  public String toString() {
    return "DialogInfo{version="
        + version
        + ", state="
        + state
        + (entity == null ? "" : ", entity=" + entity)
        + ", dialogs="
        + dialogs
        + (extensions.isEmpty() ? "" : ", extensions=" + extensions)
        + (otherAttributes.isEmpty() ? "" : ", otherAttributes=" + otherAttributes)
        + "}";
  }

  /** Builds a {@link DialogInfo}. Not thread-safe. */
  public static final class Builder {
    private long version;
    private State state = State.FULL;
    private String entity;
    private final List<Dialog> dialogs = new ArrayList<>();
    private final List<AnyElement> extensions = new ArrayList<>();
    private final Map<QName, String> otherAttributes = new LinkedHashMap<>();

    private Builder() {}

    public Builder version(long version) {
      this.version = version;
      return this;
    }

    public Builder state(State state) {
      this.state = argument(state, "state");
      return this;
    }

    /** The observed entity's URI; the schema requires one, null leaves it out. */
    public Builder entity(String entity) {
      this.entity = text(entity, "entity");
      return this;
    }

    public Builder addDialog(Dialog dialog) {
      dialogs.add(argument(dialog, "dialog"));
      return this;
    }

    public Builder dialogs(List<Dialog> dialogs) {
      this.dialogs.clear();
      dialogs.forEach(this::addDialog);
      return this;
    }

    public Builder addExtension(AnyElement extension) {
      extensions.add(argument(extension, "extension"));
      return this;
    }

    public Builder otherAttribute(QName name, String value) {
      otherAttributes.put(argument(name, "name"), argument(value, "value"));
      return this;
    }

    public DialogInfo build() {
      return new DialogInfo(this);
    }
  }
}
