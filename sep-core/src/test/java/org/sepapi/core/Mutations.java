package org.sepapi.core;

import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.quicktheories.core.Gen;

/** Generators of broken input for the codec property tests. */
public final class Mutations {
  /** Snippets that break documents the way hostile or buggy peers do. */
  private static final List<String> BREAKERS =
      List.of(
          "<",
          ">",
          "&",
          "&#0;",
          "&xxe;",
          "]]>",
          "<![CDATA[",
          "<!--",
          "<!DOCTYPE r [<!ENTITY e 'x'>]>",
          "<x>",
          "</x>",
          "/>",
          "\"",
          "'",
          "\u0000",
          "\r\n",
          "\r\n\r\n",
          "--",
          ": ",
          " xmlns=''",
          " version='-1'",
          " version='4294967296'",
          " state='terminated'",
          " state='partial'",
          " fullState='false'",
          "99999999999999999999999",
          "Messages-Waiting: yes\r\n",
          "Voice-Message: 1/2 (3/4)\r\n",
          "\u00e9",
          "\ud83d\ude00");

  private Mutations() {}

  /** The seeds with 1 to 4 random edits: bytes flipped, cut, repeated, breakers inserted. */
  public static Gen<byte[]> of(List<byte[]> seeds) {
    Gen<Integer> seed = integers().between(0, seeds.size() - 1);
    Gen<Integer> edits = integers().between(1, 4);
    Gen<Integer> kind = integers().between(0, 4);
    Gen<Integer> any = integers().between(0, Integer.MAX_VALUE - 1);
    return in -> {
      byte[] doc = seeds.get(seed.generate(in));
      for (int e = edits.generate(in); e > 0; e--) {
        int length = Math.max(1, doc.length);
        int at = any.generate(in) % length;
        int end = Math.min(doc.length, at + 1 + any.generate(in) % Math.min(length, 40));
        doc =
            switch (kind.generate(in)) {
              case 0 -> {
                byte[] copy = doc.clone();
                if (copy.length > 0) {
                  copy[at] = (byte) any.generate(in).intValue();
                }
                yield copy;
              }
              case 1 -> concat(slice(doc, 0, at), slice(doc, end, doc.length));
              case 2 -> concat(slice(doc, 0, end), slice(doc, at, doc.length));
              case 3 -> slice(doc, 0, at);
              default -> {
                byte[] breaker =
                    BREAKERS
                        .get(any.generate(in) % BREAKERS.size())
                        .getBytes(StandardCharsets.UTF_8);
                yield concat(concat(slice(doc, 0, at), breaker), slice(doc, at, doc.length));
              }
            };
      }
      return doc;
    };
  }

  /** Any bytes, up to a length. */
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

  /** Content-Type values: the expected one with other case and parameters, others, garbage. */
  public static Gen<String> contentTypes(String expected) {
    List<String> types =
        List.of(
            expected,
            expected.toUpperCase(java.util.Locale.ROOT),
            expected + ";charset=UTF-8",
            " " + expected + " ; q=1",
            "",
            ";",
            "application/xml",
            "text/plain",
            "*/*",
            "multipart/related;boundary=x",
            "application/" + expected.substring(expected.indexOf('/') + 1) + "x",
            "\u0000\r\n",
            "application/pidf+xml",
            "application/reginfo+xml",
            "application/dialog-info+xml",
            "application/simple-message-summary");
    return integers().between(0, types.size() - 1).map(types::get);
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    return Arrays.copyOfRange(bytes, Math.min(from, bytes.length), Math.min(to, bytes.length));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
