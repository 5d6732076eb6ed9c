package org.chatlake.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks that our job and the other contenders given (naive Spark, DuckDB department_daily only,
 * DuckDB same work) produced the same department_daily: per
 * (report_date, department_id) the counts chats_total, chats_closed, chats_rated and rating_great
 * must be equal (those decide the exit code). It also compares, for information, the other count
 * columns exactly, the rates and times with a relative tolerance of 1e-9, and department_name.
 * Reads the outputs with DuckDB (ours: the files the symlink manifests of its
 * department_daily Delta table list). With --same-work, also {@link SameWorkCheck}: that
 * contender's chats and chat_agents against ours. Exit 0: everything gating agrees; 1: it does not
 * (the differences are printed and written to --report).
 *
 * <pre>
 * CheckDepartmentDaily --ours OUT_ROOT [--naive DIR] [--duckdb FILE] [--same-work DIR] [--report FILE.md]
 * </pre>
 */
public final class CheckDepartmentDaily {
  private CheckDepartmentDaily() {}

  static final List<String> GATING = List.of("chats_total", "chats_closed", "chats_rated", "rating_great");
  static final List<String> OTHER_COUNTS = List.of("chats_empty", "chats_open", "chats_no_communication",
      "closed_by_agent", "closed_by_customer", "rating_average", "rating_poor", "chats_awaiting_reply");
  static final List<String> VALUES = List.of("closure_rate", "csat", "resolution_seconds_avg",
      "resolution_seconds_p50", "resolution_seconds_p90", "last_reply_seconds_avg", "last_reply_seconds_p50",
      "last_reply_seconds_p90");

  public static void main(String[] args) throws Exception {
    Map<String, String> sources = new LinkedHashMap<>();
    // ours: the current version of the department_daily Delta table (never a glob over its directory)
    sources.put("ours", Bench.readDeltaTable(Path.of(Bench.required(args, "--ours"), "department_daily")));
    if (Bench.opt(args, "--naive") != null) {
      sources.put("naive", "read_parquet('" + Bench.opt(args, "--naive") + "/*.parquet')");
    }
    if (Bench.opt(args, "--duckdb") != null) {
      sources.put("duckdb", "read_parquet('" + Bench.opt(args, "--duckdb") + "')");
    }
    String sameWork = Bench.opt(args, "--same-work");
    if (sameWork != null) {
      sources.put("duckdb_same_work", "read_parquet('" + sameWork + "/department_daily.parquet')");
    }
    if (sources.size() < 2) {
      throw new IllegalArgumentException("nothing to compare ours with: give --naive, --duckdb or --same-work");
    }
    String report = Bench.opt(args, "--report");

    StringBuilder md = new StringBuilder();
    boolean ok = true;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      List<String> cols = new ArrayList<>();
      cols.addAll(GATING);
      cols.addAll(OTHER_COUNTS);
      cols.addAll(VALUES);
      for (Map.Entry<String, String> e : sources.entrySet()) {
        s.execute("CREATE TABLE " + e.getKey() + " AS SELECT "
            + "nullif(CAST(report_date AS VARCHAR), '__HIVE_DEFAULT_PARTITION__') AS d, "
            + "CAST(department_id AS BIGINT) AS dep, department_name, " + String.join(", ", cols)
            + " FROM " + e.getValue());
      }
      md.append("| contender | groups | ").append(String.join(" | ", GATING)).append(" |\n|---|---:|");
      GATING.forEach(g -> md.append("---:|"));
      md.append('\n');
      for (String t : sources.keySet()) {
        List<List<String>> r = rows(s, "SELECT count(*), " + GATING.stream().map(g -> "sum(" + g + ")")
            .reduce((a, b) -> a + ", " + b).orElseThrow() + " FROM " + t);
        md.append("| ").append(label(t)).append(" | ").append(String.join(" | ", r.get(1))).append(" |\n");
      }
      md.append('\n');
      for (String table : sources.keySet().stream().filter(k -> !k.equals("ours")).toList()) {
        String other = label(table);
        String on = " FROM ours o FULL OUTER JOIN " + table + " x ON o.d IS NOT DISTINCT FROM x.d"
            + " AND o.dep IS NOT DISTINCT FROM x.dep";
        String gatingDiff = GATING.stream().map(g -> "o." + g + " IS DISTINCT FROM x." + g)
            .reduce((a, b) -> a + " OR " + b).orElseThrow();
        List<List<String>> bad = rows(s, "SELECT coalesce(o.d, x.d) AS report_date, coalesce(o.dep, x.dep) AS department_id, "
            + GATING.stream().map(g -> "o." + g + " AS ours_" + g + ", x." + g + " AS " + table + "_" + g)
                .reduce((a, b) -> a + ", " + b).orElseThrow()
            + on + " WHERE " + gatingDiff + " ORDER BY 1, 2 NULLS FIRST");
        long mismatches = bad.size() - 1;
        if (mismatches == 0) {
          md.append("- ours vs ").append(other).append(": the four counts agree in every (report_date, department_id) group.\n");
          System.out.println("CHECK ours vs " + other + ": ok");
        } else {
          ok = false;
          md.append("- **ours vs ").append(other).append(": ").append(mismatches)
              .append(" group(s) differ** in chats_total/chats_closed/chats_rated/rating_great (first 20):\n\n");
          md.append(table(bad, 20)).append('\n');
          System.out.println("CHECK ours vs " + other + ": MISMATCH in " + mismatches + " group(s)");
          System.out.println(table(bad, 20));
        }
        // information: the other columns
        List<String> notes = new ArrayList<>();
        for (String col : OTHER_COUNTS) {
          long n = count(s, "SELECT count(*)" + on + " WHERE o." + col + " IS DISTINCT FROM x." + col);
          if (n > 0) {
            notes.add(col + " (" + n + " groups)");
          }
        }
        for (String col : VALUES) {
          long n = count(s, "SELECT count(*)" + on + " WHERE (o." + col + " IS NULL) <> (x." + col + " IS NULL)"
              + " OR abs(o." + col + " - x." + col + ") > 1e-9 * greatest(1, abs(o." + col + "))");
          if (n > 0) {
            notes.add(col + " (" + n + " groups)");
          }
        }
        long names = count(s, "SELECT count(*)" + on + " WHERE o.department_name IS DISTINCT FROM x.department_name");
        if (names > 0) {
          notes.add("department_name (" + names + " groups)");
        }
        String info = notes.isEmpty() ? "all other metric columns agree too (rates and times within 1e-9 relative)"
            : "other columns that differ (not gating): " + String.join(", ", notes);
        md.append("  - ours vs ").append(other).append(": ").append(info).append('\n');
        System.out.println("CHECK ours vs " + other + ": " + info);
      }
      if (sameWork != null) {
        SameWorkCheck rows = new SameWorkCheck(s, md);
        rows.run(Path.of(Bench.required(args, "--ours")), Path.of(sameWork));
        ok &= rows.ok();
      }
    }
    if (report != null) {
      Files.writeString(Path.of(report), md.toString());
    }
    System.out.println(ok ? "CHECK ok" : "CHECK MISMATCH");
    System.exit(ok ? 0 : 1);
  }

  /** A contender's name as run.sh spells it (its table here has SQL's underscores). */
  private static String label(String table) {
    return table.replace('_', '-');
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Header row first, values as strings ("null" for SQL NULL). */
  static List<List<String>> rows(Statement s, String sql) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (ResultSet r = s.executeQuery(sql)) {
      ResultSetMetaData md = r.getMetaData();
      List<String> h = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        h.add(md.getColumnName(i));
      }
      out.add(h);
      while (r.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(String.valueOf(r.getObject(i)));
        }
        out.add(row);
      }
    }
    return out;
  }

  static String table(List<List<String>> rows, int limit) {
    StringBuilder b = new StringBuilder();
    b.append("| ").append(String.join(" | ", rows.get(0))).append(" |\n|");
    rows.get(0).forEach(x -> b.append("---|"));
    b.append('\n');
    for (int i = 1; i < rows.size() && i <= limit; i++) {
      b.append("| ").append(String.join(" | ", rows.get(i))).append(" |\n");
    }
    if (rows.size() - 1 > limit) {
      b.append(String.format(Locale.ROOT, "| ... %d more |%n", rows.size() - 1 - limit));
    }
    return b.toString();
  }
}
