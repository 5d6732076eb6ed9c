package org.chatlake.ingest;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The bytes of one export file, un-gzipped when they start with gzip's magic bytes, and counted
 * (the position is the offset in the uncompressed bytes).
 *
 * <p>Unlike a BufferedInputStream over a GZIPInputStream (which keeps reading while the
 * decompressor says more is available), a read returns what the decompressor gave at once: every
 * byte before a truncated or corrupt gzip stream is delivered before the error, which then surfaces
 * as a {@link CorruptInputException}.
 *
 * <p>It can keep the bytes it delivers in a window of recent history, so that the first
 * {@link ExportFileReader#RAW_LIMIT} bytes of a record the parser rejects are at hand without
 * reading the file a second time.
 */
final class ExportStream extends InputStream {
  static final int BUFFER = 1 << 16;
  /** Longer than the parser reads ahead of its token (8000 bytes) plus a raw text. */
  private static final int HISTORY = 1 << 17;
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final CountingStream raw;
  private final InputStream source;
  private final boolean gzip;
  private final byte[] buf = new byte[BUFFER];
  private int pos;
  private int limit;
  private long position;
  private long newlinesSkipped;

  private byte[] history;
  private byte[] capture;
  /** Bytes copied to {@link #capture}, or -1 while they are still only in the history. */
  private int captured = -1;
  private long captureStart = -1;

  private ExportStream(CountingStream raw, InputStream source, boolean gzip) {
    this.raw = raw;
    this.source = source;
    this.gzip = gzip;
  }

  /**
   * Opens a file for reading. A local file is read without Hadoop's checksum layer, which looks
   * for a {@code .name.crc} file beside it and cannot even build that name for a file named
   * {@code chats 2026:11:01.jsonl} (exports come with no checksum files anyway).
   */
  static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
  }

  static ExportStream open(Path path, Configuration conf) throws IOException {
    CountingStream raw = new CountingStream(fileSystem(path, conf).open(path, BUFFER));
    try {
      PushbackInputStream in = new PushbackInputStream(raw, 2);
      byte[] magic = in.readNBytes(2);
      in.unread(magic);
      if (magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
        GZIPInputStream unzipped;
        try {
          unzipped = new GZIPInputStream(in, BUFFER);
        } catch (ZipException | EOFException e) {
          throw new CorruptInputException("bad gzip header: " + e.getMessage(), e);
        }
        return new ExportStream(raw, unzipped, true);
      }
      return new ExportStream(raw, in, false);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** Bytes delivered so far: the offset of the next byte in the (uncompressed) file. */
  long position() {
    return position;
  }

  /**
   * Uncompressed bytes not delivered yet, to the end of a file of this length: exact for a plain
   * file, for gzip estimated from the compression ratio so far.
   */
  double bytesLeft(long fileLength) {
    int buffered = limit - pos;
    long fileLeft = Math.max(0, fileLength - raw.count);
    double ratio = gzip ? (double) (position + buffered) / Math.max(1, raw.count) : 1;
    return buffered + fileLeft * ratio;
  }

  /** From now on, keep the bytes delivered for {@link #capture} and {@link #rawFrom}. */
  void keepHistory() {
    if (history == null) {
      history = new byte[HISTORY];
      capture = new byte[ExportFileReader.RAW_LIMIT];
    }
  }

  /**
   * Skips white space and, at the start of the file, a UTF-8 byte order mark; returns the next
   * other byte without consuming it, or -1 at the end.
   */
  int skipBlank() throws IOException {
    while (true) {
      if (pos == limit && !fill()) {
        return -1;
      }
      int i = pos;
      int b = -1;
      for (; i < limit; i++) {
        b = buf[i] & 0xff;
        if (b == '\n') {
          newlinesSkipped++;
        } else if (!(b == ' ' || b == '\t' || b == '\r' || (position + i - pos < 3 && b == (BOM[(int) (position + i - pos)] & 0xff)))) {
          break;
        }
      }
      consume(i - pos);
      if (i < limit) {
        return b;
      }
    }
  }

  /** Line breaks {@link #skipBlank} skipped. */
  long newlinesSkipped() {
    return newlinesSkipped;
  }

  @Override
  public int read() throws IOException {
    if (pos == limit && !fill()) {
      return -1;
    }
    int b = buf[pos] & 0xff;
    consume(1);
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos == limit) {
      if (len >= BUFFER) {
        int n = readSource(b, off, len);
        if (n > 0) {
          delivered(b, off, n);
        }
        return n;
      }
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(buf, pos, b, off, n);
    consume(n);
    return n;
  }

  /**
   * Marks where a record starts: its first bytes (at most a raw text's worth) are kept for
   * {@link #captured}. They are copied out of the history only when asked for, or before the
   * history would lose them (a record longer than the history), so a record costs nothing here.
   */
  void capture(long offset) {
    captured = -1;
    captureStart = history == null || offset > position || position - offset > HISTORY ? -1 : offset;
  }

  /** The captured bytes up to {@code end} as text, cut to a raw text; null when not captured. */
  String captured(long end) {
    if (captureStart < 0) {
      return null;
    }
    materialize();
    return ExportFileReader.cutUtf8(capture, (int) Math.max(0, Math.min(captured, end - captureStart)));
  }

  /**
   * The raw text of everything from {@code offset} on: the captured bytes, completed from the rest
   * of the stream. A read error only shortens it.
   */
  String rawFrom(long offset) {
    capture(offset);
    if (captureStart < 0) {
      return null;
    }
    materialize();
    byte[] chunk = new byte[capture.length];
    try {
      while (captured < capture.length && read(chunk, 0, capture.length - captured) > 0) {
        // read() appends to the capture
      }
    } catch (IOException | RuntimeException e) {
      // what was read is the raw text
    }
    return captured(Long.MAX_VALUE);
  }

  /** Copies the capture's bytes delivered so far out of the history. */
  private void materialize() {
    if (captured >= 0) {
      return;
    }
    int n = (int) Math.min(position - captureStart, capture.length);
    int slot = (int) (captureStart % HISTORY);
    int first = Math.min(n, HISTORY - slot);
    System.arraycopy(history, slot, capture, 0, first);
    System.arraycopy(history, 0, capture, first, n - first);
    captured = n;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }

  private boolean fill() throws IOException {
    pos = 0;
    limit = 0;
    int n;
    while ((n = readSource(buf, 0, BUFFER)) == 0) {
      // keep reading
    }
    if (n < 0) {
      return false;
    }
    limit = n;
    return true;
  }

  private int readSource(byte[] b, int off, int len) throws IOException {
    try {
      return source.read(b, off, len);
    } catch (ZipException | EOFException e) {
      if (!gzip) {
        throw e;
      }
      throw new CorruptInputException("gzip data cut or corrupt after " + position + " uncompressed bytes: "
          + e.getMessage(), e);
    }
  }

  private void consume(int n) {
    delivered(buf, pos, n);
    pos += n;
  }

  private void delivered(byte[] b, int off, int n) {
    if (history != null) {
      remember(b, off, n);
    }
    position += n;
  }

  private void remember(byte[] b, int off, int n) {
    if (captureStart >= 0 && captured < 0 && position + n - HISTORY > captureStart) {
      materialize(); // these bytes will overwrite the start of the capture in the history
    }
    if (captureStart >= 0 && captured >= 0 && captured < capture.length && position - captureStart == captured) {
      int c = Math.min(n, capture.length - captured);
      System.arraycopy(b, off, capture, captured, c);
      captured += c;
    }
    int from = off + Math.max(0, n - HISTORY);
    long at = position + (from - off);
    int count = off + n - from;
    while (count > 0) {
      int slot = (int) (at % HISTORY);
      int c = Math.min(count, HISTORY - slot);
      System.arraycopy(b, from, history, slot, c);
      from += c;
      at += c;
      count -= c;
    }
  }

  /** Counts the bytes read from the file. */
  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }

  /** Bytes that cannot be decoded (a cut or corrupt gzip stream): the data ends here, retrying won't help. */
  static final class CorruptInputException extends IOException {
    CorruptInputException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
