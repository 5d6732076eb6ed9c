package org.chatlake.job;

import static org.apache.spark.sql.functions.*;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chatlake.model.ChatSchema;
import org.chatlake.model.Columns;
import org.chatlake.model.Tables;
import org.chatlake.output.OutputLayout;
import org.chatlake.transform.LatestState;

/** Reads back what earlier runs wrote, for the dates an incremental run touches. */
final class ExistingOutput {
  private ExistingOutput() {}

  /**
   * The existing chats of these dates with their {@code agents} array rebuilt from
   * {@code chat_agents}, ranked to win ties against re-read input (so re-runs keep ingested_at).
   */
  static Dataset<Row> chatsWithAgents(SparkSession spark, OutputLayout layout, List<Object> dates)
      throws IOException {
    Dataset<Row> chats = table(spark, layout, Tables.CHATS, dates);
    Dataset<Row> agents = table(spark, layout, Tables.CHAT_AGENTS, dates)
        .groupBy(col("chat_id").as("_agents_chat_id"))
        .agg(array_sort(collect_list(struct(col("agent_id").as("id"), col("agent_name").as("name"),
            col("agent_email").as("email"), col("agent_role").as("role")))).as("agents"));
    return chats
        .join(agents, chats.col("chat_id").equalTo(agents.col("_agents_chat_id")), "left")
        .drop("_agents_chat_id")
        .withColumn("agents", coalesce(col("agents"),
            array().cast(ChatSchema.PARSED.apply("agents").dataType())))
        .withColumn(LatestState.POSITION, lit(LatestState.EXISTING_ROW_POSITION));
  }

  /** The rows of a table in these report dates (null = the partition of rows without a date). */
  static Dataset<Row> table(SparkSession spark, OutputLayout layout, String table, List<Object> dates)
      throws IOException {
    String path = layout.table(table).toString();
    FileSystem fs = layout.root().getFileSystem(spark.sparkContext().hadoopConfiguration());
    Column inDates = lit(false);
    List<Object> nonNull = dates.stream().filter(d -> d != null).toList();
    if (!nonNull.isEmpty()) {
      inDates = col(Columns.REPORT_DATE).isin(nonNull.toArray());
    }
    if (nonNull.size() < dates.size()) {
      inDates = inDates.or(col(Columns.REPORT_DATE).isNull());
    }
    if (!fs.exists(layout.table(table)) || fs.listStatus(layout.table(table)).length == 0) {
      return spark.createDataFrame(java.util.List.of(), schemaOf(table));
    }
    return spark.read().parquet(path).where(inDates);
  }

  private static org.apache.spark.sql.types.StructType schemaOf(String table) {
    return table.equals(Tables.CHAT_AGENTS) ? ChatSchema.CHAT_AGENTS : ChatSchema.CHATS;
  }
}
