package org.sepapi.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;
import static org.sepapi.core.TestDocuments.dialogInfo;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sepapi.core.spi.Merge;
import org.sepapi.core.spi.StateMerger;
import org.sepapi.model.DocumentState;
import org.sepapi.model.dialoginfo.Dialog;
import org.sepapi.model.dialoginfo.DialogInfo;

class DialogMergingTest {
  private final StateMerger<DialogInfo> merger = EventPackages.dialog().merger();

  private DialogInfo merged(Optional<DialogInfo> current, DialogInfo incoming) {
    Merge<DialogInfo> merge = merger.merge(current, incoming);
    if (merge instanceof Merge.Changed<DialogInfo> changed) {
      return changed.state();
    }
    return fail("expected a change, got " + merge);
  }

  private static DialogInfo partial(long version, Dialog... dialogs) {
    return DialogInfo.builder()
        .version(version)
        .state(DocumentState.PARTIAL)
        .entity("sip:201@pbx.example.com")
        .dialogs(List.of(dialogs))
        .build();
  }

  private static Dialog dialog(String id, Dialog.State state) {
    return Dialog.builder().id(id).callId("call-" + id).state(state).build();
  }

  @Test
  void aCallGoesFromEarlyToConfirmedToTerminated() {
    DialogInfo ringing = merged(Optional.empty(), dialogInfo("/interop/asterisk-early.xml"));
    assertEquals(Dialog.State.EARLY, ringing.dialog("201").orElseThrow().state());

    Dialog answered =
        ringing.dialog("201").orElseThrow().toBuilder().state(Dialog.State.CONFIRMED).build();
    DialogInfo talking = merged(Optional.of(ringing), partial(4, answered));
    assertEquals(List.of(answered), talking.dialogs());
    assertEquals(4, talking.version());
    assertEquals(DocumentState.FULL, talking.state());

    Dialog hungUp =
        Dialog.builder()
            .id("201")
            .state(Dialog.State.TERMINATED)
            .event(Dialog.Event.REMOTE_BYE)
            .build();
    DialogInfo idle = merged(Optional.of(talking), partial(5, hungUp));
    assertEquals(List.of(), idle.dialogs());
    assertEquals("sip:201@pbx.example.com", idle.entity().orElseThrow());
  }

  @Test
  void dialogsAreAddedAndReplacedByTheirIdInPlace() {
    DialogInfo state =
        merged(
            Optional.empty(),
            DialogInfo.builder()
                .version(0)
                .addDialog(dialog("a", Dialog.State.CONFIRMED))
                .addDialog(dialog("b", Dialog.State.EARLY))
                .build());
    state =
        merged(
            Optional.of(state),
            partial(1, dialog("c", Dialog.State.TRYING), dialog("b", Dialog.State.CONFIRMED)));
    assertEquals(
        List.of(
            dialog("a", Dialog.State.CONFIRMED),
            dialog("b", Dialog.State.CONFIRMED),
            dialog("c", Dialog.State.TRYING)),
        state.dialogs());
  }

  @Test
  void aFullStateLeavesOutTheCallThatJustEnded() {
    DialogInfo yealink = merged(Optional.empty(), dialogInfo("/interop/yealink-full.xml"));
    assertEquals(List.of("65626"), yealink.dialogs().stream().map(Dialog::id).toList());
    assertEquals("sip:1000@10.2.1.48:5060", yealink.entity().orElseThrow());
  }

  @Test
  void theRfc4235SampleIsTakenAsAFullState() {
    DialogInfo sample = dialogInfo("/rfc4235/section-4.2-sample.xml");
    assertEquals(sample, merged(Optional.empty(), sample));
    assertInstanceOf(Merge.Unchanged.class, merger.merge(Optional.of(sample), sample));
  }

  @Test
  void aPartialStateAfterAGapAsksForAResync() {
    DialogInfo state = merged(Optional.empty(), dialogInfo("/interop/yealink-full.xml"));
    Merge<DialogInfo> merge =
        merger.merge(Optional.of(state), dialogInfo("/interop/yealink-partial.xml"));
    Merge.Resync<?> resync = assertInstanceOf(Merge.Resync.class, merge);
    assertEquals("dialog-info version 4 follows version 1: 2 NOTIFYs were lost", resync.reason());
  }

  @Test
  void aPartialStateBeforeAFullOneAsksForAResync() {
    assertInstanceOf(
        Merge.Resync.class,
        merger.merge(Optional.empty(), dialogInfo("/interop/yealink-partial.xml")));
  }

  @Test
  void aDuplicatePartialStateChangesNothing() {
    DialogInfo state =
        merged(Optional.empty(), DialogInfo.builder().version(3).entity("sip:x@y").build());
    DialogInfo next = merged(Optional.of(state), partial(4, dialog("a", Dialog.State.EARLY)));
    assertInstanceOf(
        Merge.Unchanged.class,
        merger.merge(Optional.of(next), partial(4, dialog("a", Dialog.State.EARLY))));
    assertInstanceOf(
        Merge.Unchanged.class,
        merger.merge(Optional.of(next), partial(2, dialog("z", Dialog.State.EARLY))));
  }

  @Test
  void aPartialStateWithoutEntityKeepsTheKnownOne() {
    DialogInfo state = merged(Optional.empty(), dialogInfo("/interop/yealink-full.xml"));
    DialogInfo anonymous =
        DialogInfo.builder()
            .version(2)
            .state(DocumentState.PARTIAL)
            .addDialog(dialog("x", Dialog.State.EARLY))
            .build();
    assertEquals("sip:1000@10.2.1.48:5060", merged(Optional.of(state), anonymous).entity().get());
  }
}
