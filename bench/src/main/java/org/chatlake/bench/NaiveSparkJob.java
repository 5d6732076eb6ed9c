package org.chatlake.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The naive Spark contender: what a Spark user writes first. {@code spark.read.json} with schema
 * inference (API pages with {@code multiLine}, since each page is one JSON document, then
 * {@code explode(data)}; JSON Lines without it: multiLine JSON cannot read both in one go), the
 * needed columns selected by name and unioned, status/rating normalised like the spec, and
 * department_daily in Spark SQL written to Parquet. Spark's defaults otherwise (200 shuffle
 * partitions). No deduplication and no reject handling (the bench data has neither duplicates nor
 * broken records).
 *
 * <pre>
 * NaiveSparkJob --input bench/data/N/chats --output DIR
 * </pre>
 */
public final class NaiveSparkJob {
  private NaiveSparkJob() {}

  /** The fields department_daily needs, as strings (inference types mixed fields as strings anyway). */
  private static final String[][] FIELDS = {
      {"id", "id"}, {"status", "status"}, {"rating", "rating"}, {"closedBy", "closed_by"},
      {"createdAt", "created_at"}, {"closedAt", "closed_at"}, {"lastMessageAt", "last_message_at"},
      {"lastCustomerMessageAt", "last_customer_message_at"}, {"department.id", "department_id"},
      {"department.name", "department_name"}};

  public static void main(String[] args) {
    String input = Bench.required(args, "--input");
    String output = Bench.required(args, "--output");
    List<Path> files = Bench.files(List.of(input));
    List<String> jsonl = new ArrayList<>();
    List<String> pages = new ArrayList<>();
    for (Path f : files) {
      String n = f.getFileName().toString();
      (n.contains(".jsonl") || n.contains(".ndjson") ? jsonl : pages).add(f.toAbsolutePath().toString());
    }
    long bytes = Bench.bytes(files);

    long t0 = System.nanoTime();
    SparkSession spark = SparkSession.builder().appName("naive-spark").master("local[*]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
    long tSession = System.nanoTime();

    Dataset<Row> all = null;
    if (!pages.isEmpty()) {
      Dataset<Row> p = spark.read().option("multiLine", true).json(pages.toArray(new String[0]))
          .select(explode(col("data")).as("c")).select("c.*");
      all = project(p);
    }
    if (!jsonl.isEmpty()) {
      Dataset<Row> l = project(spark.read().json(jsonl.toArray(new String[0])));
      all = all == null ? l : all.unionByName(l);
    }
    all.createOrReplaceTempView("raw");
    Dataset<Row> daily = spark.sql(SQL);
    daily.write().mode(SaveMode.Overwrite).parquet(output);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long sessionMs = (tSession - t0) / 1_000_000;

    Row check = spark.read().parquet(output).selectExpr("count(*)", "sum(chats_total)").first();
    Bench.report("contender", "naive-spark", "work_ms", ms, "session_ms", sessionMs, "bytes", bytes,
        "files", files.size(), "chats", check.getLong(1), "rows", check.getLong(0), "mb_s", Bench.mbps(bytes, ms));
    spark.stop();
  }

  /** The needed fields as strings; a field missing from the inferred schema becomes null. */
  private static Dataset<Row> project(Dataset<Row> df) {
    StructType schema = df.schema();
    List<Column> cols = new ArrayList<>();
    for (String[] f : FIELDS) {
      Column c;
      try {
        String[] parts = f[0].split("\\.");
        org.apache.spark.sql.types.DataType t = schema.apply(parts[0]).dataType();
        if (parts.length > 1) {
          ((StructType) t).apply(parts[1]);
        }
        c = col(f[0]).cast("string");
      } catch (IllegalArgumentException | ClassCastException e) {
        c = org.apache.spark.sql.functions.lit(null).cast("string");
      }
      cols.add(c.as(f[1]));
    }
    return df.select(cols.toArray(new Column[0]));
  }

  /** department_daily (output.md, metrics.md), chat metrics only. */
  static final String SQL = String.join("\n",
      "WITH t AS (",
      "  SELECT try_cast(id AS BIGINT) AS chat_id,",
      "    nullif(lower(trim(status)), '') AS s, nullif(lower(trim(rating)), '') AS r,",
      "    nullif(lower(trim(closed_by)), '') AS closed_by,",
      "    try_cast(created_at AS DOUBLE) AS ca, try_cast(closed_at AS DOUBLE) AS cl,",
      "    try_cast(last_message_at AS DOUBLE) AS lm, try_cast(last_customer_message_at AS DOUBLE) AS lcm,",
      "    try_cast(department_id AS BIGINT) AS department_id, department_name",
      "  FROM raw),",
      "c AS (",
      "  SELECT chat_id, department_id, department_name, closed_by,",
      "    CASE WHEN s IN ('on hold', 'on-hold', 'on_hold') THEN 'onhold'",
      "         WHEN s IN ('no_communication', 'no-communication') THEN 'no communication' ELSE s END AS status,",
      "    CASE WHEN r IN ('great', 'average', 'poor') THEN r WHEN r = 'perfect' THEN 'great' END AS rating,",
      "    CASE WHEN ca > 100000000000 THEN ca / 1000 WHEN ca > 0 THEN ca END AS created,",
      "    CASE WHEN cl > 100000000000 THEN cl / 1000 WHEN cl > 0 THEN cl END AS closed,",
      "    CASE WHEN lm > 100000000000 THEN lm / 1000 WHEN lm > 0 THEN lm END AS last_msg,",
      "    CASE WHEN lcm > 100000000000 THEN lcm / 1000 WHEN lcm > 0 THEN lcm END AS last_cust",
      "  FROM t),",
      "m AS (",
      "  SELECT *, to_date(timestamp_seconds(created)) AS report_date,",
      "    CASE WHEN status = 'closed' AND closed >= created THEN closed - created END AS resolution_seconds,",
      "    CASE WHEN last_msg > last_cust THEN last_msg - last_cust END AS last_reply_seconds,",
      "    NOT coalesce(status, '') IN ('closed', 'empty') AND last_cust IS NOT NULL",
      "      AND (last_msg IS NULL OR last_msg <= last_cust) AS awaiting_reply",
      "  FROM c),",
      "names AS (",
      "  SELECT department_id AS id, max_by(department_name, struct(created, chat_id)) AS name",
      "  FROM m WHERE department_id IS NOT NULL GROUP BY department_id),",
      "g AS (",
      "  SELECT report_date, department_id,",
      "    count(1) AS chats_total,",
      "    count_if(status = 'empty') AS chats_empty,",
      "    count_if(status IN ('new', 'opened', 'pending', 'onhold')) AS chats_open,",
      "    count_if(status = 'no communication') AS chats_no_communication,",
      "    count_if(status = 'closed') AS chats_closed,",
      "    count_if(status = 'closed' AND closed_by = 'agent') AS closed_by_agent,",
      "    count_if(status = 'closed' AND closed_by = 'customer') AS closed_by_customer,",
      "    count(rating) AS chats_rated,",
      "    count_if(rating = 'great') AS rating_great,",
      "    count_if(rating = 'average') AS rating_average,",
      "    count_if(rating = 'poor') AS rating_poor,",
      "    avg(resolution_seconds) AS resolution_seconds_avg,",
      "    percentile(resolution_seconds, 0.5) AS resolution_seconds_p50,",
      "    percentile(resolution_seconds, 0.9) AS resolution_seconds_p90,",
      "    avg(last_reply_seconds) AS last_reply_seconds_avg,",
      "    percentile(last_reply_seconds, 0.5) AS last_reply_seconds_p50,",
      "    percentile(last_reply_seconds, 0.9) AS last_reply_seconds_p90,",
      "    count_if(awaiting_reply) AS chats_awaiting_reply",
      "  FROM m GROUP BY report_date, department_id)",
      "SELECT g.report_date, g.department_id,",
      "  CASE WHEN g.department_id IS NULL THEN 'No department' ELSE names.name END AS department_name,",
      "  chats_total, chats_empty, chats_open, chats_no_communication, chats_closed, closed_by_agent,",
      "  closed_by_customer,",
      "  CASE WHEN chats_total - chats_empty > 0 THEN chats_closed / (chats_total - chats_empty) END AS closure_rate,",
      "  chats_rated, rating_great, rating_average, rating_poor,",
      "  CASE WHEN chats_rated > 0 THEN rating_great / chats_rated END AS csat,",
      "  resolution_seconds_avg, resolution_seconds_p50, resolution_seconds_p90,",
      "  last_reply_seconds_avg, last_reply_seconds_p50, last_reply_seconds_p90, chats_awaiting_reply",
      "FROM g LEFT JOIN names ON g.department_id = names.id");
}
