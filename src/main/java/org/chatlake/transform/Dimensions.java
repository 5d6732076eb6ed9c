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
   * @param assigned stored chats: assignee_id, assignee_name, assignee_email, assignee_role,
   *     chat_id, created_at, last_message_at
   * @param listed stored chat_agents rows with their chat's created_at and last_message_at
   * @param messages stored messages: agent_id, agent_name, message_id, created_at
   */
  public static Dataset<Row> agents(Dataset<Row> assigned, Dataset<Row> listed, Dataset<Row> messages) {
    Column activity = coalesce(col("last_message_at"), col("created_at"));
    Dataset<Row> records = assigned.where(col("assignee_id").isNotNull())
        .select(col("assignee_id").as("agent_id"), col("assignee_name").as("name"),
            col("assignee_email").as("email"), col("assignee_role").as("role"), lit(ASSIGNED).as("rank"),
            col("created_at"), col("chat_id").as("record_id"), activity.as("active_at"))
        .unionByName(listed.where(col("agent_id").isNotNull())
            .select(col("agent_id"), col("agent_name").as("name"), col("agent_email").as("email"),
                col("agent_role").as("role"), lit(LISTED).as("rank"), col("created_at"),
                col("chat_id").as("record_id"), activity.as("active_at")))
        .unionByName(messages.where(col("agent_id").isNotNull())
            .select(col("agent_id"), col("agent_name").as("name"), lit(null).cast("string").as("email"),
                lit(null).cast("string").as("role"), lit(WROTE).as("rank"), col("created_at"),
                col("message_id").as("record_id"), col("created_at").as("active_at")));
    Column latest = struct(col("rank"), col("created_at"), col("record_id"));
    Dataset<Row> rows = records.groupBy(col("agent_id"))
        .agg(max_by(col("name"), latest).as("agent_name"),
            max_by(col("email"), latest).as("agent_email"),
            max_by(col("role"), latest).as("agent_role"),
            min(col("created_at")).as("first_seen"),
            max(col("active_at")).as("last_seen"));
    return Conform.project(rows, DimensionSchema.AGENTS);
  }
}
