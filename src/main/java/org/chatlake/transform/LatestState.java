package org.chatlake.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Keeps one row per chat, the latest state by input.md's order: greatest last_message_at, then
 * greatest closed_at (absent times lose), then the source file that sorts last by path, then the
 * later position in that file.
 */
public final class LatestState {
  private LatestState() {}

  /** Position of the record within its source file; rows already in the output rank above any. */
  public static final String POSITION = "source_position";
  public static final long EXISTING_ROW_POSITION = Long.MAX_VALUE;

  public static Dataset<Row> keepLatest(Dataset<Row> candidates, String key) {
    WindowSpec latestFirst = Window.partitionBy(col(key)).orderBy(
        col("last_message_at").desc_nulls_last(),
        col("closed_at").desc_nulls_last(),
        col("source_file").desc_nulls_last(),
        col(POSITION).desc_nulls_last());
    return candidates
        .withColumn("_rank", row_number().over(latestFirst))
        .where(col("_rank").equalTo(1))
        .drop("_rank", POSITION);
  }
}
