package org.sepapi.model.pidf;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.required;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.model.AnyElement;
import org.sepapi.model.AnyNode;
import org.sepapi.model.Extensible;
import org.sepapi.model.LocalizedText;
import org.sepapi.model.internal.Checks;

/**
 * One tuple of a presence document, {@code <tuple id="...">} (RFC 3863): a status, elements of
 * other namespaces, an optional contact address, notes, and an optional timestamp, in that order.
 *
 * <p>The RFC's schema places a tuple's extension elements between the status and the contact.
 * Documents that put them elsewhere in the tuple are read all the same; they are written back in
 * the schema's place, after the status.
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"status", "extensionsDom", "contact", "notes", "timestamp"})
public final class Tuple extends Extensible {
  @XmlAttribute(name = "id", required = true)
  private String id;

  @XmlElement(name = "status", required = true)
  private Status status;

  @XmlElement(name = "contact")
  private Contact contact;

  @XmlElement(name = "note")
  private List<LocalizedText> notes;

  @XmlElement(name = "timestamp")
  @XmlJavaTypeAdapter(Timestamps.class)
  private OffsetDateTime timestamp;

  private Tuple() {}

  private Tuple(Builder b) {
    super(b);
    this.id = Checks.nonBlank(b.id, "id");
    this.status = argument(b.status, "status");
    this.contact = b.contact;
    this.notes = List.copyOf(b.notes);
    this.timestamp = b.timestamp;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder().id(id).status(status).contact(contact).timestamp(timestamp);
    b.notes.addAll(notes);
    return copyExtensionsTo(b);
  }

  /** The tuple's identifier, unique in its document; partial publications are merged by it. */
  public String id() {
    return id;
  }

  public Status status() {
    return status;
  }

  /** The basic status of this tuple, if it gives one: a shortcut for {@code status().basic()}. */
  public Optional<Status.Basic> basic() {
    return status.basic();
  }

  public Optional<Contact> contact() {
    return Optional.ofNullable(contact);
  }

  /** Human-readable notes, each with its optional language, in document order. */
  public List<LocalizedText> notes() {
    return notes;
  }

  /** When this tuple's information last changed, with the offset it was written in. */
  public Optional<OffsetDateTime> timestamp() {
    return Optional.ofNullable(timestamp);
  }

  /**
   * The extension elements of this tuple and of its status that are, or hold at any depth, an
   * element marked with RFC 3863's {@code mustUnderstand} attribute ({@link
   * Presence#MUST_UNDERSTAND}) set to {@code 1} or {@code true}, in document order. This only finds
   * them; what a reader that does not understand one must do is the RFC's to say.
   */
  public List<AnyElement> mustUnderstand() {
    List<AnyElement> marked = new ArrayList<>();
    for (AnyElement extension : extensions()) {
      if (isMarked(extension)) {
        marked.add(extension);
      }
    }
    for (AnyElement extension : status.extensions()) {
      if (isMarked(extension)) {
        marked.add(extension);
      }
    }
    return List.copyOf(marked);
  }

  private static boolean isMarked(AnyElement element) {
    String mark = element.attributes().get(Presence.MUST_UNDERSTAND);
    if (mark != null && (mark.strip().equals("1") || mark.strip().equals("true"))) {
      return true;
    }
    for (AnyNode child : element.children()) {
      if (child instanceof AnyElement e && isMarked(e)) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
    Checks.present(id, "tuple id");
    required(status, "tuple status");
    notes = immutable(notes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tuple other
        && id.equals(other.id)
        && status.equals(other.status)
        && Objects.equals(contact, other.contact)
        && notes.equals(other.notes)
        && Objects.equals(timestamp, other.timestamp)
        && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, status, contact, notes, timestamp, extensionsHash());
  }

  @Override
  public String toString() {
    return "Tuple{id="
        + id
        + ", status="
        + status
        + (contact == null ? "" : ", contact=" + contact)
        + (notes.isEmpty() ? "" : ", notes=" + notes)
        + (timestamp == null ? "" : ", timestamp=" + timestamp)
        + extensionsToString()
        + "}";
  }

  /** Builds a {@link Tuple}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private String id;
    private Status status;
    private Contact contact;
    private OffsetDateTime timestamp;
    private final List<LocalizedText> notes = new ArrayList<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The tuple's identifier; not blank. */
    public Builder id(String id) {
      this.id = Checks.nonBlank(id, "id");
      return this;
    }

    /** The status, which every tuple has (possibly without a basic status). */
    public Builder status(Status status) {
      this.status = argument(status, "status");
      return this;
    }

    /** The contact address, or null for none. */
    public Builder contact(Contact contact) {
      this.contact = contact;
      return this;
    }

    public Builder addNote(LocalizedText note) {
      notes.add(argument(note, "note"));
      return this;
    }

    public Builder notes(List<LocalizedText> notes) {
      this.notes.clear();
      notes.forEach(this::addNote);
      return this;
    }

    /**
     * The timestamp, or null for none. RFC 3339 writes years 0000 to 9999 and offsets in whole
     * minutes; another time is refused.
     */
    public Builder timestamp(OffsetDateTime timestamp) {
      if (timestamp != null && !Timestamps.fits(timestamp)) {
        throw new IllegalArgumentException(
            "a timestamp needs a year from 0000 to 9999 and an offset in whole minutes: "
                + timestamp);
      }
      this.timestamp = timestamp;
      return this;
    }

    public Tuple build() {
      return new Tuple(this);
    }
  }
}
