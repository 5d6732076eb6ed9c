package org.chatlake.transform;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.chatlake.model.MessageSchema;

/** Puts the per-chat message columns of messages.md (and one_touch, handed_off of history.md) on the chats. */
public final class ChatMessageColumns {
  private ChatMessageColumns() {}

  /**
   * @param chats latest chats (any message columns they carry are replaced)
   * @param perChat MessageTimeline output; a chat without messages gets zero counts
   */
  public static Dataset<Row> attach(Dataset<Row> chats, Dataset<Row> perChat) {
    Dataset<Row> base = chats;
    for (StructField f : MessageSchema.PER_CHAT.fields()) {
      if (!f.name().equals("chat_id")) {
        base = base.drop(f.name());
      }
    }
    base = base.drop("unanswered", "one_touch", "handed_off");
    Dataset<Row> stats = perChat.withColumnRenamed("chat_id", "_stats_chat_id");
    Dataset<Row> joined = base.join(stats, base.col("chat_id").equalTo(stats.col("_stats_chat_id")), "left");
    return joined
        .withColumn("messages_total", zeroIfNull("messages_total"))
        .withColumn("customer_messages", zeroIfNull("customer_messages"))
        .withColumn("agent_replies", zeroIfNull("agent_replies"))
        .withColumn("response_turns", zeroIfNull("response_turns"))
        .withColumn("response_turns_answered", zeroIfNull("response_turns_answered"))
        .withColumn("unanswered", coalesce(col("status"), lit("")).notEqual("empty")
            .and(coalesce(col("turn_open_at_end"), lit(false))))
        // history.md; every chat here has message data (messages_total is set)
        .withColumn("one_touch", when(coalesce(col("status"), lit("")).equalTo("closed"),
            col("agent_replies").equalTo(1)))
        .withColumn("handed_off", coalesce(col("reply_agents"), lit(0)).geq(2))
        .drop("_stats_chat_id", "turn_open_at_end", "reply_agents");
  }

  private static Column zeroIfNull(String c) {
    return coalesce(col(c), lit(0));
  }
}
