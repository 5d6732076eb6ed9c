package org.chatlake.job;

import static org.apache.spark.sql.functions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chatlake.model.Columns;
import org.chatlake.model.Tables;
import org.chatlake.output.OutputLayout;
import org.chatlake.transform.ChatNormaliser;
import org.chatlake.transform.LatestState;

/**
 * Decides where messages live and which partitions they make a run rewrite. A message lives in
 * its chat's report_date partition; a message whose chat is unknown (an orphan) lives under the day
 * of its own created_at until its chat arrives, when it moves to the chat's partition.
 */
final class MessageStage {
  static final String CHAT_DATE = "_chat_report_date";

  private final SparkSession spark;
  private final OutputLayout layout;
  private final String zone;
  private final boolean incremental;
  private final FileSystem fs;

  MessageStage(SparkSession spark, OutputLayout layout, String zone, boolean incremental) throws IOException {
    this.spark = spark;
    this.layout = layout;
    this.zone = zone;
    this.incremental = incremental;
    this.fs = layout.root().getFileSystem(spark.sparkContext().hadoopConfiguration());
  }

  boolean hasExistingMessages() throws IOException {
    return incremental && hasTable(Tables.MESSAGES);
  }

  /**
   * Dates beyond those of the input chats that this run must rewrite: the partitions of existing
   * chats that new messages belong to, the days of new orphans, and the partitions holding
   * existing messages (orphans) of chats that arrive now.
   */
  List<Object> extraDates(Dataset<Row> newMessages, Dataset<Row> newChats) throws IOException {
    Set<Object> dates = new LinkedHashSet<>();
    Dataset<Row> newChatDates = newChats.select(col("chat_id"), col(Columns.REPORT_DATE).as(CHAT_DATE)).distinct();
    if (newMessages != null) {
      Dataset<Row> knownDates = newChatDates;
      if (incremental && hasTable(Tables.CHATS)) {
        Dataset<Row> existing = spark.read().parquet(layout.table(Tables.CHATS).toString())
            .select(col("chat_id"), col(Columns.REPORT_DATE).as(CHAT_DATE));
        knownDates = knownDates.unionByName(existing.join(newChatDates.select("chat_id"), existing.col("chat_id")
            .equalTo(newChatDates.col("chat_id")), "left_anti"));
      }
      Dataset<Row> placed = newMessages.select(col("chat_id"), col("created_at"))
          .join(knownDates, "chat_id", "left")
          .select(coalesce(col(CHAT_DATE), ChatNormaliser.reportDate(col("created_at"), zone)));
      collectInto(placed.distinct(), dates);
    }
    if (hasExistingMessages()) {
      Dataset<Row> existing = spark.read().parquet(layout.table(Tables.MESSAGES).toString())
          .select(col("chat_id"), col(Columns.REPORT_DATE));
      collectInto(existing.join(newChatDates.select("chat_id"), "chat_id", "left_semi")
          .select(Columns.REPORT_DATE).distinct(), dates);
    }
    return new ArrayList<>(dates);
  }

  /** New and existing messages of the touched dates, one row per message id (latest copy). */
  Dataset<Row> allMessages(Dataset<Row> newMessages, List<Object> touchedDates) throws IOException {
    Dataset<Row> all = newMessages;
    if (hasExistingMessages()) {
      Dataset<Row> existing = ExistingOutput.table(spark, layout, Tables.MESSAGES, touchedDates)
          .drop(Columns.REPORT_DATE)
          .withColumn(LatestState.POSITION, lit(LatestState.EXISTING_ROW_POSITION));
      all = all == null ? existing : all.unionByName(existing, true);
    }
    return all == null ? null : LatestState.latestMessages(all);
  }

  /** Messages with report_date: their chat's, or for orphans the day of their own created_at. */
  Dataset<Row> place(Dataset<Row> messages, Dataset<Row> chats) {
    Dataset<Row> chatDates = chats.select(col("chat_id").as("_placed_chat_id"),
        col(Columns.REPORT_DATE).as(CHAT_DATE));
    Column own = ChatNormaliser.reportDate(col("created_at"), zone);
    return messages.join(chatDates, col("chat_id").equalTo(col("_placed_chat_id")), "left")
        .withColumn(Columns.REPORT_DATE, when(col("_placed_chat_id").isNotNull(), col(CHAT_DATE)).otherwise(own))
        .withColumn("is_orphan", col("_placed_chat_id").isNull())
        .drop("_placed_chat_id", CHAT_DATE);
  }

  private boolean hasTable(String table) throws IOException {
    return fs.exists(layout.table(table)) && fs.listStatus(layout.table(table)).length > 0;
  }

  private static void collectInto(Dataset<Row> oneColumn, Set<Object> into) {
    for (Row r : oneColumn.collectAsList()) {
      into.add(r.get(0));
    }
  }
}
