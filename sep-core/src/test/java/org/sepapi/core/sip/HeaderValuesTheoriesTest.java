package org.sepapi.core.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.sepapi.core.sip.SipGen.anyString;
import static org.sepapi.core.sip.SipGen.challenge;
import static org.sepapi.core.sip.SipGen.cseq;
import static org.sepapi.core.sip.SipGen.event;
import static org.sepapi.core.sip.SipGen.mutations;
import static org.sepapi.core.sip.SipGen.parsesOrRefuses;
import static org.sepapi.core.sip.SipGen.subscriptionState;
import static org.sepapi.core.sip.SipGen.via;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Round trips and hostile input for CSeq, Via, Event, Subscription-State and challenges. */
class HeaderValuesTheoriesTest {
  @Test
  void cseqRoundTrips() {
    qt().forAll(cseq()).checkAssert(v -> assertEquals(v, CSeq.parse(v.toString())));
  }

  @Test
  void viaRoundTrips() {
    qt().forAll(via())
        .checkAssert(
            v -> {
              Via again = Via.parse(v.toString());
              assertEquals(v, again, v::toString);
              assertEquals(v.toString(), again.toString());
            });
  }

  @Test
  void viasJoinedOnOneLineSplitBack() {
    qt().forAll(SipGen.listOf(via(), 1, 4))
        .checkAssert(
            vias -> {
              SipHeaders headers =
                  SipHeaders.empty()
                      .add("v", String.join(" , ", vias.stream().map(Via::toString).toList()));
              assertEquals(vias, headers.elements("Via").stream().map(Via::parse).toList());
            });
  }

  @Test
  void eventRoundTrips() {
    qt().forAll(event())
        .checkAssert(
            v -> {
              EventHeader again = EventHeader.parse(v.toString());
              assertEquals(v, again, v::toString);
              assertEquals(true, v.matches(again));
            });
  }

  @Test
  void subscriptionStateRoundTrips() {
    qt().forAll(subscriptionState())
        .checkAssert(v -> assertEquals(v, SubscriptionState.parse(v.toString()), v::toString));
  }

  @Test
  void challengeRoundTrips() {
    qt().forAll(challenge())
        .checkAssert(v -> assertEquals(v, Challenge.parse(v.toString(), v.proxy()), v::toString));
  }

  @Test
  void everyReaderThrowsOnlySipParseException() {
    List<String> seeds =
        List.of(
            "314159 INVITE",
            "SIP  /   2.0  /UDP     192.0.2.2:5060;branch=390skdjuw;received=[::1]",
            "presence.winfo;id=\"1 2\";x",
            "terminated;reason=timeout;retry-after=3600;expires=0",
            "Digest realm=\"atlanta.com\", qop=\"auth,auth-int\", nonce=\"x\\\"y\", stale=FALSE");
    List<Function<String, ?>> readers =
        List.of(
            CSeq::parse,
            Via::parse,
            EventHeader::parse,
            SubscriptionState::parse,
            s -> Challenge.parse(s, false));
    qt().withExamples(3000)
        .forAll(anyString(40).mix(mutations(seeds), 70))
        .checkAssert(
            text -> {
              for (Function<String, ?> reader : readers) {
                Object value = parsesOrRefuses(reader, text);
                if (value != null) {
                  Object again = reader.apply(value.toString());
                  assertEquals(value, again, () -> SipGen.show(text));
                }
              }
            });
  }
}
