package org.sepapi.model.pidf;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.sepapi.model.Extensible;
import org.sepapi.model.LocalizedText;
import org.sepapi.model.internal.Checks;

/**
 * A presence document, {@code <presence entity="...">} (RFC 3863): the presentity's URI, its
 * tuples, notes, and elements of other namespaces after them, such as the data model's {@code
 * <dm:person>} and {@code <dm:device>} (RFC 4479) that rich presence clients publish.
 *
 * <p>Thread-safe (immutable).
 */
@XmlRootElement(name = "presence")
@XmlType(propOrder = {"tuples", "notes", "extensionsDom"})
public final class Presence extends Extensible {
  /** The XML namespace of RFC 3863 PIDF. */
  public static final String NAMESPACE = "urn:ietf:params:xml:ns:pidf";

  /** The media type of a presence document. */
  public static final String CONTENT_TYPE = "application/pidf+xml";

  /**
   * The global attribute RFC 3863 defines for extension elements a reader must understand to use
   * the information around them: {@code mustUnderstand="1"} or {@code "true"}.
   */
  public static final QName MUST_UNDERSTAND = new QName(NAMESPACE, "mustUnderstand");

  @XmlAttribute(name = "entity", required = true)
  private String entity;

  @XmlElement(name = "tuple")
  private List<Tuple> tuples;

  @XmlElement(name = "note")
  private List<LocalizedText> notes;

  private Presence() {}

  private Presence(Builder b) {
    super(b);
    this.entity = Checks.nonBlank(b.entity, "entity");
    this.tuples = List.copyOf(b.tuples);
    this.notes = List.copyOf(b.notes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this document's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder().entity(entity);
    b.tuples.addAll(tuples);
    b.notes.addAll(notes);
    return copyExtensionsTo(b);
  }

  /** The presentity's URI, as written ({@code pres:}, {@code sip:}...). */
  public String entity() {
    return entity;
  }

  public List<Tuple> tuples() {
    return tuples;
  }

  /** The tuple with that id, if this document has one. */
  public Optional<Tuple> tuple(String id) {
    for (Tuple tuple : tuples) {
      if (tuple.id().equals(id)) {
        return Optional.of(tuple);
      }
    }
    return Optional.empty();
  }

  /** Human-readable notes about the presentity, each with its optional language. */
  public List<LocalizedText> notes() {
    return notes;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
    Checks.present(entity, "presence entity");
    tuples = immutable(tuples);
    notes = immutable(notes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Presence other
        && entity.equals(other.entity)
        && tuples.equals(other.tuples)
        && notes.equals(other.notes)
        && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(entity, tuples, notes, extensionsHash());
  }

  @Override
  public String toString() {
    return "Presence{entity="
        + entity
        + ", tuples="
        + tuples
        + (notes.isEmpty() ? "" : ", notes=" + notes)
        + extensionsToString()
        + "}";
  }

  /** Builds a {@link Presence}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private String entity;
    private final List<Tuple> tuples = new ArrayList<>();
    private final List<LocalizedText> notes = new ArrayList<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The presentity's URI; not blank. */
    public Builder entity(String entity) {
      this.entity = Checks.nonBlank(entity, "entity");
      return this;
    }

    public Builder addTuple(Tuple tuple) {
      tuples.add(argument(tuple, "tuple"));
      return this;
    }

    public Builder tuples(List<Tuple> tuples) {
      this.tuples.clear();
      tuples.forEach(this::addTuple);
      return this;
    }

    public Builder addNote(LocalizedText note) {
      notes.add(argument(note, "note"));
      return this;
    }

    public Presence build() {
      return new Presence(this);
    }
  }
}
