package org.chatlake.transform;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Keeps one row per key, the latest state. Ties on the state's own times go to the source file
 * that sorts last by path, then to the later position in that file; a row already in the output
 * ranks above any position, so re-reading the same file keeps the row (and its ingested_at).
 */
public final class LatestState {
  private LatestState() {}

  /** Position of the record within its source file (a byte offset). */
  public static final String POSITION = "source_position";
  public static final long EXISTING_ROW_POSITION = Long.MAX_VALUE;

  /**
   * Chats (input.md): greatest last_message_at, then greatest closed_at; absent times lose. The
   * kept row gets reopen_count and first_closed_at over the chat's snapshots ({@link Reopens}).
   */
  public static Dataset<Row> latestChats(Dataset<Row> candidates) {
    return latestChats(candidates, repeatedKeys(candidates, "chat_id"));
  }

  /** As {@link #latestChats(Dataset)}, given the chat ids that occur more than once (a chat_id column). */
  public static Dataset<Row> latestChats(Dataset<Row> candidates, Dataset<Row> repeatedChatIds) {
    return keepLatest(Reopens.withColumnsIfAbsent(candidates), repeatedChatIds, "chat_id",
        Reopens::ofSingleSnapshot,
        snapshots -> Reopens.overSnapshots(snapshots, "chat_id", col("last_message_at").asc_nulls_first(),
            col("closed_at").asc_nulls_first(), col("source_file").asc_nulls_first(), col(POSITION).asc_nulls_first()),
        col("last_message_at").desc_nulls_last(), col("closed_at").desc_nulls_last());
  }

  /** Messages (messages.md): the copy with the greatest updated_at. */
  public static Dataset<Row> latestMessages(Dataset<Row> candidates) {
    return keepLatest(candidates, repeatedKeys(candidates, "message_id"), "message_id",
        UnaryOperator.identity(), UnaryOperator.identity(), col("updated_at").desc_nulls_last());
  }

  /** The keys seen more than once, from a narrow aggregation of the keys alone. */
  static Dataset<Row> repeatedKeys(Dataset<Row> candidates, String key) {
    return candidates.groupBy(col(key)).count().where(col("count").gt(1)).select(col(key));
  }

  /**
   * Only keys seen more than once need ranking: they are broadcast, so the wide rows of all other
   * keys are never shuffled. {@code once} and {@code snapshots} derive per-key history columns,
   * from a key's only row and over all rows of a repeated key, before the latest is kept.
   */
  private static Dataset<Row> keepLatest(Dataset<Row> candidates, Dataset<Row> repeatedKeys, String key,
      UnaryOperator<Dataset<Row>> once, UnaryOperator<Dataset<Row>> snapshots, Column... stateOrder) {
    // renamed: the keys usually derive from the candidates, and a.key = a.key would be ambiguous
    Dataset<Row> repeated = broadcast(repeatedKeys.select(col(key).as("_repeated_key")));
    Column isRepeated = candidates.col(key).equalTo(col("_repeated_key"));
    Dataset<Row> seenOnce = once.apply(candidates.join(repeated, isRepeated, "left_anti"));
    Dataset<Row> ranked = rank(snapshots.apply(candidates.join(repeated, isRepeated, "left_semi")), key, stateOrder);
    return seenOnce.unionByName(ranked).drop(POSITION);
  }

  private static Dataset<Row> rank(Dataset<Row> candidates, String key, Column... stateOrder) {
    Column[] order = new Column[stateOrder.length + 2];
    System.arraycopy(stateOrder, 0, order, 0, stateOrder.length);
    order[stateOrder.length] = col("source_file").desc_nulls_last();
    order[stateOrder.length + 1] = col(POSITION).desc_nulls_last();
    return candidates
        .withColumn("_rank", row_number().over(Window.partitionBy(col(key)).orderBy(order)))
        .where(col("_rank").equalTo(1))
        .drop("_rank");
  }
}
