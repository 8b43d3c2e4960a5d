package org.sepapi.rest.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sepapi.core.SepException;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.SipCredentials;

/** Reads the user file format described at {@link InMemoryUserDirectory#load}. */
final class UserFileParser {
  /** Far more than any user file; a larger file is a mistake (the wrong path). */
  private static final long MAX_BYTES = 16L * 1024 * 1024;

  private static final Set<String> KEYS =
      Set.of(
          "pin",
          "ha1-realm",
          "ha1-md5",
          "ha1-sha-256",
          "acts-for",
          "sip-identity",
          "sip-user",
          "sip-password",
          "sip-ha1");

  private final String source;
  private final Map<String, Section> sections = new LinkedHashMap<>();
  private Section current;

  private UserFileParser(String source) {
    this.source = source;
  }

  static InMemoryUserDirectory load(Path file) {
    String source = String.valueOf(file.getFileName());
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new UserFileException(source, 0, "larger than " + MAX_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UserFileException(source, "cannot be read: " + e, e);
    }
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        if (i == bytes.length && start == i && !lines.isEmpty()) {
          break;
        }
        try {
          lines.add(
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT)
                  .decode(ByteBuffer.wrap(bytes, start, i - start))
                  .toString());
        } catch (CharacterCodingException e) {
          throw new UserFileException(source, lines.size() + 1, "not UTF-8");
        }
        start = i + 1;
      }
    }
    return new UserFileParser(source).read(lines);
  }

  static InMemoryUserDirectory parse(String source, String text) {
    return new UserFileParser(source).read(List.of(text.split("\n", -1)));
  }

  private InMemoryUserDirectory read(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      line(i + 1, line);
    }
    return build();
  }

  private void line(int number, String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '\t' && Character.isISOControl(c)) {
        throw error(number, "control character U+%04X", (int) c);
      }
    }
    String line = raw.strip();
    if (line.isEmpty() || line.startsWith("#")) {
      return;
    }
    if (line.startsWith("[")) {
      if (!line.endsWith("]")) {
        throw error(number, "a section header is [user name]");
      }
      String name = line.substring(1, line.length() - 1).strip();
      if (!User.isValidName(name)) {
        throw error(
            number,
            "not a valid user name (1 to 128 letters, digits and . _ - @ +, starting with a letter"
                + " or digit): %s",
            name);
      }
      Section before = sections.get(name);
      if (before != null) {
        throw error(number, "user %s is defined already, on line %d", name, before.line);
      }
      current = new Section(name, number);
      sections.put(name, current);
      return;
    }
    int equals = line.indexOf('=');
    if (equals < 0) {
      throw error(number, "expected [user name] or key = value");
    }
    String key = line.substring(0, equals).strip().toLowerCase(Locale.ROOT);
    String value = line.substring(equals + 1).strip();
    if (!KEYS.contains(key)) {
      throw error(
          number,
          "unknown key '%s' (known: pin, ha1-realm, ha1-md5, ha1-sha-256, acts-for, sip-identity,"
              + " sip-user, sip-password, sip-ha1)",
          key);
    }
    if (current == null) {
      throw error(number, "%s before the first [user name] section", key);
    }
    if (value.isEmpty()) {
      throw error(number, "%s has no value", key);
    }
    if (key.equals("acts-for")) {
      for (String part : value.split(",", -1)) {
        String user = part.strip();
        if (user.equals("*")) {
          current.anyone = true;
        } else if (User.isValidName(user)) {
          current.actsFor.putIfAbsent(user, number);
        } else {
          throw error(number, "acts-for: not a user name or *: '%s'", user);
        }
      }
      return;
    }
    Integer before = current.lines.putIfAbsent(key, number);
    if (before != null) {
      throw error(number, "%s is given already, on line %d", key, before);
    }
    current.values.put(key, value);
  }

  private InMemoryUserDirectory build() {
    InMemoryUserDirectory.Builder directory = InMemoryUserDirectory.builder();
    Map<SipUri, String> identities = new HashMap<>();
    for (Section section : sections.values()) {
      for (Map.Entry<String, Integer> agent : section.actsFor.entrySet()) {
        if (!sections.containsKey(agent.getKey())) {
          throw error(
              agent.getValue(),
              "acts-for: %s is not a user of this file (a [%s] section without pin may be added)",
              agent.getKey(),
              agent.getKey());
        }
      }
      User user = section.user();
      if (user.sipIdentity().isPresent()) {
        SipUri aor = user.sipIdentity().get().addressOfRecord();
        String other = identities.putIfAbsent(aor, user.name());
        if (other != null) {
          throw error(
              section.lines.get("sip-identity"),
              "sip-identity %s is user %s's already",
              aor,
              other);
        }
      }
      directory.add(user);
    }
    return directory.build();
  }

  private UserFileException error(int line, String format, Object... args) {
    return new UserFileException(source, line, String.format(Locale.ROOT, format, args));
  }

  /** The keys of one [user] section, with the lines they are on. */
  private final class Section {
    final String name;
    final int line;
    final Map<String, String> values = new HashMap<>();
    final Map<String, Integer> lines = new HashMap<>();
    final Map<String, Integer> actsFor = new LinkedHashMap<>();
    boolean anyone;

    Section(String name, int line) {
      this.name = name;
      this.line = line;
    }

    User user() {
      User.Builder user = User.builder(name);
      String pin = values.get("pin");
      String realm = values.get("ha1-realm");
      boolean hasHa1 = values.containsKey("ha1-md5") || values.containsKey("ha1-sha-256");
      if (pin != null && (hasHa1 || realm != null)) {
        throw error(
            Math.max(lines.get("pin"), lineOf("ha1-realm", "ha1-md5", "ha1-sha-256")),
            "user %s: pin and ha1-* exclude each other",
            name);
      }
      if (hasHa1 && realm == null) {
        throw error(lineOf("ha1-md5", "ha1-sha-256"), "user %s: ha1-* needs ha1-realm", name);
      }
      if (realm != null && !hasHa1) {
        throw error(
            lines.get("ha1-realm"), "user %s: ha1-realm without ha1-md5 or ha1-sha-256", name);
      }
      if (pin != null) {
        set("pin", () -> user.pin(pin));
      }
      ha1(user, realm, "ha1-md5", DigestAlgorithm.MD5);
      ha1(user, realm, "ha1-sha-256", DigestAlgorithm.SHA_256);
      user.actsFor(actsFor.keySet());
      if (anyone) {
        user.actsForAnyone();
      }
      String identity = values.get("sip-identity");
      if (identity != null) {
        set("sip-identity", () -> user.sipIdentity(SipUri.parse(identity)));
      }
      String password = values.get("sip-password");
      String sipHa1 = values.get("sip-ha1");
      if (password != null && sipHa1 != null) {
        throw error(
            lineOf("sip-password", "sip-ha1"),
            "user %s: sip-password and sip-ha1 exclude each other",
            name);
      }
      String sipUser = values.getOrDefault("sip-user", name);
      if (password != null) {
        user.sipCredentials(SipCredentials.password(sipUser, password));
      } else if (sipHa1 != null) {
        if (!DigestAlgorithm.MD5.isHash(sipHa1) && !DigestAlgorithm.SHA_256.isHash(sipHa1)) {
          throw error(
              lines.get("sip-ha1"), "sip-ha1 is an MD5 (32) or SHA-256 (64) hex digest", name);
        }
        user.sipCredentials(new SipCredentials(sipUser, DigestAlgorithm.normalise(sipHa1), true));
      } else if (values.containsKey("sip-user")) {
        throw error(
            lines.get("sip-user"), "user %s: sip-user without sip-password or sip-ha1", name);
      }
      return user.build();
    }

    private void ha1(User.Builder user, String realm, String key, DigestAlgorithm algorithm) {
      String hex = values.get(key);
      if (hex != null) {
        set(key, () -> user.ha1(realm, algorithm, hex));
      }
    }

    /** Runs a builder step; an error it finds is one of {@code key}'s line. */
    private void set(String key, Runnable step) {
      try {
        step.run();
      } catch (IllegalArgumentException | SepException e) {
        throw error(lines.get(key), "%s: %s", key, e.getMessage());
      }
    }

    private int lineOf(String... keys) {
      int line = 0;
      for (String key : keys) {
        line = Math.max(line, lines.getOrDefault(key, 0));
      }
      return line;
    }
  }
}
