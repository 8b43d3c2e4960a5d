package org.sepapi.core;

import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import org.quicktheories.core.Gen;
import org.sepapi.model.ModelTheories;

/** Generators of broken input for the codec property tests. */
public final class Mutations {
  /** Snippets that break event bodies beyond sep-model's XML breakers. */
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

  /**
   * The seeds with 1 to 4 random edits (sep-model's mutations), the breakers of SIP event bodies
   * among the snippets inserted.
   */
  public static Gen<byte[]> of(List<byte[]> seeds) {
    return ModelTheories.mutations(seeds, BREAKERS);
  }

  /** Any bytes, up to a length. */
  public static Gen<byte[]> randomBytes(int maxLength) {
    return ModelTheories.randomBytes(maxLength);
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
}
