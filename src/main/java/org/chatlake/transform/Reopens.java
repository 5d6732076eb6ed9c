package org.chatlake.transform;

import static org.apache.spark.sql.functions.*;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * reopen_count and first_closed_at (history.md) over a chat's snapshots: the stored row (the
 * latest snapshot so far, carrying the counts of the snapshots before it) and the run's records.
 * Between consecutive snapshots p, n in latest-state order a reopen happened when p is closed and
 * n is not, or both have a closed_at and n's is greater. Records that sort before the stored row
 * were counted by an earlier run (or are older than what it saw) and are ignored.
 */
public final class Reopens {
  private Reopens() {}

  public static final String REOPEN_COUNT = "reopen_count";
  public static final String FIRST_CLOSED_AT = "first_closed_at";

  private static final Column IS_STORED = col(LatestState.POSITION).equalTo(LatestState.EXISTING_ROW_POSITION);
  private static final Column IS_CLOSED = coalesce(col("status").equalTo("closed"), lit(false));

  /** Adds the two columns, null, where the rows lack them (run records; chats stored by an older release). */
  public static Dataset<Row> withColumnsIfAbsent(Dataset<Row> rows) {
    Dataset<Row> out = rows;
    if (!Arrays.asList(rows.columns()).contains(REOPEN_COUNT)) {
      out = out.withColumn(REOPEN_COUNT, lit(null).cast(DataTypes.IntegerType));
    }
    if (!Arrays.asList(rows.columns()).contains(FIRST_CLOSED_AT)) {
      out = out.withColumn(FIRST_CLOSED_AT, lit(null).cast(DataTypes.TimestampType));
    }
    return out;
  }

  /** Chats with one snapshot in the run: a stored row carries its values, a new chat has no reopen yet. */
  public static Dataset<Row> ofSingleSnapshot(Dataset<Row> rows) {
    Column closedAt = when(IS_CLOSED, col("closed_at"));
    return rows
        .withColumn(REOPEN_COUNT, when(IS_STORED, coalesce(col(REOPEN_COUNT), lit(0))).otherwise(lit(0)))
        .withColumn(FIRST_CLOSED_AT, when(IS_STORED, least(col(FIRST_CLOSED_AT), closedAt)).otherwise(closedAt));
  }

  /**
   * Chats with several snapshots: every snapshot from the stored row on (those before it are
   * dropped), each with the chat's reopen_count and first_closed_at over them.
   *
   * @param latestLast the latest-state order, ascending (the latest snapshot last)
   */
  public static Dataset<Row> overSnapshots(Dataset<Row> rows, String key, Column... latestLast) {
    WindowSpec ordered = Window.partitionBy(col(key)).orderBy(latestLast);
    WindowSpec chat = Window.partitionBy(col(key));
    Column previousClosed = coalesce(lag(IS_CLOSED, 1).over(ordered), lit(false));
    Column previousClosedAt = lag(col("closed_at"), 1).over(ordered);
    Column closedLater = previousClosedAt.isNotNull().and(col("closed_at").isNotNull())
        .and(col("closed_at").gt(previousClosedAt));
    Column reopen = previousClosed.and(not(IS_CLOSED).or(closedLater));
    return rows
        .withColumn("_seq", row_number().over(ordered))
        .withColumn("_stored_seq", max(when(IS_STORED, col("_seq"))).over(chat))
        .where(col("_stored_seq").isNull().or(col("_seq").geq(col("_stored_seq"))))
        .withColumn("_reopen", when(reopen, lit(1)).otherwise(lit(0)))
        .withColumn(REOPEN_COUNT, coalesce(max(when(IS_STORED, col(REOPEN_COUNT))).over(chat), lit(0))
            .plus(sum(col("_reopen")).over(chat)).cast(DataTypes.IntegerType))
        .withColumn(FIRST_CLOSED_AT, least(max(when(IS_STORED, col(FIRST_CLOSED_AT))).over(chat),
            min(when(IS_CLOSED, col("closed_at"))).over(chat)))
        .drop("_seq", "_stored_seq", "_reopen");
  }
}
