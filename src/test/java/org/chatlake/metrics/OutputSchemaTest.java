package org.chatlake.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.chatlake.OutputTables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every column of output.md (and the columns messages.md adds) is in the written Parquet with the
 * spec's name, in the spec's order, and with the spec's type, read back twice: with DuckDB
 * (independent of Spark) and with Spark.
 *
 * <p>Types (output.md): ids and counts BIGINT, durations and rates DOUBLE, times TIMESTAMP (UTC
 * instants), report_date DATE, flags BOOLEAN, agent_count INT, agent_ids ARRAY&lt;BIGINT&gt;,
 * everything else STRING.
 *
 * <p>Interpretations:
 * <ul>
 *   <li>report_date is the Hive partition column: it is a directory name, not a column inside
 *       the files, and both readers put partition columns last. So the order asserted is the
 *       spec's order of the other columns, then report_date (output.md lists it first for the
 *       daily tables, last for chats).</li>
 *   <li>The per-chat columns of messages.md are placed after the derived columns and before the
 *       lineage columns of chats, in the order of messages.md's table (messages.md does not say
 *       where they go). Their counts (messages_total, customer_messages, agent_replies,
 *       response_turns, response_turns_answered) get no width in either document: any integer
 *       type (INT or BIGINT) is accepted for them.</li>
 *   <li>DuckDB reports a Parquet timestamp adjusted to UTC as TIMESTAMP WITH TIME ZONE; plain
 *       TIMESTAMP is accepted too.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputSchemaTest {

  /** A spec type: the DuckDB names and the Spark simple strings that satisfy it. */
  enum T {
    BIGINT(Set.of("BIGINT"), Set.of("bigint")),
    INT(Set.of("INTEGER"), Set.of("int")),
    /** an integer count whose width the spec leaves open */
    INTEGER_ANY(Set.of("INTEGER", "BIGINT"), Set.of("int", "bigint")),
    DOUBLE(Set.of("DOUBLE"), Set.of("double")),
    STRING(Set.of("VARCHAR"), Set.of("string")),
    BOOLEAN(Set.of("BOOLEAN"), Set.of("boolean")),
    TIMESTAMP(Set.of("TIMESTAMP WITH TIME ZONE", "TIMESTAMP"), Set.of("timestamp")),
    DATE(Set.of("DATE"), Set.of("date")),
    ARRAY_BIGINT(Set.of("BIGINT[]"), Set.of("array<bigint>"));

    final Set<String> duckdb;
    final Set<String> spark;

    T(Set<String> duckdb, Set<String> spark) {
      this.duckdb = duckdb;
      this.spark = spark;
    }
  }

  private static LinkedHashMap<String, T> columns(Object... nameTypePairs) {
    LinkedHashMap<String, T> out = new LinkedHashMap<>();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      out.put((String) nameTypePairs[i], (T) nameTypePairs[i + 1]);
    }
    return out;
  }

  /** output.md "chats", then the per-chat columns of messages.md, lineage, partition. */
  static final LinkedHashMap<String, T> CHATS = columns(
      "chat_id", T.BIGINT,
      "status", T.STRING,
      "status_raw", T.STRING,
      "closed_by", T.STRING,
      "rating", T.STRING,
      "rating_raw", T.STRING,
      "created_at", T.TIMESTAMP,
      "closed_at", T.TIMESTAMP,
      "last_message_at", T.TIMESTAMP,
      "last_customer_message_at", T.TIMESTAMP,
      "snoozed_until", T.TIMESTAMP,
      "read_by_agent", T.BOOLEAN,
      "read_by_customer", T.BOOLEAN,
      "created_with", T.STRING,
      "last_message_text", T.STRING,
      "last_message_id", T.BIGINT,
      "application_id", T.BIGINT,
      "last_communicated_agent_id", T.BIGINT,
      "customer_id", T.BIGINT,
      "customer_name", T.STRING,
      "customer_email", T.STRING,
      "customer_user_id", T.STRING,
      "assignee_id", T.BIGINT,
      "assignee_name", T.STRING,
      "assignee_email", T.STRING,
      "assignee_role", T.STRING,
      "department_id", T.BIGINT,
      "department_name", T.STRING,
      "agent_count", T.INT,
      "agent_ids", T.ARRAY_BIGINT,
      "resolution_seconds", T.DOUBLE,
      "last_reply_seconds", T.DOUBLE,
      "awaiting_reply", T.BOOLEAN,
      // history.md, "Reopens"
      "reopen_count", T.INT,
      "first_closed_at", T.TIMESTAMP,
      // messages.md, "Per-chat columns added to chats"
      "messages_total", T.INTEGER_ANY,
      "customer_messages", T.INTEGER_ANY,
      "agent_replies", T.INTEGER_ANY,
      "first_customer_message_at", T.TIMESTAMP,
      "first_reply_at", T.TIMESTAMP,
      "first_reply_agent_id", T.BIGINT,
      "first_response_seconds", T.DOUBLE,
      "response_turns", T.INTEGER_ANY,
      "response_seconds_sum", T.DOUBLE,
      "response_turns_answered", T.INTEGER_ANY,
      "unanswered", T.BOOLEAN,
      // history.md, "One-touch and handoffs"
      "one_touch", T.BOOLEAN,
      "handed_off", T.BOOLEAN,
      // service-hours.md, "Per-chat columns", after the message columns (it does not say where)
      "first_response_business_seconds", T.DOUBLE,
      "response_business_seconds_sum", T.DOUBLE,
      "resolution_business_seconds", T.DOUBLE,
      "sla_first_response", T.STRING,
      "sla_next_reply_turns", T.INTEGER_ANY,
      "sla_next_reply_breaches", T.INTEGER_ANY,
      "sla_resolution", T.STRING,
      "sla_as_of", T.TIMESTAMP,
      "source_file", T.STRING,
      "ingested_at", T.TIMESTAMP,
      "report_date", T.DATE);

  static final LinkedHashMap<String, T> CHAT_AGENTS = columns(
      "chat_id", T.BIGINT,
      "agent_id", T.BIGINT,
      "agent_name", T.STRING,
      "agent_email", T.STRING,
      "agent_role", T.STRING,
      "is_assignee", T.BOOLEAN,
      "report_date", T.DATE);

  /** The metric columns of output.md (metrics.md), then those messages.md adds. */
  static final LinkedHashMap<String, T> METRICS = columns(
      "chats_total", T.BIGINT,
      "chats_empty", T.BIGINT,
      "chats_open", T.BIGINT,
      "chats_no_communication", T.BIGINT,
      "chats_closed", T.BIGINT,
      "closed_by_agent", T.BIGINT,
      "closed_by_customer", T.BIGINT,
      "closure_rate", T.DOUBLE,
      "chats_rated", T.BIGINT,
      "rating_great", T.BIGINT,
      "rating_average", T.BIGINT,
      "rating_poor", T.BIGINT,
      "csat", T.DOUBLE,
      "resolution_seconds_avg", T.DOUBLE,
      "resolution_seconds_p50", T.DOUBLE,
      "resolution_seconds_p90", T.DOUBLE,
      "last_reply_seconds_avg", T.DOUBLE,
      "last_reply_seconds_p50", T.DOUBLE,
      "last_reply_seconds_p90", T.DOUBLE,
      "chats_awaiting_reply", T.BIGINT,
      // messages.md, "Metrics added to department_daily and agent_daily"
      "chats_with_messages", T.BIGINT,
      "first_response_seconds_avg", T.DOUBLE,
      "first_response_seconds_p50", T.DOUBLE,
      "first_response_seconds_p90", T.DOUBLE,
      "response_seconds_avg", T.DOUBLE,
      "chats_unanswered", T.BIGINT,
      // service-hours.md, "Daily metric columns"
      "first_response_business_seconds_avg", T.DOUBLE,
      "first_response_business_seconds_p50", T.DOUBLE,
      "first_response_business_seconds_p90", T.DOUBLE,
      "response_business_seconds_avg", T.DOUBLE,
      "resolution_business_seconds_avg", T.DOUBLE,
      "resolution_business_seconds_p50", T.DOUBLE,
      "resolution_business_seconds_p90", T.DOUBLE,
      "sla_first_response_met", T.BIGINT,
      "sla_first_response_breached", T.BIGINT,
      "sla_first_response_pending", T.BIGINT,
      "sla_first_response_rate", T.DOUBLE,
      "sla_next_reply_turns", T.BIGINT,
      "sla_next_reply_breaches", T.BIGINT,
      "sla_next_reply_rate", T.DOUBLE,
      "sla_resolution_met", T.BIGINT,
      "sla_resolution_breached", T.BIGINT,
      "sla_resolution_pending", T.BIGINT,
      "sla_resolution_rate", T.DOUBLE,
      // history.md, "Daily columns added to department_daily and agent_daily"
      "chats_reopened", T.BIGINT,
      "reopen_rate", T.DOUBLE,
      "chats_one_touch", T.BIGINT,
      "one_touch_rate", T.DOUBLE,
      "chats_handed_off", T.BIGINT);

  static final LinkedHashMap<String, T> DEPARTMENT_DAILY = concat(
      columns("department_id", T.BIGINT, "department_name", T.STRING),
      METRICS,
      columns("report_date", T.DATE));

  static final LinkedHashMap<String, T> AGENT_DAILY = concat(
      columns("assignee_id", T.BIGINT, "assignee_name", T.STRING, "assignee_email", T.STRING),
      METRICS,
      columns("first_replies", T.BIGINT, "report_date", T.DATE));

  static final LinkedHashMap<String, T> RATING_DAILY = columns(
      "department_id", T.BIGINT,
      "department_name", T.STRING,
      "rating", T.STRING,
      "chats", T.BIGINT,
      "share", T.DOUBLE,
      "report_date", T.DATE);

  static final LinkedHashMap<String, T> STATUS_DAILY = columns(
      "department_id", T.BIGINT,
      "department_name", T.STRING,
      "status", T.STRING,
      "chats", T.BIGINT,
      "share", T.DOUBLE,
      "report_date", T.DATE);

  /** history.md, "Table backlog_daily": counts BIGINT, ages DOUBLE, partitioned by as_of_date. */
  static final LinkedHashMap<String, T> BACKLOG_DAILY = columns(
      "department_id", T.BIGINT,
      "department_name", T.STRING,
      "open_at_end", T.BIGINT,
      "opened", T.BIGINT,
      "closed", T.BIGINT,
      "open_age_hours_p50", T.DOUBLE,
      "open_age_hours_p90", T.DOUBLE,
      "open_unassigned", T.BIGINT,
      "as_of_date", T.DATE);

  @SafeVarargs
  private static LinkedHashMap<String, T> concat(LinkedHashMap<String, T>... parts) {
    LinkedHashMap<String, T> out = new LinkedHashMap<>();
    for (LinkedHashMap<String, T> p : parts) {
      out.putAll(p);
    }
    return out;
  }

  private Path out;

  @BeforeAll
  void runJob() {
    out = FixtureRuns.utc();
  }

  @Test
  void chats() throws Exception {
    assertSchema("chats", CHATS);
  }

  @Test
  void chatAgents() throws Exception {
    assertSchema("chat_agents", CHAT_AGENTS);
  }

  @Test
  void departmentDaily() throws Exception {
    assertSchema("department_daily", DEPARTMENT_DAILY);
  }

  @Test
  void agentDaily() throws Exception {
    assertSchema("agent_daily", AGENT_DAILY);
  }

  @Test
  void ratingDaily() throws Exception {
    assertSchema("rating_daily", RATING_DAILY);
  }

  @Test
  void statusDaily() throws Exception {
    assertSchema("status_daily", STATUS_DAILY);
  }

  @Test
  void backlogDaily() throws Exception {
    assertSchema("backlog_daily", BACKLOG_DAILY);
  }

  /** output.md: chat_id BIGINT (not null): no row has a null chat_id. */
  @Test
  void chatIdValuesAreNeverNull() throws Exception {
    List<Map<String, Object>> rows = DuckDbReads.rows(out, "chats");
    assertEquals(31, rows.size());
    rows.forEach(r -> assertTrue(r.get("chat_id") instanceof Long, "chat_id of " + r));
  }

  /**
   * output.md: chat_id BIGINT (not null), and ChatSchema.CHATS declares it non-nullable, so the
   * Parquet column should be REQUIRED (as source_file and ingested_at already are).
   *
   * <p>SPEC DISAGREEMENT (fails against the current code): the column is written OPTIONAL.
   * IngestSchema.of (line 49) makes every parsed column nullable, and Conform.to (line 23) casts
   * each column to the schema's type but does not restore the schema's nullability, so the
   * non-null declaration of chat_id is lost on the way to the file. Exclude with
   * {@code -DexcludedGroups=spec-disagreement} until it is fixed.
   */
  @Test
  @Tag("spec-disagreement")
  @DisplayName("chats.chat_id is REQUIRED in Parquet (spec disagreement: written OPTIONAL)")
  void chatIdIsRequiredByADeltaConstraint() throws Exception {
    org.apache.spark.sql.SparkSession spark = org.chatlake.SparkTestSession.get();
    String constraint = spark.sql("SHOW TBLPROPERTIES delta.`" + out.resolve("chats") + "`")
        .where("key = 'delta.constraints.chat_id_present'").select("value").first().getString(0);
    assertEquals("`chat_id` IS NOT NULL", constraint);
    // Delta refuses a row without a chat id
    Exception refused = assertThrows(Exception.class, () -> spark.sql(
        "SELECT CAST(NULL AS BIGINT) AS chat_id, DATE'2026-01-01' AS report_date")
        .write().format("delta").mode("append").save(out.resolve("chats").toString()));
    assertTrue(String.valueOf(refused.getMessage()).contains("chat_id"), String.valueOf(refused.getMessage()));
  }

  /** service-hours.md: a run without --config writes the service columns, every value null. */
  @Test
  void serviceColumnsAreNullWithoutConfig() {
    List<String> chatColumns = List.of("first_response_business_seconds", "response_business_seconds_sum",
        "resolution_business_seconds", "sla_first_response", "sla_next_reply_turns", "sla_next_reply_breaches",
        "sla_resolution", "sla_as_of");
    assertAllNull("chats", chatColumns, 31);
    List<String> dailyColumns = new ArrayList<>(METRICS.keySet());
    dailyColumns = dailyColumns.subList(dailyColumns.indexOf("first_response_business_seconds_avg"),
        dailyColumns.indexOf("sla_resolution_rate") + 1);
    assertEquals(18, dailyColumns.size());
    assertAllNull("department_daily", dailyColumns, -1);
    assertAllNull("agent_daily", dailyColumns, -1);
  }

  private void assertAllNull(String table, List<String> columns, long rows) {
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> t = OutputTables.table(out, table);
    if (rows >= 0) {
      assertEquals(rows, t.count(), table);
    }
    assertTrue(t.count() > 0, table + " has rows");
    for (String c : columns) {
      assertEquals(0L, t.where(org.apache.spark.sql.functions.col(c).isNotNull()).count(), table + "." + c);
    }
  }

  /** output.md: times are Parquet TIMESTAMP as UTC instants (isAdjustedToUTC). */
  @Test
  void timesAreUtcInstants() throws Exception {
    LinkedHashMap<String, String> duck = DuckDbReads.describe(out, "chats");
    for (String c : List.of("created_at", "closed_at", "last_message_at", "last_customer_message_at",
        "snoozed_until", "first_customer_message_at", "first_reply_at", "ingested_at")) {
      assertEquals("TIMESTAMP WITH TIME ZONE", duck.get(c), "chats." + c);
    }
  }

  private void assertSchema(String table, LinkedHashMap<String, T> expected) throws Exception {
    // DuckDB
    LinkedHashMap<String, String> duck = DuckDbReads.describe(out, table);
    assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(duck.keySet()),
        table + ": column names and order as DuckDB reads them");
    List<String> wrong = new ArrayList<>();
    expected.forEach((name, type) -> {
      if (!type.duckdb.contains(duck.get(name))) {
        wrong.add(name + " is " + duck.get(name) + ", expected one of " + type.duckdb);
      }
    });
    assertTrue(wrong.isEmpty(), table + " (DuckDB): " + wrong);

    // Spark
    StructType spark = OutputTables.table(out, table).schema();
    List<String> sparkNames = new ArrayList<>();
    for (StructField f : spark.fields()) {
      sparkNames.add(f.name());
    }
    assertEquals(new ArrayList<>(expected.keySet()), sparkNames,
        table + ": column names and order as Spark reads them");
    for (StructField f : spark.fields()) {
      T type = expected.get(f.name());
      if (!type.spark.contains(f.dataType().simpleString())) {
        wrong.add(f.name() + " is " + f.dataType().simpleString() + ", expected one of " + type.spark);
      }
    }
    assertTrue(wrong.isEmpty(), table + " (Spark): " + wrong);
  }
}
