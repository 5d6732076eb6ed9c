package org.chatlake.transform;

import static org.apache.spark.sql.functions.*;

import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.chatlake.model.Columns;

/** Parsed messages to the columns of {@code messages/}: sender, type and broadcast type cleaned. */
public final class MessageNormaliser {
  private MessageNormaliser() {}

  /**
   * @param records parsed messages (MessageSchema.PARSED) plus source_file and source_offset; the
   *     offset comes out as {@link LatestState#POSITION}
   */
  public static Dataset<Row> normalise(Dataset<Row> records, Instant ingestedAt) {
    return records
        .withColumn("sender", blankToNull(lower(trim(col("sender_raw")))))
        .withColumn("type", blankToNull(trim(col("type_raw"))))
        .withColumn("broadcast_type", blankToNull(lower(trim(col("broadcast_type_raw")))))
        .withColumn("text_length", length(col("text")))
        .withColumn(Columns.INGESTED_AT, lit(Timestamp.from(ingestedAt)))
        .withColumnRenamed("source_offset", LatestState.POSITION)
        .drop("sender_raw", "type_raw", "broadcast_type_raw");
  }

  private static Column blankToNull(Column c) {
    return when(c.equalTo(""), lit(null).cast("string")).otherwise(c);
  }
}
