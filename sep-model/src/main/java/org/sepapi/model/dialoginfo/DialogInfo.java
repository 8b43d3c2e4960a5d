package org.sepapi.model.dialoginfo;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.argumentNonNegative;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.nonNegative;
import static org.sepapi.model.internal.Checks.required;
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
import org.sepapi.model.DocumentState;
import org.sepapi.model.Extensible;

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
public final class DialogInfo extends Extensible {
  /** The dialog-info namespace, {@value}. */
  public static final String NAMESPACE = "urn:ietf:params:xml:ns:dialog-info";

  /** The content type of a dialog NOTIFY body, {@value}. */
  public static final String CONTENT_TYPE = "application/dialog-info+xml";

  @XmlAttribute(name = "version", required = true)
  private Long version;

  @XmlAttribute(name = "state", required = true)
  @XmlJavaTypeAdapter(DocumentState.Adapter.class)
  private DocumentState state;

  @XmlAttribute(name = "entity", required = true)
  private String entity;

  @XmlElement(name = "dialog")
  private List<Dialog> dialogs;

  private DialogInfo() {}

  private DialogInfo(Builder b) {
    super(b);
    this.version = argumentNonNegative(b.version, "version");
    this.state = argument(b.state, "state");
    this.entity = b.entity;
    this.dialogs = List.copyOf(b.dialogs);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this document's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder().version(version).state(state).entity(entity);
    b.dialogs.addAll(dialogs);
    return copyExtensionsTo(b);
  }

  /** The document's version: 0 for the first NOTIFY of a subscription, then one more each. */
  public long version() {
    return version;
  }

  public DocumentState state() {
    return state;
  }

  public boolean isFull() {
    return state == DocumentState.FULL;
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

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
    nonNegative(required(version, "dialog-info version"), "dialog-info version");
    required(state, "dialog-info state");
    dialogs = immutable(dialogs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DialogInfo other
        && version.equals(other.version)
        && state == other.state
        && Objects.equals(entity, other.entity)
        && dialogs.equals(other.dialogs)
        && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, state, entity, dialogs, extensionsHash());
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
        + extensionsToString()
        + "}";
  }

  /** Builds a {@link DialogInfo}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private long version;
    private DocumentState state = DocumentState.FULL;
    private String entity;
    private final List<Dialog> dialogs = new ArrayList<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    public Builder version(long version) {
      this.version = version;
      return this;
    }

    public Builder state(DocumentState state) {
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

    public DialogInfo build() {
      return new DialogInfo(this);
    }
  }
}
