package org.chatlake.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.chatlake.ingest.ExportStream.CorruptInputException;

/**
 * Streams the rows of one {@link ReadUnit}: it detects the file's format (and gzip), parses record
 * by record with Jackson's streaming parser, and yields records, rejects and, last, one file row.
 * Nothing but the current record is held in memory.
 *
 * <p>Any exception while turning one record into a row rejects that record and the file reads
 * on. Bytes that cannot be parsed or decompressed from some point on reject the rest of the file as
 * one entry (with an estimate of the records it held). Other I/O errors (a connection reset) are
 * rethrown, so that Spark retries the task; a file that does not exist (any more) or may not be
 * read is one {@code unreadable_file} entry, since no retry can change that.
 */
final class ExportFileReader implements Iterator<InternalRow>, Closeable {
  static final int RAW_LIMIT = 4096;

  private final ReadUnit unit;
  private final RecordParser parser;
  private final Configuration conf;
  private final JsonFactory factory;
  private final int width;
  private final ArrayDeque<InternalRow> ready = new ArrayDeque<>();
  private final PageMeta meta = new PageMeta();

  private ExportFormat format = ExportFormat.UNKNOWN;
  /** The whole (decompressed) file; null for a split of a JSON Lines file. */
  private ExportStream stream;
  private InputStream splitStream;
  private LineReader lines;
  private long nextLineNumber;
  private JsonParser json;
  private JsonStreamContext container;
  private long baseOffset;
  private long baseLine;
  private long records;
  private long firstRecordOffset = -1;
  private long lostEstimate;
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
        boolean isOpen = stream != null || splitStream != null;
        if (isCorrupt(e) && isOpen) {
          rejectUnparseable(position(), null, e.getMessage());
        } else if (isCorrupt(e) || isUnreadable(e)) {
          rejectRest(RejectReason.UNREADABLE, (isOpen ? "cannot read: " : "cannot open: ") + e.getMessage(),
              null, null, null);
        } else {
          close();
          throw new UncheckedIOException("reading " + unit.path() + ": " + e.getMessage(), e);
        }
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

  /** Bytes that will not decode or parse, whatever the retry. */
  private static boolean isCorrupt(IOException e) {
    return e instanceof CorruptInputException || e instanceof ChecksumException;
  }

  private static boolean isUnreadable(IOException e) {
    return e instanceof FileNotFoundException || e instanceof AccessDeniedException
        || e instanceof AccessControlException;
  }

  // ---- opening and format detection ------------------------------------------------------

  private void open() throws IOException {
    if (unit.isSplit()) {
      format = ExportFormat.JSON_LINES;
      FSDataInputStream in = ExportStream.fileSystem(new Path(unit.path()), conf)
          .open(new Path(unit.path()), ExportStream.BUFFER);
      splitStream = in;
      if (unit.start() > 0) {
        in.seek(unit.start());
      }
      lines = new LineReader(in, unit.start(), Jackson.MAX_LINE_BYTES);
      if (unit.start() > 0) {
        lines.skipLine();
        nextLineNumber = -1;
      } else {
        nextLineNumber = 1;
      }
      return;
    }
    stream = ExportStream.open(new Path(unit.path()), conf);
    int first = stream.skipBlank();
    baseOffset = stream.position();
    baseLine = stream.newlinesSkipped();
    boolean namedJsonLines = isNamedJsonLines(unit.path());
    if (first < 0) {
      // a quiet day: no records, and nothing wrong with the file
      format = namedJsonLines ? ExportFormat.JSON_LINES : ExportFormat.EMPTY;
      finish();
      return;
    }
    if (namedJsonLines) {
      startLines(baseLine + 1);
    } else if (first == '[') {
      format = ExportFormat.ARRAY;
      stream.keepHistory();
      json = factory.createParser(stream);
      json.nextToken();
      container = json.getParsingContext();
    } else if (first == '{' && probeApiPage()) {
      format = ExportFormat.API_PAGE;
      container = json.getParsingContext();
    } else if (first == '{') {
      // the first object is a record: read the file again, line by line
      closeQuietly();
      stream = ExportStream.open(new Path(unit.path()), conf);
      startLines(1);
    } else {
      format = ExportFormat.UNKNOWN;
      stream.keepHistory();
      rejectRest(RejectReason.NOT_JSON, String.format(Locale.ROOT,
          "not a JSON export: first character is '%s', expected '{' or '['",
          printable(first)), baseOffset, baseLine + 1, stream.rawFrom(baseOffset));
    }
  }

  private void startLines(long firstLineNumber) {
    format = ExportFormat.JSON_LINES;
    lines = new LineReader(stream, stream.position(), Jackson.MAX_LINE_BYTES);
    nextLineNumber = firstLineNumber;
  }

  /**
   * Parses the root object until its {@code data} array: true leaves the parser on the array's
   * start (an API page); false means the first object is a record, i.e. JSON Lines. The page's
   * {@code meta} (or a root {@code total}, as the Messages API has it), when it comes first, says
   * how many records the page should hold.
   */
  private boolean probeApiPage() throws IOException {
    stream.keepHistory();
    json = factory.createParser(stream);
    try {
      json.nextToken();
      String field;
      while ((field = json.nextFieldName()) != null) {
        JsonToken value = json.nextToken();
        if (field.equals("data") && value == JsonToken.START_ARRAY) {
          return true;
        }
        if (field.equals("meta") && value == JsonToken.START_OBJECT) {
          meta.readMeta(json);
        } else if (field.equals("total")) {
          meta.rootTotal = PageMeta.count(json);
        } else {
          json.skipChildren();
        }
      }
      return false;
    } catch (JsonProcessingException | CorruptInputException e) {
      return false; // judged line by line
    }
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
    boolean more;
    try {
      more = lines.next();
    } catch (IOException e) {
      if (!isCorrupt(e)) {
        throw e;
      }
      // the complete lines before the cut are read; the cut line and whatever followed are one entry
      Long lineNumber = nextLineNumber > 0 ? nextLineNumber : null;
      rejectUnparseable(lines.lineStart(), lineNumber, e.getMessage(), cutUtf8(lines.bytes(), lines.length()));
      return;
    }
    if (!more || lines.lineStart() > unit.end()) {
      finish();
      return;
    }
    Long lineNumber = nextLineNumber > 0 ? nextLineNumber++ : null;
    if (lines.length() == 0) {
      return; // a blank line
    }
    records++;
    long offset = lines.lineStart();
    if (firstRecordOffset < 0) {
      firstRecordOffset = offset;
    }
    if (lines.truncated()) {
      ready.add(lineReject(offset, lineNumber, RejectReason.INVALID_JSON,
          "line longer than " + Jackson.MAX_LINE_BYTES + " bytes"));
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
    } catch (BadRecordException e) {
      ready.add(lineReject(offset, lineNumber, e.code(), e.getMessage()));
    } catch (InputCoercionException e) {
      ready.add(lineReject(offset, lineNumber, RejectReason.WRONG_TYPE, describe(e)));
    } catch (JsonProcessingException e) { // the line is in memory: no other I/O error
      ready.add(lineReject(offset, lineNumber, RejectReason.INVALID_JSON, "not valid JSON: " + describe(e)));
    } catch (RuntimeException e) {
      ready.add(lineReject(offset, lineNumber, RejectReason.WRONG_TYPE, "cannot be read: " + e));
    }
  }

  private InternalRow lineReject(long offset, Long line, String code, String reason) {
    return IngestSchema.reject(width, unit.path(), format, offset, line, code, reason,
        cutUtf8(lines.bytes(), lines.length()));
  }

  // ---- arrays and API pages ---------------------------------------------------------------

  private void nextElement() throws IOException {
    long offset = currentOffset();
    long line = currentLine();
    JsonToken t;
    try {
      t = json.nextToken();
    } catch (JsonProcessingException e) {
      rejectUnparseable(offset, line, describe(e));
      return;
    } catch (IOException e) {
      if (!isCorrupt(e)) {
        throw e;
      }
      rejectUnparseable(offset, line, e.getMessage());
      return;
    }
    if (t == JsonToken.END_ARRAY) {
      endOfArray();
      return;
    }
    if (t == null) {
      rejectUnparseable(offset, line, "file ends inside the " + (format == ExportFormat.API_PAGE
          ? "'data' array" : "array"));
      return;
    }
    offset = json.currentTokenLocation().getByteOffset() + baseOffset;
    line = json.currentTokenLocation().getLineNr() + baseLine;
    if (firstRecordOffset < 0) {
      firstRecordOffset = offset;
    }
    stream.capture(offset);
    String code;
    String reason;
    try {
      if (t == JsonToken.START_OBJECT) {
        Object[] values = parser.parse(json);
        ready.add(IngestSchema.record(unit.path(), format, offset, line, values));
        records++;
        return;
      }
      code = RejectReason.NOT_AN_OBJECT;
      reason = "array element is not an object";
    } catch (BadRecordException e) {
      code = e.code();
      reason = e.getMessage();
    } catch (JsonParseException e) {
      rejectUnparseable(offset, line, describe(e));
      return;
    } catch (InputCoercionException e) {
      code = RejectReason.WRONG_TYPE;
      reason = describe(e);
    } catch (StreamConstraintsException e) {
      code = RejectReason.INVALID_JSON;
      reason = describe(e);
    } catch (IOException e) {
      if (!isCorrupt(e)) {
        throw e;
      }
      rejectUnparseable(offset, line, e.getMessage());
      return;
    } catch (RuntimeException e) {
      code = RejectReason.WRONG_TYPE;
      reason = "cannot be read: " + e;
    }
    String failure = skipRestOfElement();
    if (failure != null) {
      rejectUnparseable(offset, line, failure);
      return;
    }
    records++;
    ready.add(IngestSchema.reject(width, unit.path(), format, offset, line, code, reason,
        stream.captured(currentOffset())));
  }

  /**
   * After the array (or the page's {@code data}): the rest of the page object, then nothing but
   * white space. Anything else (a second array or page appended, garbage) is an unparseable rest,
   * not records to drop silently.
   */
  private void endOfArray() throws IOException {
    long offset = currentOffset();
    long line = currentLine();
    try {
      if (format == ExportFormat.API_PAGE) {
        while (json.nextToken() == JsonToken.FIELD_NAME) {
          json.nextToken();
          json.skipChildren();
        }
        offset = currentOffset();
        line = currentLine();
      }
      if (json.nextToken() != null) {
        rejectUnparseable(offset, line, "unexpected content after the "
            + (format == ExportFormat.API_PAGE ? "page" : "array"));
        return;
      }
    } catch (JsonProcessingException e) {
      rejectUnparseable(offset, line, describe(e));
      return;
    } catch (IOException e) {
      if (!isCorrupt(e)) {
        throw e;
      }
      rejectUnparseable(offset, line, e.getMessage());
      return;
    }
    finish();
  }

  /**
   * Moves the parser to the end of the element it is inside, so the next element can be read;
   * returns why that failed (the rest of the file cannot be parsed), or null. Past a length limit,
   * or the parser's own nesting limit in arrays, it reads on, so those errors are skipped over as
   * long as it advances.
   */
  private String skipRestOfElement() throws IOException {
    long lastLimitAt = -1;
    while (json.getParsingContext() != container) {
      try {
        if (json.nextToken() == null) {
          return "file ends inside a record";
        }
      } catch (StreamConstraintsException e) {
        long at = json.currentLocation().getByteOffset();
        if (at == lastLimitAt) {
          return describe(e);
        }
        lastLimitAt = at;
      } catch (JsonProcessingException e) {
        return describe(e);
      } catch (IOException e) {
        if (!isCorrupt(e)) {
          throw e;
        }
        return e.getMessage();
      }
    }
    return null;
  }

  private long currentOffset() {
    return json.currentLocation().getByteOffset() + baseOffset;
  }

  private long currentLine() {
    return json.currentLocation().getLineNr() + baseLine;
  }

  private static String describe(JsonProcessingException e) {
    var at = e.getLocation(); // none for a limit such as the nesting depth
    return e.getOriginalMessage() + (at == null ? ""
        : String.format(Locale.ROOT, " (line %d, column %d)", at.getLineNr(), at.getColumnNr()));
  }

  // ---- ending -----------------------------------------------------------------------------

  private long position() {
    if (json != null) {
      return currentOffset();
    }
    if (lines != null) {
      return lines.lineStart();
    }
    return stream == null ? 0 : stream.position();
  }

  private void rejectUnparseable(long offset, Long line, String cause) {
    rejectUnparseable(offset, line, cause, stream == null ? null : stream.rawFrom(offset));
  }

  /**
   * One entry for everything from {@code offset} on, with an estimate of the records lost beyond
   * that entry.
   */
  private void rejectUnparseable(long offset, Long line, String cause, String raw) {
    lostEstimate = estimateLost(offset);
    String lost = lostEstimate > 0 ? String.format(Locale.ROOT, "; about %d more records lost (%s)",
        lostEstimate, format == ExportFormat.API_PAGE && meta.expected() != null ? "from meta.total"
            : "from the bytes left and the mean record size") : "";
    rejectRest(RejectReason.TRUNCATED, String.format(Locale.ROOT,
        "cannot parse the rest of the file from byte %d%s on: %s; %d records read before%s",
        offset, line == null ? "" : " (line " + line + ")", cause, records, lost), offset, line, raw);
  }

  /**
   * How many records the unparseable rest of the file held besides the one its reject stands for:
   * from the page's own count when its meta came first, else from the bytes left and the mean size
   * of the records read before (a cut JSON line is one record, then come the bytes never
   * decompressed). 0 when nothing tells (no record read before the break).
   */
  private long estimateLost(long breakOffset) {
    Long expected = format == ExportFormat.API_PAGE ? meta.expected() : null;
    if (expected != null) {
      return Math.max(0, expected - records - 1);
    }
    if (records == 0 || firstRecordOffset < 0 || breakOffset <= firstRecordOffset) {
      return 0;
    }
    double meanRecordBytes = (double) (breakOffset - firstRecordOffset) / records;
    double unread = stream != null ? stream.bytesLeft(unit.fileLength())
        : Math.max(0, Math.min(unit.end(), unit.fileLength()) - lines.position());
    long rest = format == ExportFormat.JSON_LINES
        ? 1 + Math.round(unread / meanRecordBytes)
        : Math.round((Math.max(0, stream.position() - breakOffset) + unread) / meanRecordBytes);
    return Math.max(0, rest - 1);
  }

  /** One reject for everything from {@code offset} on, then the end of the file. */
  private void rejectRest(String code, String reason, Long offset, Long line, String raw) {
    records++;
    ready.add(IngestSchema.reject(width, unit.path(), format, offset, line, code, reason, raw));
    finish();
  }

  private void finish() {
    finished = true;
    closeQuietly();
    ready.add(IngestSchema.file(width, unit.path(), format, records, lostEstimate));
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

  private void closeQuietly() {
    for (Closeable c : new Closeable[] {json, stream, splitStream}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (IOException | RuntimeException ignored) {
        // nothing left to read from it
      }
    }
    json = null;
    stream = null;
    splitStream = null;
  }

  /** Frees the file; safe to call any number of times. */
  @Override
  public void close() {
    closeQuietly();
  }

  /** What an API page says about its size, read from {@code meta} (or a root {@code total}) before {@code data}. */
  private static final class PageMeta {
    Long total;
    Long rootTotal;
    Long offset;
    Long limit;
    Long page;

    void readMeta(JsonParser p) throws IOException {
      String field;
      while ((field = p.nextFieldName()) != null) {
        p.nextToken();
        switch (field) {
          case "total": total = count(p); break;
          case "offset": offset = count(p); break;
          case "limit": limit = count(p); break;
          case "page": page = count(p); break;
          default: p.skipChildren();
        }
      }
    }

    /** A non-negative integer, else null (and the value is skipped). */
    static Long count(JsonParser p) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getTextLength() <= 19
          && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER && p.getLongValue() >= 0) {
        return p.getLongValue();
      }
      p.skipChildren();
      return null;
    }

    /**
     * The records this page should hold: the total less the records of earlier pages (from
     * {@code offset}, or {@code (page - 1) * limit}), at most {@code limit}; null when the page's
     * place is unknown ({@code page} without {@code limit}). A total without any paging field is
     * the page's own count.
     */
    Long expected() {
      Long all = total != null ? total : rootTotal;
      if (all == null) {
        return null;
      }
      long before;
      if (offset != null) {
        before = offset;
      } else if (page != null) {
        if (limit == null || page < 1 || page > Integer.MAX_VALUE || limit > Integer.MAX_VALUE) {
          return null;
        }
        before = (page - 1) * limit;
      } else {
        before = 0;
      }
      long expected = Math.max(0, all - before);
      return limit == null ? expected : Math.min(expected, limit);
    }
  }
}
