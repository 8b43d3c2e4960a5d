package org.sepapi.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLStreamException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.multipart.BodyPart;
import org.sepapi.model.multipart.MultipartRelated;
import org.sepapi.model.pidf.Presence;
import org.sepapi.model.rlmi.RlmiNotification;

/**
 * An RLS NOTIFY body (RFC 4662 section 5: an RLMI root and two PIDF parts in multipart/related):
 * split and read, written, and beside them a bare StAX pass over its XML parts. One thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class RlsNotifyBenchmark {
  static final String CONTENT_TYPE =
      "multipart/related;type=\"application/rlmi+xml\";"
          + "start=\"<nXYxAE@pres.vancouver.example.com>\";boundary=\"50UBfW7LSCVLtggUPe5z\"";

  private final XmlCodec<Presence> presenceCodec = XmlCodec.of(Presence.class);
  private byte[] body;
  private MultipartRelated multipart;
  private List<byte[]> xmlParts;

  @Setup
  public void setUp() {
    body = Documents.load("rls-notify.txt");
    multipart = MultipartRelated.parse(CONTENT_TYPE, body);
    xmlParts = new ArrayList<>();
    for (BodyPart part : multipart.parts()) {
      xmlParts.add(part.body());
    }
  }

  /** Split the body, read the RLMI root, match every instance to its part. */
  @Benchmark
  public RlmiNotification rlsDecode() {
    return RlmiNotification.parse(CONTENT_TYPE, body);
  }

  /** What a subscriber does with the body: all of the above, and every PIDF part read. */
  @Benchmark
  public void rlsDecodeWithParts(Blackhole sink) {
    RlmiNotification notification = RlmiNotification.parse(CONTENT_TYPE, body);
    for (RlmiNotification.Entry entry : notification.entries()) {
      if (entry.part().isPresent()) {
        sink.consume(presenceCodec.decode(entry.part().get().body()));
      }
    }
  }

  @Benchmark
  public byte[] rlsEncode() {
    return multipart.encode();
  }

  /** The floor: a bare StAX pass over each XML part (no splitting, nothing built). */
  @Benchmark
  public void rlsStaxPassReusingTheParser(Blackhole sink) throws XMLStreamException {
    for (byte[] part : xmlParts) {
      sink.consume(Documents.staxPassReusingTheParser(part));
    }
  }
}
