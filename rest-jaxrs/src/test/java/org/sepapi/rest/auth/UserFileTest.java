package org.sepapi.rest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.SipCredentials;

/** The user file format of {@link InMemoryUserDirectory#load}. */
class UserFileTest {
  static final String MD5 = DigestClient.h("MD5", "bob:sepapi:5678");
  static final String SHA = DigestClient.h("SHA-256", "bob:sepapi:5678");

  static final String GOOD =
      String.join(
          "\n",
          "\uFEFF# users of the gateway",
          "",
          "[alice]",
          "pin = 1234",
          "sip-identity = sip:alice@example.com",
          "sip-password = a secret with spaces",
          "",
          "[bob]",
          "  ha1-realm = sepapi  ",
          "ha1-md5 = " + MD5,
          "HA1-SHA-256=" + SHA.toUpperCase(),
          "sip-identity = sips:bob@example.com;transport=tls",
          "sip-user = 2001",
          "sip-ha1 = " + MD5,
          "",
          "\t[ agent ]\r",
          "pin = 0000\r",
          "acts-for = alice,bob\r",
          "acts-for = alice , carol",
          "",
          "[carol]",
          "# no secret: acted for, never logs in",
          "",
          "[operator]",
          "pin = 4711",
          "acts-for = *",
          "");

  @Test
  void aGoodFileIsRead() {
    InMemoryUserDirectory users = InMemoryUserDirectory.parse("users.conf", GOOD);
    assertEquals(
        List.of("alice", "bob", "agent", "carol", "operator"),
        users.users().stream().map(User::name).toList());

    User alice = users.find("alice").orElseThrow();
    assertEquals(
        DigestClient.h("SHA-256", "alice:any realm:1234"),
        alice.ha1(DigestAlgorithm.SHA_256, "any realm").orElseThrow());
    assertEquals(SipUri.parse("sip:alice@example.com"), alice.sipIdentity().orElseThrow());
    assertEquals(
        SipCredentials.password("alice", "a secret with spaces"),
        alice.sipCredentials().orElseThrow());

    User bob = users.find("bob").orElseThrow();
    assertEquals(MD5, bob.ha1(DigestAlgorithm.MD5, "sepapi").orElseThrow());
    assertEquals(SHA, bob.ha1(DigestAlgorithm.SHA_256, "sepapi").orElseThrow());
    assertTrue(bob.ha1(DigestAlgorithm.MD5, "other").isEmpty());
    assertEquals(new SipCredentials("2001", MD5, true), bob.sipCredentials().orElseThrow());
    assertEquals(
        bob.sipCredentials(),
        users.credentials(SipUri.parse("sips:bob@example.com:5061;transport=tls"), "any"));
    assertTrue(users.credentials(SipUri.parse("sip:bob@example.com"), "any").isEmpty());

    User agent = users.find("agent").orElseThrow();
    assertEquals(java.util.Set.of("alice", "bob", "carol"), agent.actsFor());
    assertFalse(agent.actsForAnyone());
    assertFalse(users.find("carol").orElseThrow().hasDigestSecret());
    assertTrue(users.find("operator").orElseThrow().actsForAnyone());
    assertFalse(users.toString().contains("1234"));
    assertFalse(alice.toString().contains("secret"));
  }

  @Test
  void aFileIsLoadedFromDisk(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("users.conf");
    Files.writeString(file, GOOD, StandardCharsets.UTF_8);
    assertEquals(5, InMemoryUserDirectory.load(file).users().size());

    Path empty = dir.resolve("empty.conf");
    Files.writeString(empty, "");
    assertTrue(InMemoryUserDirectory.load(empty).users().isEmpty());

    Path latin1 = dir.resolve("latin1.conf");
    Files.write(
        latin1, "[alice]\npin = 1234\npin2 = caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
    UserFileException notUtf8 =
        assertThrows(UserFileException.class, () -> InMemoryUserDirectory.load(latin1));
    assertEquals(3, notUtf8.line());
    assertEquals("latin1.conf:3: not UTF-8", notUtf8.getMessage());

    UserFileException missing =
        assertThrows(
            UserFileException.class, () -> InMemoryUserDirectory.load(dir.resolve("nope.conf")));
    assertEquals(0, missing.line());
    assertTrue(missing.getMessage().startsWith("nope.conf: cannot be read"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          key outside a section        | pin = 1                                | 1 | before the first [user name]
          no equals sign               | [a]\\npin 1234                          | 2 | expected [user name] or key = value
          unclosed section             | [a                                     | 1 | [user name]
          bad user name                | [al ice]                               | 1 | not a valid user name
          name starting with a dot     | [.a]                                   | 1 | not a valid user name
          empty section name           | []                                     | 1 | not a valid user name
          user twice                   | [a]\\n[b]\\n[a]                          | 3 | defined already, on line 1
          unknown key                  | [a]\\npassword = x                      | 2 | unknown key 'password'
          empty value                  | [a]\\npin =                             | 2 | pin has no value
          repeated key                 | [a]\\npin = 1\\npin = 2                  | 3 | pin is given already, on line 2
          pin and ha1                  | [a]\\npin = 1\\nha1-realm = r\\nha1-md5 = MD5HEX | 4 | exclude each other
          ha1 without realm            | [a]\\nha1-md5 = MD5HEX                  | 2 | ha1-* needs ha1-realm
          realm without ha1            | [a]\\nha1-realm = r                     | 2 | ha1-realm without
          short ha1                    | [a]\\nha1-realm = r\\nha1-md5 = abc      | 3 | ha1-md5: an MD5 HA1 is 32 hex digits
          md5 length for sha-256       | [a]\\nha1-realm = r\\nha1-sha-256 = MD5HEX | 3 | 64 hex digits
          not hex                      | [a]\\nha1-realm = r\\nha1-md5 = 0123456789abcdef0123456789abcdeg | 3 | 32 hex digits
          bad acts-for                 | [a]\\nacts-for = b c                    | 2 | acts-for: not a user name or *: 'b c'
          empty acts-for item          | [a]\\nacts-for = b,,c                   | 2 | acts-for: not a user name
          acts-for unknown user        | [a]\\nacts-for = b\\n[c]                 | 2 | b is not a user of this file
          bad sip identity             | [a]\\nsip-identity = tel:+123           | 2 | sip-identity: not a sip or sips URI
          sip identity twice           | [a]\\nsip-identity = sip:x@h\\n[b]\\nsip-identity = sip:x@h;lr | 4 | sip:x@h is user a's already
          sip-password and sip-ha1     | [a]\\nsip-password = x\\nsip-ha1 = MD5HEX | 3 | exclude each other
          sip-user alone               | [a]\\nsip-user = x                      | 2 | sip-user without sip-password
          bad sip-ha1                  | [a]\\nsip-ha1 = xyz                     | 2 | sip-ha1 is an MD5
          control character            | [a]\\npin = 1\\u00002                   | 2 | control character U+0000
          """)
  void aBadLineIsNamed(String what, String text, int line, String problem) {
    String file = text.replace("\\n", "\n").replace("\\u0000", "\u0000").replace("MD5HEX", MD5);
    UserFileException e =
        assertThrows(
            UserFileException.class, () -> InMemoryUserDirectory.parse("users.conf", file));
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.getMessage().startsWith("users.conf:" + line + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(problem), what + ": " + e.getMessage());
  }

  @Test
  void errorsNeverShowASecret() {
    UserFileException e =
        assertThrows(
            UserFileException.class,
            () ->
                InMemoryUserDirectory.parse(
                    "users.conf", "[a]\npin = topsecret\nha1-realm = r\nha1-md5 = " + MD5));
    assertFalse(e.getMessage().contains("topsecret"));
    assertFalse(e.getMessage().contains(MD5));
  }
}
