package org.chatlake.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.chatlake.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests the job keeps up to date from each commit's added and removed files equal the
 * ones Delta's own {@code GENERATE symlink_format_manifest} writes from the whole snapshot, after
 * every kind of commit the job makes, also when an update applies several versions at once.
 */
class SymlinkManifestTest {
  @TempDir Path tmp;

  private final SparkSession spark = SparkTestSession.get();
  private final SymlinkManifest manifests = new SymlinkManifest(spark);

  private void sql(String statement, Path table) {
    spark.sql(statement.replace("{t}", "delta.`" + table + "`"));
  }

  /** (INSERT INTO fails on this Spark with this Delta; the job appends through writes too.) */
  private void append(String query, Path table) {
    spark.sql(query).write().format("delta").mode("append").save(table.toString());
  }

  /** Every manifest under the table, by its directory relative to the table, as sorted lines. */
  private static Map<String, List<String>> read(Path table) throws Exception {
    Map<String, List<String>> out = new TreeMap<>();
    Path root = table.resolve(SymlinkManifest.DIR);
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.getFileName().toString().equals("manifest")).toList()) {
        out.put(root.relativize(f.getParent()).toString(), Files.readAllLines(f).stream().sorted().toList());
      }
    }
    return out;
  }

  /** What Delta writes for the table's current version (into the same directory: ours are read first). */
  private Map<String, List<String>> deltas(Path table) throws Exception {
    sql("GENERATE symlink_format_manifest FOR TABLE {t}", table);
    return read(table);
  }

  private void assertAsDeltaWritesThem(Path table, String when) throws Exception {
    Map<String, List<String>> ours = read(table);
    assertEquals(deltas(table), ours, when);
    // Delta's GENERATE leaves the stamp alone: the next update applies the next commits only
    assertTrue(Files.exists(table.resolve(SymlinkManifest.DIR).resolve(".version")), when);
  }

  @Test
  void partitionedTableAfterAppendsReplacementsAndDeletes() throws Exception {
    Path table = tmp.resolve("daily");
    spark.sql("SELECT * FROM VALUES (1, DATE'2026-01-01'), (2, DATE'2026-01-02'), (3, DATE'2026-01-03'),"
            + " (4, CAST(NULL AS DATE)) AS v(id, report_date)")
        .write().format("delta").partitionBy("report_date").save(table.toString());
    manifests.update(table.toString()); // no stamp yet: written whole
    assertEquals(4, read(table).size());
    assertAsDeltaWritesThem(table, "created");

    Path untouched = table.resolve(SymlinkManifest.DIR).resolve("report_date=2026-01-03").resolve("manifest");
    var untouchedWritten = Files.getLastModifiedTime(untouched);
    append("SELECT 5 AS id, DATE'2026-01-01' AS report_date", table);
    manifests.update(table.toString());
    assertEquals(untouchedWritten, Files.getLastModifiedTime(untouched), "only the touched partition is rewritten");
    assertEquals(2, read(table).get("report_date=2026-01-01").size(), "an append adds a file");
    assertAsDeltaWritesThem(table, "after an append");

    spark.sql("SELECT 6 AS id, DATE'2026-01-02' AS report_date").write().format("delta").mode("overwrite")
        .option("replaceWhere", "report_date = DATE'2026-01-02'").save(table.toString());
    manifests.update(table.toString());
    assertAsDeltaWritesThem(table, "after a replaceWhere");

    // two commits, one update: a date emptied, another rewritten, the null partition emptied
    sql("DELETE FROM {t} WHERE report_date = DATE'2026-01-03' OR report_date IS NULL", table);
    sql("UPDATE {t} SET id = 50 WHERE id = 5", table);
    manifests.update(table.toString());
    Map<String, List<String>> ours = read(table);
    assertFalse(ours.containsKey("report_date=2026-01-03"), "an emptied partition has no manifest");
    assertFalse(ours.containsKey("report_date=__HIVE_DEFAULT_PARTITION__"));
    assertAsDeltaWritesThem(table, "after a delete and an update applied together");

    manifests.update(table.toString());
    assertEquals(ours, read(table), "nothing to apply: unchanged");
  }

  @Test
  void unpartitionedTableAfterAMergeAndAnEmptyingDelete() throws Exception {
    Path table = tmp.resolve("departments");
    spark.sql("SELECT 1 AS id, 'x' AS name").limit(0).write().format("delta").save(table.toString());
    manifests.update(table.toString());
    assertTrue(Files.isDirectory(table.resolve(SymlinkManifest.DIR)), "an empty table has the manifest root");
    assertEquals(Map.of(), read(table));

    append("SELECT * FROM VALUES (1, 'a'), (2, 'b') AS v(id, name)", table);
    manifests.update(table.toString());
    assertAsDeltaWritesThem(table, "after an insert");

    sql("MERGE INTO {t} t USING (SELECT 2 AS id, 'B' AS name UNION ALL SELECT 3, 'c') s ON t.id = s.id"
        + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *", table);
    manifests.update(table.toString());
    assertAsDeltaWritesThem(table, "after a merge");

    sql("DELETE FROM {t}", table);
    manifests.update(table.toString());
    assertEquals(Map.of(), read(table), "no file, no manifest");
    assertTrue(Files.isDirectory(table.resolve(SymlinkManifest.DIR)));
  }
}
