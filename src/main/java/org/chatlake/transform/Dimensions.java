package org.chatlake.transform;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.chatlake.model.DimensionSchema;

/**
 * The departments and agents the stored rows name, one row per id: the current name from the
 * latest record naming it, and when it was first and last seen.
 *
 * <p>"Latest" is the rule the daily tables always named ids by: the chat with the greatest
 * (created_at, chat_id). For an agent, the chats assigned to them come first; an agent who was
 * never an assignee is named from the latest chat listing them in {@code agents[]}, then from the
 * latest message they wrote (by created_at, message_id). first_seen is the earliest created_at of
 * those records, last_seen the latest activity (a chat's last_message_at, else its created_at).
 */
public final class Dimensions {
  private Dimensions() {}

  private static final int ASSIGNED = 2;
  private static final int LISTED = 1;
  private static final int WROTE = 0;

  /** @param chats stored chats: department_id, department_name, chat_id, created_at, last_message_at */
  public static Dataset<Row> departments(Dataset<Row> chats) {
    Column latest = struct(col("created_at"), col("chat_id"));
    Dataset<Row> rows = chats.where(col("department_id").isNotNull())
        .groupBy(col("department_id"))
        .agg(max_by(col("department_name"), latest).as("department_name"),
            min(col("created_at")).as("first_seen"),
            max(coalesce(col("last_message_at"), col("created_at"))).as("last_seen"));
    return Conform.project(rows, DimensionSchema.DEPARTMENTS);
  }

  /**
   * Per agent: first_seen, last_seen, and the rank and created_at of their latest record
   * ({@code _rank}, {@code _created_at}), from fixed-width columns only. Spark aggregates those in
   * a hash table; the names' ordering by a struct would sort every record (at 1M chats, millions of
   * messages).
   *
   * @param assigned stored chats: assignee_id, assignee_name, assignee_email, assignee_role,
   *     chat_id, created_at, last_message_at
   * @param listed stored chat_agents rows with their chat's created_at and last_message_at
   * @param messages stored messages: agent_id, agent_name, message_id, created_at
   */
  public static Dataset<Row> agentActivity(Dataset<Row> assigned, Dataset<Row> listed, Dataset<Row> messages) {
    Dataset<Row> records = assignedRecords(assigned).unionByName(listedRecords(listed))
        .unionByName(wroteRecords(messages));
    Column created = col("created_at");
    Column rank = col("rank");
    return records.groupBy(col("agent_id"))
        .agg(max(rank).as("_rank"),
            max(when(rank.equalTo(ASSIGNED), created)).as("_assigned_at"),
            max(when(rank.equalTo(LISTED), created)).as("_listed_at"),
            max(when(rank.equalTo(WROTE), created)).as("_wrote_at"),
            min(created).as("first_seen"),
            max(col("active_at")).as("last_seen"))
        .select(col("agent_id"), col("_rank"),
            when(col("_rank").equalTo(ASSIGNED), col("_assigned_at"))
                .when(col("_rank").equalTo(LISTED), col("_listed_at"))
                .otherwise(col("_wrote_at")).as("_created_at"),
            col("first_seen"), col("last_seen"));
  }

  /**
   * The rows of {@code agents/}: the activity, with the name, email and role of each agent's latest
   * record, which is one of the records of their {@code _rank} and {@code _created_at}; only those
   * are ordered. With the activity held locally, a source that holds no agent's latest record is
   * not read at all (usually only the assigned chats are).
   *
   * @param activity {@link #agentActivity} of the same sources
   */
  public static Dataset<Row> agents(Dataset<Row> assigned, Dataset<Row> listed, Dataset<Row> messages,
      Dataset<Row> activity) {
    Dataset<Row> latest = latestOf(assignedRecords(assigned), ASSIGNED, activity)
        .unionByName(latestOf(listedRecords(listed), LISTED, activity))
        .unionByName(latestOf(wroteRecords(messages), WROTE, activity));
    Column key = struct(col("rank"), col("created_at"), col("record_id"));
    Dataset<Row> names = latest.groupBy(col("agent_id"))
        .agg(max_by(col("name"), key).as("agent_name"),
            max_by(col("email"), key).as("agent_email"),
            max_by(col("role"), key).as("agent_role"));
    return Conform.project(activity.join(names, "agent_id", "left"), DimensionSchema.AGENTS);
  }

  /** The records of one rank at their agent's latest created_at (null matching null). */
  private static Dataset<Row> latestOf(Dataset<Row> records, int rank, Dataset<Row> activity) {
    Dataset<Row> at = activity.where(col("_rank").equalTo(rank))
        .select(col("agent_id").as("_agent_id"), col("_created_at"));
    return records.join(at, records.col("agent_id").equalTo(at.col("_agent_id"))
        .and(records.col("created_at").eqNullSafe(at.col("_created_at"))), "left_semi");
  }

  private static Column activeAt() {
    return coalesce(col("last_message_at"), col("created_at"));
  }

  private static Dataset<Row> assignedRecords(Dataset<Row> assigned) {
    return assigned.where(col("assignee_id").isNotNull())
        .select(col("assignee_id").as("agent_id"), col("assignee_name").as("name"),
            col("assignee_email").as("email"), col("assignee_role").as("role"), lit(ASSIGNED).as("rank"),
            col("created_at"), col("chat_id").as("record_id"), activeAt().as("active_at"));
  }

  private static Dataset<Row> listedRecords(Dataset<Row> listed) {
    return listed.where(col("agent_id").isNotNull())
        .select(col("agent_id"), col("agent_name").as("name"), col("agent_email").as("email"),
            col("agent_role").as("role"), lit(LISTED).as("rank"), col("created_at"),
            col("chat_id").as("record_id"), activeAt().as("active_at"));
  }

  private static Dataset<Row> wroteRecords(Dataset<Row> messages) {
    return messages.where(col("agent_id").isNotNull())
        .select(col("agent_id"), col("agent_name").as("name"), lit(null).cast("string").as("email"),
            lit(null).cast("string").as("role"), lit(WROTE).as("rank"), col("created_at"),
            col("message_id").as("record_id"), col("created_at").as("active_at"));
  }
}
