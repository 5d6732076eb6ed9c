package org.chatlake.transform;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.chatlake.DeltaFiles;
import org.chatlake.SparkTestSession;
import org.chatlake.cli.ChatJob;
import org.chatlake.tools.DuckSql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-worked message fixture of messages.md (src/test/resources/fixtures/messages):
 * 15 chats, their message histories in three export formats, one message of a chat that is not
 * in the chat export and one message without a chat id. The job runs once in UTC and once with
 * --timezone America/New_York; DuckDB reads the Parquet back. Every expected value below is
 * worked out by hand from the fixture; nothing is computed from the job's own output.
 *
 * <p>Fixture (times UTC; day 0 = 2024-03-05, day 1 = 2024-03-06, day 2 = 2024-03-07).
 * Agents 501 Alice, 502 Bob, 503 Carol, 504 Dave; departments 10 Sales, 20 Support.
 * <pre>
 * chat dept assignee status   created      what it covers
 * 101  10   501      closed   d0 10:00     automation (auto chat broadcast, trigger) before the first customer message; tech event
 * 102  10   501      closed   d0 11:00     private note + knowledgeBase suggestion between two customer messages
 * 103  10   502      opened   d0 12:00     an agent message with "agent": null
 * 104  20   503      closed   d0 13:00     three customer messages (one an email) in one turn, then two more in another; ids as strings
 * 105  20   503      pending  d0 14:00     last turn unanswered (a private note after it does not answer it)
 * 106  20   503      closed   d0 15:00     first reply by 504, not the assignee 503
 * 107  10   502      closed   d0 16:00     API page, newest first ({"data":[...],"total":7})
 * 108  10   501      closed   d0 17:00     10801 edited in a re-export; 10802 (reply) and 10803 (customer) share a created_at
 * 109  20   502      closed   d1 03:00     time-zone boundary: 2024-03-05 22:00 in New York; API page with meta.total
 * 110  10   501      closed   d0 17:30     no messages at all
 * 111  10   501      empty    d0 18:00     manual chat broadcast, then a customer message nobody answers (but status empty)
 * 112  20   503      closed   d0 19:00     the agent speaks first, then the customer, then the reply
 * 113  -    -        new      d0 20:00     no department, unassigned, two customer messages, never answered
 * 114  10   501      closed   d1 12:00     day 1
 * 115  20   504      closed   d1 13:00     day 1, first reply by 503 (assigned nothing on day 1), then 504
 * 999  (not in chats.jsonl)   d2 09:00     two orphan messages (99901 customer, 99902 reply by 501)
 * 88801 (no chat id)                       rejected
 * </pre>
 * Chats 101, 104, 109 and 114 carry a rating and the chats' own fields are consistent with their
 * messages; neither matters to the columns tested here.
 * Message inputs: exports/messages.jsonl (JSON Lines), exports/page-chat107.json and
 * exports/page-chat109.json (API pages, newest first), exports/edited-reexport.json (array: an
 * edited copy of 10801 with a later updatedAt, and an unchanged copy of 10802). The re-export
 * sorts before messages.jsonl by path, so only the later updatedAt can make its copy win.
 * late/late-chat.jsonl holds chat 999 for the incremental run of
 * {@link #orphansJoinTheirChatWhenItArrives}, which works on a copy of the UTC output.
 *
 * <p>Run time is dominated by the job runs (three), not by the data: the first Spark job of a JVM
 * pays the warm-up.
 */
class MessageFixtureTest {
  /** 2024-03-05T00:00:00Z. */
  static final long D0 = 1_709_596_800L;

  @TempDir static Path tmp;
  static Path utc;
  static Path newYork;
  static Connection duck;

  /** UNIX seconds of day d (0 = 2024-03-05) at hh:mm:ss UTC. */
  static long t(int day, int hh, int mm, int ss) {
    return D0 + day * 86_400L + hh * 3_600L + mm * 60L + ss;
  }

  static Path fixture(String name) {
    try {
      return Path.of(MessageFixtureTest.class.getResource("/fixtures/messages/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs the job on the whole fixture into out (exit code 0 asserted). */
  static void runFixture(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of(
        "--input", fixture("chats.jsonl").toString(),
        "--messages", fixture("exports").toString(),
        "--output", out.toString(),
        // 1 reject of 15 + 62 records is 1.3 %, above the default 1 %
        "--max-reject-ratio", "0.05"));
    args.addAll(List.of(extra));
    assertEquals(0, ChatJob.run(args.toArray(new String[0])), "exit code");
  }

  @BeforeAll
  static void runJob() throws SQLException {
    SparkTestSession.get();
    utc = tmp.resolve("utc");
    newYork = tmp.resolve("new_york");
    runFixture(utc);
    runFixture(newYork, "--timezone", "America/New_York");
    duck = DuckSql.connect();
  }

  @AfterAll
  static void closeDuck() throws SQLException {
    if (duck != null) {
      duck.close();
    }
  }

  // ---- per-chat columns -----------------------------------------------------------------

  static final String CHAT_COLUMNS = "chat_id, report_date::VARCHAR, messages_total, customer_messages, "
      + "agent_replies, epoch(first_customer_message_at)::BIGINT, epoch(first_reply_at)::BIGINT, "
      + "first_reply_agent_id, first_response_seconds, response_turns, response_seconds_sum, "
      + "response_turns_answered, unanswered";

  /**
   * One expected chats row, in CHAT_COLUMNS order: chat, report_date, messages_total,
   * customer_messages, agent_replies, first_customer_message_at, first_reply_at,
   * first_reply_agent_id, first_response_seconds, response_turns, response_seconds_sum,
   * response_turns_answered, unanswered.
   */
  static List<Object> chat(long id, String date, long total, long customer, long replies, Long firstCustomerAt,
      Long firstReplyAt, Long firstReplyAgent, Double firstResponse, long turns, Double sum, long answered,
      boolean unanswered) {
    return Arrays.asList(id, date, total, customer, replies, firstCustomerAt, firstReplyAt, firstReplyAgent,
        firstResponse, turns, sum, answered, unanswered);
  }

  /** The per-chat values, by hand. boundaryDate is chat 109's report_date in the run's zone. */
  static List<List<Object>> expectedChats(String boundaryDate) {
    String d0 = "2024-03-05";
    String d1 = "2024-03-06";
    return List.of(
        // 101: auto chat 10:00:00 and trigger 10:00:10 are broadcasts (not replies, no turn);
        // customer 10:01 opens turn 1, 501 at 10:03 closes it (120 s) = first reply;
        // customer 10:05 opens turn 2, 501 at 10:06 closes it (60 s); tech 10:07 is no reply.
        // 7 messages, 2 customer, 2 replies; sum 120 + 60 = 180 over 2 answered turns.
        chat(101, d0, 7, 2, 2, t(0, 10, 1, 0), t(0, 10, 3, 0), 501L, 120.0, 2, 180.0, 2, false),
        // 102: customer 11:00 opens the turn; private note 11:00:30 and knowledgeBase 11:01 do not
        // close it; customer 11:02 joins it; 501 at 11:05 closes it: 300 s.
        chat(102, d0, 5, 2, 1, t(0, 11, 0, 0), t(0, 11, 5, 0), 501L, 300.0, 1, 300.0, 1, false),
        // 103: customer 12:00; the agent message at 12:01 has no agent: not a reply; 502 at 12:04: 240 s.
        chat(103, d0, 3, 1, 1, t(0, 12, 0, 0), t(0, 12, 4, 0), 502L, 240.0, 1, 240.0, 1, false),
        // 104: customer 13:00:00, 13:00:20, email 13:01 = one turn, 503 at 13:02 closes it (120 s);
        // customer 13:10 and 13:11 = turn 2, 503's email at 13:30 closes it (1200 s). 120 + 1200 = 1320.
        chat(104, d0, 7, 5, 2, t(0, 13, 0, 0), t(0, 13, 2, 0), 503L, 120.0, 2, 1320.0, 2, false),
        // 105: customer 14:00, 503 at 14:01:30 (90 s); customer 14:05 opens turn 2; the private note
        // at 14:06 does not close it; status pending, so unanswered.
        chat(105, d0, 4, 2, 1, t(0, 14, 0, 0), t(0, 14, 1, 30), 503L, 90.0, 2, 90.0, 1, true),
        // 106: customer 15:00, 504 (not the assignee 503) at 15:10: first reply 600 s by 504;
        // customer 15:12, 503 at 15:13 (60 s). 600 + 60 = 660.
        chat(106, d0, 4, 2, 2, t(0, 15, 0, 0), t(0, 15, 10, 0), 504L, 600.0, 2, 660.0, 2, false),
        // 107 (newest first in the page): customer 16:00:00, 502 16:00:45 (45 s); customer 16:02 and
        // 16:03, 502 16:05 (300 - 120 = 180 s); customer 16:20:00, 502 16:20:30 (30 s). 45+180+30 = 255.
        chat(107, d0, 7, 4, 3, t(0, 16, 0, 0), t(0, 16, 0, 45), 502L, 45.0, 3, 255.0, 3, false),
        // 108: 10801 counted once (edited copy); customer 17:00, reply 10802 at 17:04 (240 s);
        // customer 10803 also at 17:04 but after 10802 by id: opens turn 2, 501 at 17:05 (60 s).
        chat(108, d0, 4, 2, 2, t(0, 17, 0, 0), t(0, 17, 4, 0), 501L, 240.0, 2, 300.0, 2, false),
        // 109: customer 03:00, 502 03:02 (120 s); customer 05:30, 502 05:45 (900 s). 120 + 900 = 1020.
        chat(109, boundaryDate, 4, 2, 2, t(1, 3, 0, 0), t(1, 3, 2, 0), 502L, 120.0, 2, 1020.0, 2, false),
        // 110: no messages: zero counts, null times; interpretation: response_seconds_sum is null
        // when no turn was answered (a sum over no turns), response_turns_answered is 0.
        chat(110, d0, 0, 0, 0, null, null, null, null, 0, null, 0, false),
        // 111: manual chat broadcast 18:00 (not a reply); customer 18:30 opens a turn nobody closes,
        // but the status is empty, so not unanswered.
        chat(111, d0, 2, 1, 0, t(0, 18, 30, 0), null, null, null, 1, null, 0, false),
        // 112: 503 at 19:00 before any customer message: a reply, but no turn and not the first
        // reply; customer 19:05:00, 503 19:06:40: 100 s.
        chat(112, d0, 3, 1, 2, t(0, 19, 5, 0), t(0, 19, 6, 40), 503L, 100.0, 1, 100.0, 1, false),
        // 113: customer 20:00:00 and 20:00:30, one open turn, status new: unanswered.
        chat(113, d0, 2, 2, 0, t(0, 20, 0, 0), null, null, null, 1, null, 0, true),
        // 114: customer d1 12:00, 501 d1 12:10: 600 s.
        chat(114, d1, 2, 1, 1, t(1, 12, 0, 0), t(1, 12, 10, 0), 501L, 600.0, 1, 600.0, 1, false),
        // 115: customer d1 13:00:00, 503 13:00:50 (50 s, first reply by 503 although 504 is assigned);
        // 504 at 13:01 answers no open turn.
        chat(115, d1, 3, 1, 2, t(1, 13, 0, 0), t(1, 13, 0, 50), 503L, 50.0, 1, 50.0, 1, false));
  }

  @Test
  void perChatColumnsUtc() throws SQLException {
    assertRows(expectedChats("2024-03-06"),
        query("SELECT " + CHAT_COLUMNS + " FROM " + table(utc, "chats") + " ORDER BY chat_id"));
  }

  @Test
  void perChatColumnsNewYork() throws SQLException {
    // Only report_date depends on the zone: 109 was created 2024-03-06T03:00Z = 2024-03-05 22:00 EST.
    // Every other chat is created between 10:00Z and 20:00Z (05:00-15:00 EST), the same day.
    assertRows(expectedChats("2024-03-05"),
        query("SELECT " + CHAT_COLUMNS + " FROM " + table(newYork, "chats") + " ORDER BY chat_id"));
  }

  /**
   * history.md: one_touch = closed with exactly one agent reply (null when not closed); handed_off
   * = replies by two or more agents. From the reply counts and authors worked out above: 102 and
   * 114 are closed with one reply; 103 and 105 have one reply but are open; 106 (504, 503) and
   * 115 (503, 504) are the only chats answered by two agents; 110 is closed without any message
   * (message data present: false, not null); 111 (empty), 113 (new) are not closed.
   */
  @Test
  void oneTouchAndHandedOff() throws SQLException {
    assertRows(List.of(
            Arrays.asList(101L, false, false), Arrays.asList(102L, true, false), Arrays.asList(103L, null, false),
            Arrays.asList(104L, false, false), Arrays.asList(105L, null, false), Arrays.asList(106L, false, true),
            Arrays.asList(107L, false, false), Arrays.asList(108L, false, false), Arrays.asList(109L, false, false),
            Arrays.asList(110L, false, false), Arrays.asList(111L, null, false), Arrays.asList(112L, false, false),
            Arrays.asList(113L, null, false), Arrays.asList(114L, true, false), Arrays.asList(115L, false, true)),
        query("SELECT chat_id, one_touch, handed_off FROM " + table(utc, "chats") + " ORDER BY chat_id"));
  }

  // ---- messages/ ------------------------------------------------------------------------

  @Test
  void editedDuplicateAppearsOnceWithTheLaterText() throws SQLException {
    assertRows(List.of(List.of(10801L, 108L, "hello, my order is late", 23L, true, t(0, 17, 2, 0), "2024-03-05")),
        query("SELECT message_id, chat_id, text, text_length, edited, epoch(updated_at)::BIGINT, "
            + "report_date::VARCHAR FROM " + table(utc, "messages") + " WHERE message_id = 10801"));
    // 59 distinct messages (62 read - 1 rejected - 2 duplicates), each once
    assertRows(List.of(List.of(59L, 59L)),
        query("SELECT count(*), count(DISTINCT message_id) FROM " + table(utc, "messages")));
  }

  @Test
  void messageColumnsAreCleaned() throws SQLException {
    assertRows(List.of(
            Arrays.asList(10101L, "agent", 501L, "message", "auto chat"),
            Arrays.asList(10203L, "agent", 501L, "knowledgeBase", null),
            Arrays.asList(10302L, "agent", null, "message", null),
            Arrays.asList(10403L, "customer", null, "email", null)),
        query("SELECT message_id, sender, agent_id, type, broadcast_type FROM " + table(utc, "messages")
            + " WHERE message_id IN (10101, 10203, 10302, 10403) ORDER BY message_id"));
  }

  @Test
  void messagesLiveInTheirChatsPartitionAndOrphansInTheirOwnDay() throws SQLException {
    for (Path out : List.of(utc, newYork)) {
      // every message with a known chat shares that chat's report_date: 59 - 2 orphans = 57
      assertRows(List.of(List.of(57L, 0L)),
          query("SELECT count(*), count(*) FILTER (WHERE m.report_date <> c.report_date) FROM "
              + table(out, "messages") + " m JOIN " + table(out, "chats") + " c USING (chat_id)"));
      // the orphans (chat 999 is not in the chat export) sit under the day of their own
      // created_at: 2024-03-07 09:00Z and 09:05Z (04:00 and 04:05 in New York, same day)
      assertRows(List.of(List.of(99901L, 999L, "2024-03-07"), List.of(99902L, 999L, "2024-03-07")),
          query("SELECT message_id, chat_id, report_date::VARCHAR FROM " + table(out, "messages")
              + " WHERE chat_id = 999 ORDER BY message_id"));
    }
    // UTC: d0 chats 101-108, 111-113 hold 7+5+3+7+4+4+7+4+2+3+2 = 48 messages;
    // d1 chats 109, 114, 115 hold 4+2+3 = 9; the 2 orphans on 2024-03-07.
    assertRows(List.of(List.of("2024-03-05", 48L), List.of("2024-03-06", 9L), List.of("2024-03-07", 2L)),
        query("SELECT report_date::VARCHAR, count(*) FROM " + table(utc, "messages") + " GROUP BY 1 ORDER BY 1"));
    // New York: chat 109 and its 4 messages move to 2024-03-05: 52, 5, 2.
    assertRows(List.of(List.of("2024-03-05", 52L), List.of("2024-03-06", 5L), List.of("2024-03-07", 2L)),
        query("SELECT report_date::VARCHAR, count(*) FROM " + table(newYork, "messages") + " GROUP BY 1 ORDER BY 1"));
  }

  @Test
  void timeZoneBoundaryChatKeepsItsMessagesTogether() throws SQLException {
    String sql = "SELECT message_id, report_date::VARCHAR FROM %s WHERE chat_id = 109 ORDER BY message_id";
    // UTC: chat and all its messages on 2024-03-06
    assertRows(List.of(List.of(10901L, "2024-03-06"), List.of(10902L, "2024-03-06"),
            List.of(10903L, "2024-03-06"), List.of(10904L, "2024-03-06")),
        query(String.format(sql, table(utc, "messages"))));
    // New York: the chat is on 2024-03-05 (22:00 EST); 10901 (22:00) and 10902 (22:02) are on
    // 2024-03-05 local time, 10903 (05:30Z = 00:30 EST) and 10904 (00:45 EST) on 2024-03-06 local
    // time, yet all four live in the chat's partition 2024-03-05.
    assertRows(List.of(List.of(10901L, "2024-03-05"), List.of(10902L, "2024-03-05"),
            List.of(10903L, "2024-03-05"), List.of(10904L, "2024-03-05")),
        query(String.format(sql, table(newYork, "messages"))));
  }

  @Test
  void badMessageIsRejected() throws SQLException {
    // line 27 of messages.jsonl: {"id": 88801, ...} without "chat"
    List<List<Object>> rows = query("SELECT input_kind, reason_code, line, source_file FROM "
        + table(utc, "rejects"));
    assertEquals(1, rows.size(), "rejects: " + rows);
    assertEquals(List.of("messages", "missing_id", 27L), normalise(rows.get(0)).subList(0, 3));
    assertTrue(String.valueOf(rows.get(0).get(3)).endsWith("messages.jsonl"), rows.toString());
  }

  // ---- run summary ----------------------------------------------------------------------

  @Test
  void summaryAddsUpForChatsAndMessages() throws IOException {
    for (Path out : List.of(utc, newYork)) {
      JsonNode s = onlySummary(out);
      assertEquals("succeeded", s.path("status").asText());
      JsonNode chats = s.path("chats");
      assertEquals(List.of(15L, 15L, 0L, 0L), counts(chats), "chats read, kept, rejected, duplicates");
      assertEquals(chats.path("read").asLong(),
          chats.path("kept").asLong() + chats.path("rejected").asLong() + chats.path("duplicates").asLong());
      // messages: 59 distinct + 2 re-exported copies (10801 edited, 10802 unchanged) + 1 without
      // a chat id = 62 read; 59 kept, 1 rejected, 2 duplicates; orphans 99901 and 99902.
      JsonNode messages = s.path("messages");
      assertEquals(List.of(62L, 59L, 1L, 2L), counts(messages), "messages read, kept, rejected, duplicates");
      assertEquals(messages.path("read").asLong(), messages.path("kept").asLong()
          + messages.path("rejected").asLong() + messages.path("duplicates").asLong());
      assertEquals(2L, messages.path("orphans").asLong(), "orphans in " + messages);
      assertEquals(1L, messages.path("rejected_by_reason").path("missing_id").asLong());
    }
  }

  static List<Long> counts(JsonNode n) {
    return List.of(n.path("read").asLong(-1), n.path("kept").asLong(-1), n.path("rejected").asLong(-1),
        n.path("duplicates").asLong(-1));
  }

  static JsonNode onlySummary(Path out) throws IOException {
    try (Stream<Path> files = Files.list(out.resolve("_runs"))) {
      List<Path> runs = files.filter(p -> p.toString().endsWith(".json")).toList();
      assertEquals(1, runs.size(), "run summaries: " + runs);
      return new ObjectMapper().readTree(runs.get(0).toFile());
    }
  }

  // ---- department_daily -----------------------------------------------------------------

  static final String DEPARTMENT_COLUMNS = "report_date::VARCHAR, department_id, chats_total, "
      + "chats_with_messages, first_response_seconds_avg, first_response_seconds_p50, "
      + "first_response_seconds_p90, response_seconds_avg, chats_unanswered";

  /**
   * Percentiles: exact, linear interpolation between closest ranks over the n sorted values:
   * position p * (n - 1) from 0, value = v[floor] + frac * (v[floor + 1] - v[floor]).
   */
  @Test
  void departmentDailyUtc() throws SQLException {
    assertRows(List.of(
            // 2024-03-05 Sales: chats 101 102 103 107 108 110 111 (7); with messages: all but 110 (6).
            // first_response_seconds: 101 120, 102 300, 103 240, 107 45, 108 240 -> sorted
            // [45, 120, 240, 240, 300]; avg 945 / 5 = 189; p50 at 0.5*4 = 2 -> 240;
            // p90 at 0.9*4 = 3.6 -> 240 + 0.6 * (300 - 240) = 276.
            // response: sums 180 + 300 + 240 + 255 + 300 = 1275 over 2 + 1 + 1 + 3 + 2 = 9 turns.
            // unanswered: none (111's open turn does not count, status empty).
            Arrays.asList("2024-03-05", 10L, 7L, 6L, 189.0, 240.0, 276.0, 1275.0 / 9, 0L),
            // 2024-03-05 Support: 104 105 106 112, all with messages.
            // first response: 104 120, 105 90, 106 600, 112 100 -> [90, 100, 120, 600];
            // avg 910 / 4 = 227.5; p50 at 1.5 -> 100 + 0.5 * 20 = 110; p90 at 2.7 -> 120 + 0.7 * 480 = 456.
            // response: 1320 + 90 + 660 + 100 = 2170 over 2 + 1 + 2 + 1 = 6 turns. unanswered: 105.
            Arrays.asList("2024-03-05", 20L, 4L, 4L, 227.5, 110.0, 456.0, 2170.0 / 6, 1L),
            // 2024-03-05 no department: 113, never answered: no first response, no answered turn.
            Arrays.asList("2024-03-05", null, 1L, 1L, null, null, null, null, 1L),
            // 2024-03-06 Sales: 114 (600 s, one turn of 600 s).
            Arrays.asList("2024-03-06", 10L, 1L, 1L, 600.0, 600.0, 600.0, 600.0, 0L),
            // 2024-03-06 Support: 109 (120 s; turns 1020 s / 2), 115 (50 s; 50 s / 1).
            // [50, 120]: avg 85; p50 at 0.5 -> 50 + 0.5 * 70 = 85; p90 at 0.9 -> 50 + 0.9 * 70 = 113.
            // response: (1020 + 50) / (2 + 1) = 1070 / 3.
            Arrays.asList("2024-03-06", 20L, 2L, 2L, 85.0, 85.0, 113.0, 1070.0 / 3, 0L)),
        query("SELECT " + DEPARTMENT_COLUMNS + " FROM " + table(utc, "department_daily")
            + " ORDER BY report_date, department_id NULLS LAST"));
  }

  @Test
  void departmentDailyNewYork() throws SQLException {
    assertRows(List.of(
            Arrays.asList("2024-03-05", 10L, 7L, 6L, 189.0, 240.0, 276.0, 1275.0 / 9, 0L),
            // Support gains 109 (first response 120 s; 1020 s over 2 turns):
            // [90, 100, 120, 120, 600]: avg 1030 / 5 = 206; p50 at 2 -> 120;
            // p90 at 3.6 -> 120 + 0.6 * (600 - 120) = 408. response (2170 + 1020) / (6 + 2) = 3190 / 8.
            Arrays.asList("2024-03-05", 20L, 5L, 5L, 206.0, 120.0, 408.0, 3190.0 / 8, 1L),
            Arrays.asList("2024-03-05", null, 1L, 1L, null, null, null, null, 1L),
            Arrays.asList("2024-03-06", 10L, 1L, 1L, 600.0, 600.0, 600.0, 600.0, 0L),
            // Support keeps only 115.
            Arrays.asList("2024-03-06", 20L, 1L, 1L, 50.0, 50.0, 50.0, 50.0, 0L)),
        query("SELECT " + DEPARTMENT_COLUMNS + " FROM " + table(newYork, "department_daily")
            + " ORDER BY report_date, department_id NULLS LAST"));
  }

  // ---- agent_daily ----------------------------------------------------------------------

  static final String AGENT_COLUMNS = "report_date::VARCHAR, assignee_id, assignee_name, chats_total, "
      + "chats_with_messages, first_response_seconds_avg, first_response_seconds_p50, "
      + "first_response_seconds_p90, response_seconds_avg, chats_unanswered, first_replies";

  /**
   * Interpretation: a row of an agent who only replied first (assigned nothing that date) has
   * chats_total 0 and the other counts 0 as well (chats_with_messages, chats_unanswered: counts
   * over no chats), the averages and percentiles null; its assignee_name is the agent's name on
   * their latest assigned chat (Dave is assignee of 115, Carol of 104-106 and 112). The
   * unassigned row has first_replies 0 (no agent to credit).
   */
  @Test
  void agentDailyUtc() throws SQLException {
    assertRows(List.of(
            // 2024-03-05 Alice: 101 102 108 110 111; with messages 4 (not 110).
            // first response 101 120, 102 300, 108 240 -> [120, 240, 300]: avg 660 / 3 = 220;
            // p50 240; p90 at 1.8 -> 240 + 0.8 * 60 = 288. response (180 + 300 + 300) / (2 + 1 + 2) = 780 / 5.
            // first replies by 501: 101, 102, 108.
            Arrays.asList("2024-03-05", 501L, "Alice", 5L, 4L, 220.0, 240.0, 288.0, 780.0 / 5, 0L, 3L),
            // Bob: 103 (240 s; 240 / 1), 107 (45 s; 255 / 3) -> [45, 240]: avg 142.5, p50 142.5,
            // p90 45 + 0.9 * 195 = 220.5; response (240 + 255) / 4 = 123.75; first replies 103, 107.
            Arrays.asList("2024-03-05", 502L, "Bob", 2L, 2L, 142.5, 142.5, 220.5, 495.0 / 4, 0L, 2L),
            // Carol: 104 105 106 112, as Support that day; first replies 104, 105, 112 (106 went to Dave).
            Arrays.asList("2024-03-05", 503L, "Carol", 4L, 4L, 227.5, 110.0, 456.0, 2170.0 / 6, 1L, 3L),
            // Dave: assigned nothing on 2024-03-05, answered 106 first: a row with chats_total 0.
            Arrays.asList("2024-03-05", 504L, "Dave", 0L, 0L, null, null, null, null, 0L, 1L),
            // unassigned: 113.
            Arrays.asList("2024-03-05", null, null, 1L, 1L, null, null, null, null, 1L, 0L),
            // 2024-03-06 Alice: 114.
            Arrays.asList("2024-03-06", 501L, "Alice", 1L, 1L, 600.0, 600.0, 600.0, 600.0, 0L, 1L),
            // Bob: 109 (120 s; 1020 / 2 = 510).
            Arrays.asList("2024-03-06", 502L, "Bob", 1L, 1L, 120.0, 120.0, 120.0, 510.0, 0L, 1L),
            // Carol: assigned nothing on 2024-03-06, answered 115 first.
            Arrays.asList("2024-03-06", 503L, "Carol", 0L, 0L, null, null, null, null, 0L, 1L),
            // Dave: 115 (50 s) assigned to him but answered first by Carol: first_replies 0.
            Arrays.asList("2024-03-06", 504L, "Dave", 1L, 1L, 50.0, 50.0, 50.0, 50.0, 0L, 0L)),
        query("SELECT " + AGENT_COLUMNS + " FROM " + table(utc, "agent_daily")
            + " ORDER BY report_date, assignee_id NULLS LAST"));
  }

  @Test
  void agentDailyNewYork() throws SQLException {
    assertRows(List.of(
            Arrays.asList("2024-03-05", 501L, "Alice", 5L, 4L, 220.0, 240.0, 288.0, 780.0 / 5, 0L, 3L),
            // Bob gains 109: first responses [45, 120, 240]: avg 405 / 3 = 135, p50 120,
            // p90 at 1.8 -> 120 + 0.8 * 120 = 216; response (240 + 255 + 1020) / (1 + 3 + 2) = 1515 / 6;
            // first replies 103, 107, 109.
            Arrays.asList("2024-03-05", 502L, "Bob", 3L, 3L, 135.0, 120.0, 216.0, 1515.0 / 6, 0L, 3L),
            Arrays.asList("2024-03-05", 503L, "Carol", 4L, 4L, 227.5, 110.0, 456.0, 2170.0 / 6, 1L, 3L),
            Arrays.asList("2024-03-05", 504L, "Dave", 0L, 0L, null, null, null, null, 0L, 1L),
            Arrays.asList("2024-03-05", null, null, 1L, 1L, null, null, null, null, 1L, 0L),
            // 2024-03-06 in New York: 114 (Alice) and 115 (Dave, answered first by Carol); Bob has no row.
            Arrays.asList("2024-03-06", 501L, "Alice", 1L, 1L, 600.0, 600.0, 600.0, 600.0, 0L, 1L),
            Arrays.asList("2024-03-06", 503L, "Carol", 0L, 0L, null, null, null, null, 0L, 1L),
            Arrays.asList("2024-03-06", 504L, "Dave", 1L, 1L, 50.0, 50.0, 50.0, 50.0, 0L, 0L)),
        query("SELECT " + AGENT_COLUMNS + " FROM " + table(newYork, "agent_daily")
            + " ORDER BY report_date, assignee_id NULLS LAST"));
  }

  // ---- orphans joining their chat in a later run -----------------------------------------

  /**
   * Run 2, incremental on a copy of the UTC output, with late/late-chat.jsonl: chat 999 (Sales,
   * assignee 501, created 2024-03-06T23:30Z) arrives; no --messages this time. Its two messages,
   * written as orphans under 2024-03-07 by run 1, must move to 2024-03-06 and leave nothing behind,
   * and the chat's per-chat columns come from them.
   */
  @Test
  void orphansJoinTheirChatWhenItArrives() throws IOException, SQLException {
    Path out = tmp.resolve("orphans");
    copyTree(utc, out);
    List<Path> before = runSummaries(out);
    assertEquals(0, ChatJob.run("--input", fixture("late/late-chat.jsonl").toString(),
        "--output", out.toString(), "--mode", "incremental"), "exit code of run 2");

    // per-chat columns: the run-1 chats are unchanged (2024-03-06 ones recomputed from the
    // stored messages), and 999 is filled: customer d2 09:00, 501 at 09:05: 300 s, one turn.
    List<List<Object>> chats = new ArrayList<>(expectedChats("2024-03-06"));
    chats.add(chat(999, "2024-03-06", 2, 1, 1, t(2, 9, 0, 0), t(2, 9, 5, 0), 501L, 300.0, 1, 300.0, 1, false));
    List<Path> after = runSummaries(out);
    after.removeAll(before);
    assertAll(
        () -> assertRows(chats,
            query("SELECT " + CHAT_COLUMNS + " FROM " + table(out, "chats") + " ORDER BY chat_id")),
        // the two messages now live in the chat's partition, once; 2024-03-07 holds nothing
        () -> assertRows(List.of(List.of(99901L, "2024-03-06"), List.of(99902L, "2024-03-06")),
            query("SELECT message_id, report_date::VARCHAR FROM " + table(out, "messages")
                + " WHERE chat_id = 999 ORDER BY message_id, report_date")),
        () -> assertRows(List.of(List.of("2024-03-05", 48L), List.of("2024-03-06", 11L)),
            query("SELECT report_date::VARCHAR, count(*) FROM " + table(out, "messages")
                + " GROUP BY 1 ORDER BY 1")),
        () -> assertRows(List.of(List.of(59L, 59L, 0L)),
            query("SELECT count(*), count(DISTINCT message_id), "
                + "count(*) FILTER (WHERE m.report_date <> c.report_date) FROM " + table(out, "messages")
                + " m JOIN " + table(out, "chats") + " c USING (chat_id)")),
        // 2024-03-06 Sales now 114 (600 s) and 999 (300 s): [300, 600]: avg 450, p50 450,
        // p90 300 + 0.9 * 300 = 570; response (600 + 300) / (1 + 1) = 450. Alice answered both first.
        () -> assertRows(List.of(Arrays.asList("2024-03-06", 10L, 2L, 2L, 450.0, 450.0, 570.0, 450.0, 0L)),
            query("SELECT " + DEPARTMENT_COLUMNS + " FROM " + table(out, "department_daily")
                + " WHERE report_date = DATE '2024-03-06' AND department_id = 10")),
        () -> assertRows(List.of(Arrays.asList("2024-03-06", 501L, "Alice", 2L, 2L, 450.0, 450.0, 570.0, 450.0,
                0L, 2L)),
            query("SELECT " + AGENT_COLUMNS + " FROM " + table(out, "agent_daily")
                + " WHERE report_date = DATE '2024-03-06' AND assignee_id = 501")),
        // run 2's summary: 1 chat read and kept; no message input, so no orphans
        () -> {
          assertEquals(1, after.size(), "new run summaries: " + after);
          JsonNode s = new ObjectMapper().readTree(after.get(0).toFile());
          assertEquals(List.of(1L, 1L, 0L, 0L), counts(s.path("chats")));
          JsonNode messages = s.path("messages");
          if (!messages.isMissingNode()) {
            assertEquals(messages.path("read").asLong(), messages.path("kept").asLong()
                + messages.path("rejected").asLong() + messages.path("duplicates").asLong());
            assertEquals(0L, messages.path("orphans").asLong(0), "orphans in " + messages);
          }
        });
  }

  static List<Path> runSummaries(Path out) throws IOException {
    try (Stream<Path> files = Files.list(out.resolve("_runs"))) {
      return new ArrayList<>(files.filter(p -> p.toString().endsWith(".json")).toList());
    }
  }

  /**
   * Copies a job output. The symlink manifests of its Delta tables list absolute paths, which in
   * the copy would still name the original's files: Delta regenerates them for the copy.
   */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    try (Stream<Path> tables = Files.list(to)) {
      for (Path t : tables.filter(DeltaFiles::isDeltaTable).toList()) {
        SparkTestSession.get().sql("GENERATE symlink_format_manifest FOR TABLE delta.`" + t.toAbsolutePath() + "`");
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------

  /** The current version of a table of the job's output, for DuckDB's FROM. */
  static String table(Path out, String name) {
    return DeltaFiles.readTable(out, name);
  }

  static List<List<Object>> query(String sql) throws SQLException {
    List<List<Object>> rows = DuckSql.query(duck, sql);
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> r : rows.subList(1, rows.size())) {
      out.add(normalise(r));
    }
    return out;
  }

  /** Integral numbers as Long, so hand-written rows compare whatever width the column has. */
  static List<Object> normalise(List<Object> row) {
    List<Object> out = new ArrayList<>(row.size());
    for (Object v : row) {
      if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
        out.add(((Number) v).longValue());
      } else if (v instanceof java.math.BigInteger b) {
        out.add(b.longValueExact());
      } else {
        out.add(v);
      }
    }
    return out;
  }

  /** Equal row by row; doubles within 1e-9. Reports every differing row. */
  static void assertRows(List<List<Object>> expected, List<List<Object>> actual) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      List<Object> e = i < expected.size() ? expected.get(i) : null;
      List<Object> a = i < actual.size() ? actual.get(i) : null;
      if (!rowEquals(e, a)) {
        problems.add("row " + i + ":\n  expected " + e + "\n  actual   " + a);
      }
    }
    if (!problems.isEmpty()) {
      fail(problems.size() + " row(s) differ:\n" + String.join("\n", problems));
    }
  }

  static boolean rowEquals(List<Object> e, List<Object> a) {
    if (e == null || a == null || e.size() != a.size()) {
      return false;
    }
    for (int i = 0; i < e.size(); i++) {
      Object x = e.get(i);
      Object y = a.get(i);
      if (x instanceof Double dx && y instanceof Double dy) {
        if (Math.abs(dx - dy) > 1e-9) {
          return false;
        }
      } else if (x == null ? y != null : !x.equals(y)) {
        return false;
      }
    }
    return true;
  }
}
