package org.chatlake.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The output's data horizon (history.md): the greatest last_message_at of the chats or created_at
 * of the messages it holds. The backlog is reconstructed up to its local date; an earlier day
 * would report chats as open that the exports simply have not caught up with.
 */
public final class DataHorizon {
  private DataHorizon() {}

  /**
   * @param chats rows with last_message_at
   * @param messages rows with created_at, or null without message data
   * @return the horizon, or null when neither holds a time
   */
  public static Instant of(Dataset<Row> chats, Dataset<Row> messages) {
    // One query over both: each table is scanned once, in one Spark job.
    Dataset<Row> times = chats.select(col("last_message_at").as("t"));
    if (messages != null) {
      times = times.union(messages.select(col("created_at").as("t")));
    }
    Row r = times.agg(max(col("t"))).first();
    return r.isNullAt(0) ? null : ((Timestamp) r.get(0)).toInstant();
  }
}
