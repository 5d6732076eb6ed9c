package org.chatlake.transform;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.chatlake.model.Columns;

/**
 * Decides where messages live. A message lives in its chat's report_date partition; a message
 * whose chat is unknown (an orphan) lives under the day of its own created_at until its chat
 * arrives, when it moves to the chat's partition.
 */
public final class MessagePlacement {
  private MessagePlacement() {}

  /**
   * Messages with report_date (their chat's, or for orphans the day of their own created_at) and
   * {@code is_orphan}.
   */
  public static Dataset<Row> place(Dataset<Row> messages, Dataset<Row> chats, String zone) {
    Dataset<Row> chatDates = chats.select(col("chat_id").as("_placed_chat_id"),
        col(Columns.REPORT_DATE).as("_chat_report_date"));
    Column own = ChatNormaliser.reportDate(col("created_at"), zone);
    return messages.join(chatDates, col("chat_id").equalTo(col("_placed_chat_id")), "left")
        .withColumn(Columns.REPORT_DATE,
            when(col("_placed_chat_id").isNotNull(), col("_chat_report_date")).otherwise(own))
        .withColumn("is_orphan", col("_placed_chat_id").isNull())
        .drop("_placed_chat_id", "_chat_report_date");
  }
}
