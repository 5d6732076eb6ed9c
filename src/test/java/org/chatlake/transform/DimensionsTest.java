package org.chatlake.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chatlake.SparkTestSession;
import org.junit.jupiter.api.Test;

/**
 * The agents dimension on hand-made records: the latest record names the agent, by rank first
 * (assigned, listed, wrote), then created_at (a missing one is the earliest), then the record's id;
 * first_seen and last_seen span every record.
 */
class DimensionsTest {
  private static final StructType ASSIGNED = chatWith("assignee");
  private static final StructType LISTED = chatWith("agent");
  private static final StructType WROTE = new StructType()
      .add("message_id", DataTypes.LongType)
      .add("created_at", DataTypes.TimestampType)
      .add("agent_id", DataTypes.LongType)
      .add("agent_name", DataTypes.StringType);

  private final SparkSession spark = SparkTestSession.get();

  /** A chat's id and times with one agent's columns, named {@code <agent>_id}, {@code _name}, ... */
  private static StructType chatWith(String agent) {
    return new StructType()
        .add("chat_id", DataTypes.LongType)
        .add("created_at", DataTypes.TimestampType)
        .add("last_message_at", DataTypes.TimestampType)
        .add(agent + "_id", DataTypes.LongType)
        .add(agent + "_name", DataTypes.StringType)
        .add(agent + "_email", DataTypes.StringType)
        .add(agent + "_role", DataTypes.StringType);
  }

  private Dataset<Row> assigned() {
    return spark.createDataFrame(List.of(
        // agent 1: chat 11 is the latest assigned one
        RowFactory.create(10L, t("09:00"), t("09:30"), 1L, "Ann", "ann@x", "agent"),
        RowFactory.create(11L, t("10:00"), t("13:00"), 1L, "Ann B.", "annb@x", "admin"),
        // agent 4: no created_at on either chat: the greater chat id names them
        RowFactory.create(31L, null, t("14:00"), 4L, "Dee", "dee@x", "agent"),
        RowFactory.create(30L, null, null, 4L, "Di", "di@x", "agent"),
        // agent 5: a chat with a created_at beats one without
        RowFactory.create(41L, t("08:00"), null, 5L, "E2", "e2@x", "agent"),
        RowFactory.create(40L, null, t("09:00"), 5L, "E1", "e1@x", "agent"),
        // no assignee: not an agent's record
        RowFactory.create(50L, t("23:00"), t("23:30"), null, "Nobody", null, null)), ASSIGNED);
  }

  private Dataset<Row> listed() {
    return spark.createDataFrame(List.of(
        // agent 1: listed later than assigned, but assigned ranks higher
        RowFactory.create(12L, t("11:00"), t("11:15"), 1L, "Ann C", "annc@x", "agent"),
        // agent 2: never assigned; two chats created at the same time: chat 21 names them
        RowFactory.create(21L, t("09:00"), null, 2L, "Bob", "bob@x", "admin"),
        RowFactory.create(20L, t("09:00"), t("15:00"), 2L, "Bo", "bo@x", "agent"),
        RowFactory.create(19L, t("07:00"), t("07:10"), 2L, "B.", "b@x", "agent")), LISTED);
  }

  private Dataset<Row> wrote() {
    return spark.createDataFrame(List.of(
        // agent 1: a message before any chat (first_seen), none later than chat 11's last message
        RowFactory.create(90L, t("08:00"), 1L, "Ann D"),
        RowFactory.create(91L, t("12:00"), 1L, "Ann E"),
        // agent 3: only messages; two at 10:00, message 101 names them; one without created_at
        RowFactory.create(100L, t("10:00"), 3L, "Cy"),
        RowFactory.create(101L, t("10:00"), 3L, "Cyd"),
        RowFactory.create(99L, null, 3L, "C"),
        RowFactory.create(102L, t("09:00"), 3L, "Cydney"),
        // a customer's message: no agent
        RowFactory.create(103L, t("23:59"), null, null)), WROTE);
  }

  /** agent_id -> name, email, role, first_seen, last_seen (hand-worked from the records above). */
  private static Map<Long, List<Object>> expected() {
    Map<Long, List<Object>> m = new TreeMap<>();
    m.put(1L, List.of("Ann B.", "annb@x", "admin", t("08:00"), t("13:00")));
    m.put(2L, List.of("Bob", "bob@x", "admin", t("07:00"), t("15:00")));
    m.put(3L, java.util.Arrays.asList("Cyd", null, null, t("09:00"), t("10:00")));
    m.put(4L, java.util.Arrays.asList("Dee", "dee@x", "agent", null, t("14:00")));
    m.put(5L, List.of("E2", "e2@x", "agent", t("08:00"), t("09:00")));
    return m;
  }

  @Test
  void theLatestRecordNamesEachAgent() {
    Dataset<Row> activity = Dimensions.agentActivity(assigned(), listed(), wrote());
    assertEquals(expected(), byAgent(Dimensions.agents(assigned(), listed(), wrote(), activity)));
  }

  @Test
  void aLocalActivityGivesTheSameRows() {
    // As DimensionRefresh runs it: the activity collected first, then only the latest records ordered.
    Dataset<Row> activity = Dimensions.agentActivity(assigned(), listed(), wrote());
    Dataset<Row> local = spark.createDataFrame(activity.collectAsList(), activity.schema());
    assertEquals(expected(), byAgent(Dimensions.agents(assigned(), listed(), wrote(), local)));
  }

  private static Map<Long, List<Object>> byAgent(Dataset<Row> agents) {
    Map<Long, List<Object>> m = new TreeMap<>();
    for (Row r : agents.collectAsList()) {
      m.put(r.getAs("agent_id"), java.util.Arrays.asList(r.getAs("agent_name"), r.getAs("agent_email"),
          r.getAs("agent_role"), r.getAs("first_seen"), r.getAs("last_seen")));
    }
    return m;
  }

  private static Timestamp t(String hhmm) {
    return Timestamp.from(java.time.Instant.parse("2026-03-30T" + hhmm + ":00Z"));
  }
}
