package org.sepapi.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final String SECRET = "top secret";
  private static final long T = 1767225600L;
  private static final byte[] BODY = "<subscription id=\"s1\"/>".getBytes(StandardCharsets.UTF_8);
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  // computed apart from this code: printf '1767225600.<subscription id="s1"/>' | openssl dgst
  // -sha256 -hmac 'top secret'
  private static final String KNOWN =
      "v1=4faaca19ca38eecc3e461d000dcb55084556231d38356249c19b2a90303a9ef8";

  private static Clock at(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  @Test
  void signsTimestampDotBodyWithHmacSha256InLowerCaseHex() {
    assertEquals(KNOWN, WebhookSignature.sign(SECRET, T, BODY));
  }

  @Test
  void verifiesItsOwnSignatureWithinTheTolerance() {
    String header = WebhookSignature.sign(SECRET, T, BODY);
    assertTrue(WebhookSignature.verify(SECRET, "1767225600", BODY, header, at(T), FIVE_MINUTES));
    assertTrue(
        WebhookSignature.verify(SECRET, "1767225600", BODY, header, at(T + 300), FIVE_MINUTES));
    assertTrue(
        WebhookSignature.verify(SECRET, "1767225600", BODY, header, at(T - 300), FIVE_MINUTES));
  }

  @Test
  void refusesATimestampOutsideTheTolerance() {
    String header = WebhookSignature.sign(SECRET, T, BODY);
    assertFalse(
        WebhookSignature.verify(SECRET, "1767225600", BODY, header, at(T + 301), FIVE_MINUTES));
    assertFalse(
        WebhookSignature.verify(SECRET, "1767225600", BODY, header, at(T - 301), FIVE_MINUTES));
  }

  @Test
  void refusesAnotherSecretBodyOrTimestamp() {
    String header = WebhookSignature.sign(SECRET, T, BODY);
    assertFalse(
        WebhookSignature.verify("top secreT", "1767225600", BODY, header, at(T), FIVE_MINUTES));
    byte[] tampered = BODY.clone();
    tampered[tampered.length - 3] ^= 1;
    assertFalse(
        WebhookSignature.verify(SECRET, "1767225600", tampered, header, at(T), FIVE_MINUTES));
    // the timestamp is signed: moving it (to get past the tolerance) breaks the signature
    assertFalse(WebhookSignature.verify(SECRET, "1767225601", BODY, header, at(T), FIVE_MINUTES));
  }

  @Test
  void acceptsAnyMatchingV1EntryAndIgnoresOtherSchemes() {
    String good = WebhookSignature.sign(SECRET, T, BODY);
    String other = WebhookSignature.sign("old secret", T, BODY);
    String header = "v0=abc, " + other + " ,  " + good.toUpperCase().replace("V1=", "v1=");
    assertTrue(WebhookSignature.verify(SECRET, "1767225600", BODY, header, at(T), FIVE_MINUTES));
    assertTrue(
        WebhookSignature.verify("old secret", "1767225600", BODY, header, at(T), FIVE_MINUTES));
    assertFalse(
        WebhookSignature.verify(
            SECRET, "1767225600", BODY, "v2=" + good.substring(3), at(T), FIVE_MINUTES));
  }

  @Test
  void malformedOrMissingValuesAreNotVerified() {
    String header = WebhookSignature.sign(SECRET, T, BODY);
    Clock clock = at(T);
    assertFalse(WebhookSignature.verify(SECRET, null, BODY, header, clock, FIVE_MINUTES));
    assertFalse(WebhookSignature.verify(SECRET, "", BODY, header, clock, FIVE_MINUTES));
    assertFalse(WebhookSignature.verify(SECRET, "-1767225600", BODY, header, clock, FIVE_MINUTES));
    assertFalse(WebhookSignature.verify(SECRET, "1767225600.0", BODY, header, clock, FIVE_MINUTES));
    assertFalse(
        WebhookSignature.verify(
            SECRET, "99999999999999999999999", BODY, header, clock, FIVE_MINUTES));
    assertFalse(WebhookSignature.verify(SECRET, "1767225600", null, header, clock, FIVE_MINUTES));
    assertFalse(WebhookSignature.verify(SECRET, "1767225600", BODY, null, clock, FIVE_MINUTES));
    assertFalse(WebhookSignature.verify(SECRET, "1767225600", BODY, "", clock, FIVE_MINUTES));
    assertFalse(WebhookSignature.verify(SECRET, "1767225600", BODY, "v1", clock, FIVE_MINUTES));
    assertFalse(WebhookSignature.verify(SECRET, "1767225600", BODY, "v1=", clock, FIVE_MINUTES));
    assertFalse(
        WebhookSignature.verify(
            SECRET,
            "1767225600",
            BODY,
            header.substring(0, header.length() - 1),
            clock,
            FIVE_MINUTES));
  }

  @Test
  void misuseIsAnIllegalArgument() {
    String header = WebhookSignature.sign(SECRET, T, BODY);
    Clock clock = at(T);
    assertThrows(
        IllegalArgumentException.class,
        () -> WebhookSignature.verify(null, "1767225600", BODY, header, clock, FIVE_MINUTES));
    assertThrows(
        IllegalArgumentException.class,
        () -> WebhookSignature.verify("", "1767225600", BODY, header, clock, FIVE_MINUTES));
    assertThrows(
        IllegalArgumentException.class,
        () -> WebhookSignature.verify(SECRET, "1767225600", BODY, header, null, FIVE_MINUTES));
    assertThrows(
        IllegalArgumentException.class,
        () -> WebhookSignature.verify(SECRET, "1767225600", BODY, header, clock, null));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            WebhookSignature.verify(
                SECRET, "1767225600", BODY, header, clock, Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> WebhookSignature.sign("", T, BODY));
    assertThrows(IllegalArgumentException.class, () -> WebhookSignature.sign(SECRET, T, null));
  }

  @Test
  void everySignatureVerifiesAndAnyFlippedBitDoesNot() {
    qt().withExamples(200)
        .forAll(
            strings().basicLatinAlphabet().ofLengthBetween(1, 40),
            longs().between(0, 4_000_000_000L),
            strings().allPossible().ofLengthBetween(0, 200),
            integers().between(0, Integer.MAX_VALUE))
        .checkAssert(
            (secret, timestamp, text, flip) -> {
              byte[] body = text.getBytes(StandardCharsets.UTF_8);
              String header = WebhookSignature.sign(secret, timestamp, body);
              Clock clock = at(timestamp);
              String ts = Long.toString(timestamp);
              assertTrue(WebhookSignature.verify(secret, ts, body, header, clock, Duration.ZERO));
              if (body.length > 0) {
                byte[] changed = body.clone();
                changed[flip % changed.length] ^= (byte) (1 << (flip % 8));
                assertFalse(
                    WebhookSignature.verify(secret, ts, changed, header, clock, Duration.ZERO));
              }
            });
  }
}
