package org.chatlake.job;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.chatlake.OutputTables;
import org.chatlake.SparkTestSession;
import org.chatlake.cli.ChatJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service hours and SLA (service-hours.md) through the job: fixtures/service (chats and messages
 * of two export days, service.yaml) run once in full and as two daily incremental runs. Every
 * expected value is worked by hand below; Warsaw local time is UTC+1 in Nov/Dec.
 *
 * <pre>
 * chat dept  report     story (UTC)                                              outcome FR / resolution
 *  1   -     2026-11-27 Fri 22:50 customer, Mon 08:05 reply, closed Mon 08:30     met 300 s / breached 2d9h40m
 *  2   10    2026-12-01 Tue 09:00 c, 09:20 r (20 min), 10:00-10:30, 16:30 -> Wed 09:00 (90 min), Wed 11:00 c open
 *                       FR breached (deadline 09:15), next reply 2 turns 1 breach; resolution pending on day 1,
 *                       breached at the day-2 horizon (deadline Thu 09:00)
 *  3   10    2026-12-02 Wed 12:00 c, no reply (new): pending on day 1 (horizon 12:00); day 2: FR breached
 *                       (deadline 12:15), resolution breached (deadline Fri 12:00)
 *  4   10    2026-12-02 Wed 11:55 c; day 2 brings the 12:05 reply and the close at 12:10: met / met
 *  5   10    2026-12-01 Tue 13:00 c, closed 13:05 without reply: cancelled / met
 *  6   12    2026-12-05 Sat 15:00 c, 15:06 r, closed 15:10; New York, Mon-Fri all day, FR 5 min calendar:
 *                       0 business seconds, breached (deadline 15:05) / met
 *  7   -     2026-12-04 Fri 15:00 c (16:00 local), Sat 16:00 c, no reply: FR breached while open
 *                       (1 business hour), resolution pending at the final horizon Sat 16:00
 *  8   7     2026-10-24 no messages, Sat 22:00 -> Sun 23:00 = Sunday 2026-10-25 00:00-24:00 local, a DST day
 *                       of 25 h, served all day: 90000 business seconds / met
 *  9   10    2026-12-01 empty: no outcome
 * 10   10    2026-12-02 Wed 08:00 c, 08:03 r, closed 08:30: met / met
 * </pre>
 * Horizons: day 1 = 2026-12-02T12:00Z (chat 3's message), final = 2026-12-05T16:00Z (chat 7's).
 */
class ServiceHoursRunsTest {
  @TempDir static Path tmp;
  static Path full;
  static Path incremental;
  /** A copy of the full run's output recomputed with service-30m.yaml (first response 30 min). */
  static Path recomputed;
  static Map<Long, Row> chatsAfterDay1;
  static Map<String, Row> departmentDailyAfterDay1;

  static Path fixture(String name) {
    try {
      return Path.of(ServiceHoursRunsTest.class.getResource("/fixtures/service/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static void run(Path out, List<String> days, String mode) {
    List<String> args = new ArrayList<>();
    for (String day : days) {
      args.addAll(List.of("--input", fixture(day + "/chats.jsonl").toString(),
          "--messages", fixture(day + "/messages.jsonl").toString()));
    }
    args.addAll(List.of("--output", out.toString(), "--mode", mode, "--config", fixture("service.yaml").toString()));
    assertEquals(0, ChatJob.run(args.toArray(new String[0])), "exit code of " + args);
  }

  @BeforeAll
  static void runJob() {
    SparkTestSession.get();
    full = tmp.resolve("full");
    incremental = tmp.resolve("incremental");
    run(full, List.of("day1", "day2"), "full");
    run(incremental, List.of("day1"), "incremental");
    chatsAfterDay1 = chats(incremental);
    departmentDailyAfterDay1 = departmentDaily(incremental);
    run(incremental, List.of("day2"), "incremental");
    recomputed = tmp.resolve("recomputed");
    copy(full, recomputed);
    assertEquals(0, org.chatlake.cli.Chatlake.run("recompute", "--output", recomputed.toString(),
        "--config", fixture("service-30m.yaml").toString()), "exit code of recompute");
  }

  static void copy(Path from, Path to) {
    try (var files = java.nio.file.Files.walk(from)) {
      for (Path f : files.toList()) {
        java.nio.file.Files.copy(f, to.resolve(from.relativize(f).toString()));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Map<Long, Row> chats(Path out) {
    Map<Long, Row> byId = new HashMap<>();
    OutputTables.table(out, "chats").collectAsList().forEach(r -> byId.put(r.getAs("chat_id"), r));
    return byId;
  }

  /** By "date|department_id". */
  static Map<String, Row> departmentDaily(Path out) {
    Map<String, Row> byKey = new HashMap<>();
    OutputTables.table(out, "department_daily").collectAsList()
        .forEach(r -> byKey.put(r.getAs("report_date") + "|" + r.getAs("department_id"), r));
    return byKey;
  }

  static final List<String> CHAT_COLUMNS = List.of("first_response_business_seconds",
      "response_business_seconds_sum", "resolution_business_seconds", "sla_first_response", "sla_next_reply_turns",
      "sla_next_reply_breaches", "sla_resolution", "sla_as_of");

  static Timestamp ts(String utc) {
    return Timestamp.from(Instant.parse(utc));
  }

  static void assertChat(Map<Long, Row> chats, long id, Object... expected) {
    Row r = chats.get(id);
    assertNotNull(r, "chat " + id);
    List<Object> actual = new ArrayList<>();
    CHAT_COLUMNS.forEach(c -> actual.add(r.getAs(c)));
    assertEquals(Arrays.asList(expected), actual, "chat " + id + " " + CHAT_COLUMNS);
  }

  static final String H1 = "2026-12-02T12:00:00Z";
  static final String H2 = "2026-12-05T16:00:00Z";

  /**
   * The final per-chat values, the same after the full run and after the daily runs but for
   * sla_as_of: the horizon of the run that last judged the chat. The full run judged every chat at
   * H2; the daily runs judged chats 1, 5, 8, 9 and 10 (settled, and not in day 2's export) at H1.
   */
  void assertFinalChats(Path out, Timestamp settledOnDay1) {
    Map<Long, Row> c = chats(out);
    assertEquals(10, c.size());
    // FR business Mon 09:00-09:05 local; resolution Mon 09:00-09:30; one turn; resolution 2d 9h40m > 2d
    assertChat(c, 1, 300.0, 300.0, 1800.0, "met", 0, 0, "breached", settledOnDay1);
    // turns 20 + 30 + (30 + 60) min = 8400 s; open chat: no resolution seconds
    assertChat(c, 2, 1200.0, 8400.0, null, "breached", 2, 1, "breached", ts(H2));
    assertChat(c, 3, null, null, null, "breached", 0, 0, "breached", ts(H2));
    // 12:55-13:05 local = 600 s; created 11:55, closed 12:10 = 900 s
    assertChat(c, 4, 600.0, 600.0, 900.0, "met", 0, 0, "met", ts(H2));
    assertChat(c, 5, null, null, 300.0, "cancelled", 0, 0, "met", settledOnDay1);
    assertChat(c, 6, 0.0, 0.0, 0.0, "breached", 0, 0, "met", ts(H2));
    assertChat(c, 7, null, null, null, "breached", 0, 0, "pending", ts(H2));
    assertChat(c, 8, null, null, 90000.0, null, 0, 0, "met", settledOnDay1);
    // empty: no outcome, still judged at the run's horizon
    assertChat(c, 9, null, null, null, null, 0, 0, null, settledOnDay1);
    assertChat(c, 10, 180.0, 180.0, 1800.0, "met", 0, 0, "met", settledOnDay1);
  }

  @Test
  void perChatColumnsOfTheFullRun() {
    assertFinalChats(full, ts(H2));
  }

  @Test
  void perChatColumnsAfterTheDailyRuns() {
    assertFinalChats(incremental, ts(H1));
  }

  @Test
  void theFirstDailyRunJudgedPendingChatsAtItsHorizon() {
    assertChat(chatsAfterDay1, 2, 1200.0, 8400.0, null, "breached", 2, 1, "pending", ts(H1));
    assertChat(chatsAfterDay1, 3, null, null, null, "pending", 0, 0, "pending", ts(H1));
    // 12:55 -> 13:00 local: 5 business minutes, no reply yet
    assertChat(chatsAfterDay1, 4, null, null, null, "pending", 0, 0, "pending", ts(H1));
    assertChat(chatsAfterDay1, 1, 300.0, 300.0, 1800.0, "met", 0, 0, "breached", ts(H1));
  }

  static final List<String> DAILY_COLUMNS = List.of(
      "first_response_business_seconds_avg", "first_response_business_seconds_p50",
      "first_response_business_seconds_p90", "response_business_seconds_avg", "resolution_business_seconds_avg",
      "resolution_business_seconds_p50", "resolution_business_seconds_p90", "sla_first_response_met",
      "sla_first_response_breached", "sla_first_response_pending", "sla_first_response_rate",
      "sla_next_reply_turns", "sla_next_reply_breaches", "sla_next_reply_rate", "sla_resolution_met",
      "sla_resolution_breached", "sla_resolution_pending", "sla_resolution_rate");

  static void assertDaily(Map<String, Row> rows, String key, Object... expected) {
    Row r = rows.get(key);
    assertNotNull(r, key + " in " + rows.keySet());
    assertEquals(DAILY_COLUMNS.size(), expected.length);
    for (int i = 0; i < expected.length; i++) {
      Object got = r.getAs(DAILY_COLUMNS.get(i));
      if (expected[i] instanceof Double d && got instanceof Double g) {
        assertEquals(d, g, 1e-9, key + " " + DAILY_COLUMNS.get(i));
      } else {
        assertEquals(expected[i], got, key + " " + DAILY_COLUMNS.get(i));
      }
    }
  }

  void assertFinalDepartmentDaily(Path out) {
    Map<String, Row> d = departmentDaily(out);
    assertEquals(6, d.size(), d.keySet().toString());
    // chat 8: no first customer message; message data (0 messages) so counts 0
    assertDaily(d, "2026-10-24|7", null, null, null, null, 90000.0, 90000.0, 90000.0,
        0L, 0L, 0L, null, 0L, 0L, null, 1L, 0L, 0L, 1.0);
    assertDaily(d, "2026-11-27|null", 300.0, 300.0, 300.0, 300.0, 1800.0, 1800.0, 1800.0,
        1L, 0L, 0L, 1.0, 0L, 0L, null, 0L, 1L, 0L, 0.0);
    // chats 2, 5, 9: response 8400 s over 3 answered turns; next reply 2 turns, 1 breach
    assertDaily(d, "2026-12-01|10", 1200.0, 1200.0, 1200.0, 2800.0, 300.0, 300.0, 300.0,
        0L, 1L, 0L, 0.0, 2L, 1L, 0.5, 1L, 1L, 0L, 0.5);
    // chats 3, 4, 10: FR [180, 600]: p50 390, p90 180 + 0.9 * 420 = 558; resolution [900, 1800]:
    // p90 900 + 0.9 * 900 = 1710; response (600 + 180) / 2
    assertDaily(d, "2026-12-02|10", 390.0, 390.0, 558.0, 390.0, 1350.0, 1350.0, 1710.0,
        2L, 1L, 0L, 2.0 / 3, 0L, 0L, null, 2L, 1L, 0L, 2.0 / 3);
    assertDaily(d, "2026-12-04|null", null, null, null, null, null, null, null,
        0L, 1L, 0L, 0.0, 0L, 0L, null, 0L, 0L, 1L, null);
    assertDaily(d, "2026-12-05|12", 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
        0L, 1L, 0L, 0.0, 0L, 0L, null, 1L, 0L, 0L, 1.0);
  }

  @Test
  void departmentDailyOfTheFullRun() {
    assertFinalDepartmentDaily(full);
  }

  @Test
  void departmentDailyAfterTheDailyRuns() {
    assertFinalDepartmentDaily(incremental);
  }

  @Test
  void departmentDailyAfterTheFirstDailyRun() {
    // chat 2's resolution still pending; chat 5 met
    assertDaily(departmentDailyAfterDay1, "2026-12-01|10", 1200.0, 1200.0, 1200.0, 2800.0, 300.0, 300.0, 300.0,
        0L, 1L, 0L, 0.0, 2L, 1L, 0.5, 1L, 0L, 1L, 1.0);
    // chats 3 and 4 pending, 10 met
    assertDaily(departmentDailyAfterDay1, "2026-12-02|10", 180.0, 180.0, 180.0, 180.0, 1800.0, 1800.0, 1800.0,
        1L, 0L, 2L, 1.0, 0L, 0L, null, 1L, 0L, 2L, 1.0);
  }

  @Test
  void agentDailyOfOneAgent() {
    for (Path out : List.of(full, incremental)) {
      Map<String, Row> rows = new HashMap<>();
      OutputTables.table(out, "agent_daily").collectAsList()
          .forEach(r -> rows.put(r.getAs("report_date") + "|" + r.getAs("assignee_id"), r));
      // agent 101 on 2026-12-02: chats 4 and 10, both met
      assertDaily(rows, "2026-12-02|101", 390.0, 390.0, 558.0, 390.0, 1350.0, 1350.0, 1710.0,
          2L, 0L, 0L, 1.0, 0L, 0L, null, 2L, 0L, 0L, 1.0);
      // agent 102 on 2026-12-01: chat 2
      assertDaily(rows, "2026-12-01|102", 1200.0, 1200.0, 1200.0, 2800.0, null, null, null,
          0L, 1L, 0L, 0.0, 2L, 1L, 0.5, 0L, 1L, 0L, 0.0);
    }
  }

  /**
   * Daily runs equal one full run in every column (lineage and ingest time aside) but sla_as_of
   * of the chats a later run did not judge again (asserted above).
   */
  @Test
  void theDailyRunsEqualTheFullRun() {
    for (String table : List.of("chats", "department_daily", "agent_daily", "messages")) {
      assertEquals(OutputTables.rows(full, table, "ingested_at", "source_file", "sla_as_of"),
          OutputTables.rows(incremental, table, "ingested_at", "source_file", "sla_as_of"), table);
    }
  }

  @Test
  void recomputeWithAnotherConfigRejudgesEveryChatFromWhatIsStored() throws Exception {
    Map<Long, Row> c = chats(recomputed);
    assertEquals(10, c.size());
    // 20 business minutes <= 30: met; resolution still breached; every chat judged at the stored horizon H2
    assertChat(c, 2, 1200.0, 8400.0, null, "met", 2, 1, "breached", ts(H2));
    // breached at Wed 13:30 local now, before the resolution deadline
    assertChat(c, 3, null, null, null, "breached", 0, 0, "breached", ts(H2));
    // 60 business minutes > 30: still breached; department 12 keeps its own 5-minute target
    assertChat(c, 7, null, null, null, "breached", 0, 0, "pending", ts(H2));
    assertChat(c, 6, 0.0, 0.0, 0.0, "breached", 0, 0, "met", ts(H2));
    assertChat(c, 1, 300.0, 300.0, 1800.0, "met", 0, 0, "breached", ts(H2));
    Map<String, Row> d = departmentDaily(recomputed);
    assertDaily(d, "2026-12-01|10", 1200.0, 1200.0, 1200.0, 2800.0, 300.0, 300.0, 300.0,
        1L, 0L, 0L, 1.0, 2L, 1L, 0.5, 1L, 1L, 0L, 0.5);
    // chats 3 (breached), 4 and 10 (met): unchanged
    assertDaily(d, "2026-12-02|10", 390.0, 390.0, 558.0, 390.0, 1350.0, 1350.0, 1710.0,
        2L, 1L, 0L, 2.0 / 3, 0L, 0L, null, 2L, 1L, 0L, 2.0 / 3);
    var summary = OutputTables.lastSummary(recomputed);
    assertEquals("recompute", summary.path("options").path("command").asText());
    assertEquals(fixture("service-30m.yaml").toString(), summary.path("options").path("config").asText());
    // the messages and the other columns of chats are as the full run stored them
    assertEquals(OutputTables.rows(full, "messages"), OutputTables.rows(recomputed, "messages"));
    List<String> sla = new ArrayList<>(CHAT_COLUMNS);
    sla.add("ingested_at");
    assertEquals(OutputTables.rows(full, "chats", sla.toArray(new String[0])),
        OutputTables.rows(recomputed, "chats", sla.toArray(new String[0])));
  }

  @Test
  void theRunSummaryRecordsTheConfig() throws Exception {
    var summary = OutputTables.lastSummary(incremental);
    assertEquals(fixture("service.yaml").toString(), summary.path("options").path("config").asText());
    assertEquals(64, summary.path("options").path("config_sha256").asText().length());
    assertEquals(H2, summary.path("options").path("sla_judged_at").asText());
    // chats 2 and 3 were pending and not in the day-2 input: judged again
    assertEquals(2, summary.path("chats").path("sla_pending_judged_again").asLong());
  }
}
