package org.chatlake.job;

import static org.chatlake.OutputTables.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.chatlake.DeltaFiles;
import org.chatlake.SparkTestSession;
import org.chatlake.cli.Chatlake;
import org.chatlake.cli.ChatJob;
import org.chatlake.model.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage rules of output.md on Delta: rows merged by key (a chat that changes report_date
 * moves), full mode that keeps other days, restore, an output written with an older schema
 * extended in place, and the report time zone kept.
 */
class DeltaOutputTest {
  @TempDir Path dir;

  private Path write(String name, String... lines) throws Exception {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, String.join("\n", lines) + "\n");
    return f.getParent();
  }

  private static String chat(long id, Long created, long lastMessage, String status) {
    return String.format("{\"id\": %d, \"status\": \"%s\", \"createdAt\": %s, \"lastMessageAt\": %d,"
        + " \"department\": {\"id\": 1, \"name\": \"Support\"}}", id, status,
        created == null ? "null" : String.valueOf(created), lastMessage);
  }

  private static List<String> datesOf(Path out, String table, String where) {
    return table(out, table).where(where).selectExpr("cast(report_date as string)").collectAsList().stream()
        .map(r -> String.valueOf(r.get(0))).sorted().toList();
  }

  private static long chatsTotal(Path out) {
    Row r = table(out, Tables.DEPARTMENT_DAILY).selectExpr("sum(chats_total)").first();
    return r.isNullAt(0) ? 0 : r.getLong(0);
  }

  @Test
  void aChatWhoseCreatedAtChangesMovesToItsNewDateAndIsCountedOnce() throws Exception {
    Path out = dir.resolve("out");
    // Chat 1 on 2026-09-22 (10:00 UTC), then corrected to 2026-09-24; chat 2 stays on 2026-09-22;
    // chat 3 first without createdAt (the NULL date), then with one (2026-09-24).
    Path day1 = write("d1/chats.jsonl", chat(1, 1_790_071_200L, 1_790_071_300L, "opened"),
        chat(2, 1_790_071_200L, 1_790_071_300L, "opened"), chat(3, null, 1_790_071_400L, "new"));
    Path day2 = write("d2/chats.jsonl", chat(1, 1_790_244_000L, 1_790_244_100L, "closed"),
        chat(3, 1_790_244_000L, 1_790_300_100L, "opened"));
    assertEquals(0, ChatJob.run("--input", day1.toString(), "--output", out.toString()));
    assertEquals(List.of("2026-09-22", "2026-09-22"), datesOf(out, Tables.CHATS, "chat_id < 3"));
    assertEquals(List.of("null"), datesOf(out, Tables.CHATS, "chat_id = 3"));
    assertEquals(1, table(out, Tables.STATUS_DAILY).where("report_date IS NULL").count());
    assertEquals(0, ChatJob.run("--input", day2.toString(), "--output", out.toString()));
    assertEquals(List.of("2026-09-24"), datesOf(out, Tables.CHATS, "chat_id = 1"), "moved, no stale copy");
    assertEquals(List.of("2026-09-24"), datesOf(out, Tables.CHATS, "chat_id = 3"), "from the NULL date to a real one");
    assertEquals(3, table(out, Tables.CHATS).count());
    assertEquals(3, chatsTotal(out), "every daily table counts each chat once");
    assertEquals(List.of("2026-09-22", "2026-09-24"), datesOf(out, Tables.DEPARTMENT_DAILY, "true"));
    assertEquals(0, table(out, Tables.STATUS_DAILY).where("report_date IS NULL").count(), "the NULL date emptied");
    assertEquals(List.of(2L, 1L), List.of(
        table(out, Tables.DEPARTMENT_DAILY).where("report_date = '2026-09-24'").first().<Long>getAs("chats_total"),
        table(out, Tables.DEPARTMENT_DAILY).where("report_date = '2026-09-22'").first().<Long>getAs("chats_total")));
  }

  private static String chatWithAgents(long id, long created, long lastMessage, long... agents) {
    StringBuilder list = new StringBuilder();
    for (long a : agents) {
      list.append(list.length() == 0 ? "" : ", ").append(String.format("{\"id\": %d, \"name\": \"A%d\"}", a, a));
    }
    return String.format("{\"id\": %d, \"status\": \"opened\", \"createdAt\": %d, \"lastMessageAt\": %d,"
        + " \"department\": {\"id\": 1, \"name\": \"Support\"}, \"agents\": [%s]}", id, created, lastMessage, list);
  }

  /**
   * chat_agents holds exactly the agents of each chat's latest state: an agent no longer listed
   * is deleted, one newly listed added, and a chat's agents move with it to its new date.
   */
  @Test
  void aChatsAgentsAreReplacedByThoseOfItsLatestState() throws Exception {
    Path out = dir.resolve("out");
    // Chat 1 on 2026-09-22 with agents 7 and 8, then with 8 and 9; chat 2 with agent 7, then moved
    // to 2026-09-24 with no agent; chat 3 (agent 7) only on day 1.
    Path day1 = write("a1/chats.jsonl", chatWithAgents(1, 1_790_071_200L, 1_790_071_300L, 7, 8),
        chatWithAgents(2, 1_790_071_200L, 1_790_071_300L, 7), chatWithAgents(3, 1_790_071_200L, 1_790_071_300L, 7));
    Path day2 = write("a2/chats.jsonl", chatWithAgents(1, 1_790_071_200L, 1_790_072_000L, 8, 9),
        chatWithAgents(2, 1_790_244_000L, 1_790_244_100L));
    assertEquals(0, ChatJob.run("--input", day1.toString(), "--output", out.toString()));
    assertEquals(0, ChatJob.run("--input", day2.toString(), "--output", out.toString()));
    assertEquals(List.of("[1,8,2026-09-22]", "[1,9,2026-09-22]", "[3,7,2026-09-22]"),
        table(out, Tables.CHAT_AGENTS).selectExpr("chat_id", "agent_id", "cast(report_date as string)")
            .collectAsList().stream().map(Row::toString).sorted().toList());
  }

  @Test
  void fullModeWithMessagesOverAnExistingOutputKeepsEveryOtherDay() throws Exception {
    Path out = dir.resolve("out");
    Path chats = write("c/chats.jsonl", chat(1, 1_790_071_200L, 1_790_071_300L, "opened"),
        chat(2, 1_790_244_000L, 1_790_244_100L, "opened"));
    assertEquals(0, ChatJob.run("--input", chats.toString(), "--output", out.toString()));
    List<List<String>> before = new ArrayList<>();
    for (String t : List.of(Tables.CHATS, Tables.DEPARTMENT_DAILY, Tables.CHAT_AGENTS)) {
      before.add(rows(out, t, "ingested_at"));
    }
    // full mode, chat 2 only, with a message of chat 1 (stored, not in this input)
    Path onlyChat2 = write("c2/chats.jsonl", chat(2, 1_790_244_000L, 1_790_244_100L, "opened"));
    Path messages = write("m/messages.jsonl", "{\"id\": 50, \"chat\": 1, \"from\": \"customer\", \"type\": \"message\","
        + " \"createdAt\": 1790071250, \"updatedAt\": 1790071250, \"text\": \"hi\"}");
    assertEquals(0, ChatJob.run("--input", onlyChat2.toString(), "--messages", messages.toString(),
        "--output", out.toString(), "--mode", "full"));
    assertEquals(List.of("2026-09-22", "2026-09-24"), datesOf(out, Tables.CHATS, "true"), "both days kept");
    assertEquals(2, chatsTotal(out));
    assertEquals(1, (int) table(out, Tables.CHATS).where("chat_id = 1").first().<Integer>getAs("messages_total"));
    assertEquals(List.of("2026-09-22"), datesOf(out, Tables.MESSAGES, "true"), "the message sits with its chat");
    assertEquals(0L, lastSummary(out).get("messages").get("orphans").asLong());
    assertEquals(before.get(2), rows(out, Tables.CHAT_AGENTS, "ingested_at"));
  }

  @Test
  void restoreUndoesARunAndEveryLaterOne() throws Exception {
    Path out = dir.resolve("out");
    Path day1 = write("d1/chats.jsonl", chat(1, 1_790_071_200L, 1_790_071_300L, "opened"));
    Path day2 = write("d2/chats.jsonl", chat(1, 1_790_071_200L, 1_790_080_000L, "closed"),
        chat(2, 1_790_244_000L, 1_790_244_100L, "opened"));
    Path day3 = write("d3/chats.jsonl", chat(3, 1_790_330_400L, 1_790_330_500L, "new"));
    assertEquals(0, ChatJob.run("--input", day1.toString(), "--output", out.toString()));
    List<String> afterDay1 = rows(out, Tables.CHATS);
    List<String> dailyAfterDay1 = rows(out, Tables.DEPARTMENT_DAILY);
    assertEquals(0, ChatJob.run("--input", day2.toString(), "--output", out.toString()));
    String day2Run = lastSummary(out).get("run_id").asText();
    assertEquals(0, ChatJob.run("--input", day3.toString(), "--output", out.toString()));
    assertEquals(3, table(out, Tables.CHATS).count());

    assertEquals(0, Chatlake.run("restore", "--output", out.toString(), "--before-run", day2Run));
    assertEquals(afterDay1, rows(out, Tables.CHATS));
    assertEquals(dailyAfterDay1, rows(out, Tables.DEPARTMENT_DAILY));
    assertEquals(List.of("2026-09-22"), datesOf(out, Tables.CHATS, "true"));
    // readers without Delta see the restored version too
    assertEquals(1, DeltaFiles.currentFiles(out.resolve(Tables.CHATS)).size());
    JsonNode restore = lastSummary(out);
    assertEquals("restored", restore.get("status").asText());
    assertEquals(day2Run, restore.get("options").get("before_run").asText());
    // the output stays usable: the same day-2 export again gives the day-2 state back
    assertEquals(0, ChatJob.run("--input", day2.toString(), "--output", out.toString()));
    assertEquals(2, table(out, Tables.CHATS).count());
    assertEquals(2, Chatlake.run("restore", "--output", out.toString(), "--before-run", "no-such-run"));
  }

  @Test
  void anOutputWithAnOlderSchemaIsExtendedInPlace() throws Exception {
    Path out = dir.resolve("out");
    Path day1 = write("d1/chats.jsonl", chat(1, 1_790_071_200L, 1_790_071_300L, "opened"),
        chat(2, 1_790_244_000L, 1_790_244_100L, "opened"));
    assertEquals(0, ChatJob.run("--input", day1.toString(), "--output", out.toString()));
    // What an older release wrote: the same tables without some of today's columns.
    Path old = dir.resolve("old");
    for (String t : List.of(Tables.CHATS, Tables.CHAT_AGENTS, Tables.DEPARTMENT_DAILY, Tables.AGENT_DAILY,
        Tables.RATING_DAILY, Tables.STATUS_DAILY)) {
      org.apache.spark.sql.Dataset<Row> rows = table(out, t);
      if (t.equals(Tables.CHATS)) {
        rows = rows.drop("unanswered", "awaiting_reply", "reopen_count", "first_closed_at", "one_touch", "handed_off");
      } else if (t.equals(Tables.DEPARTMENT_DAILY)) {
        rows = rows.drop("chats_unanswered", "chats_reopened", "reopen_rate");
      }
      rows.write().format("delta").partitionBy("report_date")
          .option("delta.compatibility.symlinkFormatManifest.enabled", "true").save(old.resolve(t).toString());
    }
    SparkTestSession.get().sql("ALTER TABLE delta.`" + old.resolve(Tables.CHATS)
        + "` SET TBLPROPERTIES ('chatlake.timezone' = 'UTC')");
    List<Path> untouchedDay = DeltaFiles.currentFiles(old.resolve(Tables.CHATS)).stream()
        .filter(f -> f.toString().contains("2026-09-22")).toList();

    Path day2 = write("d2/chats.jsonl", chat(2, 1_790_244_000L, 1_790_250_000L, "closed"));
    assertEquals(0, ChatJob.run("--input", day2.toString(), "--output", old.toString()));
    assertTrue(List.of(table(old, Tables.CHATS).columns()).containsAll(List.of("unanswered", "awaiting_reply")));
    assertTrue(List.of(table(old, Tables.DEPARTMENT_DAILY).columns()).contains("chats_unanswered"));
    assertEquals(untouchedDay, DeltaFiles.currentFiles(old.resolve(Tables.CHATS)).stream()
        .filter(f -> f.toString().contains("2026-09-22")).toList(), "the untouched day was not rewritten");
    Row chat2 = table(old, Tables.CHATS).where("chat_id = 2").first();
    assertEquals("closed", chat2.getAs("status"));
    assertEquals(Boolean.FALSE, chat2.getAs("awaiting_reply"), "the new column is computed for changed rows");
    assertTrue(table(old, Tables.CHATS).where("chat_id = 1").first().isNullAt(
        table(old, Tables.CHATS).schema().fieldIndex("awaiting_reply")), "and null on old rows");
    Row recomputed = table(old, Tables.DEPARTMENT_DAILY).where("report_date = '2026-09-24'").first();
    assertEquals(1L, recomputed.<Long>getAs("chats_closed"));
    assertTrue(recomputed.isNullAt(recomputed.fieldIndex("chats_unanswered")), "no message data: null");
    // history.md on an older output: chat 2 (stored opened, now closed without a closedAt) has no
    // reopen and was never seen closed with a closed_at; chat 1, untouched, keeps nulls
    assertEquals(0, (int) chat2.<Integer>getAs("reopen_count"));
    assertTrue(chat2.isNullAt(chat2.fieldIndex("first_closed_at")));
    assertTrue(table(old, Tables.CHATS).where("chat_id = 1").first().isNullAt(
        table(old, Tables.CHATS).schema().fieldIndex("reopen_count")));
    assertEquals(0L, recomputed.<Long>getAs("chats_reopened"));
    // backlog_daily, created by this run: chat 1 (created 09-22 09:20Z, opened) is open at the end
    // of the 22nd, the 23rd (no chat that day) and the 24th; chat 2 (created 09-24 09:20Z, closed
    // without closed_at) counts as opened but is never open nor "closed" on a day; the horizon
    // is chat 2's last message (09-24 11:00Z)
    assertEquals(List.of("2026-09-22 1 1 0", "2026-09-23 1 0 0", "2026-09-24 1 1 0"),
        table(old, Tables.BACKLOG_DAILY).where("department_id = 1").orderBy("as_of_date")
            .selectExpr("concat_ws(' ', cast(as_of_date as string), open_at_end, opened, closed)").collectAsList()
            .stream().map(r -> r.getString(0)).toList());
  }

  @Test
  void anotherTimezoneIsRefusedAndChangesNothing() throws Exception {
    Path out = dir.resolve("out");
    Path day1 = write("d1/chats.jsonl", chat(1, 1_790_071_200L, 1_790_071_300L, "opened"));
    assertEquals(0, ChatJob.run("--input", day1.toString(), "--output", out.toString(), "--timezone", "Europe/Warsaw"));
    List<String> before = rows(out, Tables.CHATS);
    int runs = summaries(out).size();
    assertEquals(2, ChatJob.run("--input", day1.toString(), "--output", out.toString()));
    assertEquals(before, rows(out, Tables.CHATS));
    assertEquals(runs, summaries(out).size(), "a refused run writes no ledger");
  }
}
