package org.chatlake.job;

import static org.chatlake.OutputTables.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.chatlake.cli.ChatJob;
import org.chatlake.model.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daily runs on each day's export give the same tables as one full run over all days, also after
 * a department and an agent are renamed, and re-running a day changes nothing.
 */
class IncrementalRunsTest {
  @TempDir Path dir;

  static final long DAY0 = 1_790_000_000L; // 2026-09-21T13:33:20Z
  static final int DAYS = 5;

  /** Day d's export: chats created that day, later states of some earlier chats, their messages. */
  private void writeExports() throws Exception {
    Random rnd = new Random(7);
    List<List<String>> chats = new ArrayList<>();
    List<List<String>> messages = new ArrayList<>();
    for (int d = 0; d < DAYS; d++) {
      chats.add(new ArrayList<>());
      messages.add(new ArrayList<>());
    }
    long messageId = 1;
    for (int c = 0; c < 60; c++) {
      long id = 100 + c;
      int day = c % DAYS;
      long created = DAY0 + day * 86_400L + rnd.nextInt(40_000);
      long dept = 1 + rnd.nextInt(3);
      long agent = 10 + rnd.nextInt(4);
      long customerAt = created + 10;
      long replyAt = customerAt + 60 + rnd.nextInt(600);
      if (c % 7 != 0 && dept == 2 && (firstSeenDept2 == 0 || created < firstSeenDept2)) {
        firstSeenDept2 = created;
      }
      // day of creation: opened, customer waiting
      chats.get(day).add(chat(id, "opened", null, created, null, customerAt, customerAt, dept(c, dept, day), agent, day));
      messages.get(day).add(message(messageId++, id, "customer", null, customerAt, customerAt));
      int later = day + 1 + rnd.nextInt(2);
      if (later < DAYS && c % 3 != 0) {
        // a later day: answered and closed, with a rating
        String rating = new String[] {"great", "average", "poor", "perfect"}[c % 4];
        chats.get(later).add(chat(id, "closed", rating, created, replyAt + 100, replyAt, customerAt,
            dept(c, dept, later), agent, later));
        messages.get(later).add(message(messageId++, id, "agent", agent, replyAt, replyAt));
        // the customer's message edited later: the same id again with a greater updatedAt
        messages.get(later).add(message(messageId - 2, id, "customer", null, customerAt, replyAt));
        long again = replyAt + 86_400;
        if (later + 1 < DAYS && c % 4 == 1) {
          // history.md: reopened the next day (the customer wrote again), closed again the day after
          chats.get(later + 1).add(chat(id, "opened", null, created, null, again, again, dept(c, dept, later + 1),
              agent, later + 1));
          if (later + 2 < DAYS) {
            chats.get(later + 2).add(chat(id, "closed", null, created, again + 300, again + 200, again,
                dept(c, dept, later + 2), agent, later + 2));
          }
          reopened.add(id);
        } else if (later + 1 < DAYS && c % 4 == 2) {
          // closed again with a later closed_at, without an open snapshot in between: a reopen too
          chats.get(later + 1).add(chat(id, "closed", rating, created, again + 100, again, again,
              dept(c, dept, later + 1), agent, later + 1));
          reopened.add(id);
        } else if (later + 1 < DAYS && c % 4 == 3) {
          // re-exported unchanged the next day: no transition
          chats.get(later + 1).add(chat(id, "closed", rating, created, replyAt + 100, replyAt, customerAt,
              dept(c, dept, later + 1), agent, later + 1));
        }
        firstClosed.put(id, replyAt + 100);
      }
    }
    // an orphan on day 1 whose chat arrives on day 3 (created on day 1)
    messages.get(1).add(message(9_001, 999, "customer", null, DAY0 + 86_400 + 50, DAY0 + 86_400 + 50));
    chats.get(3).add(chat(999, "opened", null, DAY0 + 86_400 + 40, null, DAY0 + 86_400 + 50, DAY0 + 86_400 + 50,
        "null", 11, 3));
    for (int d = 0; d < DAYS; d++) {
      Path day = dir.resolve("exports").resolve("day" + d);
      Files.createDirectories(day.resolve("chats"));
      Files.createDirectories(day.resolve("messages"));
      Files.writeString(day.resolve("chats").resolve("chats.jsonl"), String.join("\n", chats.get(d)) + "\n");
      Files.writeString(day.resolve("messages").resolve("messages.json"),
          "{\"data\": [" + String.join(",\n", messages.get(d)) + "], \"total\": " + messages.get(d).size() + "}");
    }
  }

  /** The chats the exports reopen once (across daily exports), and each chat's first closedAt. */
  private final java.util.Set<Long> reopened = new java.util.TreeSet<>();
  private final java.util.Map<Long, Long> firstClosed = new java.util.TreeMap<>();

  /** The greatest lastMessageAt or message createdAt exported (epoch seconds): history.md's data horizon. */
  private long horizon;

  /** Earliest created_at (epoch seconds) of a chat in department 2. */
  private long firstSeenDept2;

  /**
   * Department 2 is renamed from day 3 on and agent 11 from day 2 on: exports of those days carry
   * the new names, earlier exports the old ones.
   */
  private static String dept(int c, long dept, int exportDay) {
    if (c % 7 == 0) {
      return "null";
    }
    String name = dept == 2 && exportDay >= 3 ? "Support EMEA" : "Dept " + dept;
    return "{\"id\": " + dept + ", \"name\": \"" + name + "\"}";
  }

  private static String agentName(long agent, int exportDay) {
    return agent == 11 && exportDay >= 2 ? "Agent Eleven" : "Agent " + agent;
  }

  private String chat(long id, String status, String rating, long created, Long closed, long lastMessage,
      long lastCustomer, String dept, long agent, int exportDay) {
    horizon = Math.max(horizon, lastMessage);
    return String.format("{\"id\": %d, \"status\": \"%s\", \"rating\": %s, \"createdAt\": \"%d\", \"closedAt\": %s,"
            + " \"closedBy\": %s, \"lastMessageAt\": \"%d\", \"lastCustomerMessageAt\": \"%d\", \"department\": %s,"
            + " \"assignee\": {\"id\": %d, \"name\": \"%s\"}, \"agents\": [{\"id\": %d}]}",
        id, status, rating == null ? "null" : "\"" + rating + "\"", created,
        closed == null ? "null" : "\"" + closed + "\"", closed == null ? "null" : "\"agent\"", lastMessage,
        lastCustomer, dept, agent, agentName(agent, exportDay), agent);
  }

  private String message(long id, long chat, String from, Long agent, long created, long updated) {
    horizon = Math.max(horizon, created);
    return String.format("{\"id\": %d, \"chat\": %d, \"from\": \"%s\", \"type\": \"message\", \"agent\": %s,"
            + " \"text\": \"m%d@%d\", \"createdAt\": \"%d\", \"updatedAt\": \"%d\"}",
        id, chat, from, agent == null ? "null" : "{\"id\": " + agent + "}", id, updated, created, updated);
  }

  private int runDay(Path out, int d) {
    Path day = dir.resolve("exports").resolve("day" + d);
    return ChatJob.run("--input", day.resolve("chats").toString(), "--messages", day.resolve("messages").toString(),
        "--output", out.toString());
  }

  @Test
  void dailyIncrementalRunsEqualOneFullRun() throws Exception {
    writeExports();
    Path full = dir.resolve("full");
    Path exports = dir.resolve("exports");
    assertEquals(0, ChatJob.run("--input", exports + "/day*/chats", "--messages", exports + "/day*/messages",
        "--output", full.toString(), "--mode", "full"));
    Path daily = dir.resolve("daily");
    for (int d = 0; d < DAYS; d++) {
      assertEquals(0, runDay(daily, d), "day " + d);
    }
    for (String table : Tables.RUN_TABLES) {
      assertEquals(rows(full, table, "ingested_at"), rows(daily, table, "ingested_at"), table);
    }
    // the renames reach every date, also those written before them
    for (String table : List.of(Tables.DEPARTMENT_DAILY, Tables.RATING_DAILY, Tables.STATUS_DAILY)) {
      assertEquals(List.of("[Support EMEA]"), table(daily, table).where("department_id = 2")
          .select("department_name").distinct().collectAsList().stream().map(Object::toString).toList(), table);
    }
    assertEquals(List.of("[Agent Eleven]"), table(daily, Tables.AGENT_DAILY).where("assignee_id = 11")
        .select("assignee_name").distinct().collectAsList().stream().map(Object::toString).toList());
    assertTrue(table(daily, Tables.AGENT_DAILY).where("assignee_id = 11")
        .selectExpr("count(distinct report_date)").first().getLong(0) >= 3, "agent 11 has chats on several dates");
    org.apache.spark.sql.Row dept2 = table(daily, Tables.DEPARTMENTS).where("department_id = 2").first();
    assertEquals("Support EMEA", dept2.getAs("department_name"));
    assertEquals(java.time.Instant.ofEpochSecond(firstSeenDept2),
        ((java.sql.Timestamp) dept2.getAs("first_seen")).toInstant());
    assertEquals(3, table(daily, Tables.DEPARTMENTS).count());
    assertEquals(4, table(daily, Tables.AGENTS).count(), "agents 10 to 13");
    assertEquals(61, table(full, Tables.CHATS).count());
    // reopens split across the daily runs count as in the one full run (compared above), and as the exports made them
    assertFalse(reopened.isEmpty());
    assertEquals(reopened.stream().map(id -> "[" + id + ",1]").toList(),
        table(daily, Tables.CHATS).where("reopen_count > 0").orderBy("chat_id").select("chat_id", "reopen_count")
            .collectAsList().stream().map(Object::toString).toList());
    for (org.apache.spark.sql.Row r : table(daily, Tables.CHATS).where("first_closed_at IS NOT NULL")
        .select("chat_id", "first_closed_at").collectAsList()) {
      assertEquals(java.time.Instant.ofEpochSecond(firstClosed.get(r.getLong(0))),
          r.getTimestamp(1).toInstant(), "first_closed_at of " + r.getLong(0));
    }
    assertEquals(firstClosed.size(), table(daily, Tables.CHATS).where("first_closed_at IS NOT NULL").count());
    // backlog_daily: every day from the first report_date to the horizon
    List<String> backlogDays = table(daily, Tables.BACKLOG_DAILY).selectExpr("cast(as_of_date as string)").distinct()
        .orderBy("as_of_date").collectAsList().stream().map(r -> r.getString(0)).toList();
    String firstDay = table(daily, Tables.CHATS).selectExpr("cast(min(report_date) as string)").first().getString(0);
    String horizonDay = java.time.LocalDate.ofInstant(java.time.Instant.ofEpochSecond(horizon), java.time.ZoneOffset.UTC)
        .toString();
    assertEquals(firstDay, backlogDays.get(0));
    assertEquals(horizonDay, backlogDays.get(backlogDays.size() - 1), "up to the horizon");
    assertEquals(java.time.LocalDate.parse(firstDay).plusDays(backlogDays.size() - 1).toString(), horizonDay,
        "no day missing");
    // the orphan joined its chat: same partition, chat columns filled
    assertEquals(1, table(daily, Tables.MESSAGES).where("chat_id = 999").count());
    assertEquals("2026-09-22", table(daily, Tables.MESSAGES).where("chat_id = 999")
        .selectExpr("cast(report_date as string)").first().getString(0));
    assertEquals(1, (int) table(daily, Tables.CHATS).where("chat_id = 999").first().getAs("messages_total"));
    assertEquals(1L, lastSummaryOf(daily, 1).get("messages").get("orphans").asLong());

    // re-running the last day changes nothing, ingested_at included
    List<List<String>> before = Tables.RUN_TABLES.stream().map(t -> rows(daily, t)).toList();
    assertEquals(0, runDay(daily, DAYS - 1));
    assertEquals(before, Tables.RUN_TABLES.stream().map(t -> rows(daily, t)).toList());
  }

  private com.fasterxml.jackson.databind.JsonNode lastSummaryOf(Path out, int index) throws Exception {
    return summaries(out).get(index);
  }
}
