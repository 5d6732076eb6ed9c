package org.chatlake.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The DuckDB contender: department_daily in SQL straight from the export files into one Parquet
 * file, in an in-memory DuckDB (JDBC) using all cores. Schema detection is DuckDB's own
 * ({@code read_json} with the format given): mixed-type fields (times as strings or numbers, ids
 * as numbers or strings) come back as DuckDB's JSON type and are turned into numbers by the macros
 * below. API pages are read whole ({@code format='unstructured'}) and their {@code data} unnested;
 * JSON Lines with {@code format='newline_delimited'}. No deduplication (the bench data has none).
 *
 * <pre>
 * DuckDbJob --input bench/data/N/chats --output out.parquet [--threads T] [--memory-limit 8GB]
 * </pre>
 */
public final class DuckDbJob {
  private DuckDbJob() {}

  /** The normalisation macros: the same rules as the job (input.md, output.md, metrics.md). */
  static final String[] MACROS = {
      // a time as UNIX seconds: string or number, decimal fractions kept, > 1e11 is milliseconds,
      // null / "" / "0" absent
      "CREATE MACRO num(j) AS TRY_CAST(trim(CAST(j AS VARCHAR), '\"') AS DOUBLE)",
      "CREATE MACRO secs(j) AS CASE WHEN num(j) > 100000000000 THEN num(j) / 1000 WHEN num(j) > 0 THEN num(j) END",
      "CREATE MACRO lid(j) AS TRY_CAST(trim(CAST(j AS VARCHAR), '\"') AS BIGINT)",
      "CREATE MACRO lt(s) AS NULLIF(lower(trim(s)), '')",
  };

  public static void main(String[] args) throws Exception {
    String input = Bench.required(args, "--input");
    String output = Bench.required(args, "--output");
    int threads = Integer.parseInt(Bench.opt(args, "--threads") == null
        ? String.valueOf(Runtime.getRuntime().availableProcessors()) : Bench.opt(args, "--threads"));
    String memoryLimit = Bench.opt(args, "--memory-limit");

    List<Path> files = Bench.files(List.of(input));
    List<Path> jsonl = new ArrayList<>();
    List<Path> pages = new ArrayList<>();
    for (Path f : files) {
      String n = f.getFileName().toString();
      if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".jsonl.gz") || n.endsWith(".ndjson.gz")) {
        jsonl.add(f);
      } else {
        pages.add(f);
      }
    }
    long bytes = Bench.bytes(files);
    long largestPage = 0;
    for (Path p : pages) {
      largestPage = Math.max(largestPage, Files.size(p));
    }
    Files.deleteIfExists(Path.of(output));

    long t0 = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      if (memoryLimit != null) {
        s.execute("SET memory_limit = '" + memoryLimit + "'");
      }
      for (String m : MACROS) {
        s.execute(m);
      }
      String sql = "COPY (" + departmentDaily(jsonl, pages, largestPage) + ") TO '" + output
          + "' (FORMAT parquet)";
      s.execute(sql);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      long rows;
      long chats;
      try (ResultSet r = s.executeQuery("SELECT count(*), sum(chats_total) FROM read_parquet('" + output + "')")) {
        r.next();
        rows = r.getLong(1);
        chats = r.getLong(2);
      }
      String version;
      try (ResultSet r = s.executeQuery("SELECT version()")) {
        r.next();
        version = r.getString(1);
      }
      Bench.report("contender", "duckdb", "work_ms", ms, "bytes", bytes, "files", files.size(),
          "chats", chats, "rows", rows, "threads", threads, "duckdb", version, "mb_s", Bench.mbps(bytes, ms));
    }
  }

  static String list(List<Path> files) {
    return files.stream().map(p -> "'" + p.toAbsolutePath().toString().replace("'", "''") + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  static String departmentDaily(List<Path> jsonl, List<Path> pages, long largestPage) throws SQLException {
    String cols = "lid(%1$sid) AS chat_id, %1$sstatus AS status, %1$srating AS rating, %1$sclosedBy AS closed_by, "
        + "secs(%1$screatedAt) AS created, secs(%1$sclosedAt) AS closed, secs(%1$slastMessageAt) AS lm, "
        + "secs(%1$slastCustomerMessageAt) AS lcm, lid(%1$sdepartment.id) AS department_id, "
        + "%1$sdepartment.name AS department_name";
    List<String> parts = new ArrayList<>();
    if (!jsonl.isEmpty()) {
      parts.add("SELECT " + String.format(cols, "") + " FROM read_json(" + list(jsonl)
          + ", format = 'newline_delimited')");
    }
    if (!pages.isEmpty()) {
      parts.add("SELECT " + String.format(cols, "c.") + " FROM (SELECT unnest(data) AS c FROM read_json("
          + list(pages) + ", format = 'unstructured', maximum_object_size = " + (largestPage + (1 << 20)) + "))");
    }
    if (parts.isEmpty()) {
      throw new SQLException("no input files");
    }
    return "WITH raw AS (" + String.join(" UNION ALL ", parts) + "),\n"
        + "chats AS (SELECT chat_id, department_id, department_name, created, closed, lm, lcm,\n"
        + "  CASE WHEN lt(status) IN ('on hold', 'on-hold', 'on_hold') THEN 'onhold'\n"
        + "       WHEN lt(status) IN ('no_communication', 'no-communication') THEN 'no communication'\n"
        + "       ELSE lt(status) END AS status,\n"
        + "  CASE WHEN lt(rating) IN ('great', 'average', 'poor') THEN lt(rating)\n"
        + "       WHEN lt(rating) = 'perfect' THEN 'great' END AS rating,\n"
        + "  lt(closed_by) AS closed_by,\n"
        + "  DATE '1970-01-01' + CAST(floor(created / 86400) AS INTEGER) AS report_date\n"
        + "  FROM raw),\n"
        + "m AS (SELECT *,\n"
        + "  CASE WHEN status = 'closed' AND closed >= created THEN closed - created END AS resolution_seconds,\n"
        + "  CASE WHEN lm > lcm THEN lm - lcm END AS last_reply_seconds,\n"
        + "  coalesce(status, '') NOT IN ('closed', 'empty') AND lcm IS NOT NULL AND (lm IS NULL OR lm <= lcm)\n"
        + "    AS awaiting_reply\n"
        + "  FROM chats),\n"
        + "names AS (SELECT department_id, arg_max(department_name, (created, chat_id)) AS department_name\n"
        + "  FROM m WHERE department_id IS NOT NULL GROUP BY department_id),\n"
        + "g AS (SELECT report_date, department_id,\n"
        + "  count(*) AS chats_total,\n"
        + "  count(*) FILTER (WHERE status = 'empty') AS chats_empty,\n"
        + "  count(*) FILTER (WHERE status IN ('new', 'opened', 'pending', 'onhold')) AS chats_open,\n"
        + "  count(*) FILTER (WHERE status = 'no communication') AS chats_no_communication,\n"
        + "  count(*) FILTER (WHERE status = 'closed') AS chats_closed,\n"
        + "  count(*) FILTER (WHERE status = 'closed' AND closed_by = 'agent') AS closed_by_agent,\n"
        + "  count(*) FILTER (WHERE status = 'closed' AND closed_by = 'customer') AS closed_by_customer,\n"
        + "  count(rating) AS chats_rated,\n"
        + "  count(*) FILTER (WHERE rating = 'great') AS rating_great,\n"
        + "  count(*) FILTER (WHERE rating = 'average') AS rating_average,\n"
        + "  count(*) FILTER (WHERE rating = 'poor') AS rating_poor,\n"
        + "  avg(resolution_seconds) AS resolution_seconds_avg,\n"
        + "  quantile_cont(resolution_seconds, 0.5) AS resolution_seconds_p50,\n"
        + "  quantile_cont(resolution_seconds, 0.9) AS resolution_seconds_p90,\n"
        + "  avg(last_reply_seconds) AS last_reply_seconds_avg,\n"
        + "  quantile_cont(last_reply_seconds, 0.5) AS last_reply_seconds_p50,\n"
        + "  quantile_cont(last_reply_seconds, 0.9) AS last_reply_seconds_p90,\n"
        + "  count(*) FILTER (WHERE awaiting_reply) AS chats_awaiting_reply\n"
        + "  FROM m GROUP BY report_date, department_id)\n"
        + "SELECT g.report_date, g.department_id,\n"
        + "  CASE WHEN g.department_id IS NULL THEN 'No department' ELSE names.department_name END AS department_name,\n"
        + "  chats_total, chats_empty, chats_open, chats_no_communication, chats_closed, closed_by_agent,\n"
        + "  closed_by_customer,\n"
        + "  CASE WHEN chats_total - chats_empty > 0 THEN chats_closed / (chats_total - chats_empty) END AS closure_rate,\n"
        + "  chats_rated, rating_great, rating_average, rating_poor,\n"
        + "  CASE WHEN chats_rated > 0 THEN rating_great / chats_rated END AS csat,\n"
        + "  resolution_seconds_avg, resolution_seconds_p50, resolution_seconds_p90,\n"
        + "  last_reply_seconds_avg, last_reply_seconds_p50, last_reply_seconds_p90, chats_awaiting_reply\n"
        + "FROM g LEFT JOIN names ON g.department_id = names.department_id\n"
        + "ORDER BY g.report_date, g.department_id NULLS FIRST";
  }
}
