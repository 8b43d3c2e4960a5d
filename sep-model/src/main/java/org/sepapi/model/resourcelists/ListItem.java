package org.sepapi.model.resourcelists;

import java.util.Optional;
import org.sepapi.model.LocalizedText;

/**
 * One member of a {@link ResourceList}, in document order: a nested {@link ResourceList}, an {@link
 * Entry}, or a {@link Reference} to an entry or a list held elsewhere (RFC 4826 section 3.1).
 *
 * <p>Thread-safe (immutable).
 */
public sealed interface ListItem permits ResourceList, Entry, Reference {
  /** The human-readable name of this member, if the document gives one. */
  Optional<LocalizedText> displayName();
}
