package org.sepapi.model.resourcelists;

import static org.sepapi.model.internal.Checks.argument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How flattening decides that two entry URIs name the same resource. The rule is deliberately
 * small, a subset of the URI comparison of RFC 3261 section 19.1.4, so that two URIs it calls the
 * same are always the same resource:
 *
 * <ol>
 *   <li>whitespace around the URI is removed;
 *   <li>the scheme is compared without regard to case ({@code SIP:} is {@code sip:});
 *   <li>for {@code sip} and {@code sips} URIs, the host (after the first {@code @}, up to a port,
 *       parameter or header) is compared without regard to case;
 *   <li>everything else is compared exactly: the user part (case-sensitive in RFC 3261 too), the
 *       port, parameters and headers, and percent-escapes are not decoded.
 * </ol>
 *
 * <p>So {@code sip:alice@Example.COM} and {@code SIP:alice@example.com } are one resource, while
 * {@code sip:Alice@example.com}, {@code sip:alice@example.com:5060} and {@code
 * sip:alice@example.com;transport=tcp} are three others. RFC 3261 would call some URIs equal that
 * this rule keeps apart (reordered parameters, escaped characters, some absent default parameters);
 * such duplicates survive flattening and cost one redundant subscription, never a lost one.
 *
 * <p>Thread-safe (stateless).
 */
public final class EntryUris {
  private EntryUris() {}

  /** The form two URIs are compared in: equal keys mean the same resource. */
  public static String key(String uri) {
    String s = argument(uri, "uri").strip();
    int colon = s.indexOf(':');
    if (colon <= 0 || !isScheme(s, colon)) {
      return s;
    }
    String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = s.substring(colon + 1);
    if (scheme.equals("sip") || scheme.equals("sips")) {
      int hostStart = rest.indexOf('@') + 1;
      int hostEnd = hostEnd(rest, hostStart);
      rest =
          rest.substring(0, hostStart)
              + rest.substring(hostStart, hostEnd).toLowerCase(Locale.ROOT)
              + rest.substring(hostEnd);
    }
    return scheme + ":" + rest;
  }

  /** Whether two URIs name the same resource by this class's rule. */
  public static boolean same(String a, String b) {
    return key(a).equals(key(b));
  }

  /**
   * The entries of these items and of every list nested in them, depth first in document order,
   * each resource once: the first entry with a given {@link #key(String)} wins.
   */
  static List<Entry> flatten(List<? extends ListItem> items) {
    Map<String, Entry> seen = new LinkedHashMap<>();
    walk(items, seen, null);
    return List.copyOf(seen.values());
  }

  /** The entry-refs and externals of these items and of every nested list, in document order. */
  static List<Reference> references(List<? extends ListItem> items) {
    List<Reference> references = new ArrayList<>();
    walk(items, null, references);
    return List.copyOf(references);
  }

  /** The distinct entry URIs, without surrounding whitespace, in flattening order. */
  static List<String> uris(List<Entry> entries) {
    List<String> uris = new ArrayList<>(entries.size());
    for (Entry entry : entries) {
      uris.add(entry.uri().strip());
    }
    return List.copyOf(uris);
  }

  private static void walk(
      List<? extends ListItem> items, Map<String, Entry> entries, List<Reference> references) {
    for (ListItem item : items) {
      if (item instanceof Entry entry) {
        if (entries != null) {
          entries.putIfAbsent(key(entry.uri()), entry);
        }
      } else if (item instanceof ResourceList list) {
        walk(list.items(), entries, references);
      } else if (item instanceof Reference reference && references != null) {
        references.add(reference);
      }
    }
  }

  private static boolean isScheme(String s, int end) {
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      boolean other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
      if (!(letter || (i > 0 && other))) {
        return false;
      }
    }
    return true;
  }

  private static int hostEnd(String rest, int hostStart) {
    if (hostStart < rest.length() && rest.charAt(hostStart) == '[') {
      int close = rest.indexOf(']', hostStart);
      return close < 0 ? rest.length() : close + 1;
    }
    for (int i = hostStart; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == ':' || c == ';' || c == '?') {
        return i;
      }
    }
    return rest.length();
  }
}
