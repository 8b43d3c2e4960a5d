package org.sepapi.core.sip;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import org.opentest4j.AssertionFailedError;
import org.quicktheories.core.Gen;

/** Generators of SIP values and text, and the check that a parser refuses only the right way. */
public final class SipGen {
  public static final String ALPHANUMERIC =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  public static final String TOKEN_CHARS = ALPHANUMERIC + "-.!%*_+`'~";
  static final String USER_CHARS = ALPHANUMERIC + "-_.!~*'()%&=+$,;?/:#";
  static final String PARAM_CHARS = ALPHANUMERIC + "-_.!~*'()%[]/:&+$`";
  static final String HEADER_CHARS = ALPHANUMERIC + "-_.!~*'()%[]/?:+$";
  private static final String HEX = "0123456789abcdefABCDEF";

  /** Snippets that break SIP text in the ways hostile or buggy peers do. */
  private static final List<String> BREAKERS =
      List.of(
          "\"",
          "\\",
          "\\\"",
          "<",
          ">",
          ";",
          ",",
          "=",
          ":",
          "@",
          "[",
          "]",
          "?",
          "%",
          "/",
          " ",
          "\t",
          "\r\n",
          "\n",
          "\r",
          "\u0000",
          "\u007f",
          "\uffff",
          "\ud83d\ude00",
          "\ud83d",
          "\u0130",
          "\u212a",
          "\u0663",
          "\u00a0",
          "\u2028",
          ";;",
          ";=",
          "=\"",
          ",,",
          "<>",
          "[]",
          "[::",
          "sip:",
          "sips:",
          "SIP/2.0/",
          "99999999999",
          "65536",
          "-1",
          "0x10",
          "Digest ",
          "tag=",
          "id=",
          "expires=",
          "qop=\"auth,auth-int\"");

  private SipGen() {}

  /** Strings of {@code min} to {@code max} characters of {@code alphabet}. */
  public static Gen<String> chars(String alphabet, int min, int max) {
    Gen<Integer> length = integers().between(min, max);
    Gen<Integer> index = integers().between(0, alphabet.length() - 1);
    return in -> {
      int n = length.generate(in);
      StringBuilder s = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        s.append(alphabet.charAt(index.generate(in)));
      }
      return s.toString();
    };
  }

  public static Gen<String> token(int min, int max) {
    return chars(TOKEN_CHARS, min, max);
  }

  /**
   * Any text a header can carry in a quoted string: letters, SIP delimiters, quotes, backslashes,
   * tabs and other control characters, accents, CJK and a supplementary character; never a line
   * break.
   */
  public static Gen<String> text(int min, int max) {
    String specials = "\"\\<>;,=:@[]?%/ \t\u0000\u0007\u007f'`~";
    Gen<Integer> length = integers().between(min, max);
    Gen<Integer> kind = integers().between(0, 9);
    Gen<Integer> index = integers().between(0, 1 << 16);
    return in -> {
      int n = length.generate(in);
      StringBuilder s = new StringBuilder(n * 2);
      for (int i = 0; i < n; i++) {
        int k = kind.generate(in);
        int x = index.generate(in);
        if (k < 5) {
          s.append(ALPHANUMERIC.charAt(x % ALPHANUMERIC.length()));
        } else if (k < 8) {
          s.append(specials.charAt(x % specials.length()));
        } else if (k == 8) {
          s.append((char) (0x00C0 + x % 0x5000));
        } else {
          s.appendCodePoint(0x1F600 + x % 0x40);
        }
      }
      return s.toString();
    };
  }

  /** A value or empty, about a third of the time empty. */
  public static <T> Gen<Optional<T>> optional(Gen<T> gen) {
    Gen<Integer> coin = integers().between(0, 2);
    return in -> coin.generate(in) == 0 ? Optional.empty() : Optional.of(gen.generate(in));
  }

  /** Mixed-case spellings of {@code word}. */
  public static Gen<String> anyCase(String word) {
    Gen<Integer> bits = integers().between(0, (1 << Math.min(word.length(), 30)) - 1);
    return in -> {
      int b = bits.generate(in);
      StringBuilder s = new StringBuilder(word.length());
      for (int i = 0; i < word.length(); i++) {
        char c = word.charAt(i);
        s.append(((b >> (i % 30)) & 1) == 1 ? Character.toUpperCase(c) : c);
      }
      return s.toString();
    };
  }

  /** Host names, IPv4 addresses and IPv6 references, in mixed case. */
  public static Gen<String> host() {
    Gen<Integer> kind = integers().between(0, 2);
    Gen<String> label = chars(ALPHANUMERIC + "-", 1, 10);
    Gen<Integer> labels = integers().between(1, 4);
    Gen<Integer> octet = integers().between(0, 255);
    Gen<String> group = chars(HEX, 1, 4);
    Gen<Integer> groups = integers().between(1, 7);
    Gen<Integer> coin = integers().between(0, 1);
    return in ->
        switch (kind.generate(in)) {
          case 0 -> {
            StringBuilder s = new StringBuilder(label.generate(in));
            for (int i = labels.generate(in); i > 1; i--) {
              s.append('.').append(label.generate(in));
            }
            yield s.toString();
          }
          case 1 ->
              octet.generate(in)
                  + "."
                  + octet.generate(in)
                  + "."
                  + octet.generate(in)
                  + "."
                  + octet.generate(in);
          default -> {
            StringBuilder s = new StringBuilder("[").append(group.generate(in));
            boolean gap = coin.generate(in) == 1;
            for (int i = groups.generate(in); i > 0; i--) {
              s.append(':');
              if (gap && i == 1) {
                s.append(':');
              }
              s.append(group.generate(in));
            }
            yield s.append(']').toString();
          }
        };
  }

  /** SIP URI text as peers write it: any case in scheme, host and parameter names. */
  public static Gen<String> uriText() {
    Gen<String> scheme = integers().between(0, 1).flatMap(i -> anyCase(i == 0 ? "sip" : "sips"));
    Gen<Optional<String>> user = optional(chars(USER_CHARS, 1, 12));
    Gen<Optional<Integer>> port = optional(integers().between(0, 65535));
    Gen<Integer> count = integers().between(0, 3);
    Gen<String> pname = chars(PARAM_CHARS, 1, 8);
    Gen<Optional<String>> pvalue = optional(chars(PARAM_CHARS, 1, 8));
    Gen<Optional<String>> header = optional(chars(HEADER_CHARS, 1, 8));
    return in -> {
      StringBuilder s = new StringBuilder(scheme.generate(in)).append(':');
      user.generate(in).ifPresent(u -> s.append(u).append('@'));
      s.append(host().generate(in));
      port.generate(in).ifPresent(p -> s.append(':').append(p));
      for (int i = count.generate(in); i > 0; i--) {
        s.append(';').append(pname.generate(in));
        pvalue.generate(in).ifPresent(v -> s.append('=').append(v));
      }
      Optional<String> h = header.generate(in);
      if (h.isPresent()) {
        s.append('?').append(h.get()).append('=').append(chars(HEADER_CHARS, 0, 6).generate(in));
        if (count.generate(in) > 1) {
          s.append('&').append(chars(HEADER_CHARS, 1, 5).generate(in)).append('=');
        }
      }
      return s.toString();
    };
  }

  public static Gen<SipUri> uri() {
    return uriText().map(SipUri::parse);
  }

  /** Header parameters with token names in any case and any values. */
  public static Gen<Map<String, String>> headerParameters(int max) {
    Gen<Integer> count = integers().between(0, max);
    Gen<String> name = token(1, 8);
    Gen<String> value = text(0, 10);
    return in -> {
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = count.generate(in); i > 0; i--) {
        params.put(name.generate(in), value.generate(in));
      }
      return params;
    };
  }

  public static Gen<NameAddr> nameAddr() {
    Gen<Optional<String>> displayName = optional(text(0, 12));
    return in -> {
      NameAddr value = NameAddr.of(displayName.generate(in).orElse(null), uri().generate(in));
      for (Map.Entry<String, String> p : headerParameters(3).generate(in).entrySet()) {
        value = value.withParameter(p.getKey(), p.getValue());
      }
      return value;
    };
  }

  public static Gen<Via> via() {
    Gen<String> transport = token(1, 6);
    Gen<Optional<Integer>> port = optional(integers().between(0, 65535));
    return in ->
        new Via(
            transport.generate(in),
            host().generate(in),
            port.generate(in).map(OptionalInt::of).orElse(OptionalInt.empty()),
            headerParameters(4).generate(in));
  }

  public static Gen<CSeq> cseq() {
    return longs().between(0, 0xFFFF_FFFFL).zip(token(1, 12), CSeq::new);
  }

  public static Gen<EventHeader> event() {
    Gen<Optional<String>> id = optional(text(0, 8));
    return in -> {
      Map<String, String> params = headerParameters(3).generate(in);
      params.keySet().removeIf(k -> k.equalsIgnoreCase("id"));
      return new EventHeader(token(1, 15).generate(in), id.generate(in), params);
    };
  }

  public static Gen<SubscriptionState> subscriptionState() {
    Gen<String> state =
        integers()
            .between(0, 3)
            .flatMap(
                i ->
                    i < 3
                        ? anyCase(List.of("active", "pending", "terminated").get(i))
                        : token(1, 10));
    Gen<Optional<String>> reason = optional(token(1, 12));
    Gen<Optional<Long>> seconds = optional(longs().between(0, 9_999_999_999L));
    return in -> {
      Map<String, String> params = headerParameters(2).generate(in);
      params
          .keySet()
          .removeIf(
              k ->
                  k.equalsIgnoreCase("reason")
                      || k.equalsIgnoreCase("expires")
                      || k.equalsIgnoreCase("retry-after"));
      return new SubscriptionState(
          state.generate(in),
          reason.generate(in),
          seconds.generate(in).map(OptionalLong::of).orElse(OptionalLong.empty()),
          seconds.generate(in).map(OptionalLong::of).orElse(OptionalLong.empty()),
          params);
    };
  }

  public static Gen<Challenge> challenge() {
    Gen<Integer> count = integers().between(0, 6);
    Gen<Integer> known = integers().between(0, 12);
    List<String> names =
        List.of("realm", "nonce", "opaque", "qop", "algorithm", "stale", "domain", "userhash");
    Gen<Boolean> proxy = integers().between(0, 1).map(i -> i == 1);
    return in -> {
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = count.generate(in); i > 0; i--) {
        int k = known.generate(in);
        String name = k < names.size() ? names.get(k) : token(1, 8).generate(in);
        params.put(name, text(0, 12).generate(in));
      }
      String scheme =
          integers().between(0, 3).generate(in) > 0 ? "Digest" : token(1, 8).generate(in);
      return new Challenge(scheme, params, proxy.generate(in));
    };
  }

  /** Any string at all: every char value, biased towards SIP delimiters. */
  public static Gen<String> anyString(int max) {
    Gen<Integer> length = integers().between(0, max);
    Gen<Integer> kind = integers().between(0, 3);
    Gen<Integer> any = integers().between(0, 0xFFFF);
    Gen<Integer> breaker = integers().between(0, BREAKERS.size() - 1);
    return in -> {
      int n = length.generate(in);
      StringBuilder s = new StringBuilder(n);
      while (s.length() < n) {
        switch (kind.generate(in)) {
          case 0 -> s.append((char) any.generate(in).intValue());
          case 1 -> s.append(BREAKERS.get(breaker.generate(in)));
          default -> s.append(TOKEN_CHARS.charAt(any.generate(in) % TOKEN_CHARS.length()));
        }
      }
      return s.toString();
    };
  }

  /**
   * Strings made from the seeds by 1 to 4 random edits: characters replaced, cut, repeated, the
   * string truncated, or snippets that break SIP text inserted anywhere.
   */
  public static Gen<String> mutations(List<String> seeds) {
    Gen<Integer> seed = integers().between(0, seeds.size() - 1);
    Gen<Integer> edits = integers().between(1, 4);
    Gen<Integer> kind = integers().between(0, 5);
    Gen<Integer> any = integers().between(0, Integer.MAX_VALUE - 1);
    return in -> {
      String s = seeds.get(seed.generate(in));
      for (int e = edits.generate(in); e > 0; e--) {
        int length = Math.max(1, s.length());
        int at = Math.min(s.length(), any.generate(in) % length);
        int end = Math.min(s.length(), at + 1 + any.generate(in) % Math.min(length, 20));
        s =
            switch (kind.generate(in)) {
              case 0 ->
                  s.isEmpty()
                      ? s
                      : s.substring(0, at)
                          + (char) (any.generate(in) % 0x10000)
                          + s.substring(Math.min(s.length(), at + 1));
              case 1 -> s.substring(0, at) + s.substring(end);
              case 2 -> s.substring(0, end) + s.substring(at);
              case 3 -> s.substring(0, at);
              default ->
                  s.substring(0, at)
                      + BREAKERS.get(any.generate(in) % BREAKERS.size())
                      + s.substring(at);
            };
      }
      return s;
    };
  }

  /**
   * Parses {@code input} and checks that the only failure is a {@link SipParseException} with a
   * message; anything else fails the test with the input shown.
   *
   * @return the value read, or null when it was refused
   */
  public static <T> T parsesOrRefuses(Function<String, T> parse, String input) {
    try {
      return parse.apply(input);
    } catch (SipParseException expected) {
      if (expected.getMessage() == null || expected.getMessage().isBlank()) {
        throw new AssertionFailedError("a refusal without a message for: " + show(input));
      }
      return null;
    } catch (RuntimeException | Error e) {
      AssertionFailedError failure =
          new AssertionFailedError(
              "threw "
                  + e.getClass().getName()
                  + " instead of SipParseException for: "
                  + show(input));
      failure.initCause(e);
      throw failure;
    }
  }

  /** The input with its non-printable characters shown as escapes. */
  public static String show(String input) {
    StringBuilder s = new StringBuilder("\"");
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        s.append(String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.append('"').toString();
  }

  /** A list of 0 to {@code max} values. */
  public static <T> Gen<List<T>> listOf(Gen<T> gen, int min, int max) {
    Gen<Integer> size = integers().between(min, max);
    return in -> {
      int n = size.generate(in);
      List<T> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(gen.generate(in));
      }
      return list;
    };
  }
}
