package org.sepapi.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.SipUri;
import org.sepapi.rest.auth.InMemoryUserDirectory;
import org.sepapi.rest.auth.User;
import org.sepapi.rest.auth.UserDirectory;

class CallAccessTest {
  private static final String TRUSTED = "~trusted";
  private final UserDirectory users =
      InMemoryUserDirectory.builder()
          .add(User.builder("alice").build())
          .add(User.builder("bob").build())
          .add(User.builder("agent").actsFor("alice").build())
          .add(User.builder("operator").actsForAnyone().build())
          .build();

  private String owner(String caller, boolean trusted, String agent, String calling) {
    return CallAccess.owner(caller, trusted, Optional.ofNullable(agent), calling, users);
  }

  private void forbidden(String caller, boolean trusted, String agent, String calling) {
    ApiException refused =
        assertThrows(ApiException.class, () -> owner(caller, trusted, agent, calling));
    assertEquals(403, refused.status());
  }

  @Test
  void withoutAnAgentACallerActsForItselfAndTheTrustedPrincipalForAnyone() {
    assertEquals("alice", owner("alice", false, null, "alice"));
    forbidden("alice", false, null, "bob");
    forbidden("agent", false, null, "alice"); // an agent acts as one only when it says so
    assertEquals(TRUSTED, owner(TRUSTED, true, null, "bob"));
    forbidden(TRUSTED, false, null, "bob"); // the name alone is not the trusted principal
  }

  @Test
  void withAnAgentTheCallerIsTheAgentAndTheDirectoryDecides() {
    assertEquals("agent", owner("agent", false, "agent", "alice"));
    assertEquals("alice", owner("alice", false, "alice", "alice"));
    forbidden("agent", false, "agent", "bob");
    forbidden("alice", false, "agent", "alice");
    forbidden("ghost", false, "ghost", "ghost"); // not in the directory
    assertEquals("agent", owner(TRUSTED, true, "agent", "alice"));
    forbidden(TRUSTED, true, "agent", "bob");
    assertEquals("operator", owner("operator", false, "operator", "carol@elsewhere.test"));
  }

  @Test
  void theNameOfAUserIsItsUserPartInTheDomainElseUserAtHost() {
    assertEquals("alice", CallAccess.name(SipUri.parse("sip:alice@pbx.test"), "pbx.test"));
    assertEquals("alice", CallAccess.name(SipUri.parse("sip:alice@PBX.test:5070"), "pbx.test"));
    assertEquals("alice", CallAccess.name(SipUri.parse("sips:alice@pbx.test;x=y"), "pbx.test"));
    assertEquals(
        "alice@other.test", CallAccess.name(SipUri.parse("sip:alice@other.test"), "pbx.test"));
  }
}
