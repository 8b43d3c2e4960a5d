package org.sepapi.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.sepapi.core.internal.DialogInfoMerger;
import org.sepapi.core.internal.MessageSummaryCodec;
import org.sepapi.core.internal.PassThroughCodec;
import org.sepapi.core.internal.ReginfoMerger;
import org.sepapi.core.internal.XmlBodyCodec;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.EventPackage;
import org.sepapi.core.spi.StateMerger;
import org.sepapi.model.dialoginfo.DialogInfo;
import org.sepapi.model.messagesummary.MessageSummary;
import org.sepapi.model.pidf.Presence;
import org.sepapi.model.reginfo.Reginfo;

/**
 * The event packages the engine knows, by name: what a SUBSCRIBE accepts, how a NOTIFY body is read
 * and how NOTIFYs merge. {@link #defaults()} holds
 *
 * <ul>
 *   <li>{@code reg} (RFC 3680): {@code application/reginfo+xml}, partial documents merged by
 *       registration and contact id, versions checked;
 *   <li>{@code dialog} (RFC 4235): {@code application/dialog-info+xml}, partial documents merged by
 *       dialog id, versions checked;
 *   <li>{@code presence} (RFC 3856): {@code application/pidf+xml}, each NOTIFY replaces the state;
 *   <li>{@code message-summary} (RFC 3842): {@code application/simple-message-summary}, each NOTIFY
 *       replaces the state;
 *   <li>{@code vq-rtcpxr} (RFC 6035): {@code application/vq-rtcpxr}, passed through.
 * </ul>
 *
 * <p>Any other name is passed through: {@link #get(String)} answers a package whose state is the
 * NOTIFY body itself, whatever its type, that accepts {@code *}{@code /*} unless the subscriber
 * names its own types. Event package names are compared exactly, as RFC 6665 compares Event header
 * tokens.
 *
 * <p>Immutable and thread-safe: {@link #with(EventPackage)} returns a new registry.
 */
public final class EventPackages {
  private static final EventPackage<Reginfo> REG =
      EventPackage.of(
          "reg",
          List.of(Reginfo.CONTENT_TYPE),
          XmlBodyCodec.of("reg", Reginfo.CONTENT_TYPE, Reginfo.class),
          ReginfoMerger.INSTANCE);

  private static final EventPackage<DialogInfo> DIALOG =
      EventPackage.of(
          "dialog",
          List.of(DialogInfo.CONTENT_TYPE),
          XmlBodyCodec.of("dialog", DialogInfo.CONTENT_TYPE, DialogInfo.class),
          DialogInfoMerger.INSTANCE);

  private static final EventPackage<Presence> PRESENCE =
      EventPackage.of(
              "presence",
              List.of(Presence.CONTENT_TYPE),
              XmlBodyCodec.of("presence", Presence.CONTENT_TYPE, Presence.class),
              StateMerger.replacing())
          // RFC 3856 section 6.7: no body, no presence information the notifier will give
          .clearingStateOnEmptyBody();

  private static final EventPackage<MessageSummary> MESSAGE_SUMMARY =
      EventPackage.of(
              "message-summary",
              List.of(MessageSummary.CONTENT_TYPE),
              MessageSummaryCodec.INSTANCE,
              StateMerger.replacing())
          // Kamailio: a mailbox whose published state expired or was removed
          .clearingStateOnEmptyBody();

  /** The media type of RFC 6035 voice quality reports. */
  private static final String VQ_RTCPXR_TYPE = "application/vq-rtcpxr";

  private static final EventPackage<Body> VQ_RTCPXR =
      passThrough("vq-rtcpxr", List.of(VQ_RTCPXR_TYPE));

  private static final EventPackages DEFAULTS =
      new EventPackages(Map.of())
          .with(REG)
          .with(DIALOG)
          .with(PRESENCE)
          .with(MESSAGE_SUMMARY)
          .with(VQ_RTCPXR);

  private final Map<String, EventPackage<?>> packages;

  private EventPackages(Map<String, EventPackage<?>> packages) {
    this.packages = packages;
  }

  /** The built-in packages: reg, dialog, presence, message-summary and vq-rtcpxr. */
  public static EventPackages defaults() {
    return DEFAULTS;
  }

  /** The {@code reg} package of RFC 3680. */
  public static EventPackage<Reginfo> reg() {
    return REG;
  }

  /** The {@code dialog} package of RFC 4235. */
  public static EventPackage<DialogInfo> dialog() {
    return DIALOG;
  }

  /** The {@code presence} package of RFC 3856, PIDF bodies (RFC 3863). */
  public static EventPackage<Presence> presence() {
    return PRESENCE;
  }

  /** The {@code message-summary} package of RFC 3842. */
  public static EventPackage<MessageSummary> messageSummary() {
    return MESSAGE_SUMMARY;
  }

  /** The {@code vq-rtcpxr} package of RFC 6035, passed through. */
  public static EventPackage<Body> vqRtcpxr() {
    return VQ_RTCPXR;
  }

  /**
   * A package the engine does not interpret: its state is the last NOTIFY body, which replaces the
   * one before; inline, an XML body stands as its root element and any other as a {@code <body
   * type="...">} text element.
   *
   * @param name the Event header token
   * @param accept the media types its SUBSCRIBEs accept by default; {@code *}{@code /*} for any
   * @throws IllegalArgumentException if the name is not a SIP token or no type is given
   */
  public static EventPackage<Body> passThrough(String name, List<String> accept) {
    return EventPackage.of(name, accept, PassThroughCodec.INSTANCE, StateMerger.replacing());
  }

  /**
   * The package of that name: a registered one, or else a {@linkplain #passThrough pass-through}
   * package accepting {@code *}{@code /*}.
   *
   * @throws IllegalArgumentException if the name is not a SIP token
   */
  public EventPackage<?> get(String name) {
    Objects.requireNonNull(name, "name");
    EventPackage<?> registered = packages.get(name);
    return registered != null ? registered : passThrough(name, List.of("*/*"));
  }

  /** Whether a package of that name is registered (rather than passed through). */
  public boolean isRegistered(String name) {
    return packages.containsKey(name);
  }

  /**
   * This registry with {@code eventPackage} added, replacing any registered under its name (to
   * change the Accept types or merging of a built-in package).
   */
  public EventPackages with(EventPackage<?> eventPackage) {
    Objects.requireNonNull(eventPackage, "eventPackage");
    Map<String, EventPackage<?>> next = new LinkedHashMap<>(packages);
    next.put(eventPackage.name(), eventPackage);
    return new EventPackages(Collections.unmodifiableMap(next));
  }

  /** The names of the registered packages, in the order they were registered. */
  public Set<String> names() {
    return packages.keySet();
  }

  /**
   * The value of an Allow-Events header (RFC 6665): the registered names, separated by commas, for
   * example {@code reg, dialog, presence, message-summary, vq-rtcpxr}.
   */
  public String allowEvents() {
    return String.join(", ", packages.keySet());
  }

  @Override
  public String toString() {
    return "EventPackages" + packages.keySet();
  }
}
