package org.chatlake.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads '\n'-terminated lines as bytes, tracking the byte offset where each line starts. A line
 * longer than {@code maxLineBytes} is cut there (the rest is skipped) and flagged. Blanks at the
 * start of a line are not kept (a line of nothing but blanks costs no memory); the line start
 * offset is still where the line begins.
 *
 * <p>When the input fails in the middle of a line, the bytes of that line read so far stay
 * available through {@link #bytes()} and {@link #length()}.
 */
final class LineReader {
  private static final int INITIAL_LINE = 1024;
  /** A line buffer grown beyond this for one huge line is dropped before the next line. */
  private static final int KEEP_LINE_BUFFER = 1 << 20;

  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private final int maxLineBytes;
  private int pos;
  private int limit;
  private long bufferStart;
  private byte[] line = new byte[INITIAL_LINE];
  private int lineLength;
  private long lineStart;
  private boolean truncatedLine;

  LineReader(InputStream in, long startOffset, int maxLineBytes) {
    this.in = in;
    this.bufferStart = startOffset;
    this.maxLineBytes = maxLineBytes;
  }

  /** Offset of the next byte to be read. */
  long position() {
    return bufferStart + pos;
  }

  /** Reads the next line; false at end of input. */
  boolean next() throws IOException {
    if (line.length > KEEP_LINE_BUFFER) {
      line = new byte[INITIAL_LINE];
    }
    lineLength = 0;
    truncatedLine = false;
    lineStart = position();
    boolean any = false;
    while (true) {
      if (pos == limit && !fill()) {
        break;
      }
      any = true;
      if (lineLength == 0) {
        skipBlanks();
      }
      int nl = indexOfNewline();
      int end = nl < 0 ? limit : nl;
      append(buf, pos, end - pos);
      pos = nl < 0 ? limit : nl + 1;
      if (nl >= 0) {
        break;
      }
    }
    if (lineLength > 0 && line[lineLength - 1] == '\r') {
      lineLength--;
    }
    return any;
  }

  /** Skips past the next '\n' (the rest of a line this reader starts in the middle of). */
  void skipLine() throws IOException {
    while (pos < limit || fill()) {
      int nl = indexOfNewline();
      if (nl >= 0) {
        pos = nl + 1;
        return;
      }
      pos = limit;
    }
  }

  byte[] bytes() {
    return line;
  }

  int length() {
    return lineLength;
  }

  long lineStart() {
    return lineStart;
  }

  boolean truncated() {
    return truncatedLine;
  }

  private void skipBlanks() {
    while (pos < limit && (buf[pos] == ' ' || buf[pos] == '\t' || buf[pos] == '\r')) {
      pos++;
    }
  }

  private int indexOfNewline() {
    for (int i = pos; i < limit; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void append(byte[] src, int from, int n) {
    int room = maxLineBytes - lineLength;
    if (n > room) {
      truncatedLine = true;
      n = Math.max(room, 0);
    }
    if (lineLength + n > line.length) {
      long grown = Math.max(2L * line.length, (long) lineLength + n);
      line = java.util.Arrays.copyOf(line, (int) Math.min(grown, maxLineBytes));
    }
    System.arraycopy(src, from, line, lineLength, n);
    lineLength += n;
  }

  private boolean fill() throws IOException {
    bufferStart += limit;
    pos = 0;
    limit = 0;
    int n;
    while ((n = in.read(buf, 0, buf.length)) == 0) {
      // keep reading
    }
    if (n < 0) {
      return false;
    }
    limit = n;
    return true;
  }
}
