package org.chatlake.ingest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing and planning on the driver: globs, hidden files, links, odd names, split sizes. */
class InputPlannerTest {
  @TempDir Path dir;

  private final Configuration conf = new Configuration();

  private Path touch(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
    return f;
  }

  private List<String> list(String... inputs) throws IOException {
    return new InputPlanner(conf, 128L << 20, 2).listFiles(List.of(inputs)).stream()
        .map(f -> dir.relativize(Path.of(f.getPath().toUri().getPath())).toString()).toList();
  }

  @Test
  void theHiddenFileRuleAppliesToWhatAGlobMatches() throws IOException {
    touch("a.jsonl", "{}");
    touch("_SUCCESS", "");
    touch(".a.jsonl.crc", "x");
    touch("_tmp/b.jsonl", "{}");
    touch("c/_d.jsonl", "{}");
    touch("c/e.jsonl", "{}");
    assertEquals(List.of("a.jsonl", "c/e.jsonl"), list(dir + "/*"));
    assertEquals(List.of("a.jsonl", "c/e.jsonl"), list(dir.toString()));
    assertEquals(List.of("c/e.jsonl"), list(dir + "/c/*"));
    // a path the user names is read, whatever its name
    assertEquals(List.of("c/_d.jsonl"), list(dir + "/c/_d.jsonl"));
  }

  @Test
  void aSymlinkLoopIsListedOnceAndQuickly() throws IOException {
    for (int d = 0; d < 4; d++) {
      for (int f = 0; f < 4; f++) {
        touch("tree/d" + d + "/f" + f + ".jsonl", "{}");
      }
    }
    Files.createSymbolicLink(dir.resolve("tree/d0/up"), Path.of(".."));
    Files.createSymbolicLink(dir.resolve("tree/d3/self"), Path.of("."));
    Files.createSymbolicLink(dir.resolve("tree/d2/again"), Path.of("../d1"));
    // a second name for a file is read once, under the name that sorts first
    Files.createSymbolicLink(dir.resolve("tree/d1/alias.jsonl"), Path.of("../d0/f0.jsonl"));
    Files.createSymbolicLink(dir.resolve("tree/d1/dangling.jsonl"), Path.of("../nowhere"));
    // as a directory, and as a glob whose matches are reached again through the links
    for (String input : List.of(dir.resolve("tree").toString(), dir + "/tree/*")) {
      List<String> files = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> list(input));
      assertEquals(16, files.size(), files.toString());
      for (int d = 0; d < 4; d++) {
        for (int f = 0; f < 4; f++) {
          assertTrue(files.contains("tree/d" + d + "/f" + f + ".jsonl"), files.toString());
        }
      }
    }
  }

  @Test
  void namesWithColonPercentHashAndNonAsciiLetters() throws IOException {
    touch("names/chats 2026:11:01.jsonl", "{}");
    touch("names/100% done.jsonl", "{}");
    touch("names/a#b.jsonl", "{}");
    touch("names/zażółć 日本.jsonl", "{}");
    List<String> all = List.of("names/100% done.jsonl", "names/a#b.jsonl", "names/chats 2026:11:01.jsonl",
        "names/zażółć 日本.jsonl");
    assertEquals(all, list(dir.resolve("names").toString()));
    // Hadoop's globber fails on a directory holding a name with ':'
    assertEquals(all, list(dir + "/names/*.jsonl"));
    assertEquals(List.of("names/chats 2026:11:01.jsonl"), list(dir + "/nam?s/chats 2026:11:01.jsonl"));
    assertEquals(List.of("names/chats 2026:11:01.jsonl"), list(dir + "/names/chats 2026:11:01.jsonl"));
    assertThrows(InputPlanner.InputNotFoundException.class, () -> list(dir + "/names/nope*"));
  }

  @Test
  void splitSizesThatOverflowAreRefusedAndHugeOnesEndThePlan() throws IOException {
    // --split-size-mb 2^43 is 2^63 bytes: Long.MIN_VALUE
    assertThrows(IllegalArgumentException.class, () -> new InputPlanner(conf, (1L << 43) << 20, 2));
    assertThrows(IllegalArgumentException.class, () -> new InputPlanner(conf, 0, 2));
    Path big = touch("big.jsonl", "{}\n".repeat(1_000_000)); // 3,000,000 bytes
    List<FileStatus> files = new InputPlanner(conf, 1, 1).listFiles(List.of(big.toString()));
    for (long split : new long[] {Long.MAX_VALUE, Long.MAX_VALUE / 2 + 1, 1_000_000}) {
      List<List<ReadUnit>> tasks = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> new InputPlanner(conf, split, 1).plan(files));
      List<ReadUnit> units = tasks.stream().flatMap(List::stream)
          .sorted(java.util.Comparator.comparingLong(ReadUnit::start)).toList();
      // pieces of at most the split size (or 1 MiB, or the whole file) cover the file once
      long expectedUnits = split == 1_000_000 ? 3 : 1;
      assertEquals(expectedUnits, units.size(), "split " + split);
      assertEquals(0, units.get(0).start());
      assertEquals(3_000_000, units.stream().mapToLong(ReadUnit::weight).sum(), "split " + split);
      assertEquals(Long.MAX_VALUE, units.get(units.size() - 1).end());
    }
  }
}
