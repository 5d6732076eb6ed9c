package org.chatlake.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The messages of a fetch as gzip JSON Lines ({@code <fetch>-messages-00001.jsonl.gz}, ...): lines are
 * collected in memory, compressed, and a file is written (atomically) every {@code linesPerFile}
 * lines and at the end. A fetch with messages always leaves at least one file, empty on a quiet
 * day, so {@code --messages DIR/messages} always names something the job can read. A failed
 * fetch never calls {@link #finish}: its last, partial batch is not written.
 */
final class MessageFiles {
  private final Path dir;
  private final String prefix;
  private final int linesPerFile;
  private ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
  private int lines;
  private int files;

  MessageFiles(Path dir, String prefix, int linesPerFile) {
    this.dir = dir;
    this.prefix = prefix;
    this.linesPerFile = linesPerFile;
  }

  /** Adds one message object; its bytes are the API's, any line break in them turned into a space. */
  void add(byte[] page, int from, int to) throws IOException {
    for (int i = from; i < to; i++) {
      byte b = page[i];
      // Outside strings JSON allows raw line breaks only as white space; inside strings not at all.
      buffer.write(b == '\n' || b == '\r' ? ' ' : b);
    }
    buffer.write('\n');
    lines++;
    if (lines >= linesPerFile) {
      flush();
    }
  }

  private void flush() throws IOException {
    files++;
    AtomicFiles.writeGzip(dir.resolve(String.format(java.util.Locale.ROOT, "%s-messages-%05d.jsonl.gz", prefix, files)),
        buffer.toByteArray());
    buffer = new ByteArrayOutputStream(1 << 20);
    lines = 0;
  }

  int files() {
    return files;
  }

  /** Writes what is left (or an empty file when nothing was written at all). */
  void finish() throws IOException {
    if (lines > 0 || files == 0) {
      flush();
    }
  }
}
