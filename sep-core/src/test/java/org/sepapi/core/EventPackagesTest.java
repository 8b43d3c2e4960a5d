package org.sepapi.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.EventPackage;
import org.sepapi.core.spi.Merge;
import org.sepapi.core.spi.StateMerger;
import org.sepapi.model.pidf.Presence;

class EventPackagesTest {
  private final EventPackages packages = EventPackages.defaults();

  @Test
  void theDefaultsAreTheBuiltInPackages() {
    assertEquals(
        List.of("reg", "dialog", "presence", "message-summary", "vq-rtcpxr"),
        List.copyOf(packages.names()));
    assertEquals("reg, dialog, presence, message-summary, vq-rtcpxr", packages.allowEvents());
    assertSame(EventPackages.reg(), packages.get("reg"));
    assertSame(EventPackages.dialog(), packages.get("dialog"));
    assertSame(EventPackages.presence(), packages.get("presence"));
    assertSame(EventPackages.messageSummary(), packages.get("message-summary"));
    assertSame(EventPackages.vqRtcpxr(), packages.get("vq-rtcpxr"));
  }

  @Test
  void eachBuiltInPackageAcceptsItsOwnMediaType() {
    assertEquals(List.of("application/reginfo+xml"), EventPackages.reg().accept());
    assertEquals(List.of("application/dialog-info+xml"), EventPackages.dialog().accept());
    assertEquals(List.of("application/pidf+xml"), EventPackages.presence().accept());
    assertEquals(
        List.of("application/simple-message-summary"), EventPackages.messageSummary().accept());
    assertEquals(List.of("application/vq-rtcpxr"), EventPackages.vqRtcpxr().accept());
  }

  @Test
  void anUnknownTokenIsPassedThroughAcceptingAnything() {
    EventPackage<?> winfo = packages.get("presence.winfo");
    assertEquals("presence.winfo", winfo.name());
    assertEquals(List.of("*/*"), winfo.accept());
    assertFalse(packages.isRegistered("presence.winfo"));
    Body body = Body.of("application/watcherinfo+xml", "<watcherinfo/>");
    @SuppressWarnings("unchecked")
    EventPackage<Body> passThrough = (EventPackage<Body>) winfo;
    assertSame(body, passThrough.codec().decode(body));
  }

  @Test
  void namesAreComparedExactlyAsRfc6665ComparesEventTokens() {
    assertFalse(packages.isRegistered("Reg"));
    assertEquals(List.of("*/*"), packages.get("Reg").accept());
  }

  @Test
  void aNameThatIsNotATokenIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> packages.get("reg info"));
    assertThrows(IllegalArgumentException.class, () -> packages.get(""));
  }

  @Test
  void withRegistersACustomPackageInANewRegistry() {
    EventPackage<Body> conference =
        EventPackages.passThrough("conference", List.of("application/conference-info+xml"));
    EventPackages more = packages.with(conference);

    assertSame(conference, more.get("conference"));
    assertTrue(more.isRegistered("conference"));
    assertFalse(packages.isRegistered("conference"));
    assertEquals(
        "reg, dialog, presence, message-summary, vq-rtcpxr, conference", more.allowEvents());
  }

  @Test
  void withReplacesABuiltInPackageOfTheSameName() {
    EventPackage<Presence> presence = EventPackages.presence();
    EventPackage<Presence> alwaysNew =
        EventPackage.of(
            "presence",
            List.of("application/pidf+xml", "application/xpidf+xml"),
            presence.codec(),
            (current, incoming) -> Merge.changed(incoming));
    EventPackages replaced = packages.with(alwaysNew);

    assertSame(alwaysNew, replaced.get("presence"));
    assertEquals(packages.names(), replaced.names());
    assertSame(presence, packages.get("presence"));
  }

  @Test
  void aPassedThroughBodyReplacesTheOneBefore() {
    Body first = Body.of("text/plain", "a");
    Body second = Body.of("text/plain", "b");
    StateMerger<Body> merger = EventPackages.vqRtcpxr().merger();
    assertInstanceOf(Merge.Changed.class, merger.merge(Optional.empty(), first));
    assertEquals(Merge.changed(second), merger.merge(Optional.of(first), second));
    assertInstanceOf(Merge.Unchanged.class, merger.merge(Optional.of(first), first));
  }
}
