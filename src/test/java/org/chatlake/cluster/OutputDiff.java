package org.chatlake.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.chatlake.DeltaFiles;

/**
 * Compares two chatlake output roots table by table, as multisets of rows, with DuckDB: every Delta
 * table under either root (chats, chat_agents, the daily tables, messages and rejects when
 * present), its current version only (the files its symlink manifests list, see
 * {@link DeltaFiles}), ignoring the columns that differ from run to run ({@code ingested_at},
 * {@code run_id}, {@code rejected_at}) and everything hidden ({@code _runs/}, ...). Prints the row
 * counts per table and, for a table that differs, its first differing rows from each side.
 *
 * <p>A DOUBLE may differ in its last bits between two runs that sum in a different order (averages
 * over partitions combined differently): rows that differ only there, by at most {@code --tolerance}
 * (relative, default 1e-9), count as equal and are reported as such; {@code --exact} turns that off.
 *
 * <pre>
 * java -cp target/test-classes:$(cat target/test-classpath.txt) org.chatlake.cluster.OutputDiff \
 *     [--exact] [--tolerance 1e-9] [--show 5] [--ignore col,...] LEFT_DIR RIGHT_DIR
 * </pre>
 * Exit code 0 when every table is equal, 1 when one differs or is missing, 2 on a usage error.
 */
public final class OutputDiff {
  /** Tables every successful run writes; missing on both sides is a difference too. */
  static final List<String> EXPECTED = List.of("chats", "chat_agents", "department_daily",
      "agent_daily", "rating_daily", "status_daily");
  static final Set<String> IGNORED_BY_DEFAULT = Set.of("ingested_at", "run_id", "rejected_at");
  private static final int MAX_VALUE_CHARS = 60;

  private final Path left;
  private final Path right;
  private final String leftName;
  private final String rightName;
  private final boolean exact;
  private final double tolerance;
  private final int show;
  private final Set<String> ignored;
  private final PrintStream out;

  OutputDiff(Path left, Path right, boolean exact, double tolerance, int show, Set<String> ignored,
      PrintStream out) {
    this.left = left;
    this.right = right;
    this.leftName = left.getFileName().toString();
    String r = right.getFileName().toString();
    this.rightName = r.equals(leftName) ? r + "'" : r;
    this.exact = exact;
    this.tolerance = tolerance;
    this.show = show;
    this.ignored = ignored;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    boolean exact = false;
    double tolerance = 1e-9;
    int show = 5;
    Set<String> ignored = new TreeSet<>(IGNORED_BY_DEFAULT);
    List<String> dirs = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--exact" -> exact = true;
          case "--tolerance" -> tolerance = Double.parseDouble(args[++i]);
          case "--show" -> show = Integer.parseInt(args[++i]);
          case "--ignore" -> ignored.addAll(List.of(args[++i].split(",")));
          case "-h", "--help" -> {
            usage(System.out);
            return;
          }
          default -> {
            if (args[i].startsWith("-")) {
              throw new IllegalArgumentException("unknown option " + args[i]);
            }
            dirs.add(args[i]);
          }
        }
      }
      if (dirs.size() != 2) {
        throw new IllegalArgumentException("expected two output directories, got " + dirs.size());
      }
    } catch (RuntimeException e) {
      System.err.println("OutputDiff: " + e.getMessage());
      usage(System.err);
      System.exit(2);
      return;
    }
    Path l = Path.of(dirs.get(0)).toAbsolutePath().normalize();
    Path r = Path.of(dirs.get(1)).toAbsolutePath().normalize();
    for (Path p : List.of(l, r)) {
      if (!Files.isDirectory(p)) {
        System.err.println("OutputDiff: not a directory: " + p);
        System.exit(2);
      }
    }
    boolean equal = new OutputDiff(l, r, exact, tolerance, show, ignored, System.out).run();
    System.exit(equal ? 0 : 1);
  }

  private static void usage(PrintStream s) {
    s.println("usage: OutputDiff [--exact] [--tolerance REL] [--show N] [--ignore col,...] LEFT_DIR RIGHT_DIR");
  }

  /** Compares every table; true when all are equal. */
  boolean run() throws SQLException {
    Set<String> tables = new TreeSet<>(tableNames(left));
    tables.addAll(tableNames(right));
    tables.addAll(EXPECTED);
    List<String> order = new ArrayList<>(EXPECTED);
    tables.stream().filter(t -> !EXPECTED.contains(t)).forEach(order::add);

    out.printf(Locale.ROOT, "Comparing %s (left) with %s (right), ignoring columns %s%n", left, right, ignored);
    out.printf(Locale.ROOT, "%-18s %12s %12s  %s%n", "table", leftName, rightName, "result");
    List<String> failed = new ArrayList<>();
    List<String> details = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement st = db.createStatement()) {
        st.execute("SET threads = 2");
        try {
          st.execute("SET TimeZone = 'UTC'");
        } catch (SQLException ignoredWithoutIcu) {
          // Timestamps print in the JVM's zone then; the comparison does not depend on it.
        }
      }
      for (String table : order) {
        TableResult result = compare(db, table);
        out.printf(Locale.ROOT, "%-18s %12s %12s  %s%n", table, count(result.leftRows),
            count(result.rightRows), result.verdict);
        if (!result.equal) {
          failed.add(table);
        }
        if (!result.detail.isEmpty()) {
          details.add(result.detail);
        }
      }
    }
    details.forEach(out::print);
    if (failed.isEmpty()) {
      out.println("OutputDiff: EQUAL: every table has the same rows");
      return true;
    }
    out.println("OutputDiff: DIFFERENT: " + String.join(", ", failed));
    return false;
  }

  private static String count(long n) {
    return n < 0 ? "-" : Long.toString(n);
  }

  private static final class TableResult {
    long leftRows = -1;
    long rightRows = -1;
    boolean equal;
    String verdict = "";
    String detail = "";
  }

  private TableResult compare(Connection db, String table) throws SQLException {
    TableResult res = new TableResult();
    Path l = left.resolve(table);
    Path r = right.resolve(table);
    boolean inLeft = DeltaFiles.isDeltaTable(l);
    boolean inRight = DeltaFiles.isDeltaTable(r);
    if (!inLeft || !inRight) {
      res.verdict = !inLeft && !inRight ? "MISSING in both" : "MISSING in " + (inLeft ? rightName : leftName);
      if (inLeft) {
        res.leftRows = countRows(db, l);
      }
      if (inRight) {
        res.rightRows = countRows(db, r);
      }
      return res;
    }
    if (parquetFiles(l).isEmpty() || parquetFiles(r).isEmpty()) {
      res.leftRows = countRows(db, l);
      res.rightRows = countRows(db, r);
      res.equal = res.leftRows == res.rightRows;
      res.verdict = res.equal ? "equal (empty)" : "DIFFERENT row counts";
      return res;
    }
    String lv = view(db, "l_" + table, l);
    String rv = view(db, "r_" + table, r);
    Map<String, String> lcols = columns(db, lv);
    Map<String, String> rcols = columns(db, rv);
    res.leftRows = scalar(db, "SELECT count(*) FROM " + lv);
    res.rightRows = scalar(db, "SELECT count(*) FROM " + rv);
    if (!lcols.equals(rcols)) {
      res.verdict = "DIFFERENT schema";
      res.detail = String.format(Locale.ROOT, "%n%s: schema differs%n  %s: %s%n  %s: %s%n", table,
          leftName, lcols, rightName, rcols);
      return res;
    }
    List<String> cols = new ArrayList<>(lcols.keySet());
    String select = cols.stream().map(OutputDiff::q).collect(Collectors.joining(", "));
    String lOnly = q("lo_" + table);
    String rOnly = q("ro_" + table);
    exec(db, "CREATE OR REPLACE TEMP TABLE " + lOnly + " AS SELECT *, row_number() OVER () AS __rn FROM ("
        + "SELECT " + select + " FROM " + lv + " EXCEPT ALL SELECT " + select + " FROM " + rv + ")");
    exec(db, "CREATE OR REPLACE TEMP TABLE " + rOnly + " AS SELECT *, row_number() OVER () AS __rn FROM ("
        + "SELECT " + select + " FROM " + rv + " EXCEPT ALL SELECT " + select + " FROM " + lv + ")");
    long lDiff = scalar(db, "SELECT count(*) FROM " + lOnly);
    long rDiff = scalar(db, "SELECT count(*) FROM " + rOnly);
    if (lDiff == 0 && rDiff == 0) {
      res.equal = true;
      res.verdict = "equal";
      return res;
    }
    String rounding = exact || lDiff != rDiff ? null : withinTolerance(db, lOnly, rOnly, lcols, lDiff);
    if (rounding != null) {
      res.equal = true;
      res.verdict = String.format(Locale.ROOT, "equal within %.0e (%d row(s) differ only in DOUBLE rounding)",
          tolerance, lDiff);
      res.detail = String.format(Locale.ROOT, "%n%s: %d row(s) differ only in DOUBLE rounding: %s%n",
          table, lDiff, rounding);
      return res;
    }
    res.verdict = String.format(Locale.ROOT, "DIFFERENT: %d row(s) only in %s, %d only in %s", lDiff,
        leftName, rDiff, rightName);
    res.detail = sample(db, table, lOnly, rOnly, select, lDiff, rDiff, "differs");
    return res;
  }

  /**
   * When the rows only on the left and those only on the right pair up one to one on their
   * non-DOUBLE columns, with every DOUBLE within the relative tolerance: the DOUBLE columns that
   * differ and their largest relative difference; else null.
   */
  private String withinTolerance(Connection db, String lOnly, String rOnly, Map<String, String> cols,
      long n) throws SQLException {
    List<String> conds = new ArrayList<>();
    List<String> doubles = new ArrayList<>();
    for (Map.Entry<String, String> c : cols.entrySet()) {
      String a = "a." + q(c.getKey());
      String b = "b." + q(c.getKey());
      if (c.getValue().equals("DOUBLE") || c.getValue().equals("FLOAT")) {
        doubles.add(c.getKey());
        conds.add(String.format(Locale.ROOT, "((%1$s IS NULL AND %2$s IS NULL) OR %3$s <= %4$s)",
            a, b, relDiff(a, b), Double.toString(tolerance)));
      } else {
        conds.add(a + " IS NOT DISTINCT FROM " + b);
      }
    }
    if (doubles.isEmpty()) {
      return null;
    }
    StringBuilder sql = new StringBuilder("SELECT count(*), count(DISTINCT a.__rn), count(DISTINCT b.__rn)");
    for (String d : doubles) {
      sql.append(", max(").append(relDiff("a." + q(d), "b." + q(d))).append(')');
    }
    sql.append(" FROM ").append(lOnly).append(" a JOIN ").append(rOnly).append(" b ON ")
        .append(String.join(" AND ", conds));
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
      rs.next();
      if (rs.getLong(1) != n || rs.getLong(2) != n || rs.getLong(3) != n) {
        return null;
      }
      List<String> differing = new ArrayList<>();
      for (int i = 0; i < doubles.size(); i++) {
        double max = rs.getDouble(4 + i);
        if (!rs.wasNull() && max > 0) {
          differing.add(String.format(Locale.ROOT, "%s by at most %.1e", doubles.get(i), max));
        }
      }
      return String.join(", ", differing);
    }
  }

  private static String relDiff(String a, String b) {
    return String.format(Locale.ROOT, "abs(%1$s - %2$s) / greatest(1.0, abs(%1$s), abs(%2$s))", a, b);
  }

  private String sample(Connection db, String table, String lOnly, String rOnly, String select,
      long lDiff, long rDiff, String what) throws SQLException {
    if (show <= 0) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%n%s: %s; first rows only in %s (%d), then only in %s (%d)%n",
        table, what, leftName, lDiff, rightName, rDiff));
    appendRows(db, sb, "  " + leftName + " > ", lOnly, select);
    appendRows(db, sb, "  " + rightName + " > ", rOnly, select);
    return sb.toString();
  }

  private void appendRows(Connection db, StringBuilder sb, String prefix, String from, String select)
      throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT " + select + " FROM " + from + " ORDER BY ALL LIMIT " + show)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        List<String> parts = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          parts.add(md.getColumnLabel(i) + "=" + shorten(rs.getString(i)));
        }
        sb.append(prefix).append(String.join(", ", parts)).append('\n');
      }
    }
  }

  private static String shorten(String v) {
    if (v == null) {
      return "null";
    }
    String s = v.replace("\n", "\\n");
    return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + "...(" + s.length() + " chars)";
  }

  /** The table's columns and DuckDB types, minus the ignored ones, in file order. */
  private Map<String, String> columns(Connection db, String view) throws SQLException {
    Map<String, String> cols = new LinkedHashMap<>();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE " + view)) {
      while (rs.next()) {
        String name = rs.getString("column_name");
        if (!ignored.contains(name)) {
          cols.put(name, rs.getString("column_type"));
        }
      }
    }
    return cols;
  }

  /** A view of the table's current version (read_parquet over its current files, Hive partitions typed). */
  private String view(Connection db, String name, Path tableDir) throws SQLException {
    String v = q(name);
    exec(db, "CREATE OR REPLACE TEMP VIEW " + v + " AS SELECT * FROM " + DeltaFiles.readTable(tableDir));
    return v;
  }

  private long countRows(Connection db, Path tableDir) throws SQLException {
    if (parquetFiles(tableDir).isEmpty()) {
      return 0;
    }
    return scalar(db, "SELECT count(*) FROM " + view(db, "count_tmp", tableDir));
  }

  /**
   * The data files of the table's current version, from its symlink manifests: the files of
   * versions it superseded stay in the directory until VACUUM and are not listed.
   */
  static List<Path> parquetFiles(Path tableDir) {
    return DeltaFiles.currentFiles(tableDir);
  }

  /**
   * Tables of an output root: every visible directory that holds a {@code _delta_log} (so
   * messages/ when it exists).
   */
  static List<String> tableNames(Path root) {
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(DeltaFiles::isDeltaTable)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("_") && !n.startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String q(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static void exec(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute(sql);
    }
  }

  private static long scalar(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
