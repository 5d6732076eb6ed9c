package org.chatlake.output;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staged commit and its recovery, on the real local file system. */
class PartitionCommitterTest {
  @TempDir Path root;
  FileSystem fs;
  OutputLayout layout;
  PartitionCommitter committer;

  @BeforeEach
  void setUp() throws Exception {
    fs = FileSystem.getLocal(new Configuration());
    layout = new OutputLayout(root.toString());
    committer = new PartitionCommitter(fs, layout);
  }

  private void file(String relative, String content) throws Exception {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private String read(String relative) throws Exception {
    return Files.readString(root.resolve(relative));
  }

  private List<String> tree() throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
          .filter(p -> !p.contains("/.") && !p.startsWith(".")).sorted().toList();
    }
  }

  @Test
  void commitReplacesTouchedPartitionsAndKeepsTheOthers() throws Exception {
    file("chats/report_date=2026-10-01/part-0.parquet", "old-1");
    file("chats/report_date=2026-10-02/part-0.parquet", "old-2");
    file("_staging/r2/chats/report_date=2026-10-02/part-9.parquet", "new-2");
    file("_staging/r2/chats/report_date=2026-10-03/part-9.parquet", "new-3");
    file("_staging/r2/chats/_SUCCESS", "");
    file("_staging/r2/_run.json", "{}");
    assertEquals(2, committer.commit("r2", List.of("chats/report_date=2026-10-02", "chats/report_date=2026-10-03")));
    assertEquals(List.of("_runs/r2.json", "chats/report_date=2026-10-01/part-0.parquet",
        "chats/report_date=2026-10-02/part-9.parquet", "chats/report_date=2026-10-03/part-9.parquet"), tree());
    assertEquals("new-2", read("chats/report_date=2026-10-02/part-9.parquet"));
  }

  @Test
  void recoverDropsARunThatNeverReachedItsCommitMarker() throws Exception {
    file("chats/report_date=2026-10-01/part-0.parquet", "old-1");
    file("_staging/dead/chats/report_date=2026-10-01/part-9.parquet", "half-written");
    committer.recover();
    assertEquals(List.of("chats/report_date=2026-10-01/part-0.parquet"), tree());
    assertEquals("old-1", read("chats/report_date=2026-10-01/part-0.parquet"));
  }

  @Test
  void recoverFinishesACommitCutOffBetweenItsRenames() throws Exception {
    // The state a kill leaves after: marker written, partition 1 swapped, partition 2's old
    // directory moved to the trash but the new one not yet moved in, partition 3 untouched.
    file("chats/report_date=2026-10-01/part-9.parquet", "new-1");
    file("_trash/r2/chats/report_date=2026-10-01/part-0.parquet", "old-1");
    file("_trash/r2/chats/report_date=2026-10-02/part-0.parquet", "old-2");
    file("_staging/r2/chats/report_date=2026-10-02/part-9.parquet", "new-2");
    file("chats/report_date=2026-10-03/part-0.parquet", "old-3");
    file("_staging/r2/chats/report_date=2026-10-03/part-9.parquet", "new-3");
    file("_staging/r2/department_daily/report_date=2026-10-03/part-9.parquet", "m-3");
    file("_staging/r2/_run.json", "{}");
    file("_staging/r2/_COMMIT", "");
    committer.recover();
    assertEquals(List.of("_runs/r2.json", "chats/report_date=2026-10-01/part-9.parquet",
        "chats/report_date=2026-10-02/part-9.parquet", "chats/report_date=2026-10-03/part-9.parquet",
        "department_daily/report_date=2026-10-03/part-9.parquet"), tree());
  }

  @Test
  void aRecomputedPartitionLeftEmptyIsRemoved() throws Exception {
    file("messages/report_date=2026-10-01/part-0.parquet", "chat-1");
    file("messages/report_date=2026-10-05/part-0.parquet", "orphans-of-chat-1");
    file("_staging/r2/messages/report_date=2026-10-01/part-9.parquet", "chat-1-and-its-orphans");
    committer.commit("r2", List.of("messages/report_date=2026-10-01", "messages/report_date=2026-10-05",
        "chats/report_date=2026-10-05"));
    assertEquals(List.of("messages/report_date=2026-10-01/part-9.parquet"), tree());
  }

  @Test
  void abortLeavesNothingBehind() throws Exception {
    file("_staging/r3/chats/report_date=2026-10-01/part-9.parquet", "x");
    committer.abort("r3");
    assertFalse(Files.exists(root.resolve("_staging/r3")));
  }
}
