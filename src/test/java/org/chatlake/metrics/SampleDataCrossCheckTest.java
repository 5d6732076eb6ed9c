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
import java.util.Arrays;
import java.util.Collection;
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
import org.chatlake.metrics.crosscheck.HistoryTables;
import org.chatlake.metrics.crosscheck.IndependentRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * End-to-end cross-check over the committed sample data: runs the job over sample-data/chats and
 * sample-data/messages (every export: reopened chats' daily snapshots included), computes the same tables
 * a second time in plain Java ({@link IndependentRun}, {@link HistoryTables}: Jackson databind and
 * the contract, none of the job's code), reads the job's tables with DuckDB, and compares them
 * cell by cell: department_daily, backlog_daily, hourly_volume, the chats' reopen_count and
 * first_closed_at, and the run summary's counts.
 */
class SampleDataCrossCheckTest {
  private static final Path CHATS = Path.of("sample-data", "chats");
  private static final Path MESSAGES = Path.of("sample-data", "messages");
  /** Doubles agree when within this relative difference. */
  private static final double RELATIVE_TOLERANCE = 1e-6;

  /** One job run and its independent recomputation. */
  private record Run(String name, Path output, IndependentRun expected) {}

  private static Run allExports;

  @BeforeAll
  static void runJobAndIndependentComputation() throws Exception {
    SparkTestSession.get();
    allExports = run("all exports", List.of(CHATS));
  }

  private static Run run(String name, List<Path> chatInputs) throws Exception {
    Path output = Files.createTempDirectory("chatlake-crosscheck");
    List<String> args = new ArrayList<>();
    chatInputs.forEach(p -> args.addAll(List.of("--input", p.toString())));
    args.addAll(List.of("--messages", MESSAGES.toString(), "--output", output.toString()));
    long t0 = System.nanoTime();
    // the one job run of the suite with Spark's generated code, as production runs it
    int code = SparkTestSession.withGeneratedCode(() -> ChatJob.run(args.toArray(String[]::new)));
    long t1 = System.nanoTime();
    assertEquals(0, code, "exit code of the job over sample-data/ (" + name + ")");
    IndependentRun expected = IndependentRun.compute(chatInputs, MESSAGES);
    long t2 = System.nanoTime();
    System.out.printf("SampleDataCrossCheckTest (%s): job %.1f s, independent computation %.1f s%n",
        name, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    return new Run(name, output, expected);
  }

  @AfterAll
  static void deleteOutput() throws IOException {
    for (Run r : new Run[] {allExports}) {
      if (r != null) {
        try (Stream<Path> paths = Files.walk(r.output())) {
          paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  @Test
  void departmentDailyEqualsIndependentComputationCellByCell() throws SQLException {
    for (Run r : runs()) {
      assertTrue(hasCurrentFiles(r.output().resolve("department_daily")),
          "the job exited 0 but wrote no department_daily Delta table with data files under " + r.output());
      Map<List<Object>, Map<String, Object>> want = new LinkedHashMap<>();
      r.expected().departmentDaily.forEach((k, row) -> want.put(Arrays.asList(k.reportDate(), k.departmentId()), row));
      assertTablesEqual(r, "department_daily", DuckDbReads.rows(r.output(), "department_daily"),
          List.of("report_date", "department_id"), IndependentRun.COLUMNS, want);
    }
  }

  @Test
  void backlogDailyEqualsIndependentComputationCellByCell() throws SQLException {
    for (Run r : runs()) {
      List<Map<String, Object>> rows = DuckDbReads.rows(r.output(), "backlog_daily",
          "* REPLACE (CAST(as_of_date AS VARCHAR) AS as_of_date)");
      assertTablesEqual(r, "backlog_daily", rows, HistoryTables.BACKLOG_KEY, HistoryTables.BACKLOG_COLUMNS,
          r.expected().history.backlogDaily);
    }
  }

  @Test
  void hourlyVolumeEqualsIndependentComputationCellByCell() throws SQLException {
    for (Run r : runs()) {
      assertTablesEqual(r, "hourly_volume", DuckDbReads.rows(r.output(), "hourly_volume"),
          HistoryTables.HOURLY_KEY, HistoryTables.HOURLY_COLUMNS, r.expected().history.hourlyVolume);
    }
  }

  @Test
  void reopenCountAndFirstClosedAtPerChatEqualIndependentComputation() throws SQLException {
    List<String> columns = List.of("chat_id", "reopen_count", "first_closed_at");
    for (Run r : runs()) {
      Map<List<Object>, Map<String, Object>> want = new LinkedHashMap<>();
      r.expected().chatValues.forEach((id, v) -> {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("chat_id", id);
        row.put("reopen_count", (long) v.reopenCount);
        row.put("first_closed_at", v.firstClosedAt);
        want.put(List.of(id), row);
      });
      List<Map<String, Object>> rows = DuckDbReads.rows(r.output(), "chats",
          "chat_id, reopen_count, epoch_ms(first_closed_at) AS first_closed_at");
      assertTablesEqual(r, "chats", rows, List.of("chat_id"), columns, want);
    }
  }

  /**
   * The sample shows every history table with values that are not trivial (sample-data/README.md);
   * counted on the independent side, which the other tests hold equal to the job's tables.
   */
  @Test
  void sampleDataShowsReopensBacklogAndHourlyVolume() {
    IndependentRun all = allExports.expected();
    long reopened = all.chatValues.values().stream().filter(v -> v.reopenCount > 0).count();
    long twice = all.chatValues.values().stream().filter(v -> v.reopenCount > 1).count();
    long openNow = all.chatValues.values().stream()
        .filter(v -> v.reopenCount > 0 && !"closed".equals(v.chat.status())).count();
    long reopens = all.chatValues.values().stream().mapToLong(v -> v.reopenCount).sum();
    Collection<Map<String, Object>> backlog = all.history.backlogDaily.values();
    long backlogOpen = backlog.stream().filter(row -> (Long) row.get("open_at_end") > 0).count();
    long backlogUnassigned = backlog.stream().filter(row -> (Long) row.get("open_unassigned") > 0).count();
    long backlogClosed = backlog.stream().filter(row -> (Long) row.get("closed") > 0).count();
    long backlogQuietDays = backlog.stream().filter(row -> (Long) row.get("opened") == 0).count();
    Collection<Map<String, Object>> hourly = all.history.hourlyVolume.values();
    long hoursAnswered = hourly.stream().filter(row -> row.get("first_response_seconds_p90") != null).count();
    long hoursUnanswered = hourly.stream().filter(row -> (Long) row.get("chats_unanswered") > 0).count();
    System.out.printf("SampleDataCrossCheckTest: %d reopened chats (%d twice, %d open now), %d reopens; "
        + "backlog_daily %d rows, %d with open_at_end > 0, %d with open_unassigned > 0, %d with closed > 0, "
        + "%d with opened = 0; hourly_volume %d rows, %d with a first-response p90, %d with chats_unanswered > 0%n",
        reopened, twice, openNow, reopens, backlog.size(), backlogOpen, backlogUnassigned, backlogClosed,
        backlogQuietDays, hourly.size(), hoursAnswered, hoursUnanswered);
    assertAll(
        () -> assertTrue(reopened > 100 && twice > 0 && openNow > 0, "reopened chats"),
        () -> assertTrue(backlogOpen > 100 && backlogUnassigned > 0 && backlogClosed > 100, "backlog_daily"),
        () -> assertTrue(backlogQuietDays > 0, "backlog_daily days without new chats"),
        () -> assertTrue(hoursAnswered > 100 && hoursUnanswered > 0, "hourly_volume"));
  }

  private static List<Run> runs() {
    return List.of(allExports);
  }

  /** Every row and cell of the job's table equal to the independent one, the same keys on both sides. */
  private static void assertTablesEqual(Run run, String table, List<Map<String, Object>> rows,
      List<String> keyColumns, List<String> columns, Map<List<Object>, Map<String, Object>> want) {
    long t0 = System.nanoTime();
    String label = table + " (" + run.name() + ")";
    assertFalse(rows.isEmpty(), label + " is empty");
    assertEquals(new LinkedHashSet<>(columns), new LinkedHashSet<>(rows.get(0).keySet()), label + " columns");
    Map<List<Object>, Map<String, Object>> actual = new LinkedHashMap<>();
    List<String> mismatches = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      List<Object> key = new ArrayList<>();
      for (String k : keyColumns) {
        Object v = row.get(k);
        key.add(v instanceof Number n ? (Object) n.longValue() : v);
      }
      if (actual.put(key, row) != null) {
        mismatches.add(label + " " + key + ": more than one row for the key");
      }
    }
    for (List<Object> k : want.keySet()) {
      if (!actual.containsKey(k)) {
        mismatches.add(label + " " + k + ": row missing from the job's output (independent: " + want.get(k) + ")");
      }
    }
    for (List<Object> k : actual.keySet()) {
      if (!want.containsKey(k)) {
        mismatches.add(label + " " + k + ": row the independent computation does not have (job: "
            + actual.get(k) + ")");
      }
    }
    long cells = 0;
    long keys = 0;
    for (Map.Entry<List<Object>, Map<String, Object>> e : want.entrySet()) {
      Map<String, Object> got = actual.get(e.getKey());
      if (got == null) {
        continue;
      }
      keys++;
      for (String column : columns) {
        cells++;
        String diff = compare(e.getValue().get(column), got.get(column));
        if (diff != null) {
          mismatches.add(label + " " + e.getKey() + " column " + column + ": " + diff);
        }
      }
    }
    System.out.printf("SampleDataCrossCheckTest: %s %d keys, %d cells compared, %d mismatches"
        + " (read and compared in %.1f s)%n", label, keys, cells, mismatches.size(), (System.nanoTime() - t0) / 1e9);
    if (!mismatches.isEmpty()) {
      fail(mismatches.size() + " disagreement(s) between the job and the independent computation:\n  "
          + String.join("\n  ", mismatches.subList(0, Math.min(60, mismatches.size())))
          + (mismatches.size() > 60 ? "\n  ..." : ""));
    }
    assertEquals(want.size(), keys, label + ": keys compared");
  }

  @Test
  void runSummaryCountsEqualIndependentCounts() throws IOException {
    List<JsonNode> summaries = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    IndependentRun expected = allExports.expected();
    try (Stream<Path> files = Files.list(allExports.output().resolve("_runs"))) {
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
