package org.chatlake.fetch;

import static org.chatlake.fetch.FetchTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.chatlake.cli.Chatlake;
import org.chatlake.fakeapi.FakeApiData;
import org.chatlake.fakeapi.FakeHelpCrunch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chatlake fetch} as its own JVM: on a class path without Spark or Hadoop, and killed with
 * SIGKILL in the middle of a fetch (nothing complete-looking left, the cursor unchanged), then a
 * clean re-run into the same directory.
 */
class FetchKillTest {
  @TempDir Path dir;

  /** The test class path without Spark, Hadoop, Delta, Scala or Parquet jars. */
  private static String classPathWithoutSpark() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(p -> !p.matches(".*/(org/apache/(spark|hadoop|parquet)|io/delta|org/scala-lang)/.*"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static Process startFetch(String classPath, Path log, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath, Chatlake.class.getName(), "fetch"));
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("HELPCRUNCH_API_KEY", KEY); // never on the command line
    return pb.start();
  }

  @Test
  void killedMidFetchLeavesNothingCompleteLookingAndTheCursorUnchangedThenARerunCompletes() throws Exception {
    FakeApiData data = data(250);
    try (FakeHelpCrunch server = FakeHelpCrunch.start(data, KEY)) {
      // a complete backfill first: the state holds a cursor
      new Fetcher(options(server, dir.resolve("day1"))).run();
      Path stateFile = dir.resolve(".fetch-state.json");
      byte[] state = Files.readAllBytes(stateFile);
      // 150 chats change; the next fetch is slow (20 ms a response): 2 chat pages and 150 message calls
      Instant now = Instant.now();
      Set<Long> changed = new HashSet<>();
      for (int i = 0; i < 150; i++) {
        long id = data.chats().get(i).id;
        data.addMessages(id, 1, now);
        changed.add(id);
      }
      server.faults().slowMillis = 20;
      server.clearRequests();

      Path out = dir.resolve("day2");
      Path log = dir.resolve("fetch.log");
      Process fetch = startFetch(classPathWithoutSpark(), log, "--out", out.toString(),
          "--api-url", server.url().toString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (requests(server, "GET", "chats/").size() < 40 && fetch.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(fetch.isAlive(), "still fetching when killed: " + Files.readString(log));
      fetch.destroyForcibly(); // SIGKILL
      assertTrue(fetch.waitFor(30, TimeUnit.SECONDS));
      assertEquals(137, fetch.exitValue());

      assertArrayEquals(state, Files.readAllBytes(stateFile), "the cursor is unchanged");
      assertFalse(summary(out).get("complete").asBoolean());
      // every file under a final name is whole: gzip that ends, JSON that parses
      List<Path> finals = new ArrayList<>();
      for (Path sub : List.of(out.resolve("chats"), out.resolve("messages"))) {
        for (Path f : files(sub)) {
          if (!f.getFileName().toString().startsWith(".")) {
            finals.add(f);
            String text = new String(gunzip(f), java.nio.charset.StandardCharsets.UTF_8);
            for (String line : f.toString().endsWith(".jsonl.gz") ? text.lines().toList() : List.of(text)) {
              FetchTestSupport.JSON.readTree(line);
            }
          }
        }
      }
      assertEquals(List.of("updated-00001.json.gz", "updated-00002.json.gz"), names(out.resolve("chats")),
          "the chat pages; the messages batch was not complete yet");
      assertEquals(2, finals.size());

      // a clean re-run into the same directory starts from the same cursor and completes
      server.faults().slowMillis = 0;
      server.clearRequests();
      Files.writeString(out.resolve("chats/.updated-00003.json.gz.part"), "left by a kill");
      new Fetcher(options(server, out)).run();
      assertTrue(summary(out).get("complete").asBoolean());
      assertFalse(Files.exists(out.resolve("chats/.updated-00003.json.gz.part")), "leftovers removed");
      long cursor = FetchTestSupport.JSON.readTree(state).get("cursor").asLong();
      assertEquals(cursor, FetchTestSupport.JSON.readTree(requests(server, "POST", "chats/search").get(0).body())
          .at("/filter/0/value").asLong());
      Set<Long> fetched = new HashSet<>();
      chats(out).forEach(c -> fetched.add(c.get("id").asLong()));
      assertEquals(changed, fetched);
      Set<String> expected = new HashSet<>();
      changed.forEach(id -> expected.addAll(data.messageTexts(id)));
      assertEquals(expected, new HashSet<>(messageLines(out)));
      assertTrue(FetchTestSupport.JSON.readTree(stateFile.toFile()).get("cursor").asLong() > cursor);
    }
  }

  @Test
  void fetchRunsOnAClassPathWithoutSpark() throws Exception {
    String classPath = classPathWithoutSpark();
    assertTrue(System.getProperty("java.class.path").contains("/org/apache/spark/"), "the test's own has Spark");
    assertFalse(classPath.contains("/org/apache/spark/") || classPath.contains("/org/apache/hadoop/"), classPath);
    try (FakeHelpCrunch server = FakeHelpCrunch.start(data(5), KEY)) {
      Path log = dir.resolve("fetch.log");
      Process fetch = startFetch(classPath, log, "--out", dir.resolve("out").toString(),
          "--api-url", server.url().toString());
      assertTrue(fetch.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, fetch.exitValue(), Files.readString(log));
      assertEquals(5, chats(dir.resolve("out")).size());
    }
  }
}
