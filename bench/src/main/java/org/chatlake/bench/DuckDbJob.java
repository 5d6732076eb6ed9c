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

/**
 * The DuckDB contender that does the least: department_daily alone, in SQL straight from the export
 * files into one Parquet file, in an in-memory DuckDB (JDBC) using all cores; no chats or
 * chat_agents table ({@link DuckDbSameWorkJob} writes those too). Schema detection is DuckDB's own
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

    ExportFiles in = ExportFiles.under(input);
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
      String sql = "COPY (" + departmentDaily(in) + ") TO '" + output
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
      Bench.report("contender", "duckdb", "work_ms", ms, "bytes", in.bytes(), "files", in.count(),
          "chats", chats, "rows", rows, "threads", threads, "duckdb", version, "mb_s", Bench.mbps(in.bytes(), ms));
    }
  }

  static String departmentDaily(ExportFiles in) throws SQLException {
    String cols = "lid(%1$sid) AS chat_id, %1$sstatus AS status, %1$srating AS rating, %1$sclosedBy AS closed_by, "
        + "secs(%1$screatedAt) AS created, secs(%1$sclosedAt) AS closed, secs(%1$slastMessageAt) AS lm, "
        + "secs(%1$slastCustomerMessageAt) AS lcm, lid(%1$sdepartment.id) AS department_id, "
        + "%1$sdepartment.name AS department_name";
    List<String> parts = new ArrayList<>();
    if (!in.jsonl().isEmpty()) {
      parts.add("SELECT " + String.format(cols, "") + " FROM read_json(" + ExportFiles.sqlList(in.jsonl())
          + ", format = 'newline_delimited')");
    }
    if (!in.pages().isEmpty()) {
      parts.add("SELECT " + String.format(cols, "c.") + " FROM (SELECT unnest(data) AS c FROM read_json("
          + ExportFiles.sqlList(in.pages()) + ", format = 'unstructured', maximum_object_size = " + in.maxObjectSize() + "))");
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
        + DepartmentDailySql.over("m", "created");
  }
}
