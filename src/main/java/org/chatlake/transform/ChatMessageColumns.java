package org.chatlake.transform;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Puts the per-chat message columns of messages.md (and one_touch, handed_off of history.md) on the chats. */
public final class ChatMessageColumns {
  private ChatMessageColumns() {}

  /**
   * @param chats latest chats (any message columns they carry are replaced)
   * @param perChat MessageTimeline output; a chat without messages gets zero counts
   */
  public static Dataset<Row> attach(Dataset<Row> chats, Dataset<Row> perChat) {
    java.util.Set<String> replaced = new java.util.HashSet<>(java.util.Arrays.asList(perChat.columns()));
    replaced.addAll(java.util.List.of("unanswered", "one_touch", "handed_off"));
    Dataset<Row> stats = perChat.withColumnRenamed("chat_id", "_stats_chat_id");
    Dataset<Row> joined = chats.join(stats, chats.col("chat_id").equalTo(stats.col("_stats_chat_id")), "left");
    // One projection, not a withColumn per column: each of those analyses the whole plan again.
    java.util.List<Column> columns = new java.util.ArrayList<>();
    for (String c : chats.columns()) {
      if (c.equals("chat_id") || !replaced.contains(c)) {
        columns.add(chats.col(c));
      }
    }
    for (String c : perChat.columns()) {
      if (c.equals("chat_id") || c.equals("turn_open_at_end") || c.equals("reply_agents")) {
        continue;
      }
      columns.add(COUNTS.contains(c) ? coalesce(stats.col(c), lit(0)).as(c) : stats.col(c));
    }
    columns.add(coalesce(chats.col("status"), lit("")).notEqual("empty")
        .and(coalesce(stats.col("turn_open_at_end"), lit(false))).as("unanswered"));
    // history.md; every chat here has message data (messages_total is set)
    columns.add(when(coalesce(chats.col("status"), lit("")).equalTo("closed"),
        coalesce(stats.col("agent_replies"), lit(0)).equalTo(1)).as("one_touch"));
    columns.add(coalesce(stats.col("reply_agents"), lit(0)).geq(2).as("handed_off"));
    return joined.select(columns.toArray(new Column[0]));
  }

  /** The counts a chat without messages has as zero. */
  private static final java.util.Set<String> COUNTS = java.util.Set.of("messages_total", "customer_messages",
      "agent_replies", "response_turns", "response_turns_answered");

}
