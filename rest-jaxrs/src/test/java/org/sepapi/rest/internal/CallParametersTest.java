package org.sepapi.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sepapi.callcontrol.CallMethod;

class CallParametersTest {
  private static MultivaluedMap<String, String> query(String... pairs) {
    MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      query.add(pairs[i], pairs[i + 1]);
    }
    return query;
  }

  private static int refused(String... pairs) {
    return assertThrows(ApiException.class, () -> CallParameters.of(query(pairs))).status();
  }

  @Test
  void nothingGivenMeansReferAndTheControllersDefaults() {
    CallParameters none = CallParameters.of(query());
    assertEquals(CallMethod.REFER, none.method());
    assertEquals(Optional.empty(), none.agent());
    assertEquals(Optional.empty(), none.timeout());
    assertEquals(Optional.empty(), none.resultCacheTime());
    assertEquals(Optional.empty(), none.subject());
    assertFalse(none.forwardingAllowed());
    assertEquals(Optional.empty(), none.callback());
  }

  @Test
  void everyParameterIsRead() {
    CallParameters all =
        CallParameters.of(
            query(
                "sipMethod", "Invite",
                "agent", "operator",
                "timeout", "600",
                "resultCacheTime", "0",
                "subject", "Sales <call>",
                "isForwardingAllowed", "TRUE",
                "callback", "https://crm.test/calls?id=1",
                "unknown", "ignored"));
    assertEquals(CallMethod.INVITE, all.method());
    assertEquals(Optional.of("operator"), all.agent());
    assertEquals(Optional.of(Duration.ofMinutes(10)), all.timeout());
    assertEquals(Optional.of(Duration.ZERO), all.resultCacheTime());
    assertEquals(Optional.of("Sales <call>"), all.subject());
    assertTrue(all.forwardingAllowed());
    assertEquals(Optional.of(URI.create("https://crm.test/calls?id=1")), all.callback());
  }

  @Test
  void anEmptyValueCountsAsNotGiven() {
    CallParameters empty =
        CallParameters.of(query("sipMethod", "", "timeout", "", "agent", "", "subject", ""));
    assertEquals(CallMethod.REFER, empty.method());
    assertEquals(Optional.empty(), empty.timeout());
    assertEquals(Optional.empty(), empty.agent());
    assertEquals(Optional.empty(), empty.subject());
    assertEquals(
        Optional.of(Duration.ofSeconds(5)),
        CallParameters.of(query("timeout", "", "timeout", "5")).timeout());
  }

  @Test
  void anUnknownMethodIs406AndEveryOtherBadValue400() {
    assertEquals(406, refused("sipMethod", "SUBSCRIBE"));
    assertEquals(406, refused("sipMethod", " refer"));
    assertEquals(400, refused("timeout", "0"));
    assertEquals(400, refused("timeout", "601"));
    assertEquals(400, refused("timeout", "ten"));
    assertEquals(400, refused("timeout", " 5"));
    assertEquals(400, refused("timeout", "+5"));
    assertEquals(400, refused("timeout", "\u0665")); // ARABIC-INDIC DIGIT FIVE
    assertEquals(400, refused("timeout", "9".repeat(19)));
    assertEquals(
        Duration.ofSeconds(7), CallParameters.of(query("timeout", "007")).timeout().orElseThrow());
    assertEquals(400, refused("resultCacheTime", "86401"));
    assertEquals(400, refused("resultCacheTime", "-1"));
    assertEquals(400, refused("isForwardingAllowed", "1"));
    assertEquals(400, refused("callback", "http://a b/"));
    assertEquals(400, refused("agent", "a", "agent", "b"));
    assertEquals(400, refused("sipMethod", "REFER", "sipMethod", "INVITE"));
    assertEquals(
        Duration.ofSeconds(86400),
        CallParameters.of(query("resultCacheTime", "86400")).resultCacheTime().orElseThrow());
  }

  @Test
  void aQuotedValueIsCut() {
    ApiException refused =
        assertThrows(
            ApiException.class, () -> CallParameters.of(query("timeout", "x".repeat(1000))));
    assertTrue(refused.getMessage().length() < 200, refused::getMessage);
  }
}
