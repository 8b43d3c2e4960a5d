package org.sepapi.model.callstatus;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sepapi.model.Extensible;

/**
 * A {@code status-lines} document, as sipXcallController answers a query for a call it set up: the
 * status lines of the responses and NOTIFYs it saw for the call, oldest first.
 *
 * <p>Thread-safe (immutable). Build one with {@link #builder()}; read and write one with {@code
 * XmlCodec.of(StatusLines.class)}.
 */
@XmlRootElement(name = "status-lines")
@XmlType(propOrder = {"statuses", "extensionsDom"})
public final class StatusLines extends Extensible {
  /** The call status namespace, {@value}. */
  public static final String NAMESPACE =
      "http://www.sipfoundry.org/sipX/schema/xml/call-status-00-00";

  /** The content type sipXcallController serves the document with, {@value}. */
  public static final String CONTENT_TYPE = "application/xml";

  @XmlElement(name = "status")
  private List<Status> statuses;

  private StatusLines() {}

  private StatusLines(Builder b) {
    super(b);
    this.statuses = List.copyOf(b.statuses);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this document's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.statuses.addAll(statuses);
    return copyExtensionsTo(b);
  }

  /** The status lines, in document order (the order they were seen). */
  public List<Status> statuses() {
    return statuses;
  }

  /** The status lines of one call, in document order. */
  public List<Status> statuses(String callId) {
    List<Status> found = new ArrayList<>();
    for (Status status : statuses) {
      if (status.callId().equals(callId)) {
        found.add(status);
      }
    }
    return found;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
    statuses = immutable(statuses);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusLines other
        && statuses.equals(other.statuses)
        && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(statuses, extensionsHash());
  }

  @Override
  public String toString() {
    return "StatusLines{statuses=" + statuses + extensionsToString() + "}";
  }

  /** Builds a {@link StatusLines}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private final List<Status> statuses = new ArrayList<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    public Builder addStatus(Status status) {
      statuses.add(argument(status, "status"));
      return this;
    }

    public Builder statuses(List<Status> statuses) {
      this.statuses.clear();
      statuses.forEach(this::addStatus);
      return this;
    }

    public StatusLines build() {
      return new StatusLines(this);
    }
  }
}
