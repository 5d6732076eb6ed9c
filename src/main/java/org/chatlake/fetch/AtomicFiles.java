package org.chatlake.fetch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Files appear under their final names only when whole: each is written to a temporary name
 * starting with {@code .} (which the job skips), forced to disk, then renamed. A killed fetch
 * leaves at most temporaries, which the next fetch into the same directory removes.
 */
public final class AtomicFiles {
  static final String TEMP_PREFIX = ".";
  static final String TEMP_SUFFIX = ".part";

  private AtomicFiles() {}

  /** Writes {@code bytes} gzip-compressed to {@code target}. */
  public static void writeGzip(Path target, byte[] bytes) throws IOException {
    write(target, true, out -> out.write(bytes));
  }

  public static void writePlain(Path target, byte[] bytes) throws IOException {
    write(target, false, out -> out.write(bytes));
  }

  /** What writes a file's content. */
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  public static void write(Path target, boolean gzip, Content content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve(TEMP_PREFIX + target.getFileName() + TEMP_SUFFIX);
    try {
      try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
        OutputStream raw = java.nio.channels.Channels.newOutputStream(channel);
        OutputStream buffered = new java.io.BufferedOutputStream(raw, 1 << 16);
        OutputStream out = gzip ? new GZIPOutputStream(buffered, 1 << 16) : buffered;
        content.writeTo(out);
        out.flush();
        if (out instanceof GZIPOutputStream g) {
          g.finish();
        }
        buffered.flush();
        channel.force(true);
      }
      move(temp, target);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Removes temporaries a killed fetch left in {@code dir} (not recursive); returns how many. */
  public static int removeLeftovers(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int removed = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX) && Files.isRegularFile(f)) {
          Files.delete(f);
          removed++;
        }
      }
    }
    return removed;
  }
}
