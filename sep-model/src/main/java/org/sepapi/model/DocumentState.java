package org.sepapi.model;

import org.sepapi.model.internal.XmlEnumAdapter;

/**
 * Whether a versioned event document (reginfo, dialog-info) holds the whole state of its resource
 * or only what changed since the previous version. One type for both, so that a state merger treats
 * them alike.
 */
public enum DocumentState {
  FULL("full"),
  PARTIAL("partial");

  private final String xml;

  DocumentState(String xml) {
    this.xml = xml;
  }

  /** The value as written in the document. */
  public String xml() {
    return xml;
  }

  /** Binds the {@code state} attribute. Internal to the bindings. */
  public static final class Adapter extends XmlEnumAdapter<DocumentState> {
    public Adapter() {
      super("document state", DocumentState.class, DocumentState::xml);
    }
  }
}
