package org.chatlake.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The DuckDB contender that does our job's chat work (issue 18, "a fair peer"): every chat record
 * read and normalised as our {@code chats} table has it, the latest state per chat kept by our
 * ordering rule, {@code chats} and {@code chat_agents} written as Parquet partitioned by
 * report_date, and department_daily computed from the kept chats. In-memory DuckDB (JDBC), all
 * cores. Not done, unlike ours: reject handling, the other daily and dimension tables, Delta
 * commits and the run summary.
 *
 * <pre>
 * DuckDbSameWorkJob --input bench/data/N/chats --output DIR [--timezone UTC] [--threads T] [--memory-limit 8GB]
 * </pre>
 *
 * Writes DIR/chats/report_date=…/, DIR/chat_agents/report_date=…/ and DIR/department_daily.parquet.
 */
public final class DuckDbSameWorkJob {
  private DuckDbSameWorkJob() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(Bench.required(args, "--output")).toAbsolutePath();
    String zone = Bench.opt(args, "--timezone") == null ? "UTC" : Bench.opt(args, "--timezone");
    int threads = Bench.opt(args, "--threads") == null ? Runtime.getRuntime().availableProcessors()
        : Integer.parseInt(Bench.opt(args, "--threads"));
    String memoryLimit = Bench.opt(args, "--memory-limit");
    ExportFiles in = ExportFiles.under(Bench.required(args, "--input"));
    Files.createDirectories(out);
    for (String t : List.of("chats", "chat_agents")) {
      if (Files.exists(out.resolve(t))) {
        throw new IllegalArgumentException(out.resolve(t) + " exists");
      }
    }
    String departmentDaily = out.resolve("department_daily.parquet").toString();
    Files.deleteIfExists(Path.of(departmentDaily));

    long t0 = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      // instants are written as UTC (Parquet TIMESTAMP isAdjustedToUTC); report_date uses the zone explicitly
      s.execute("SET TimeZone = 'UTC'");
      if (memoryLimit != null) {
        s.execute("SET memory_limit = '" + memoryLimit + "'");
      }
      for (String m : SameWorkSql.MACROS) {
        s.execute(m);
      }
      Steps steps = new Steps(s);
      steps.timings.addAll(List.of("setup_ms", (System.nanoTime() - t0) / 1_000_000));
      steps.run("read_ms", "CREATE TABLE raw AS " + SameWorkSql.normalised(in, zone, Instant.now().toString()));
      steps.run("dedup_ms", "CREATE TABLE winners AS " + SameWorkSql.WINNERS);
      s.execute("CREATE VIEW latest AS " + SameWorkSql.LATEST);
      steps.run("chats_ms", copyPartitioned(SameWorkSql.CHATS, out.resolve("chats")));
      steps.run("chat_agents_ms", copyPartitioned(SameWorkSql.CHAT_AGENTS, out.resolve("chat_agents")));
      steps.run("department_daily_ms", "COPY (WITH " + DepartmentDailySql.over("latest", "created_at") + ") TO '"
          + departmentDaily + "' (FORMAT parquet)");
      long ms = (System.nanoTime() - t0) / 1_000_000;

      List<Object> kv = new ArrayList<>(List.of("contender", "duckdb-same-work", "work_ms", ms));
      kv.addAll(steps.timings);
      kv.addAll(List.of("bytes", in.bytes(), "files", in.count(),
          "records", count(s, "SELECT count(*) FROM raw"),
          "chats", count(s, "SELECT count(*) FROM read_parquet('" + out.resolve("chats") + "/*/*.parquet')"),
          "chat_agents", count(s, "SELECT count(*) FROM read_parquet('" + out.resolve("chat_agents") + "/*/*.parquet')"),
          "rows", count(s, "SELECT count(*) FROM read_parquet('" + departmentDaily + "')"),
          "threads", threads, "duckdb", string(s, "SELECT version()"), "mb_s", Bench.mbps(in.bytes(), ms)));
      Bench.report(kv.toArray());
    }
  }

  /** Parquet files under dir, one directory per report_date (Hive style, the column not in the files). */
  static String copyPartitioned(String select, Path dir) {
    return "COPY (" + select + ") TO '" + dir + "' (FORMAT parquet, PARTITION_BY (report_date))";
  }

  /** Runs statements and keeps each one's time as {@code name, ms} pairs for the BENCH line. */
  private static final class Steps {
    final Statement s;
    final List<Object> timings = new ArrayList<>();

    Steps(Statement s) {
      this.s = s;
    }

    void run(String name, String sql) throws SQLException {
      long t = System.nanoTime();
      s.execute(sql);
      timings.add(name);
      timings.add((System.nanoTime() - t) / 1_000_000);
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static String string(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }
}
