package org.sepapi.model.resourcelists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.sepapi.model.ModelTheories.anyElement;
import static org.sepapi.model.ModelTheories.decodesOrRefuses;
import static org.sepapi.model.ModelTheories.listOf;
import static org.sepapi.model.ModelTheories.mutations;
import static org.sepapi.model.ModelTheories.nullable;
import static org.sepapi.model.ModelTheories.randomBytes;
import static org.sepapi.model.ModelTheories.sipUri;
import static org.sepapi.model.ModelTheories.token;
import static org.sepapi.model.ModelTheories.xmlText;
import static org.sepapi.model.XmlAssert.resource;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.sepapi.model.AnyElement;
import org.sepapi.model.LocalizedText;
import org.sepapi.model.XmlCodec;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ResourceListsTheoriesTest {
  private final XmlCodec<ResourceLists> codec = XmlCodec.of(ResourceLists.class);

  static Gen<LocalizedText> displayNames() {
    Gen<String> text = xmlText(0, 12);
    Gen<String> lang = nullable(token(2, 5));
    return nullable(in -> LocalizedText.of(text.generate(in), lang.generate(in)));
  }

  /** URIs from a small pool, in varying letter case, so that lists hold the same resource often. */
  static Gen<String> pooledUris() {
    Gen<Integer> pick = integers().between(0, 7);
    List<String> users = List.of("alice", "bob", "Alice", "carol");
    List<String> hosts = List.of("example.com", "EXAMPLE.com", "example.com:5060", "Example.Com");
    List<String> schemes = List.of("sip", "SIP", "sips", " sip");
    return in -> {
      if (pick.generate(in) == 0) {
        return sipUri().generate(in);
      }
      return schemes.get(pick.generate(in) % 4)
          + ":"
          + users.get(pick.generate(in) % 4)
          + "@"
          + hosts.get(pick.generate(in) % 4);
    };
  }

  /** Extension elements, and sometimes an attribute of another namespace. */
  static void decorate(
      Gen<Integer> coin,
      RandomnessSource in,
      Consumer<AnyElement> extensions,
      BiConsumer<QName, String> attributes) {
    listOf(anyElement(), 1).generate(in).forEach(extensions);
    if (coin.generate(in) == 0) {
      attributes.accept(new QName("urn:example:attr", "x"), xmlText(0, 6).generate(in));
    }
  }

  static Gen<ListItem> items(int depth) {
    Gen<Integer> kind = integers().between(0, depth > 0 ? 9 : 7);
    Gen<Integer> coin = integers().between(0, 3);
    Gen<String> ref = token(1, 20).map(t -> "resource-lists/users/sip:x@example.com/index/~~/" + t);
    return in -> {
      int k = kind.generate(in);
      if (k < 5) {
        Entry.Builder b = Entry.builder().uri(pooledUris().generate(in));
        b.displayName(displayNames().generate(in));
        decorate(coin, in, b::addExtension, b::otherAttribute);
        return b.build();
      } else if (k == 5) {
        EntryRef.Builder b = EntryRef.builder().ref(ref.generate(in));
        b.displayName(displayNames().generate(in));
        decorate(coin, in, b::addExtension, b::otherAttribute);
        return b.build();
      } else if (k < 8) {
        External.Builder b =
            External.builder()
                .anchor(
                    nullable(token(1, 12).map(t -> "http://xcap.example.com/" + t)).generate(in));
        b.displayName(displayNames().generate(in));
        decorate(coin, in, b::addExtension, b::otherAttribute);
        return b.build();
      }
      return lists(depth - 1).generate(in);
    };
  }

  static Gen<ResourceList> lists(int depth) {
    Gen<Integer> coin = integers().between(0, 3);
    return in -> {
      ResourceList.Builder b =
          ResourceList.builder()
              .name(nullable(xmlText(0, 10)).generate(in))
              .displayName(displayNames().generate(in));
      listOf(items(depth), 5).generate(in).forEach(b::addItem);
      decorate(coin, in, b::addExtension, b::otherAttribute);
      return b.build();
    };
  }

  static Gen<ResourceLists> documents() {
    Gen<Integer> coin = integers().between(0, 5);
    return in -> {
      ResourceLists.Builder b = ResourceLists.builder();
      listOf(lists(3), 3).generate(in).forEach(b::addList);
      if (coin.generate(in) == 0) {
        decorate(coin, in, b::addExtension, b::otherAttribute);
      }
      return b.build();
    };
  }

  @Test
  void generatedDocumentsRoundTrip() {
    qt().withExamples(300)
        .forAll(documents())
        .checkAssert(lists -> assertEquals(lists, codec.decode(codec.encode(lists))));
  }

  @Test
  void flatteningKeepsTheFirstOfEachResourceInDocumentOrder() {
    // The oracle walks the written document, not the model: every <entry> in document order.
    qt().withExamples(300)
        .forAll(documents())
        .checkAssert(
            lists -> {
              Map<String, String> firstByKey = new LinkedHashMap<>();
              for (String uri : entryUrisInDocumentOrder(codec.encode(lists))) {
                firstByKey.putIfAbsent(EntryUris.key(uri), uri.strip());
              }
              assertEquals(new ArrayList<>(firstByKey.values()), lists.entryUris());
            });
  }

  @Test
  void mutatedDocumentsAreReadOrRefusedWithAModelException() {
    List<byte[]> seeds =
        List.of(
            resource("/rfc4826/section-3.3-example.xml"),
            resource("/interop/resource-lists-client.xml"));
    qt().withExamples(2000)
        .forAll(mutations(seeds))
        .check(bytes -> decodesOrRefuses(codec::decode, bytes) || true);
  }

  @Test
  void randomBytesAreRefusedWithAModelException() {
    qt().withExamples(500)
        .forAll(randomBytes(200))
        .check(bytes -> !decodesOrRefuses(codec::decode, bytes));
  }

  private static List<String> entryUrisInDocumentOrder(byte[] document) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
      factory.setNamespaceAware(true);
      NodeList entries =
          factory
              .newDocumentBuilder()
              .parse(new ByteArrayInputStream(document))
              .getElementsByTagNameNS(ResourceLists.NAMESPACE, "entry");
      List<String> uris = new ArrayList<>();
      for (int i = 0; i < entries.getLength(); i++) {
        uris.add(((Element) entries.item(i)).getAttribute("uri"));
      }
      return uris;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
