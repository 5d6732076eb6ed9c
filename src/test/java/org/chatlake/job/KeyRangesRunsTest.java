package org.chatlake.job;

import static org.chatlake.OutputTables.table;
import static org.chatlake.job.FaultToleranceTest.chat;
import static org.chatlake.job.FaultToleranceTest.message;
import static org.chatlake.job.FaultToleranceTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.chatlake.SparkTestSession;
import org.chatlake.cli.ChatJob;
import org.chatlake.model.Tables;
import org.chatlake.output.DeltaTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose lookups by key carry the keys as intervals for Delta's file skipping
 * ({@code KeyRanges}) finds every stored row of the chats it changes, and writes the tables as
 * counted by hand. The test tables are far below the size from which a run uses intervals (every
 * other test runs without them), so these runs use them at any size.
 */
class KeyRangesRunsTest {
  @TempDir static Path dir;

  @Test
  void lookupsWithIntervalsFindEveryStoredRow() throws Exception {
    // Day 1: chats 10, 20, ..., 600, one customer message each. Day 2: chats 20, 300 and 590 are
    // closed with an agent's reply (their stored message must be found again: messages_total 2),
    // chats 1001 to 1020 are new.
    StringBuilder chats1 = new StringBuilder();
    StringBuilder messages1 = new StringBuilder();
    for (int id = 10; id <= 600; id += 10) {
      long created = 1_790_000_000L + id * 600L;
      chats1.append(chat(id, "opened", created, created + 60)).append('\n');
      messages1.append(message(100L * id, id, "customer", created + 10)).append('\n');
    }
    StringBuilder chats2 = new StringBuilder();
    StringBuilder messages2 = new StringBuilder();
    for (int id : new int[] {20, 300, 590}) {
      long created = 1_790_000_000L + id * 600L;
      chats2.append(chat(id, "closed", created, created + 900)).append('\n');
      messages2.append(message(100L * id + 1, id, "agent", created + 900)).append('\n');
    }
    for (int id = 1001; id <= 1020; id++) {
      long created = 1_790_500_000L + id;
      chats2.append(chat(id, "new", created, created + 30)).append('\n');
      messages2.append(message(100L * id, id, "customer", created + 10)).append('\n');
    }
    Path day1 = dir.resolve("in/day1");
    Path day2 = dir.resolve("in/day2");
    write(day1.resolve("chats/c.jsonl"), chats1);
    write(day1.resolve("messages/m.jsonl"), messages1);
    write(day2.resolve("chats/c.jsonl"), chats2);
    write(day2.resolve("messages/m.jsonl"), messages2);

    // Day 2 carries the ids as intervals at any table size; day 1 has no stored rows to look up.
    Path out = dir.resolve("out");
    var spark = SparkTestSession.get();
    spark.conf().set(DeltaTables.KEY_RANGES_MIN_BYTES, "0");
    try {
      assertEquals(0, ChatJob.run(FaultToleranceTest.args(day1, out)));
      assertEquals(0, ChatJob.run(FaultToleranceTest.args(day2, out)));
    } finally {
      spark.conf().unset(DeltaTables.KEY_RANGES_MIN_BYTES);
    }

    // Counted by hand: 60 chats on day 1, 20 new on day 2; 60 + 3 + 20 messages; one agent per chat.
    assertEquals(80, table(out, Tables.CHATS).count());
    assertEquals(83, table(out, Tables.MESSAGES).count());
    assertEquals(80, table(out, Tables.CHAT_AGENTS).count());
    // The changed chats found their stored rows: the day-1 message counts, the stored version is replaced.
    assertEquals(List.of("[20,closed,2]", "[300,closed,2]", "[590,closed,2]"),
        table(out, Tables.CHATS).where("chat_id IN (20, 300, 590)").orderBy("chat_id")
            .select("chat_id", "status", "messages_total").collectAsList().stream().map(Object::toString).toList());
    assertEquals(57, table(out, Tables.CHATS).where("chat_id <= 600 AND status <> 'closed'").count());
    assertEquals(80L, table(out, Tables.DEPARTMENT_DAILY).selectExpr("sum(chats_total)").first().getLong(0));
    assertEquals(3L, table(out, Tables.DEPARTMENT_DAILY).selectExpr("sum(chats_closed)").first().getLong(0));
    // The day-2 MERGE of chats carried the 23 ids as intervals (each its own: at most 32 are kept).
    String merged = lastPredicate(out.resolve(Tables.CHATS));
    for (int id : new int[] {20, 300, 590, 1001, 1020}) {
      assertTrue(Pattern.compile("chat_id#\\d+L >= " + id + "\\) AND \\(chat_id#\\d+L <= " + id + "\\)")
          .matcher(merged).find(), id + " in " + merged);
    }
    assertFalse(merged.contains(">= 10)"), "chat 10 did not change: " + merged);
  }

  /** The predicate of a table's latest commit (a MERGE's condition). */
  private static String lastPredicate(Path table) throws Exception {
    Path log;
    try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
      log = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().reduce((a, b) -> b).orElseThrow();
    }
    for (String line : Files.readAllLines(log)) {
      var commit = new ObjectMapper().readTree(line).get("commitInfo");
      if (commit != null) {
        return commit.get("operationParameters").get("predicate").asText();
      }
    }
    throw new AssertionError("no commitInfo in " + log);
  }
}
