package org.chatlake.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import io.delta.tables.DeltaTable;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chatlake.cli.ChatJob;
import org.chatlake.model.Tables;

/**
 * The least a run can cost under the output contract: a fresh JVM, the job's embedded Spark
 * session, and one Delta commit to each of the output's 11 tables, on tables of 1,000 rows, with
 * no input read and nothing computed (bench/commit-floor.sh).
 *
 * <pre>
 *   CommitFloor create DIR   11 new tables of 1,000 rows over 30 report dates (a run into a new output)
 *   CommitFloor daily DIR    on those, in the job's commit order: a one-row MERGE by key into each
 *                            row and dimension table, a one-date replaceWhere overwrite of each daily
 *                            table (a daily run into an existing output)
 * </pre>
 *
 * Prints one line: {@code FLOOR mode=… to_session_ms=… commits_ms=… jvm_to_end_ms=… steps=[table ms, …]}.
 */
public final class CommitFloor {
  public static void main(String[] args) {
    if (args.length != 2 || !List.of("create", "daily").contains(args[0])) {
      System.err.println("usage: CommitFloor create|daily DIR");
      System.exit(2);
    }
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    SparkSession spark = ChatJob.session();
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    spark.conf().set("spark.databricks.delta.snapshotPartitions",
        String.valueOf(spark.sparkContext().defaultParallelism()));
    long sessionReady = System.currentTimeMillis();
    boolean create = args[0].equals("create");
    List<String> steps = new ArrayList<>();
    long t = System.currentTimeMillis();
    for (String table : Tables.RUN_TABLES) {
      String path = args[1] + "/" + table;
      if (create) {
        rows(spark).write().format("delta").partitionBy("report_date").mode("errorifexists").save(path);
      } else if (Tables.DAILY.contains(table)) {
        spark.range(10).select(col("id"), lit("y").as("v"), to_date(lit("2026-10-31")).as("report_date"))
            .write().format("delta").mode("overwrite").option("replaceWhere", "report_date = DATE'2026-10-31'")
            .save(path);
      } else {
        Dataset<Row> row = spark.range(1).select(lit(1_000_000L).as("id"), lit("x").as("v"),
            to_date(lit("2026-10-31")).as("report_date"));
        DeltaTable.forPath(spark, path).as("t").merge(row.as("s"), "t.id = s.id")
            .whenMatched().updateAll().whenNotMatched().insertAll().execute();
      }
      long now = System.currentTimeMillis();
      steps.add(table + " " + (now - t));
      t = now;
    }
    long end = System.currentTimeMillis();
    spark.stop();
    System.out.printf("FLOOR mode=%s to_session_ms=%d commits_ms=%d jvm_to_end_ms=%d steps=%s%n", args[0],
        sessionReady - jvmStart, end - sessionReady, end - jvmStart, steps);
  }

  /** 1,000 rows over 30 report dates. */
  private static Dataset<Row> rows(SparkSession spark) {
    return spark.range(1000).select(col("id"), lit("x").as("v"),
        date_add(to_date(lit("2026-10-01")), col("id").mod(30).cast("int")).as("report_date"));
  }
}
