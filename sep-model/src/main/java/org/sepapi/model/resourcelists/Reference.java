package org.sepapi.model.resourcelists;

import java.util.Optional;

/**
 * A member of a list that points elsewhere and cannot be resolved from the document alone: an
 * {@link EntryRef} (an entry in another XCAP document) or an {@link External} (a whole list held
 * elsewhere). Flattening reports them ({@link ResourceLists#unresolvedReferences()}) instead of
 * dropping them.
 *
 * <p>Thread-safe (immutable).
 */
public sealed interface Reference extends ListItem permits EntryRef, External {
  /** The URI this reference points to: the {@code ref} or the {@code anchor}, if present. */
  Optional<String> target();
}
