package org.chatlake.job;

import static org.chatlake.job.FaultToleranceTest.*;
import static org.chatlake.OutputTables.summaries;
import static org.chatlake.OutputTables.table;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chatlake.cli.ChatJob;
import org.chatlake.model.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs against one output at the same time: nothing is lost or doubled, and the loser says why. */
class ConcurrentRunsTest {
  @TempDir static Path dir;

  @BeforeAll
  static void exports() throws Exception {
    writeExports(dir);
  }

  @Test
  void twoConcurrentRunsLoseNothingAndTheLoserSaysWhy() throws Exception {
    Path out = dir.resolve("out");
    assertEquals(0, ChatJob.run(args(day1, out)));
    Path otherDay = dir.resolve("in/day3");
    StringBuilder chats3 = new StringBuilder();
    for (int i = 0; i < 120; i++) {
      long created = 1_790_000_000L + i * 7_000L;
      chats3.append(chat(i, "pending", created, created + 500)).append('\n'); // between day 1 and day 2
      chats3.append(chat(2000 + i, "new", created + 200_000, created + 200_050)).append('\n');
    }
    write(otherDay.resolve("chats/chats.jsonl"), chats3);
    write(otherDay.resolve("messages/m.jsonl"), message(7, 0, "customer", 1_790_000_000L + 20) + "\n");

    // Two processes, as two scheduled runs would be: one in a JVM of its own, the other in this one,
    // started when the first is about to commit, so that it reads and commits while the first commits.
    Process a = startJob(dir.resolve("a.log"), args(day2, out));
    awaitCommitting(out, a);
    ByteArrayOutputStream bErr = new ByteArrayOutputStream();
    int bExit = runWithStderrTo(bErr, args(otherDay, out));
    assertTrue(a.waitFor(10, TimeUnit.MINUTES));
    // They did overlap: the second run read a table before the first had committed it.
    JsonNode aRun = firstRunOf(out, day2);
    JsonNode bRun = firstRunOf(out, otherDay);
    assertTrue(Tables.RUN_TABLES.stream().anyMatch(t -> bRun.get("base_versions").path(t).asLong(-1)
        < aRun.get("committed_versions").path(t).asLong(-1)), () -> aRun + "\n" + bRun);
    assertLoserSaysWhy(a.exitValue(), Files.readString(dir.resolve("a.log")), day2, out);
    assertLoserSaysWhy(bExit, bErr.toString(StandardCharsets.UTF_8), otherDay, out);

    // Nothing lost, nothing doubled, whatever the order: chats 0-119 (closed on day 2, the latest state:
    // its last message is later than day 3's), 1000-1119 (day 2) and 2000-2119 (day 3), each once.
    assertEquals(360, table(out, Tables.CHATS).count());
    assertEquals(360, table(out, Tables.CHATS).select("chat_id").distinct().count());
    assertEquals(120, table(out, Tables.CHATS).where("chat_id < 1000 AND status = 'closed'").count());
    assertEquals(120, table(out, Tables.CHATS).where("chat_id >= 2000 AND status = 'new'").count());
    assertEquals(360, table(out, Tables.CHAT_AGENTS).count());
    assertEquals(241, table(out, Tables.MESSAGES).count(), "120 + 120 + 1 messages");
    assertEquals(3, (int) table(out, Tables.CHATS).where("chat_id = 0").first().<Integer>getAs("messages_total"));
    assertEquals(360L, table(out, Tables.DEPARTMENT_DAILY).selectExpr("sum(chats_total)").first().getLong(0));
    assertEquals(360L, table(out, Tables.STATUS_DAILY).selectExpr("sum(chats)").first().getLong(0));
  }

  /** Waits until the job's run (the output's second) has staged its changes and starts committing. */
  private static void awaitCommitting(Path out, Process job) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (job.isAlive() && System.nanoTime() < deadline) {
      List<JsonNode> runs = summaries(out);
      if (runs.size() == 2 && !ChatPipeline.STARTED.equals(runs.get(1).get("status").asText())) {
        return;
      }
      Thread.sleep(10);
    }
  }

  /** The ledger of the first run over this input. */
  private static JsonNode firstRunOf(Path out, Path input) throws Exception {
    String chats = input.resolve("chats").toString();
    return summaries(out).stream().filter(r -> r.get("inputs").get("chats").toString().contains(chats))
        .findFirst().orElseThrow();
  }

  /** A run that failed failed because the other committed first, says so in one line, and succeeds when re-run. */
  private static void assertLoserSaysWhy(int exit, String log, Path input, Path out) {
    if (exit == 0) {
      return;
    }
    assertEquals(1, exit, log);
    List<String> causes = log.lines().filter(l -> l.startsWith("chatlake: ")).toList();
    assertEquals(1, causes.size(), log);
    assertTrue(causes.get(0).matches("chatlake: another run committed to \\w+ first; this run changed nothing,"
        + " re-run it") || causes.get(0).contains("the next run completes them"), causes.get(0));
    assertEquals(0, ChatJob.run(args(input, out)), "the re-run succeeds");
  }
}
