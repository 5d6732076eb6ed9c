package org.chatlake.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same options, byte-identical trees; another seed, different files. */
class DeterminismTest {

  @TempDir
  Path tmp;

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  private static void assertSameTree(Path a, Path b) throws IOException {
    List<Path> fa = files(a);
    assertEquals(fa, files(b));
    for (Path p : fa) {
      assertArrayEquals(Files.readAllBytes(a.resolve(p)), Files.readAllBytes(b.resolve(p)), p.toString());
    }
  }

  @Test
  void sampleLayoutIsByteIdenticalForTheSameSeed() throws IOException {
    GeneratorOptions.Builder b = GeneratorOptions.builder(tmp.resolve("a")).chats(600);
    GenerationReport ra = SampleDataGenerator.generate(b.build());
    GenerationReport rb = SampleDataGenerator.generate(b.out(tmp.resolve("b")).build());
    assertSameTree(tmp.resolve("a"), tmp.resolve("b"));
    assertEquals(ra.toJson(), rb.toJson());

    SampleDataGenerator.generate(b.out(tmp.resolve("c")).seed(43).build());
    List<Path> fa = files(tmp.resolve("a"));
    boolean anyDifferent = false;
    for (Path p : fa) {
      Path other = tmp.resolve("c").resolve(p);
      if (!Files.exists(other) || !java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("a").resolve(p)),
        Files.readAllBytes(other))) {
        anyDifferent = true;
      }
    }
    assertFalse(!anyDifferent, "another seed gives other data");
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("a/chats/api-pages/page-0001.json")),
      Files.readAllBytes(tmp.resolve("c/chats/api-pages/page-0001.json"))));
  }

  @Test
  void benchLayoutDoesNotDependOnThreads() throws IOException {
    GeneratorOptions.Builder b = GeneratorOptions.builder(tmp.resolve("t1")).chats(1500)
      .layout(GeneratorOptions.Layout.BENCH).chatsPerFile(250).threads(1);
    SampleDataGenerator.generate(b.build());
    SampleDataGenerator.generate(b.out(tmp.resolve("t3")).threads(3).build());
    assertSameTree(tmp.resolve("t1"), tmp.resolve("t3"));
  }

  @Test
  void refusesToMixWithAnExistingTree() throws IOException {
    GeneratorOptions o = GeneratorOptions.builder(tmp.resolve("x")).chats(150).messages(false).build();
    SampleDataGenerator.generate(o);
    assertThrows(IOException.class, () -> SampleDataGenerator.generate(o));
  }

  @Test
  void commandLine() throws IOException {
    Path out = tmp.resolve("cli");
    int rc = SampleDataGenerator.commandLine().execute("--out", out.toString(), "--chats", "120", "--seed", "7",
      "--days", "3", "--start-date", "2026-12-30", "--no-messages", "--layout", "SAMPLE");
    assertEquals(0, rc);
    assertFalse(Files.exists(out.resolve("messages")));
    String page = ExportTree.read(out.resolve("chats/api-pages/page-0001.json"));
    // 2026-12-30T00:00Z = 1798588800
    assertFalse(page.contains("\"createdAt\":\"17985887"), "no chat before the start date");
    SampleDataGenerator cmd = new SampleDataGenerator();
    SampleDataGenerator.commandLine(cmd).parseArgs("--out", "x");
    assertEquals(true, cmd.messages);
    assertEquals(5000, cmd.chats);
    assertEquals(42, cmd.seed);
    assertEquals(null, cmd.layout); // sample, or bench with --single-file
    assertEquals(java.time.LocalDate.of(2026, 10, 1), cmd.startDate);
    SampleDataGenerator.commandLine(cmd = new SampleDataGenerator()).parseArgs("--out", "x", "--messages");
    assertEquals(true, cmd.messages);
    SampleDataGenerator.commandLine(cmd = new SampleDataGenerator()).parseArgs("--out", "x", "--no-messages");
    assertEquals(false, cmd.messages);
  }
}
