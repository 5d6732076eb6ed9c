package org.chatlake.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
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
    return of(chats, messages, null);
  }

  /**
   * The horizon of these rows and of one more time already known to belong to it.
   *
   * <p>Only the rows at or after {@code known} can hold a later time, so only they are read: on a
   * stored Delta table the filter lets Delta skip every file whose statistics end before it, which
   * for a daily run's recent time is all but the newest files. The result is the same as without
   * the filter.
   *
   * @param known a time of the horizon's rows (a run's newest time, a stored row's), or null
   * @return the greatest of {@code known} and the rows' times; null when there is none
   */
  public static Instant of(Dataset<Row> chats, Dataset<Row> messages, Instant known) {
    // One query over both: each table is scanned once, in one Spark job.
    Dataset<Row> times = chats.select(col("last_message_at").as("t"));
    if (messages != null) {
      times = times.union(messages.select(col("created_at").as("t")));
    }
    if (known != null) {
      times = times.where(col("t").geq(lit(Timestamp.from(known))));
    }
    Row r = times.agg(max(col("t"))).first();
    Instant found = r.isNullAt(0) ? null : ((Timestamp) r.get(0)).toInstant();
    return found == null || known != null && known.isAfter(found) ? known : found;
  }
}
