package org.chatlake.metrics;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.chatlake.metrics.ChatMetrics.Metric;
import org.chatlake.model.Columns;

/** The four daily metric tables of output.md, each a pure function of the normalised chats. */
public final class DailyTables {
  private DailyTables() {}

  public static final String NO_DEPARTMENT = "No department";

  /** The chat columns the daily tables read. */
  public static final List<String> INPUT_COLUMNS = List.of("chat_id", Columns.REPORT_DATE, "created_at",
      "department_id", "department_name", "assignee_id", "assignee_name", "assignee_email", "status",
      "rating", "closed_by", "resolution_seconds", "last_reply_seconds", "awaiting_reply", "messages_total",
      "first_response_seconds", "response_seconds_sum", "response_turns_answered", "unanswered",
      "first_reply_agent_id", "first_reply_at", "reopen_count", "first_closed_at", "one_touch", "handed_off",
      "first_response_business_seconds", "response_business_seconds_sum",
      "resolution_business_seconds", "sla_first_response", "sla_next_reply_turns", "sla_next_reply_breaches",
      "sla_resolution");

  /** {@link #INPUT_COLUMNS} with their types in {@code chats}. */
  public static final org.apache.spark.sql.types.StructType INPUT_SCHEMA = new org.apache.spark.sql.types.StructType(
      INPUT_COLUMNS.stream().map(org.chatlake.model.ChatSchema.CHATS::apply)
          .toArray(org.apache.spark.sql.types.StructField[]::new));

  public static Dataset<Row> departmentDaily(Dataset<Row> chats) {
    return departmentDaily(chats, departmentNames(chats));
  }

  /** As {@link #departmentDaily(Dataset)}, with the names of {@link #departmentNames} computed once. */
  public static Dataset<Row> departmentDaily(Dataset<Row> chats, Dataset<Row> departmentNames) {
    Dataset<Row> grouped = aggregate(chats, col(Columns.REPORT_DATE), col("department_id"));
    return withDepartmentName(grouped, departmentNames)
        .select(withMetrics(List.of(Columns.REPORT_DATE, "department_id", "department_name")));
  }

  /**
   * Per non-null department_id ({@code _id}), the department_name on its latest chat: small, so a
   * caller that builds several tables can compute it once and pass it to each.
   */
  public static Dataset<Row> departmentNames(Dataset<Row> chats) {
    return latestPerId(chats, "department_id", "department_name");
  }

  /**
   * Per date and assignee (null = unassigned), named as on the assignee's latest chat. With
   * message data, {@code first_replies} credits the agent who answered a chat first on the chat's
   * date, even when the chat is assigned to someone else; such an agent gets a row with zero chats.
   */
  public static Dataset<Row> agentDaily(Dataset<Row> chats) {
    return agentDaily(chats, agentNames(chats));
  }

  /** Per non-null assignee_id ({@code _id}), assignee_name and assignee_email on its latest chat. */
  public static Dataset<Row> agentNames(Dataset<Row> chats) {
    return latestPerId(chats, "assignee_id", "assignee_name", "assignee_email");
  }

  /** As {@link #agentDaily(Dataset)}, named by {@code agentNames} ({@code _id}, assignee_name, assignee_email). */
  public static Dataset<Row> agentDaily(Dataset<Row> chats, Dataset<Row> agentNames) {
    Dataset<Row> byAssignee = aggregate(chats, col(Columns.REPORT_DATE), col("assignee_id"));
    Dataset<Row> byFirstReplier = chats
        .where(col("first_reply_agent_id").isNotNull())
        .groupBy(col(Columns.REPORT_DATE).as("fr_date"), col("first_reply_agent_id").as("fr_agent"))
        .agg(count(lit(1)).as("fr_count"));
    Dataset<Row> joined = byAssignee.join(byFirstReplier,
        // null-safe on the date: chats without created_at share the NULL date and must meet there
        col(Columns.REPORT_DATE).eqNullSafe(col("fr_date")).and(col("assignee_id").equalTo(col("fr_agent"))),
        "full_outer");
    List<Column> cols = new ArrayList<>();
    cols.add(coalesce(col(Columns.REPORT_DATE), col("fr_date")).as(Columns.REPORT_DATE));
    cols.add(coalesce(col("assignee_id"), col("fr_agent")).as("assignee_id"));
    Column assignedNothing = col("chats_total").isNull();
    for (Metric m : ChatMetrics.ALL) {
      // an agent who only answered first that day: zero chats, rates and times null
      cols.add(m.isCount()
          ? when(assignedNothing, lit(0L)).otherwise(col(m.name())).as(m.name())
          : col(m.name()));
    }
    cols.add(when(col("fr_count").isNotNull(), col("fr_count"))
        .when(col("chats_with_messages").isNotNull(), lit(0L)).as("first_replies"));
    Dataset<Row> merged = joined.select(cols.toArray(new Column[0]));
    Dataset<Row> names = agentNames;
    return merged.join(names, merged.col("assignee_id").equalTo(names.col("_id")), "left")
        .select(withMetrics(List.of(Columns.REPORT_DATE, "assignee_id", "assignee_name", "assignee_email"),
            "first_replies"));
  }

  public static Dataset<Row> ratingDaily(Dataset<Row> chats) {
    return ratingDaily(chats, departmentNames(chats));
  }

  public static Dataset<Row> ratingDaily(Dataset<Row> chats, Dataset<Row> departmentNames) {
    Dataset<Row> counts = chats.where(col("rating").isNotNull())
        .groupBy(col(Columns.REPORT_DATE), col("department_id"), col("rating"))
        .agg(count(lit(1)).as("chats"));
    return shares(withDepartmentName(counts, departmentNames), "rating");
  }

  public static Dataset<Row> statusDaily(Dataset<Row> chats) {
    return statusDaily(chats, departmentNames(chats));
  }

  public static Dataset<Row> statusDaily(Dataset<Row> chats, Dataset<Row> departmentNames) {
    Dataset<Row> counts = chats
        .groupBy(col(Columns.REPORT_DATE), col("department_id"), col("status"))
        .agg(count(lit(1)).as("chats"));
    return shares(withDepartmentName(counts, departmentNames), "status");
  }

  /**
   * hourly_volume (history.md): per date, department and local hour of created_at (in
   * {@code timezone}), the chats created, answered (with a first reply) and unanswered, and the
   * first-response percentiles. The message based columns are null where none of the group's
   * chats has message data; a chat without created_at has no hour and no row.
   */
  public static Dataset<Row> hourlyVolume(Dataset<Row> chats, String timezone) {
    Column hasMessageData = count(col("messages_total")).gt(0);
    Column[] aggregates = {
        count(lit(1)).as("chats_created"),
        when(hasMessageData, ChatMetrics.countWhere(col("first_reply_at").isNotNull())).as("chats_answered"),
        sort_array(collect_list(col("first_response_seconds"))).as("_sorted"),
        when(hasMessageData, ChatMetrics.countWhere(col("unanswered"))).as("chats_unanswered")};
    return chats.where(col("created_at").isNotNull())
        .groupBy(col(Columns.REPORT_DATE), col("department_id"),
            hour(from_utc_timestamp(col("created_at"), timezone)).as("hour"))
        .agg(aggregates[0], Arrays.copyOfRange(aggregates, 1, aggregates.length))
        .select(col(Columns.REPORT_DATE), col("department_id"), col("hour"), col("chats_created"),
            col("chats_answered"),
            ChatMetrics.interpolated(col("_sorted"), 0.5).as("first_response_seconds_p50"),
            ChatMetrics.interpolated(col("_sorted"), 0.9).as("first_response_seconds_p90"),
            col("chats_unanswered"));
  }

  /**
   * A department_daily or agent_daily table of a run without --config: its service metric columns
   * ({@link ChatMetrics#SERVICE}) null, counts included (service-hours.md).
   */
  public static Dataset<Row> withoutServiceMetrics(Dataset<Row> daily) {
    Column[] columns = Arrays.stream(daily.schema().fields())
        .map(f -> ChatMetrics.SERVICE.contains(f.name()) ? lit(null).cast(f.dataType()).as(f.name()) : col(f.name()))
        .toArray(Column[]::new);
    return daily.select(columns);
  }

  /** The keys and every metric column ({@link ChatMetrics}) per group of the keys. */
  private static Dataset<Row> aggregate(Dataset<Row> chats, Column... keys) {
    Column[] aggregates = ChatMetrics.aggregates();
    List<Column> out = new ArrayList<>(Arrays.asList(keys));
    out.addAll(ChatMetrics.finished());
    return chats.groupBy(keys)
        .agg(aggregates[0], Arrays.copyOfRange(aggregates, 1, aggregates.length))
        .select(out.toArray(new Column[0]));
  }

  /** share = chats / all chats of the row's date and department in this table. */
  private static Dataset<Row> shares(Dataset<Row> counts, String key) {
    Column ofDay = sum(col("chats")).over(Window.partitionBy(col(Columns.REPORT_DATE), col("department_id")));
    return counts.select(col(Columns.REPORT_DATE), col("department_id"), col("department_name"),
        col(key), col("chats"), col("chats").cast("double").divide(ofDay).as("share"));
  }

  /** Adds department_name: "No department" for a null id, else the name on the id's latest chat. */
  static Dataset<Row> withDepartmentName(Dataset<Row> grouped, Dataset<Row> names) {
    return grouped.join(names, grouped.col("department_id").equalTo(names.col("_id")), "left")
        .drop("_id")
        .withColumn("department_name",
            when(col("department_id").isNull(), lit(NO_DEPARTMENT)).otherwise(col("department_name")));
  }

  /** Per non-null id, the named columns as on the id's latest chat (created_at, then chat_id). */
  static Dataset<Row> latestPerId(Dataset<Row> chats, String id, String... fields) {
    Column latest = struct(col("created_at"), col("chat_id"));
    Column[] aggs = Arrays.stream(fields).map(f -> max_by(col(f), latest).as(f)).toArray(Column[]::new);
    return chats.where(col(id).isNotNull())
        .groupBy(col(id).as("_id"))
        .agg(aggs[0], Arrays.copyOfRange(aggs, 1, aggs.length));
  }

  /** The key columns, then every metric column, then the trailing columns. */
  private static Column[] withMetrics(List<String> keys, String... trailing) {
    List<Column> out = new ArrayList<>();
    keys.forEach(k -> out.add(col(k)));
    ChatMetrics.ALL.forEach(m -> out.add(col(m.name())));
    Arrays.stream(trailing).forEach(t -> out.add(col(t)));
    return out.toArray(new Column[0]);
  }
}
