package org.chatlake.transform;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.chatlake.model.Columns;

/** The chat-to-agent table: one row per chat and agent with an id in its {@code agents[]}
 * (the parser keeps each agent id once per chat). */
public final class ChatAgents {
  private ChatAgents() {}

  /** @param chats latest chats that still carry the parsed {@code agents} array */
  public static Dataset<Row> of(Dataset<Row> chats) {
    return chats
        .select(col("chat_id"), col("assignee_id"), col(Columns.REPORT_DATE),
            explode(col("agents")).as("agent"))
        .where(col("agent.id").isNotNull())
        .select(
            col("chat_id"),
            col("agent.id").as("agent_id"),
            col("agent.name").as("agent_name"),
            col("agent.email").as("agent_email"),
            col("agent.role").as("agent_role"),
            coalesce(col("agent.id").equalTo(col("assignee_id")), lit(false)).as("is_assignee"),
            col(Columns.REPORT_DATE));
  }
}
