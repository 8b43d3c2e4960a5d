package org.sepapi.model;

import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.xml.namespace.QName;
import org.opentest4j.AssertionFailedError;
import org.quicktheories.core.Gen;

/** Generators and checks shared by the property tests of every document type. */
public final class ModelTheories {
  private static final String SPECIALS = "<>&\"'; =:@/\\\t";
  private static final String ALPHANUMERIC =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  /** Snippets that break documents in the ways hostile or buggy peers do. */
  private static final List<String> BREAKERS =
      List.of(
          "<",
          ">",
          "&",
          "&amp;",
          "&lt",
          "&#0;",
          "&#x1;",
          "&xxe;",
          "]]>",
          "<![CDATA[",
          "<!--",
          "<?pi?>",
          "<!DOCTYPE r [<!ENTITY e 'x'>]>",
          "<!DOCTYPE r SYSTEM 'file:///etc/passwd'>",
          "<x>",
          "</x>",
          "</",
          "/>",
          "\u0000",
          "\uFFFF",
          "\"",
          "'",
          " xmlns=''",
          " xmlns:p='urn:x'",
          " p:a='1'",
          " version='-1'",
          " state='bogus'",
          "99999999999999999999999",
          "\u00e9",
          "\ud83d\ude00");

  private ModelTheories() {}

  /** Text XML can carry: letters, markup characters, accents, CJK and a supplementary char. */
  public static Gen<String> xmlText(int minLength, int maxLength) {
    Gen<Integer> length = integers().between(minLength, maxLength);
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
        } else if (k < 7) {
          s.append(SPECIALS.charAt(x % SPECIALS.length()));
        } else if (k == 7) {
          s.append((char) (0x00C0 + x % 0x0100));
        } else if (k == 8) {
          s.append((char) (0x4E00 + x % 0x5000));
        } else {
          s.appendCodePoint(0x1F600 + x % 0x40);
        }
      }
      return s.toString();
    };
  }

  /** A token of letters, digits, dots and dashes: ids, tags, names. */
  public static Gen<String> token(int minLength, int maxLength) {
    String chars = ALPHANUMERIC + ".-_";
    Gen<Integer> length = integers().between(minLength, maxLength);
    Gen<Integer> index = integers().between(0, chars.length() - 1);
    return in -> {
      int n = length.generate(in);
      StringBuilder s = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        s.append(chars.charAt(index.generate(in)));
      }
      return s.toString();
    };
  }

  /** A SIP URI such as {@code sip:alice@example.com}. */
  public static Gen<String> sipUri() {
    Gen<String> user = token(1, 10);
    Gen<String> host = token(1, 12);
    return in -> "sip:" + user.generate(in) + "@" + host.generate(in) + ".example.com";
  }

  /** A nullable value: null about a third of the time. */
  public static <T> Gen<T> nullable(Gen<T> gen) {
    Gen<Integer> coin = integers().between(0, 2);
    return in -> coin.generate(in) == 0 ? null : gen.generate(in);
  }

  /** A list of 0 to {@code max} values. */
  public static <T> Gen<List<T>> listOf(Gen<T> gen, int max) {
    Gen<Integer> size = integers().between(0, max);
    return in -> {
      int n = size.generate(in);
      List<T> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(gen.generate(in));
      }
      return list;
    };
  }

  /** An extension element in a foreign namespace, with attributes, text and nested children. */
  public static Gen<AnyElement> anyElement() {
    return anyElement(2);
  }

  private static Gen<AnyElement> anyElement(int depth) {
    Gen<String> local = token(1, 8).map(s -> "e" + s);
    Gen<Integer> namespace = integers().between(0, 2);
    Gen<Integer> count = integers().between(0, 2);
    Gen<String> text = xmlText(1, 12).map(s -> s.isBlank() ? s + "t" : s);
    return in -> {
      String ns = "urn:example:ext" + namespace.generate(in);
      Map<QName, String> attributes = new LinkedHashMap<>();
      for (int i = count.generate(in); i > 0; i--) {
        attributes.put(new QName("a" + local.generate(in)), xmlText(0, 8).generate(in));
      }
      if (count.generate(in) == 1) {
        attributes.put(new QName("urn:example:attr", "x"), token(0, 5).generate(in));
      }
      List<AnyNode> children = new ArrayList<>();
      if (depth > 0 && count.generate(in) > 0) {
        for (int i = count.generate(in); i > 0; i--) {
          children.add(anyElement(depth - 1).generate(in));
        }
      } else if (count.generate(in) > 0) {
        children.add(new AnyText(text.generate(in)));
      }
      return new AnyElement(new QName(ns, local.generate(in)), attributes, children);
    };
  }

  /**
   * Documents made from the seeds by 1 to 4 random edits: bytes flipped, cut, repeated, or snippets
   * that break XML in the ways hostile peers do inserted anywhere.
   */
  public static Gen<byte[]> mutations(List<byte[]> seeds) {
    return mutations(seeds, List.of());
  }

  /**
   * As {@link #mutations(List)}, with {@code breakers} inserted too: snippets that break a format
   * other than XML (SIP text, message-summary lines) or a particular document's values.
   */
  public static Gen<byte[]> mutations(List<byte[]> seeds, List<String> breakers) {
    List<String> snippets = new ArrayList<>(BREAKERS);
    snippets.addAll(breakers);
    Gen<Integer> seed = integers().between(0, seeds.size() - 1);
    Gen<Integer> edits = integers().between(1, 4);
    Gen<Integer> kind = integers().between(0, 5);
    Gen<Integer> any = integers().between(0, Integer.MAX_VALUE - 1);
    return in -> {
      byte[] doc = seeds.get(seed.generate(in));
      for (int e = edits.generate(in); e > 0; e--) {
        int length = Math.max(1, doc.length);
        int at = any.generate(in) % length;
        int span = 1 + any.generate(in) % Math.min(length, 40);
        int end = Math.min(doc.length, at + span);
        doc =
            switch (kind.generate(in)) {
              case 0 -> { // flip a byte
                byte[] copy = doc.clone();
                if (copy.length > 0) {
                  copy[at] = (byte) any.generate(in).intValue();
                }
                yield copy;
              }
              case 1 -> concat(slice(doc, 0, at), slice(doc, end, doc.length)); // cut
              case 2 -> concat(slice(doc, 0, end), slice(doc, at, doc.length)); // repeat
              case 3 -> slice(doc, 0, at); // truncate
              default -> { // insert a breaker
                String breaker = snippets.get(any.generate(in) % snippets.size());
                yield concat(
                    concat(slice(doc, 0, at), breaker.getBytes(StandardCharsets.UTF_8)),
                    slice(doc, at, doc.length));
              }
            };
      }
      return doc;
    };
  }

  /** Any bytes at all, up to a length. */
  public static Gen<byte[]> randomBytes(int maxLength) {
    Gen<Integer> length = integers().between(0, maxLength);
    Gen<Integer> value = integers().between(0, 255);
    return in -> {
      byte[] bytes = new byte[length.generate(in)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) value.generate(in).intValue();
      }
      return bytes;
    };
  }

  /**
   * Decodes the input and checks that the only failure is a {@link ModelException}: anything else
   * (a JAXB, StAX, runtime exception or error) fails the test with the input shown.
   *
   * @return true when the input was read, false when it was refused
   */
  public static boolean decodesOrRefuses(Function<byte[], ?> decode, byte[] input) {
    try {
      decode.apply(input);
      return true;
    } catch (ModelException expected) {
      if (expected.getMessage() == null || expected.getMessage().isBlank()) {
        throw new AssertionFailedError("a refusal without a message for: " + show(input));
      }
      return false;
    } catch (RuntimeException | Error e) {
      AssertionFailedError failure =
          new AssertionFailedError(
              "threw " + e.getClass().getName() + " instead of ModelException for: " + show(input));
      failure.initCause(e);
      throw failure;
    }
  }

  private static String show(byte[] input) {
    return new String(input, StandardCharsets.UTF_8) + " " + Arrays.toString(input);
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    return Arrays.copyOfRange(bytes, Math.min(from, bytes.length), Math.min(to, bytes.length));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
