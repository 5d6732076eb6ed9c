package org.chatlake.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.chatlake.SparkTestSession;
import org.chatlake.model.ChatSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DailyTables as pure functions of a small in-memory chats Dataset (the columns of
 * ChatSchema.CHATS, derived per-chat values given directly): no files, no job.
 *
 * <pre>
 * id date        dept (name)         created status  closed_by rating  res  lr  awaiting
 *  1 2026-03-10  10 (Sales)          09:00   closed  agent     great   60   20  -
 *  2 2026-03-10  10 (Sales)          10:00   closed  customer  great   120  -   -
 *  3 2026-03-10  10 (Sales)          11:00   opened  -         -       -    -   yes
 *  4 2026-03-10  10 (Sales)          12:00   empty   -         -       -    -   -
 *  5 2026-03-10  10 (Old Sales)      08:00   closed  agent     poor    600  40  -
 *  6 2026-03-10  none (null name)    09:00   closed  customer  average 100  10  -
 *  7 2026-03-10  none                10:00   pending -         -       -    -   yes
 *  8 2026-03-10  none                11:00   closed  agent     great   300  50  -
 *  9 2026-03-11  30 (Billing)        09:00   empty   -         -       -    -   -
 * </pre>
 * Department 10's name is that of its latest chat by created_at (chat 4, "Sales"), not that of
 * its greatest chat_id (chat 5, "Old Sales", created first).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DailyTablesTest {
  private static final double TOLERANCE = 1e-9;
  private static final StructType SCHEMA = ChatSchema.CHATS;

  private Dataset<Row> chats;

  @BeforeAll
  void buildChats() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = List.of(
        chat(1, "2026-03-10", 10L, "Sales", "09:00", "closed", "agent", "great", 60.0, 20.0, false),
        chat(2, "2026-03-10", 10L, "Sales", "10:00", "closed", "customer", "great", 120.0, null, false),
        chat(3, "2026-03-10", 10L, "Sales", "11:00", "opened", null, null, null, null, true),
        chat(4, "2026-03-10", 10L, "Sales", "12:00", "empty", null, null, null, null, false),
        chat(5, "2026-03-10", 10L, "Old Sales", "08:00", "closed", "agent", "poor", 600.0, 40.0, false),
        chat(6, "2026-03-10", null, null, "09:00", "closed", "customer", "average", 100.0, 10.0, false),
        chat(7, "2026-03-10", null, null, "10:00", "pending", null, null, null, null, true),
        chat(8, "2026-03-10", null, null, "11:00", "closed", "agent", "great", 300.0, 50.0, false),
        chat(9, "2026-03-11", 30L, "Billing", "09:00", "empty", null, null, null, null, false));
    chats = spark.createDataFrame(rows, SCHEMA);
  }

  @Test
  void statusDailySharesPerDateAndDepartment() {
    Map<String, Row> byKey = byKey(DailyTables.statusDaily(chats), "status");
    // share = chats / all chats of the date and department
    Map<String, Object[]> expected = new TreeMap<>(Map.of(
        "2026-03-10|10|closed", row("Sales", 3L, 3.0 / 5),   // chats 1, 2, 5 of 5
        "2026-03-10|10|opened", row("Sales", 1L, 1.0 / 5),
        "2026-03-10|10|empty", row("Sales", 1L, 1.0 / 5),
        "2026-03-10|null|closed", row("No department", 2L, 2.0 / 3),  // chats 6, 8 of 3
        "2026-03-10|null|pending", row("No department", 1L, 1.0 / 3),
        "2026-03-11|30|empty", row("Billing", 1L, 1.0)));
    assertShares(expected, byKey, "status");
  }

  @Test
  void ratingDailySharesOfRatedChats() {
    Map<String, Row> byKey = byKey(DailyTables.ratingDaily(chats), "rating");
    // share = chats / chats of the date and department with a rating (3, 4 and 7 have none;
    // department 30 has no rated chat, so no row)
    Map<String, Object[]> expected = new TreeMap<>(Map.of(
        "2026-03-10|10|great", row("Sales", 2L, 2.0 / 3),    // chats 1, 2 of 1, 2, 5
        "2026-03-10|10|poor", row("Sales", 1L, 1.0 / 3),
        "2026-03-10|null|average", row("No department", 1L, 1.0 / 2),  // 6 of 6, 8
        "2026-03-10|null|great", row("No department", 1L, 1.0 / 2)));
    assertShares(expected, byKey, "rating");
  }

  @Test
  void departmentDailyNullDepartmentRow() {
    Map<String, Row> byKey = byKey(DailyTables.departmentDaily(chats), null);
    assertEquals(List.of("2026-03-10|10", "2026-03-10|null", "2026-03-11|30"), new ArrayList<>(byKey.keySet()));
    Row none = byKey.get("2026-03-10|null");
    assertEquals("No department", none.getAs("department_name"));
    // chats 6, 7, 8
    assertMetrics(none,
        3L, 0L, 1L, 0L, 2L, 1L, 1L,
        2.0 / 3,                   // 2 closed / (3 - 0)
        2L, 1L, 1L, 0L, 1.0 / 2,   // rated 6, 8; csat 1/2
        // res [100, 300]: avg 200, p50 r=0.5: 100 + 0.5*200 = 200, p90 r=0.9: 100 + 0.9*200 = 280
        200.0, 200.0, 280.0,
        // lr [10, 50]: avg 30, p50 30, p90 r=0.9: 10 + 0.9*40 = 46
        30.0, 30.0, 46.0,
        1L);
  }

  @Test
  void departmentDailyNameAndRates() {
    Map<String, Row> byKey = byKey(DailyTables.departmentDaily(chats), null);
    Row sales = byKey.get("2026-03-10|10");
    assertEquals("Sales", sales.getAs("department_name"));
    // chats 1..5
    assertMetrics(sales,
        5L, 1L, 1L, 0L, 3L, 2L, 1L,
        3.0 / 4,                   // 3 closed / (5 - 1 empty)
        3L, 2L, 0L, 1L, 2.0 / 3,
        // res [60, 120, 600]: avg 260, p50 120, p90 r=1.8: 120 + 0.8*(600-120) = 504
        260.0, 120.0, 504.0,
        // lr [20, 40]: avg 30, p50 30, p90 r=0.9: 20 + 0.9*20 = 38
        30.0, 30.0, 38.0,
        1L);
    // A department with only an empty chat: closure_rate 0/0 and csat 0/0 are null, no durations.
    Row billing = byKey.get("2026-03-11|30");
    assertEquals("Billing", billing.getAs("department_name"));
    assertMetrics(billing,
        1L, 1L, 0L, 0L, 0L, 0L, 0L,
        null,
        0L, 0L, 0L, 0L, null,
        null, null, null,
        null, null, null,
        0L);
  }

  /**
   * Chats without created_at share the NULL report_date. Every daily table gives that date the
   * same rows as any other: one per key, never two (a join on the date must be null-safe).
   * <pre>
   * id date  dept  status  closed_by rating assignee first_reply_agent
   * 20 NULL  10    closed  agent     great  7        -
   * 21 NULL  10    opened  -         -      7        7
   * 22 NULL  none  closed  customer  poor   -        -
   * </pre>
   */
  @Test
  void theNullDateInEveryDailyTable() {
    Dataset<Row> undated = SparkTestSession.get().createDataFrame(List.of(
        undated(chat(20, "2026-03-10", 10L, "Sales", "09:00", "closed", "agent", "great", 60.0, 20.0, false), 7L, null),
        undated(chat(21, "2026-03-10", 10L, "Sales", "09:00", "opened", null, null, null, null, true), 7L, 7L),
        undated(chat(22, "2026-03-10", null, null, "09:00", "closed", "customer", "poor", 30.0, null, false), null, null)),
        SCHEMA);

    Map<String, Row> departments = byKey(DailyTables.departmentDaily(undated), null);
    assertEquals(List.of("null|10", "null|null"), new ArrayList<>(departments.keySet()));
    assertEquals(2L, departments.get("null|10").<Long>getAs("chats_total"));
    assertEquals("Sales", departments.get("null|10").getAs("department_name"));
    assertEquals(1L, departments.get("null|null").<Long>getAs("chats_total"));

    List<Row> agents = DailyTables.agentDaily(undated).collectAsList();
    Map<String, Row> byAgent = new TreeMap<>();
    for (Row r : agents) {
      assertNull(byAgent.put(r.getAs("report_date") + "|" + r.getAs("assignee_id"), r), "duplicate " + r);
    }
    assertEquals(List.of("null|7", "null|null"), new ArrayList<>(byAgent.keySet()));
    assertEquals(2L, byAgent.get("null|7").<Long>getAs("chats_total"));
    assertEquals(1L, byAgent.get("null|7").<Long>getAs("first_replies"), "the first reply met its assignee row");

    assertShares(new TreeMap<>(Map.of(
        "null|10|great", row("Sales", 1L, 1.0),
        "null|null|poor", row("No department", 1L, 1.0))),
        byKey(DailyTables.ratingDaily(undated), "rating"), "rating");
    assertShares(new TreeMap<>(Map.of(
        "null|10|closed", row("Sales", 1L, 0.5),
        "null|10|opened", row("Sales", 1L, 0.5),
        "null|null|closed", row("No department", 1L, 1.0))),
        byKey(DailyTables.statusDaily(undated), "status"), "status");
  }

  /**
   * hourly_volume in Europe/Warsaw (UTC+1 in March): the local hour of created_at.
   * <pre>
   * id created (UTC)     local hour dept first_response first_reply unanswered
   * 30 2026-03-10 08:10  09         10   30             yes         no
   * 31 2026-03-10 08:50  09         10   90             yes         no
   * 32 2026-03-10 08:59  09         10   300            yes         no
   * 33 2026-03-10 08:30  09         10   -              -           yes
   * 34 2026-03-10 09:05  10         10   -              -           no  (empty)
   * 35 2026-03-10 23:30  00 (11th)  -    60             yes         no  (report_date 2026-03-11)
   * 36 NULL              -          10   (no hour: no row)
   * </pre>
   * Hour 9 of dept 10: 4 created, 3 answered, 1 unanswered; first response [30, 90, 300]:
   * p50 = 90, p90 at rank 0.9 * 2 = 1.8: 90 + 0.8 * (300 - 90) = 258.
   */
  @Test
  void hourlyVolumeByLocalHour() {
    Dataset<Row> chats = SparkTestSession.get().createDataFrame(List.of(
        timed(30, "2026-03-10", "08:10", 10L, 30.0, false),
        timed(31, "2026-03-10", "08:50", 10L, 90.0, false),
        timed(32, "2026-03-10", "08:59", 10L, 300.0, false),
        timed(33, "2026-03-10", "08:30", 10L, null, true),
        timed(34, "2026-03-10", "09:05", 10L, null, false),
        timed(35, "2026-03-11", "23:30", null, 60.0, false),
        undated(timed(36, "2026-03-10", "10:00", 10L, 10.0, false), null, null)), SCHEMA);
    Map<String, Row> byKey = new TreeMap<>();
    for (Row r : DailyTables.hourlyVolume(chats, "Europe/Warsaw").collectAsList()) {
      assertNull(byKey.put(r.getAs("report_date") + "|" + r.getAs("department_id") + "|" + r.getAs("hour"), r));
    }
    assertEquals(List.of("2026-03-10|10|10", "2026-03-10|10|9", "2026-03-11|null|0"), new ArrayList<>(byKey.keySet()));
    Row nine = byKey.get("2026-03-10|10|9");
    assertEquals(4L, nine.<Long>getAs("chats_created"));
    assertEquals(3L, nine.<Long>getAs("chats_answered"));
    assertEquals(1L, nine.<Long>getAs("chats_unanswered"));
    assertEquals(90.0, nine.<Double>getAs("first_response_seconds_p50"), TOLERANCE);
    assertEquals(258.0, nine.<Double>getAs("first_response_seconds_p90"), TOLERANCE);
    Row ten = byKey.get("2026-03-10|10|10");
    assertEquals(1L, ten.<Long>getAs("chats_created"));
    assertEquals(0L, ten.<Long>getAs("chats_answered"));
    assertNull(ten.getAs("first_response_seconds_p50"));
    assertEquals(60.0, byKey.get("2026-03-11|null|0").<Double>getAs("first_response_seconds_p90"), TOLERANCE);

    // without message data (messages_total null everywhere) the message based columns are null
    Row noMessages = DailyTables.hourlyVolume(this.chats, "UTC").where("report_date = '2026-03-11'").first();
    assertEquals(1L, noMessages.<Long>getAs("chats_created"));
    assertNull(noMessages.getAs("chats_answered"));
    assertNull(noMessages.getAs("chats_unanswered"));
  }

  /**
   * history.md's daily columns, on 2026-03-12 in department 40 (every chat with message data).
   * <pre>
   * id status  reopen_count first_closed_at one_touch handed_off assignee
   * 50 closed  0            10:00           true      false      7
   * 51 closed  2            09:00           false     true       7
   * 52 opened  1            08:00           null      true       8   (reopened, open now)
   * 53 opened  0            null            null      false      8
   * 54 closed  0            null            false     false      7   (closed without closed_at)
   * 55 empty   0            null            null      false      -
   * </pre>
   * Department 40: reopened 51, 52 = 2 of those ever closed or reopened (50, 51, 52) = 2/3;
   * one-touch 50 = 1 of the closed chats with message data (50, 51, 54) = 1/3; handed off 51, 52.
   * Agent 7 (50, 51, 54): reopened 1 of 2 (50, 51); one-touch 1 of 3; handed off 1.
   * Agent 8 (52, 53): reopened 1 of 1; one-touch 0, rate null (no closed chat); handed off 1.
   * Unassigned (55): 0 reopened, rate null (0/0); one-touch 0, rate null; handed off 0.
   */
  @Test
  void reopenOneTouchAndHandoffColumns() {
    Dataset<Row> chats = SparkTestSession.get().createDataFrame(List.of(
        history(50, "closed", 0, "10:00", true, false, 7L),
        history(51, "closed", 2, "09:00", false, true, 7L),
        history(52, "opened", 1, "08:00", null, true, 8L),
        history(53, "opened", 0, null, null, false, 8L),
        history(54, "closed", 0, null, false, false, 7L),
        history(55, "empty", 0, null, null, false, null)), SCHEMA);
    List<String> columns = List.of("chats_reopened", "reopen_rate", "chats_one_touch", "one_touch_rate",
        "chats_handed_off");
    Row department = DailyTables.departmentDaily(chats).first();
    assertHistory(department, columns, 2L, 2.0 / 3, 1L, 1.0 / 3, 2L);
    Map<String, Row> agents = new TreeMap<>();
    for (Row r : DailyTables.agentDaily(chats).collectAsList()) {
      agents.put(String.valueOf(r.<Long>getAs("assignee_id")), r);
    }
    assertEquals(List.of("7", "8", "null"), new ArrayList<>(agents.keySet()));
    assertHistory(agents.get("7"), columns, 1L, 1.0 / 2, 1L, 1.0 / 3, 1L);
    assertHistory(agents.get("8"), columns, 1L, 1.0, 0L, null, 1L);
    assertHistory(agents.get("null"), columns, 0L, null, 0L, null, 0L);
  }

  private static void assertHistory(Row row, List<String> columns, Object... expected) {
    for (int i = 0; i < expected.length; i++) {
      assertSame(expected[i], row.getAs(columns.get(i)), row + " " + columns.get(i));
    }
  }

  private static Row history(long id, String status, int reopens, String firstClosed, Boolean oneTouch,
      Boolean handedOff, Long assignee) {
    Row base = chat(id, "2026-03-12", 40L, "Returns", "07:00", status, null, null, null, null, false);
    Object[] v = new Object[SCHEMA.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = base.get(i);
    }
    set(v, "assignee_id", assignee);
    set(v, "messages_total", 3);
    set(v, "reopen_count", reopens);
    set(v, "first_closed_at", firstClosed == null ? null : Timestamp.from(Instant.parse("2026-03-12T" + firstClosed + ":00Z")));
    set(v, "one_touch", oneTouch);
    set(v, "handed_off", handedOff);
    return RowFactory.create(v);
  }

  /**
   * A chat created at {@code date time} UTC (its report_date given as the local date), with
   * message data: a first reply when firstResponse is given.
   */
  private static Row timed(long id, String reportDate, String utcTime, Long department, Double firstResponse,
      boolean unanswered) {
    Row base = chat(id, reportDate, department, department == null ? null : "Sales", "00:00",
        id == 34 ? "empty" : "opened", null, null, null, null, false);
    Object[] v = new Object[SCHEMA.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = base.get(i);
    }
    String utcDate = id == 35 ? "2026-03-10" : reportDate;
    Timestamp created = Timestamp.from(Instant.parse(utcDate + "T" + utcTime + ":00Z"));
    set(v, "created_at", created);
    set(v, "messages_total", 2);
    set(v, "first_response_seconds", firstResponse);
    set(v, "first_reply_at", firstResponse == null ? null
        : Timestamp.from(created.toInstant().plusSeconds(firstResponse.longValue())));
    set(v, "unanswered", unanswered);
    return RowFactory.create(v);
  }

  /** The chat without created_at (so on the NULL date), assigned and first answered as given. */
  private static Row undated(Row chat, Long assignee, Long firstReplyAgent) {
    Object[] v = new Object[SCHEMA.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = chat.get(i);
    }
    set(v, "created_at", null);
    set(v, "report_date", null);
    set(v, "assignee_id", assignee);
    set(v, "first_reply_agent_id", firstReplyAgent);
    return RowFactory.create(v);
  }

  // ---------------------------------------------------------------------------------------------

  private static final List<String> METRICS = List.of(
      "chats_total", "chats_empty", "chats_open", "chats_no_communication", "chats_closed",
      "closed_by_agent", "closed_by_customer", "closure_rate", "chats_rated", "rating_great",
      "rating_average", "rating_poor", "csat", "resolution_seconds_avg", "resolution_seconds_p50",
      "resolution_seconds_p90", "last_reply_seconds_avg", "last_reply_seconds_p50",
      "last_reply_seconds_p90", "chats_awaiting_reply");

  private static void assertMetrics(Row row, Object... expected) {
    assertEquals(METRICS.size(), expected.length);
    for (int i = 0; i < expected.length; i++) {
      String c = METRICS.get(i);
      Object got = row.getAs(c);
      assertSame(expected[i], got, c);
    }
    // no message data (messages_total null everywhere): the messages.md metrics are null
    for (String c : List.of("chats_with_messages", "first_response_seconds_avg",
        "first_response_seconds_p50", "first_response_seconds_p90", "response_seconds_avg",
        "chats_unanswered", "chats_one_touch", "one_touch_rate", "chats_handed_off")) {
      assertNull(row.getAs(c), c);
    }
    // no chat ever reopened or seen closed with a closed_at (reopen_count, first_closed_at null)
    assertEquals(0L, row.<Long>getAs("chats_reopened"));
    assertNull(row.getAs("reopen_rate"));
  }

  private static void assertSame(Object want, Object got, String what) {
    if (want instanceof Double w && got instanceof Double g) {
      assertEquals(w, g, TOLERANCE, what);
    } else {
      assertEquals(want, got, what);
    }
  }

  private static void assertShares(Map<String, Object[]> expected, Map<String, Row> actual, String key) {
    assertEquals(expected.keySet(), actual.keySet(), "rows (report_date|department_id|" + key + ")");
    expected.forEach((k, want) -> {
      Row got = actual.get(k);
      assertEquals(want[0], got.getAs("department_name"), k + " department_name");
      assertEquals(want[1], got.getAs("chats"), k + " chats");
      assertEquals((double) want[2], (double) got.<Double>getAs("share"), TOLERANCE, k + " share");
    });
  }

  private static Object[] row(String departmentName, long chats, double share) {
    return new Object[] {departmentName, chats, share};
  }

  /** Rows keyed by report_date|department_id[|extra]. */
  private static Map<String, Row> byKey(Dataset<Row> table, String extra) {
    Map<String, Row> out = new TreeMap<>();
    for (Row r : table.collectAsList()) {
      String k = r.getAs("report_date") + "|" + r.getAs("department_id")
          + (extra == null ? "" : "|" + r.getAs(extra));
      assertNull(out.put(k, r), "duplicate row " + k);
    }
    return out;
  }

  /** A normalised chat: the given columns set, the others null (non-null ones filled). */
  private static Row chat(long id, String date, Long departmentId, String departmentName,
      String createdTime, String status, String closedBy, String rating, Double resolution,
      Double lastReply, boolean awaiting) {
    Object[] v = new Object[SCHEMA.size()];
    set(v, "chat_id", id);
    set(v, "status", status);
    set(v, "status_raw", status);
    set(v, "closed_by", closedBy);
    set(v, "rating", rating);
    set(v, "rating_raw", rating);
    set(v, "created_at", Timestamp.from(Instant.parse(date + "T" + createdTime + ":00Z")));
    set(v, "department_id", departmentId);
    set(v, "department_name", departmentName);
    set(v, "agent_count", 0);
    set(v, "agent_ids", Arrays.asList());
    set(v, "resolution_seconds", resolution);
    set(v, "last_reply_seconds", lastReply);
    set(v, "awaiting_reply", awaiting);
    set(v, "source_file", "memory");
    set(v, "ingested_at", Timestamp.from(Instant.parse("2026-03-12T00:00:00Z")));
    set(v, "report_date", Date.valueOf(date));
    return RowFactory.create(v);
  }

  private static void set(Object[] v, String column, Object value) {
    v[SCHEMA.fieldIndex(column)] = value;
  }
}
