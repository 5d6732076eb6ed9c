package org.chatlake.metrics;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.chatlake.DeltaFiles;
import org.chatlake.SparkTestSession;
import org.chatlake.cli.ChatJob;
import org.chatlake.metrics.crosscheck.IndependentRun;
import org.chatlake.metrics.crosscheck.IndependentRun.Key;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * End-to-end cross-check over the committed sample data: runs the job once over
 * sample-data/chats and sample-data/messages, computes department_daily and the run summary's
 * counts a second time in plain Java ({@link IndependentRun}: Jackson databind and the contract,
 * none of the job's code), reads the job's department_daily with DuckDB, and compares the two
 * cell by cell.
 */
class SampleDataCrossCheckTest {
  private static final Path CHATS = Path.of("sample-data", "chats");
  private static final Path MESSAGES = Path.of("sample-data", "messages");
  /** Doubles agree when within this relative difference. */
  private static final double RELATIVE_TOLERANCE = 1e-6;

  private static Path output;
  private static IndependentRun expected;

  @BeforeAll
  static void runJobAndIndependentComputation() throws IOException {
    SparkTestSession.get();
    output = Files.createTempDirectory("chatlake-crosscheck");
    long t0 = System.nanoTime();
    int code = ChatJob.run("--input", CHATS.toString(), "--messages", MESSAGES.toString(),
        "--output", output.toString());
    long t1 = System.nanoTime();
    assertEquals(0, code, "exit code of the job over sample-data/");
    expected = IndependentRun.compute(CHATS, MESSAGES);
    long t2 = System.nanoTime();
    System.out.printf("SampleDataCrossCheckTest: job %.1f s, independent computation %.1f s%n",
        (t1 - t0) / 1e9, (t2 - t1) / 1e9);
  }

  @AfterAll
  static void deleteOutput() throws IOException {
    if (output != null) {
      try (Stream<Path> paths = Files.walk(output)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void departmentDailyEqualsIndependentComputationCellByCell() throws SQLException, IOException {
    long t0 = System.nanoTime();
    assertTrue(hasCurrentFiles(output.resolve("department_daily")),
        "the job exited 0 but wrote no department_daily Delta table with data files under " + output);
    List<Map<String, Object>> rows = readDepartmentDaily(output);
    assertFalse(rows.isEmpty(), "department_daily is empty");
    assertEquals(new LinkedHashSet<>(IndependentRun.COLUMNS), new LinkedHashSet<>(rows.get(0).keySet()),
        "department_daily columns (output.md + messages.md)");

    Map<Key, Map<String, Object>> actual = new LinkedHashMap<>();
    List<String> mismatches = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Key key = new Key((String) row.get("report_date"), asLong(row.get("department_id")));
      if (actual.put(key, row) != null) {
        mismatches.add("department_daily " + key + ": more than one row for the key");
      }
    }
    Map<Key, Map<String, Object>> want = expected.departmentDaily;
    for (Key k : want.keySet()) {
      if (!actual.containsKey(k)) {
        mismatches.add("department_daily " + k + ": row missing from the job's output (independent: "
            + want.get(k) + ")");
      }
    }
    for (Key k : actual.keySet()) {
      if (!want.containsKey(k)) {
        mismatches.add("department_daily " + k + ": row the independent computation does not have (job: "
            + actual.get(k) + ")");
      }
    }
    long cells = 0;
    long keys = 0;
    for (Map.Entry<Key, Map<String, Object>> e : want.entrySet()) {
      Map<String, Object> got = actual.get(e.getKey());
      if (got == null) {
        continue;
      }
      keys++;
      for (String column : IndependentRun.COLUMNS) {
        cells++;
        String diff = compare(e.getValue().get(column), got.get(column));
        if (diff != null) {
          mismatches.add("department_daily " + e.getKey() + " column " + column + ": " + diff);
        }
      }
    }
    System.out.printf("SampleDataCrossCheckTest: department_daily %d keys, %d cells compared, %d mismatches"
        + " (read and compared in %.1f s)%n", keys, cells, mismatches.size(), (System.nanoTime() - t0) / 1e9);
    if (!mismatches.isEmpty()) {
      fail(mismatches.size() + " disagreement(s) between the job and the independent computation:\n  "
          + String.join("\n  ", mismatches.subList(0, Math.min(60, mismatches.size())))
          + (mismatches.size() > 60 ? "\n  ..." : ""));
    }
    assertEquals(want.size(), keys, "keys compared");
  }

  @Test
  void runSummaryCountsEqualIndependentCounts() throws IOException {
    List<JsonNode> summaries = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.list(output.resolve("_runs"))) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (!name.startsWith(".") && name.endsWith(".json")) {
          summaries.add(json.readTree(f.toFile()));
        }
      }
    }
    assertEquals(1, summaries.size(), "run summaries after one run");
    JsonNode s = summaries.get(0);
    List<Executable> checks = new ArrayList<>();
    checks.addAll(counts("chats", s.path("chats"), expected.chats, false));
    checks.addAll(counts("messages", s.path("messages"), expected.messages, true));
    assertAll("run summary " + s.path("run_id").asText(), checks);
  }

  private static List<Executable> counts(String kind, JsonNode got, IndependentRun.Counts want,
      boolean orphans) {
    List<Executable> out = new ArrayList<>();
    out.add(() -> assertEquals(want.read, got.path("read").asLong(-1), kind + ".read"));
    out.add(() -> assertEquals(want.rejected, got.path("rejected").asLong(-1), kind + ".rejected"));
    out.add(() -> assertEquals(want.duplicates, got.path("duplicates").asLong(-1), kind + ".duplicates"));
    out.add(() -> assertEquals(want.kept, got.path("kept").asLong(-1), kind + ".kept"));
    if (orphans) {
      out.add(() -> assertEquals(want.orphans, got.path("orphans").asLong(-1), kind + ".orphans"));
    }
    out.add(() -> {
      Map<String, Long> byReason = new TreeMap<>();
      got.path("rejected_by_reason").fields()
          .forEachRemaining(e -> byReason.put(e.getKey(), e.getValue().asLong()));
      assertEquals(want.rejectedByReason, byReason, kind + ".rejected_by_reason");
    });
    out.add(() -> assertEquals(want.read, want.kept + want.rejected + want.duplicates,
        kind + ": independent read = kept + rejected + duplicates"));
    return out;
  }

  /** A Delta table whose current version has data files (superseded files do not count). */
  private static boolean hasCurrentFiles(Path table) {
    return DeltaFiles.isDeltaTable(table) && !DeltaFiles.currentFiles(table).isEmpty();
  }

  /**
   * Every department_daily row through DuckDB (not Spark), report_date as ISO text (null for the
   * __HIVE_DEFAULT_PARTITION__ partition, which DuckDB reads as NULL).
   */
  private static List<Map<String, Object>> readDepartmentDaily(Path out) throws SQLException {
    return DuckDbReads.rows(out, "department_daily");
  }

  private static Long asLong(Object o) {
    return o == null ? null : ((Number) o).longValue();
  }

  /** null when equal; otherwise a description naming both values. */
  static String compare(Object want, Object got) {
    String both = "independent=" + want + ", job=" + got
        + (got == null ? "" : " (" + got.getClass().getSimpleName() + ")");
    if (want == null || got == null) {
      return want == got ? null : both;
    }
    if (want instanceof Double w) {
      if (!(got instanceof Number)) {
        return both;
      }
      double g = ((Number) got).doubleValue();
      boolean close = w.doubleValue() == g
          || Math.abs(w - g) <= RELATIVE_TOLERANCE * Math.max(Math.abs(w), Math.abs(g));
      return close ? null : both;
    }
    if (want instanceof Long w) {
      boolean integral = got instanceof Long || got instanceof Integer || got instanceof Short
          || got instanceof BigInteger;
      return integral && ((Number) got).longValue() == w ? null : both;
    }
    return want.equals(got) ? null : both;
  }
}
