package org.chatlake.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Streams the rows of one {@link ReadUnit}: it detects the file's format (and gzip), parses record
 * by record with Jackson's streaming parser, and yields records, rejects and, last, one file row.
 * Nothing but the current record is held in memory.
 */
final class ExportFileReader implements Iterator<InternalRow>, Closeable {
  static final int RAW_LIMIT = 4096;
  private static final int BUFFER = 1 << 16;
  private static final int MAX_LINE_BYTES = 256 << 20;

  private final ReadUnit unit;
  private final RecordParser parser;
  private final Configuration conf;
  private final JsonFactory factory;
  private final int width;
  private final ArrayDeque<InternalRow> ready = new ArrayDeque<>();
  /** Rejects of array and page files, emitted at the end once their raw text is read back. */
  private final List<PendingReject> pendingRejects = new ArrayList<>();

  private ExportFormat format = ExportFormat.UNKNOWN;
  private InputStream stream;
  private LineReader lines;
  private long nextLineNumber;
  private JsonParser json;
  private long baseOffset;
  private int baseLine;
  private long records;
  private boolean opened;
  private boolean finished;

  ExportFileReader(ReadUnit unit, RecordParser parser, Configuration conf, JsonFactory factory) {
    this.unit = unit;
    this.parser = parser;
    this.conf = conf;
    this.factory = factory;
    this.width = parser == null ? 0 : parser.schema().size();
  }

  /** The format a whole-file read of this file would detect, from its first bytes. */
  static ExportFormat detectFormat(String path, Configuration conf) throws IOException {
    try (ExportFileReader reader = new ExportFileReader(ReadUnit.wholeFile(path, 0), null, conf,
        Jackson.factory())) {
      reader.opened = true;
      reader.open();
      return reader.format;
    }
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && !finished) {
      try {
        step();
      } catch (IOException e) {
        String what = opened ? "read error after " + records + " records: " : "cannot open: ";
        rejectRest(RejectReason.UNREADABLE, what + e, null, null, false);
      }
    }
    return !ready.isEmpty();
  }

  @Override
  public InternalRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  private void step() throws IOException {
    if (!opened) {
      opened = true;
      open();
    } else if (format == ExportFormat.JSON_LINES) {
      nextLine();
    } else {
      nextElement();
    }
  }

  // ---- opening and format detection ------------------------------------------------------

  private void open() throws IOException {
    if (unit.isSplit()) {
      format = ExportFormat.JSON_LINES;
      FSDataInputStream in = fs().open(new Path(unit.path()), BUFFER);
      stream = in;
      if (unit.start() > 0) {
        in.seek(unit.start());
      }
      lines = new LineReader(in, unit.start(), MAX_LINE_BYTES);
      if (unit.start() > 0) {
        lines.skipLine();
        nextLineNumber = -1;
      } else {
        nextLineNumber = 1;
      }
      return;
    }
    PushbackInputStream in = new PushbackInputStream(openDecompressed(), 1);
    stream = in;
    int first = skipLeadingSpace(in);
    boolean namedJsonLines = isNamedJsonLines(unit.path());
    if (first < 0) {
      format = ExportFormat.UNKNOWN;
      rejectRest(RejectReason.EMPTY_FILE, "file holds no JSON (empty or only white space)", 0L, 1L, false);
      return;
    }
    in.unread(first);
    if (first == '[' && !namedJsonLines) {
      format = ExportFormat.ARRAY;
      json = factory.createParser(in);
      json.nextToken();
    } else if (first == '{' && !namedJsonLines && probeApiPage(in)) {
      format = ExportFormat.API_PAGE;
    } else if (first == '{' || first == '[' || namedJsonLines) {
      closeQuietly();
      format = ExportFormat.JSON_LINES;
      stream = openDecompressed();
      lines = new LineReader(stream, 0, MAX_LINE_BYTES);
      nextLineNumber = 1;
    } else {
      format = ExportFormat.UNKNOWN;
      rejectRest(RejectReason.NOT_JSON, String.format(Locale.ROOT,
          "not a JSON export: first character is '%s', expected '{' or '['",
          printable(first)), baseOffset, (long) baseLine + 1, true);
    }
  }

  /**
   * Parses the root object until its {@code data} array: true leaves the parser on the array's
   * start (an API page); false means the first object is a record, i.e. JSON Lines.
   */
  private boolean probeApiPage(InputStream in) throws IOException {
    json = factory.createParser(in);
    try {
      json.nextToken();
      String field;
      while ((field = json.nextFieldName()) != null) {
        JsonToken value = json.nextToken();
        if (field.equals("data") && value == JsonToken.START_ARRAY) {
          return true;
        }
        json.skipChildren();
      }
      return false;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private InputStream openDecompressed() throws IOException {
    BufferedInputStream in = new BufferedInputStream(fs().open(new Path(unit.path()), BUFFER), BUFFER);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    if (b1 == 0x1f && b2 == 0x8b) {
      return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
    }
    return in;
  }

  /** Skips white space and a UTF-8 byte order mark; returns the first other byte or -1. */
  private int skipLeadingSpace(InputStream in) throws IOException {
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        baseLine++;
      } else if (!(b == ' ' || b == '\t' || b == '\r' || (baseOffset < 3 && (b == 0xEF || b == 0xBB || b == 0xBF)))) {
        return b;
      }
      baseOffset++;
    }
    return -1;
  }

  static boolean isNamedJsonLines(String path) {
    String name = path.toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    return name.endsWith(".jsonl") || name.endsWith(".ndjson");
  }

  // ---- JSON Lines -------------------------------------------------------------------------

  private void nextLine() throws IOException {
    if (!lines.next() || lines.lineStart() > unit.end()) {
      finish();
      return;
    }
    Long lineNumber = nextLineNumber > 0 ? nextLineNumber++ : null;
    if (isBlank(lines.bytes(), lines.length())) {
      return;
    }
    records++;
    long offset = lines.lineStart();
    if (lines.truncated()) {
      ready.add(lineReject(offset, lineNumber, RejectReason.INVALID_JSON,
          "line longer than " + MAX_LINE_BYTES + " bytes"));
      return;
    }
    try (JsonParser p = factory.createParser(lines.bytes(), 0, lines.length())) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        ready.add(lineReject(offset, lineNumber, RejectReason.NOT_AN_OBJECT,
            "line is a JSON " + t.name().toLowerCase(Locale.ROOT) + ", not an object"));
        return;
      }
      Object[] values = parser.parse(p);
      if (p.nextToken() != null) {
        ready.add(lineReject(offset, lineNumber, RejectReason.INVALID_JSON,
            "unexpected content after the object at column " + p.currentTokenLocation().getColumnNr()));
        return;
      }
      ready.add(IngestSchema.record(unit.path(), format, offset, lineNumber, values));
    } catch (JsonProcessingException e) {
      ready.add(lineReject(offset, lineNumber, RejectReason.INVALID_JSON, "not valid JSON: "
          + e.getOriginalMessage() + " (column " + e.getLocation().getColumnNr() + ")"));
    } catch (BadRecordException e) {
      ready.add(lineReject(offset, lineNumber, e.code(), e.getMessage()));
    }
  }

  private InternalRow lineReject(long offset, Long line, String code, String reason) {
    return IngestSchema.reject(width, unit.path(), format, offset, line, code, reason,
        cutUtf8(lines.bytes(), lines.length()));
  }

  private static boolean isBlank(byte[] b, int n) {
    for (int i = 0; i < n; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  // ---- arrays and API pages ---------------------------------------------------------------

  private void nextElement() throws IOException {
    long offset = currentOffset();
    long line = currentLine();
    JsonStreamContext container = json.getParsingContext();
    JsonToken t;
    try {
      t = json.nextToken();
    } catch (JsonProcessingException e) {
      rejectUnparseable(offset, line, e.getOriginalMessage());
      return;
    } catch (IOException e) {
      rejectUnparseable(offset, line, e.toString());
      return;
    }
    if (t == JsonToken.END_ARRAY) {
      finish();
      return;
    }
    if (t == null) {
      rejectUnparseable(offset, line, "file ends inside the " + (format == ExportFormat.API_PAGE
          ? "'data' array" : "array"));
      return;
    }
    records++;
    offset = json.currentTokenLocation().getByteOffset() + baseOffset;
    line = json.currentTokenLocation().getLineNr() + baseLine;
    try {
      if (t != JsonToken.START_OBJECT) {
        json.skipChildren();
        pendingRejects.add(new PendingReject(offset, currentOffset(), line,
            RejectReason.NOT_AN_OBJECT, "array element is not an object"));
        return;
      }
      Object[] values = parser.parse(json);
      ready.add(IngestSchema.record(unit.path(), format, offset, line, values));
    } catch (BadRecordException e) {
      try {
        while (json.getParsingContext() != container) {
          if (json.nextToken() == null) {
            throw new IOException("end of file inside a record");
          }
        }
      } catch (IOException skipFailure) {
        records--;
        rejectUnparseable(offset, line, skipFailure.getMessage());
        return;
      }
      pendingRejects.add(new PendingReject(offset, currentOffset(), line, e.code(), e.getMessage()));
    } catch (JsonProcessingException e) {
      records--;
      rejectUnparseable(offset, line, e.getOriginalMessage());
    } catch (IOException e) {
      records--;
      rejectUnparseable(offset, line, e.toString());
    }
  }

  private long currentOffset() {
    return json.currentLocation().getByteOffset() + baseOffset;
  }

  private long currentLine() {
    return json.currentLocation().getLineNr() + baseLine;
  }

  private void rejectUnparseable(long offset, long line, String cause) {
    rejectRest(RejectReason.TRUNCATED, String.format(Locale.ROOT,
        "cannot parse the rest of the file from byte %d (line %d) on: %s; %d records read before",
        offset, line, cause, records), offset, line, true);
  }

  // ---- ending -----------------------------------------------------------------------------

  /** One reject for everything from {@code offset} on, then the end of the file. */
  private void rejectRest(String code, String reason, Long offset, Long line, boolean withRaw) {
    records++;
    pendingRejects.add(new PendingReject(offset == null ? -1 : offset, Long.MAX_VALUE,
        line == null ? -1 : line, code, reason, withRaw));
    finish();
  }

  private void finish() {
    finished = true;
    closeQuietly();
    if (!pendingRejects.isEmpty()) {
      List<String> raws = readRawTexts();
      for (int i = 0; i < pendingRejects.size(); i++) {
        PendingReject r = pendingRejects.get(i);
        ready.add(IngestSchema.reject(width, unit.path(), format, r.offset < 0 ? null : r.offset,
            r.line < 0 ? null : r.line, r.code, r.reason, raws.get(i)));
      }
    }
    ready.add(IngestSchema.file(width, unit.path(), format, records));
  }

  /** Reads back the first 4 KiB of each pending reject in one pass over the (decompressed) file. */
  private List<String> readRawTexts() {
    List<String> raws = new ArrayList<>(pendingRejects.size());
    try (InputStream in = openDecompressed()) {
      long position = 0;
      byte[] buf = new byte[RAW_LIMIT];
      for (PendingReject r : pendingRejects) {
        if (!r.withRaw || r.offset < position) {
          raws.add(null);
          continue;
        }
        in.skipNBytes(r.offset - position);
        position = r.offset;
        int want = (int) Math.min(RAW_LIMIT, r.end - r.offset);
        int n = in.readNBytes(buf, 0, want);
        position += n;
        raws.add(cutUtf8(buf, n));
      }
    } catch (IOException | RuntimeException e) {
      while (raws.size() < pendingRejects.size()) {
        raws.add(null);
      }
    }
    return raws;
  }

  /** Decodes at most {@link #RAW_LIMIT} bytes as UTF-8 without splitting a character. */
  static String cutUtf8(byte[] bytes, int length) {
    int n = Math.min(length, RAW_LIMIT);
    if (n < length) {
      while (n > 0 && (bytes[n] & 0xC0) == 0x80) {
        n--;
      }
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }

  private static String printable(int b) {
    return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format(Locale.ROOT, "\\x%02x", b);
  }

  private FileSystem fs() throws IOException {
    return new Path(unit.path()).getFileSystem(conf);
  }

  private void closeQuietly() {
    try {
      if (json != null) {
        json.close();
      }
      if (stream != null) {
        stream.close();
      }
    } catch (IOException ignored) {
      // nothing left to read from it
    }
    json = null;
    stream = null;
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private record PendingReject(long offset, long end, long line, String code, String reason, boolean withRaw) {
    PendingReject(long offset, long end, long line, String code, String reason) {
      this(offset, end, line, code, reason, true);
    }
  }
}
