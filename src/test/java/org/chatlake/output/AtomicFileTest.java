package org.chatlake.output;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir java.nio.file.Path dir;

  /** The names in a directory, sorted (hidden ones too). */
  private static java.util.List<String> namesIn(java.nio.file.Path directory) throws IOException {
    try (var listing = Files.list(directory)) {
      return listing.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String read(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void replacesAFileHadoopWroteWithItsChecksumAndLeavesNoTemporary() throws Exception {
    LocalFileSystem fs = FileSystem.getLocal(new Configuration());
    Path file = new Path(dir.resolve("a/b/manifest").toUri());
    // what an earlier version wrote through Hadoop: the file and its .crc
    try (OutputStream out = fs.create(file, true)) {
      out.write("file:/old/part-0.parquet\n".getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(Files.exists(dir.resolve("a/b/.manifest.crc")));

    AtomicFile.write(fs, file, "file:/new/part-1.parquet\n".getBytes(StandardCharsets.UTF_8));

    // a stale .crc would fail this read with a ChecksumException
    assertEquals("file:/new/part-1.parquet\n", read(fs, file));
    assertEquals(java.util.List.of("manifest"), namesIn(dir.resolve("a/b")));
  }

  @Test
  void twoWritersOfOneFileEachLeaveAWholeFile() throws Exception {
    LocalFileSystem fs = FileSystem.getLocal(new Configuration());
    Path file = new Path(dir.resolve("m/manifest").toUri());
    byte[] a = "a".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
    byte[] b = "b".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 50; round++) {
        var first = pool.submit(() -> { AtomicFile.write(fs, file, a); return null; });
        var second = pool.submit(() -> { AtomicFile.write(fs, file, b); return null; });
        first.get();
        second.get();
        String content = Files.readString(dir.resolve("m/manifest"));
        assertTrue(content.equals("a".repeat(1 << 16)) || content.equals("b".repeat(1 << 16)), "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(java.util.List.of("manifest"), namesIn(dir.resolve("m")));
  }

  @Test
  void aFailedWriteLeavesNoTemporaryFile() throws Exception {
    LocalFileSystem fs = FileSystem.getLocal(new Configuration());
    Path file = new Path(dir.resolve("f/manifest").toUri());
    // a non-empty directory where the file should go: the rename over it fails
    Files.createDirectories(dir.resolve("f/manifest/inside"));
    assertThrows(IOException.class, () -> AtomicFile.write(fs, file, "x".getBytes(StandardCharsets.UTF_8)));
    assertEquals(java.util.List.of("manifest"), namesIn(dir.resolve("f")));
  }

  @Test
  void createsMissingDirectories() throws Exception {
    LocalFileSystem fs = FileSystem.getLocal(new Configuration());
    Path file = new Path(dir.resolve("x/y/z/_runs.json").toUri());
    AtomicFile.write(fs, file, "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals("{}", Files.readString(dir.resolve("x/y/z/_runs.json")));
  }

  @Test
  void anotherFileSystemGoesThroughHadoop() throws Exception {
    // The raw local file system (no checksums) stands for any non-local one: written and renamed by Hadoop.
    FileSystem raw = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    Path file = new Path(dir.resolve("r/ledger.json").toUri());
    AtomicFile.write(raw, file, "one".getBytes(StandardCharsets.UTF_8));
    AtomicFile.write(raw, file, "two".getBytes(StandardCharsets.UTF_8));
    assertEquals("two", read(raw, file));
    assertEquals(java.util.List.of("ledger.json"), namesIn(dir.resolve("r")));
  }
}
