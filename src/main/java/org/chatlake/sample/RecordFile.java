package org.chatlake.sample;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;

/**
 * One output file being written record by record with a streaming {@link JsonGenerator}: an API page, an array or
 * JSON Lines, gzip-compressed when the name ends with {@code .gz}. Nothing but the current record is in memory.
 */
final class RecordFile implements Closeable {
  private static final JsonFactory FACTORY = new JsonFactoryBuilder()
    .rootValueSeparator((SerializableString) null)
    .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8) // emoji as UTF-8, not as escaped surrogates
    .build();
  private static final int BUFFER = 1 << 16;

  private final Path path;
  private final String relPath;
  private final RecordKind kind;
  private final FileFormat format;
  private final Envelope envelope;
  private final CountingOutputStream counter;
  private final JsonGenerator gen;
  private final boolean trackOffsets;
  private final java.util.List<long[]> offsets = new java.util.ArrayList<>();
  private long recordStart;
  private long records;
  private boolean closed;

  /**
   * @param envelope required for {@link FileFormat#API_PAGE}, ignored otherwise
   * @param pretty   indent the file as a person saving it from a browser or jq would
   * @param trackOffsets remember where each record starts and ends (to cut the file in the middle of one)
   */
  RecordFile(Path root, String relPath, RecordKind kind, FileFormat format, Envelope envelope, boolean pretty,
         boolean trackOffsets) throws IOException {
    this.path = root.resolve(relPath);
    this.relPath = relPath;
    this.kind = kind;
    this.format = format;
    this.envelope = envelope;
    this.trackOffsets = trackOffsets;
    Files.createDirectories(path.getParent());
    OutputStream os = new BufferedOutputStream(Files.newOutputStream(path), BUFFER);
    if (relPath.endsWith(".gz")) {
      os = new GZIPOutputStream(os, BUFFER);
    }
    this.counter = new CountingOutputStream(os);
    this.gen = FACTORY.createGenerator(counter, JsonEncoding.UTF8);
    if (pretty) {
      DefaultIndenter indent = new DefaultIndenter("  ", "\n");
      gen.setPrettyPrinter(new DefaultPrettyPrinter()
        .withSeparators(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
        .withArrayIndenter(indent)
        .withObjectIndenter(indent));
    }
    switch (format) {
      case API_PAGE -> envelope.head(gen);
      case ARRAY -> gen.writeStartArray();
      default -> { }
    }
  }

  static RecordFile plain(Path root, String relPath, RecordKind kind, FileFormat format, Envelope envelope)
    throws IOException {
    return new RecordFile(root, relPath, kind, format, envelope, false, false);
  }

  JsonGenerator generator() {
    return gen;
  }

  long records() {
    return records;
  }

  /** Call before writing a record with {@link #generator()}. */
  void startRecord() throws IOException {
    if (trackOffsets) {
      gen.flush();
      recordStart = counter.count();
    }
  }

  /** Call after writing a record. */
  void endRecord() throws IOException {
    if (format == FileFormat.JSONL) {
      gen.writeRaw('\n');
    }
    records++;
    if (trackOffsets) {
      gen.flush();
      offsets.add(new long[] {recordStart, counter.count()});
    }
  }

  /** Byte offsets {start, end} of record {@code i} (uncompressed), when tracking offsets. */
  long[] offsets(int i) {
    return offsets.get(i);
  }

  /** Writes raw text (e.g. a line that is not JSON) at the current position. */
  void raw(String text) throws IOException {
    gen.writeRaw(text);
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    switch (format) {
      case API_PAGE -> envelope.tail(gen, records);
      case ARRAY -> gen.writeEndArray();
      default -> { }
    }
    if (format != FileFormat.JSONL && gen.getPrettyPrinter() != null) {
      gen.writeRaw('\n');
    }
    gen.close();
  }

  /** Closes the file and describes it; {@code goodRecords} overrides the count of records written. */
  GenerationReport.FileReport finish(long goodRecords, long brokenRecords, String note) throws IOException {
    close();
    return new GenerationReport.FileReport(relPath, kind, format, relPath.endsWith(".gz"), goodRecords,
      brokenRecords, Files.size(path), note);
  }

  GenerationReport.FileReport finish() throws IOException {
    close();
    return finish(records, 0, null);
  }

  /** Cuts a written, uncompressed file to {@code size} bytes. */
  static void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }
}
