package org.sepapi.rest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.SipUri;

/** {@link User}, {@link UserDirectory#mayActFor} and the {@link InMemoryUserDirectory} builder. */
class UserDirectoryTest {
  static final InMemoryUserDirectory USERS =
      InMemoryUserDirectory.builder()
          .add(User.builder("alice").pin("1").build())
          .add(User.builder("bob").pin("2").build())
          .add(User.builder("carol").build())
          .add(User.builder("agent").pin("3").actsFor("alice", "carol").build())
          .add(User.builder("operator").pin("4").actsForAnyone().build())
          .build();

  @Test
  void anAgentActsForItselfAndTheUsersItWasGiven() {
    assertTrue(USERS.mayActFor("agent", "agent"));
    assertTrue(USERS.mayActFor("agent", "alice"));
    assertTrue(USERS.mayActFor("agent", "carol"));
    assertFalse(USERS.mayActFor("agent", "bob"));
    assertFalse(USERS.mayActFor("agent", "operator"));
    assertTrue(USERS.mayActFor("alice", "alice"));
    assertFalse(USERS.mayActFor("alice", "agent"));
    assertFalse(USERS.mayActFor("Alice", "alice"), "names are compared exactly");
  }

  @Test
  void anOperatorActsForAnyoneEvenUsersItDoesNotKnow() {
    assertTrue(USERS.mayActFor("operator", "bob"));
    assertTrue(USERS.mayActFor("operator", "someone-else"));
  }

  @Test
  void anUnknownAgentActsForNoOne() {
    assertFalse(USERS.mayActFor("mallory", "mallory"));
    assertFalse(USERS.mayActFor("mallory", "alice"));
    assertFalse(USERS.mayActFor(null, "alice"));
  }

  @Test
  void principalsActAsTheirUserOrForAnyoneWhenTrusted() {
    ApiPrincipal agent = ApiPrincipal.user(USERS.find("agent").orElseThrow());
    assertEquals("agent", agent.getName());
    assertTrue(agent.mayActFor("alice"));
    assertFalse(agent.mayActFor("bob"));
    assertFalse(agent.isTrustedHost());
    ApiPrincipal trusted = ApiPrincipal.trustedHost();
    assertEquals(ApiPrincipal.TRUSTED_HOSTS, trusted.getName());
    assertTrue(trusted.isTrustedHost());
    assertTrue(trusted.mayActFor("bob"));
    assertFalse(User.isValidName(ApiPrincipal.TRUSTED_HOSTS), "no user can be the trusted hosts");
  }

  @Test
  void theBuilderRefusesWhatCannotWork() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            InMemoryUserDirectory.builder()
                .add(User.builder("a").build())
                .add(User.builder("a").build()));
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                InMemoryUserDirectory.builder()
                    .add(User.builder("a").actsFor("b").build())
                    .build());
    assertTrue(unknown.getMessage().contains("acts for b"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            InMemoryUserDirectory.builder()
                .add(User.builder("a").sipIdentity(SipUri.parse("sip:x@h")).build())
                .add(User.builder("b").sipIdentity(SipUri.parse("sip:x@h:5060")).build())
                .build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            User.builder("a")
                .pin("1")
                .ha1("r", DigestAlgorithm.MD5, DigestClient.h("MD5", "a:r:1"))
                .build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            User.builder("a")
                .ha1("r", DigestAlgorithm.MD5, DigestClient.h("MD5", "a:r:1"))
                .ha1("s", DigestAlgorithm.SHA_256, DigestClient.h("SHA-256", "a:s:1")));
    assertThrows(IllegalArgumentException.class, () -> User.builder("a").pin(""));
    assertThrows(IllegalArgumentException.class, () -> User.builder("a b"));
    assertThrows(IllegalArgumentException.class, () -> User.builder("x".repeat(129)));
    assertThrows(IllegalArgumentException.class, () -> User.builder("a").actsFor("~x"));
  }

  @Test
  void findTakesAnyName() {
    assertEquals(Optional.empty(), USERS.find("no such user"));
    assertEquals(Optional.empty(), USERS.find(null));
    assertEquals("bob", USERS.find("bob").orElseThrow().name());
  }
}
