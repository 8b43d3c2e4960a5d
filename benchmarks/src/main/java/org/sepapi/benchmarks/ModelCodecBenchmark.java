package org.sepapi.benchmarks;

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
import org.sepapi.model.XmlCodec;
import org.sepapi.model.dialoginfo.DialogInfo;
import org.sepapi.model.reginfo.Reginfo;

/**
 * Decoding and encoding the documents a subscriber handles most, each beside a bare StAX pass over
 * the same bytes: once with a new parser per document (what naive code does), once reusing the
 * parser (the true floor, and what the codecs do). One thread: the figures are per core. Target: a
 * reginfo decode at 100k documents/s or more, within 3x of the StAX pass.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class ModelCodecBenchmark {
  private final XmlCodec<Reginfo> reginfoCodec = XmlCodec.of(Reginfo.class);
  private final XmlCodec<DialogInfo> dialogCodec = XmlCodec.of(DialogInfo.class);
  private byte[] reginfoBytes;
  private Reginfo reginfo;
  private byte[] dialogBytes;
  private DialogInfo dialogInfo;

  @Setup
  public void setUp() {
    reginfoBytes = Documents.load("reginfo.xml");
    reginfo = reginfoCodec.decode(reginfoBytes);
    dialogBytes = Documents.load("dialog-info.xml");
    dialogInfo = dialogCodec.decode(dialogBytes);
  }

  @Benchmark
  public Reginfo reginfoDecode() {
    return reginfoCodec.decode(reginfoBytes);
  }

  @Benchmark
  public byte[] reginfoEncode() {
    return reginfoCodec.encode(reginfo);
  }

  @Benchmark
  public int reginfoStaxPass() throws XMLStreamException {
    return Documents.staxPass(reginfoBytes);
  }

  @Benchmark
  public int reginfoStaxPassReusingTheParser() throws XMLStreamException {
    return Documents.staxPassReusingTheParser(reginfoBytes);
  }

  @Benchmark
  public DialogInfo dialogInfoDecode() {
    return dialogCodec.decode(dialogBytes);
  }

  @Benchmark
  public byte[] dialogInfoEncode() {
    return dialogCodec.encode(dialogInfo);
  }

  @Benchmark
  public int dialogInfoStaxPass() throws XMLStreamException {
    return Documents.staxPass(dialogBytes);
  }

  @Benchmark
  public int dialogInfoStaxPassReusingTheParser() throws XMLStreamException {
    return Documents.staxPassReusingTheParser(dialogBytes);
  }
}
