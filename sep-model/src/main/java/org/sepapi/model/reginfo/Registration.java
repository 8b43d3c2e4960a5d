package org.sepapi.model.reginfo;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.model.Extensible;
import org.sepapi.model.internal.XmlEnumAdapter;

/**
 * The registration state of one address-of-record (RFC 3680 section 5.1): its contacts, and whether
 * it is being set up, active, or gone.
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"contacts", "extensionsDom"})
public final class Registration extends Extensible {
  /** The registration's state machine of RFC 3680 section 3.1. */
  public enum State {
    INIT("init"),
    ACTIVE("active"),
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
        super("registration state", State.class, State::xml);
      }
    }
  }

  @XmlAttribute(name = "aor", required = true)
  private String aor;

  @XmlAttribute(name = "id", required = true)
  private String id;

  @XmlAttribute(name = "state", required = true)
  @XmlJavaTypeAdapter(State.Adapter.class)
  private State state;

  @XmlElement(name = "contact")
  private List<Contact> contacts;

  private Registration() {}

  private Registration(Builder b) {
    super(b);
    this.aor = requiredText(b.aor, "aor");
    this.id = requiredText(b.id, "id");
    this.state = argument(b.state, "state");
    this.contacts = List.copyOf(b.contacts);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder().aor(aor).id(id).state(state);
    b.contacts.addAll(contacts);
    return copyExtensionsTo(b);
  }

  /** The address-of-record, a SIP URI. */
  public String aor() {
    return aor;
  }

  /** The registrar's identifier of this registration; partial documents are merged by it. */
  public String id() {
    return id;
  }

  public State state() {
    return state;
  }

  public List<Contact> contacts() {
    return contacts;
  }

  /** The contact with that id, if this registration has one. */
  public Optional<Contact> contact(String contactId) {
    for (Contact contact : contacts) {
      if (contact.id().equals(contactId)) {
        return Optional.of(contact);
      }
    }
    return Optional.empty();
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
    required(aor, "registration aor");
    required(id, "registration id");
    required(state, "registration state");
    contacts = immutable(contacts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Registration other
        && aor.equals(other.aor)
        && id.equals(other.id)
        && state == other.state
        && contacts.equals(other.contacts)
        && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(aor, id, state, contacts, extensionsHash());
  }

  @Override
  public String toString() {
    return "Registration{aor="
        + aor
        + ", id="
        + id
        + ", state="
        + state
        + ", contacts="
        + contacts
        + extensionsToString()
        + "}";
  }

  /** Builds a {@link Registration}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private String aor;
    private String id;
    private State state = State.ACTIVE;
    private final List<Contact> contacts = new ArrayList<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    public Builder aor(String aor) {
      this.aor = requiredText(aor, "aor");
      return this;
    }

    public Builder id(String id) {
      this.id = requiredText(id, "id");
      return this;
    }

    public Builder state(State state) {
      this.state = argument(state, "state");
      return this;
    }

    public Builder addContact(Contact contact) {
      contacts.add(argument(contact, "contact"));
      return this;
    }

    public Builder contacts(List<Contact> contacts) {
      this.contacts.clear();
      contacts.forEach(this::addContact);
      return this;
    }

    public Registration build() {
      return new Registration(this);
    }
  }
}
