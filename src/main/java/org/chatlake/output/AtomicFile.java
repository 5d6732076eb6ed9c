package org.chatlake.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * The job's own small files (run ledgers, symlink manifests and their stamps) written whole or not
 * at all: into a hidden file first, then renamed over the previous version, so a reader sees one
 * version or the other and a killed run never leaves a truncated file (at most a hidden one).
 */
public final class AtomicFile {
  private AtomicFile() {}

  public static void write(FileSystem fs, Path path, byte[] content) throws IOException {
    Path tmp = tmpOf(path);
    try {
      if (fs instanceof LocalFileSystem local) {
        writeLocal(local, tmp, path, content);
      } else {
        writeThroughHadoop(fs, tmp, path, content);
      }
    } catch (IOException | RuntimeException e) {
      // Each write has a temporary name of its own: a failed one would otherwise stay behind.
      try {
        fs.delete(tmp, false);
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
  }

  private static void writeThroughHadoop(FileSystem fs, Path tmp, Path path, byte[] content) throws IOException {
    fs.mkdirs(path.getParent());
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(content);
    }
    renameOver(fs, tmp, path);
  }

  /**
   * On a local disk through java.nio: Hadoop's local file system starts a {@code chmod} process
   * for every file and directory it creates and two {@code readlink} processes for every rename
   * (without its native library, which Maven does not ship), a few milliseconds each, and a run
   * writes a few hundred of these files.
   */
  private static void writeLocal(LocalFileSystem fs, Path tmp, Path path, byte[] content) throws IOException {
    java.nio.file.Path target = fs.pathToFile(path).toPath();
    Files.createDirectories(target.getParent());
    java.nio.file.Path localTmp = fs.pathToFile(tmp).toPath();
    Files.write(localTmp, content);
    // A checksum written by an earlier version through Hadoop would no longer match the content.
    Files.deleteIfExists(fs.pathToFile(fs.getChecksumFile(path)).toPath());
    Files.move(localTmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * A hidden name of this writer's own: two runs that update the same manifest at once each
   * rename a whole file of theirs, and the last rename wins.
   */
  private static Path tmpOf(Path path) {
    return new Path(path.getParent(), String.format(".%s.%08x.tmp", path.getName(),
        java.util.concurrent.ThreadLocalRandom.current().nextInt()));
  }

  /** Renames tmp over path in one step where the file system can. */
  private static void renameOver(FileSystem fs, Path tmp, Path path) throws IOException {
    org.apache.hadoop.fs.FileContext context;
    try {
      context = org.apache.hadoop.fs.FileContext.getFileContext(fs.getUri(), fs.getConf());
    } catch (UnsupportedFileSystemException e) {
      // A file system without a FileContext binding: no atomic overwrite, replace in two steps.
      fs.delete(path, false);
      fs.rename(tmp, path);
      return;
    }
    context.rename(tmp, path, org.apache.hadoop.fs.Options.Rename.OVERWRITE);
  }
}
