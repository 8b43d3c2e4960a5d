package org.sepapi.model.dialoginfo;

import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.Objects;

/**
 * The dialog a dialog replaces (RFC 4235 section 4.1.4), as in the Replaces header field of the
 * INVITE that created it.
 *
 * <p>Thread-safe (immutable).
 */
public final class Replaces {
  @XmlAttribute(name = "call-id", required = true)
  private String callId;

  @XmlAttribute(name = "local-tag", required = true)
  private String localTag;

  @XmlAttribute(name = "remote-tag", required = true)
  private String remoteTag;

  private Replaces() {}

  private Replaces(String callId, String localTag, String remoteTag) {
    this.callId = requiredText(callId, "callId");
    this.localTag = requiredText(localTag, "localTag");
    this.remoteTag = requiredText(remoteTag, "remoteTag");
  }

  public static Replaces of(String callId, String localTag, String remoteTag) {
    return new Replaces(callId, localTag, remoteTag);
  }

  public String callId() {
    return callId;
  }

  public String localTag() {
    return localTag;
  }

  public String remoteTag() {
    return remoteTag;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    required(callId, "replaces call-id");
    required(localTag, "replaces local-tag");
    required(remoteTag, "replaces remote-tag");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Replaces other
        && callId.equals(other.callId)
        && localTag.equals(other.localTag)
        && remoteTag.equals(other.remoteTag);
  }

  @Override
  public int hashCode() {
    return Objects.hash(callId, localTag, remoteTag);
  }

  @Override
  public String toString() {
    return "Replaces{call-id="
        + callId
        + ", local-tag="
        + localTag
        + ", remote-tag="
        + remoteTag
        + "}";
  }
}
