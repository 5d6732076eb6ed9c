package org.chatlake.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The parse limit: one thread streams every token of every input file with Jackson's streaming
 * parser (the same Jackson and the same string-length limit as the job), gzip decompressed when a
 * file starts with the gzip magic. Parse only: {@code nextToken()} over all bytes; string values are
 * not materialised unless {@code --decode} (then every scalar's text/number is read too). The limit
 * for N cores is this single-thread time / N.
 *
 * <pre>
 * JacksonLimit --input bench/data/N/chats [--input ...] [--decode]
 * </pre>
 */
public final class JacksonLimit {
  private JacksonLimit() {}

  public static void main(String[] args) throws Exception {
    List<Path> files = Bench.files(Bench.opts(args, "--input"));
    boolean decode = Bench.flag(args, "--decode");
    String label = Bench.opt(args, "--label") == null ? "jackson" : Bench.opt(args, "--label");
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(200_000_000).build())
        .build();
    long bytes = Bench.bytes(files);
    long tokens = 0;
    long objects = 0;
    long sink = 0;
    long t0 = System.nanoTime();
    for (Path f : files) {
      try (InputStream in = open(f); JsonParser p = factory.createParser(in)) {
        JsonToken t;
        while ((t = p.nextToken()) != null) {
          tokens++;
          if (t == JsonToken.START_OBJECT) {
            objects++;
          } else if (decode) {
            switch (t) {
              case VALUE_STRING, FIELD_NAME -> sink += p.getText().length();
              case VALUE_NUMBER_INT -> sink += p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue()
                  : p.getNumberType() == JsonParser.NumberType.LONG ? p.getLongValue() : p.getBigIntegerValue().intValue();
              case VALUE_NUMBER_FLOAT -> sink += (long) p.getDoubleValue();
              default -> { }
            }
          }
        }
      }
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    Bench.report("contender", label, "work_ms", ms, "bytes", bytes, "files", files.size(), "tokens", tokens,
        "objects", objects, "decode", decode, "threads", 1, "mb_s", Bench.mbps(bytes, ms), "sink", sink);
  }

  /** The file's bytes as Jackson reads them (its own buffering); gzip decompressed when it starts with the magic. */
  private static InputStream open(Path f) throws java.io.IOException {
    boolean gzip;
    try (InputStream probe = Files.newInputStream(f)) {
      gzip = probe.read() == 0x1f && probe.read() == 0x8b;
    }
    InputStream in = Files.newInputStream(f);
    return gzip ? new GZIPInputStream(new BufferedInputStream(in, 1 << 16), 1 << 16) : in;
  }
}
