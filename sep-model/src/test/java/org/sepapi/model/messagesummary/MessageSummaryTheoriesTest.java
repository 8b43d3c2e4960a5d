package org.sepapi.model.messagesummary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.sepapi.model.ModelTheories.decodesOrRefuses;
import static org.sepapi.model.ModelTheories.listOf;
import static org.sepapi.model.ModelTheories.mutations;
import static org.sepapi.model.ModelTheories.nullable;
import static org.sepapi.model.ModelTheories.randomBytes;
import static org.sepapi.model.ModelTheories.sipUri;
import static org.sepapi.model.ModelTheories.token;
import static org.sepapi.model.ModelTheories.xmlText;
import static org.sepapi.model.XmlAssert.resource;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class MessageSummaryTheoriesTest {
  static Gen<MessageContextClass> contextClasses() {
    Gen<Integer> pick = integers().between(0, MessageContextClass.known().size());
    Gen<String> unknown = token(1, 10).map(s -> "x-" + s);
    return in -> {
      int i = pick.generate(in);
      return i < MessageContextClass.known().size()
          ? MessageContextClass.known().get(i)
          : MessageContextClass.of(unknown.generate(in));
    };
  }

  static Gen<MessageCounts> counts() {
    Gen<Long> count = longs().between(0, MessageCounts.MAX_COUNT);
    Gen<Boolean> urgent = booleans().all();
    return in -> {
      MessageContextClass c = contextClasses().generate(in);
      return urgent.generate(in)
          ? MessageCounts.of(
              c, count.generate(in), count.generate(in), count.generate(in), count.generate(in))
          : MessageCounts.of(c, count.generate(in), count.generate(in));
    };
  }

  static Gen<MessageHeaders> messages() {
    Gen<String> name = token(1, 12);
    Gen<String> value = xmlText(0, 30);
    Gen<Integer> size = integers().between(1, 5);
    return in -> {
      int n = size.generate(in);
      MessageHeader[] headers = new MessageHeader[n];
      for (int i = 0; i < n; i++) {
        headers[i] = MessageHeader.of(name.generate(in), value.generate(in));
      }
      return MessageHeaders.of(headers);
    };
  }

  static Gen<MessageSummary> summaries() {
    return in -> {
      MessageSummary.Builder b =
          MessageSummary.builder()
              .messagesWaiting(booleans().all().generate(in))
              .messageAccount(nullable(sipUri()).generate(in));
      Map<MessageContextClass, MessageCounts> distinct = new LinkedHashMap<>();
      for (MessageCounts line : listOf(counts(), 7).generate(in)) {
        distinct.putIfAbsent(line.contextClass(), line);
      }
      distinct.values().forEach(b::addCounts);
      listOf(messages(), 3).generate(in).forEach(b::addMessageHeaders);
      return b.build();
    };
  }

  @Test
  void generatedSummariesRoundTrip() {
    qt().withExamples(400)
        .forAll(summaries())
        .checkAssert(
            summary -> {
              MessageSummary read = MessageSummary.parse(summary.encode());
              assertEquals(summary, read);
              assertEquals(summary.format(), read.format());
            });
  }

  @Test
  void generatedSummariesReadTheSameWithLfAndOtherCase() {
    qt().withExamples(200)
        .forAll(summaries())
        .checkAssert(
            summary -> {
              String[] lines = summary.format().split("\r\n", -1);
              StringBuilder sloppy = new StringBuilder();
              boolean inSummary = true;
              for (String line : lines) {
                inSummary &= !line.isEmpty();
                int colon = line.indexOf(':');
                // Counts lines and the status line in another case, with spaces around the colon.
                sloppy
                    .append(
                        inSummary && colon > 0
                            ? line.substring(0, colon).toUpperCase(Locale.ROOT)
                                + " :  "
                                + line.substring(colon + 1).strip()
                            : line)
                    .append('\n');
              }
              // Classes compare case-insensitively, so the value is the same.
              assertEquals(summary, MessageSummary.parse(sloppy.toString()));
            });
  }

  @Test
  void mutatedSummariesAreReadOrRefusedWithAModelException() {
    List<byte[]> seeds =
        List.of(
            resource("/rfc3842/section-4.1-a3-body.txt"),
            resource("/rfc3842/section-4.1-a5-body.txt"),
            ("Messages-Waiting: no\r\nFax-Message: 0/1\r\nx-Other: 3/4 (1/1)\r\n\r\n"
                    + "From: <sip:bob@example.com>\r\nSubject: hi\r\n \tthere\r\n")
                .getBytes(StandardCharsets.UTF_8));
    qt().withExamples(2000)
        .forAll(mutations(seeds))
        .check(bytes -> decodesOrRefuses(MessageSummary::parse, bytes) || true);
  }

  @Test
  void randomBytesAreRefusedWithAModelException() {
    qt().withExamples(500)
        .forAll(randomBytes(200))
        .check(bytes -> !decodesOrRefuses(MessageSummary::parse, bytes));
  }
}
