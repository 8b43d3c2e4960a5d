package org.sepapi.core.internal;

import java.util.ArrayList;
import java.util.List;
import org.sepapi.core.spi.Merge;
import org.sepapi.model.DocumentState;
import org.sepapi.model.dialoginfo.Dialog;
import org.sepapi.model.dialoginfo.DialogInfo;

/**
 * Merges dialog-info NOTIFYs (RFC 4235 section 4.1) into the full dialog state of a subscription.
 *
 * <ul>
 *   <li>A full document replaces the whole state, whatever its version; the same full state again
 *       is {@link Merge.Unchanged}.
 *   <li>A partial document applies only on the version just before it: before any full state, or
 *       after a skipped version, it asks for a {@link Merge.Resync}; an equal or older version is a
 *       duplicate or came late and changes nothing.
 *   <li>Applying a partial document: each of its dialogs replaces the dialog with its {@code id} (a
 *       dialog element always carries the whole of that dialog), or is added after the others.
 *   <li>A dialog in state {@code terminated} is applied and then removed: the merged state lists
 *       the dialogs that exist. Terminated dialogs of a full document (phones list a call that just
 *       ended) are removed too, so the merged state is the same however it was reached.
 * </ul>
 *
 * <p>The merged document is {@code state="full"} with the version of the last document applied, and
 * keeps the root's attributes and extension elements of that document; a partial document without
 * the {@code entity} attribute keeps the entity already known.
 *
 * <p>Thread-safe (stateless).
 */
public final class DialogInfoMerger extends VersionedMerger<DialogInfo> {
  /** The one instance. */
  public static final DialogInfoMerger INSTANCE = new DialogInfoMerger();

  private DialogInfoMerger() {
    super("dialog-info");
  }

  @Override
  boolean isFull(DialogInfo document) {
    return document.isFull();
  }

  @Override
  long version(DialogInfo document) {
    return document.version();
  }

  @Override
  DialogInfo normalised(DialogInfo full) {
    return withoutTerminated(full);
  }

  @Override
  DialogInfo apply(DialogInfo current, DialogInfo partial) {
    List<Dialog> dialogs = new ArrayList<>(current.dialogs());
    for (Dialog dialog : partial.dialogs()) {
      int same = indexOf(dialogs, dialog.id());
      if (dialog.isTerminated()) {
        if (same >= 0) {
          dialogs.remove(same);
        }
      } else if (same >= 0) {
        dialogs.set(same, dialog);
      } else {
        dialogs.add(dialog);
      }
    }
    return partial.toBuilder()
        .state(DocumentState.FULL)
        .entity(partial.entity().or(current::entity).orElse(null))
        .dialogs(dialogs)
        .build();
  }

  private static DialogInfo withoutTerminated(DialogInfo full) {
    if (full.dialogs().stream().noneMatch(Dialog::isTerminated)) {
      return full;
    }
    List<Dialog> live = new ArrayList<>();
    for (Dialog dialog : full.dialogs()) {
      if (!dialog.isTerminated()) {
        live.add(dialog);
      }
    }
    return full.toBuilder().dialogs(live).build();
  }

  private static int indexOf(List<Dialog> dialogs, String id) {
    for (int i = 0; i < dialogs.size(); i++) {
      if (dialogs.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return "DialogInfoMerger";
  }
}
