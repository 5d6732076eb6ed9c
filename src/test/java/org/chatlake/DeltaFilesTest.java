package org.chatlake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.chatlake.tools.DuckSql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DeltaFiles against Delta tables written by Spark the way the job writes its output: partitioned
 * by report_date (or run_id), with symlink manifests, overwritten so that superseded files stay.
 * The output root's name holds a space, a literal {@code %20} and a non-ASCII letter.
 */
class DeltaFilesTest {
  @TempDir Path tmp;

  private static final String CHATS = "SELECT * FROM VALUES %s AS t(chat_id, report_date, name)";

  private Path root() {
    return tmp.resolve("out dir %20 ü");
  }

  private static void write(Dataset<Row> rows, Path table, String partition, String mode) {
    rows.write().format("delta").partitionBy(partition).mode(mode)
        .option(DeltaFiles.SYMLINK_PROPERTY, "true").save(table.toString());
  }

  private static Dataset<Row> chats(String values) {
    return SparkTestSession.get().sql(String.format(CHATS, values));
  }

  private static List<List<Object>> duck(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      List<List<Object>> rows = DuckSql.query(c, sql);
      return rows.subList(1, rows.size());
    }
  }

  private static Map<String, String> describe(String relation) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    for (List<Object> r : duck("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + relation + ")")) {
      out.put((String) r.get(0), (String) r.get(1));
    }
    return out;
  }

  private static long parquetFilesOnDisk(Path table) throws Exception {
    try (Stream<Path> s = Files.walk(table)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet") && !p.toString().contains("/_")).count();
    }
  }

  @Test
  void currentFilesAreTheFilesOfTheCurrentVersionOnly() throws Exception {
    Path t = root().resolve("chats");
    write(chats("(1L, DATE'2026-10-01', 'a'), (2L, DATE'2026-10-02', 'b'), (3L, CAST(NULL AS DATE), 'c')"),
        t, "report_date", "overwrite");
    assertEquals(3, DeltaFiles.currentFiles(t).size(), "one file per partition after the first write");
    write(chats("(4L, DATE'2026-10-02', 'd'), (5L, DATE'2026-10-03', 'e'), (6L, CAST(NULL AS DATE), 'f')"),
        t, "report_date", "overwrite");
    write(chats("(7L, DATE'2026-10-03', 'g'), (8L, CAST(NULL AS DATE), 'h'), (9L, DATE'2026-10-03', 'i')"),
        t, "report_date", "overwrite");

    // Delta's own list of the current files (input_file_name gives URIs, percent-encoded)
    List<Path> expected = new ArrayList<>();
    for (Row r : SparkTestSession.get().read().format("delta").load(t.toString())
        .select(functions.input_file_name()).distinct().collectAsList()) {
      expected.add(Path.of(new URI(r.getString(0))));
    }
    expected.sort(null);
    List<Path> current = DeltaFiles.currentFiles(t);
    assertEquals(expected, current);
    assertTrue(parquetFilesOnDisk(t) > current.size(), "superseded files are still on disk");
    assertEquals(List.of("report_date"), DeltaFiles.partitionColumns(t));

    String read = DeltaFiles.readTable(root(), "chats");
    assertEquals(List.of(List.of(7L, "2026-10-03", "g"), List.of(8L, "null", "h"), List.of(9L, "2026-10-03", "i")),
        duck("SELECT chat_id, coalesce(CAST(report_date AS VARCHAR), 'null'), name FROM " + read + " ORDER BY 1"));
    assertEquals(List.of(List.of(1L)), duck("SELECT count(*) FROM " + read + " WHERE report_date IS NULL"));
    assertEquals(Map.of("chat_id", "BIGINT", "name", "VARCHAR", "report_date", "DATE"), describe(read));
    assertEquals(List.of("chat_id", "name", "report_date"), new ArrayList<>(describe(read).keySet()),
        "partition columns last, as DuckDB reads Hive partitions");

    // a copy's manifests still name the original's files, until Delta regenerates them
    Path copy = root().resolve("chats copy");
    try (Stream<Path> s = Files.walk(t)) {
      for (Path p : s.toList()) {
        Path target = copy.resolve(t.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> DeltaFiles.currentFiles(copy));
    assertTrue(e.getMessage().contains("outside the table"), e.getMessage());
    SparkTestSession.get().sql("GENERATE symlink_format_manifest FOR TABLE delta.`" + copy + "`");
    assertEquals(current.stream().map(f -> copy.resolve(t.relativize(f))).toList(), DeltaFiles.currentFiles(copy));
  }

  /** DuckDB alone would read report_date as VARCHAR here: its only value is the NULL partition. */
  @Test
  void onlyTheNullPartitionStillReadsReportDateAsDate() throws Exception {
    Path t = root().resolve("status_daily");
    write(chats("(1L, CAST(NULL AS DATE), 'a')"), t, "report_date", "overwrite");
    String read = DeltaFiles.readTable(t);
    assertEquals("DATE", describe(read).get("report_date"));
    assertEquals(List.of(List.of(1L, true)), duck("SELECT chat_id, report_date IS NULL FROM " + read));
  }

  /** rejects: partitioned by run_id, a string Spark escapes in the directory name (run 1%3Aa%25b%2Fé). */
  @Test
  void stringPartitionsAreVarcharWithTheirOriginalValues() throws Exception {
    Path t = root().resolve("rejects");
    write(SparkTestSession.get().sql("SELECT * FROM VALUES ('x', 'run 1:a%b/é'), ('y', '20261001')"
        + " AS t(reason, run_id)"), t, "run_id", "append");
    assertEquals(List.of("run_id"), DeltaFiles.partitionColumns(t));
    String read = DeltaFiles.readTable(t);
    assertEquals("VARCHAR", describe(read).get("run_id"), "not guessed from the values (20261001 is no number)");
    assertEquals(List.of(List.of("x", "run 1:a%b/é"), List.of("y", "20261001")),
        duck("SELECT reason, run_id FROM " + read + " ORDER BY 1"));
  }

  /**
   * A table whose current version has no files has no manifests: readTable gives an empty relation
   * with the types read_parquet gives the same table with rows, from the schema in the Delta log,
   * here from a checkpoint (the commits after it have no metaData).
   */
  @Test
  void anEmptyTableIsATypedEmptyRelation() throws Exception {
    SparkSession spark = SparkTestSession.get();
    // as the job writes its timestamps (ChatPipeline): DuckDB reads them as TIMESTAMP WITH TIME ZONE
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    Path t = root().resolve("messages");
    Dataset<Row> one = spark.sql("SELECT 1L AS message_id, 2 AS n, 0.5D AS rate, 'x' AS text, true AS flag,"
        + " TIMESTAMP'2026-10-01 10:00:00' AS created_at, array(1L, 2L) AS agent_ids,"
        + " CAST(1.25 AS DECIMAL(10, 2)) AS amount, named_struct('a', 1L, 'b', 'z') AS s,"
        + " DATE'2026-10-01' AS report_date");
    one.write().format("delta").partitionBy("report_date").mode("overwrite")
        .option(DeltaFiles.SYMLINK_PROPERTY, "true").save(t.toString());
    spark.sql("ALTER TABLE delta.`" + t + "` SET TBLPROPERTIES ('delta.checkpointInterval' = '2')");
    Map<String, String> withRows = describe(DeltaFiles.readTable(t));
    for (int i = 0; i < 3; i++) {
      one.where("message_id < 0").write().format("delta").mode("overwrite").save(t.toString());
    }
    try (Stream<Path> log = Files.list(t.resolve(DeltaFiles.DELTA_LOG))) {
      List<String> names = log.map(p -> p.getFileName().toString()).sorted().toList();
      assertTrue(names.stream().anyMatch(n -> n.contains(".checkpoint")), "a checkpoint was written: " + names);
    }
    assertEquals(List.of(), DeltaFiles.currentFiles(t));
    String read = DeltaFiles.readTable(t);
    assertTrue(read.startsWith("(SELECT "), read);
    assertEquals(withRows, describe(read));
    assertEquals(List.of("message_id", "n", "rate", "text", "flag", "created_at", "agent_ids", "amount", "s",
        "report_date"), new ArrayList<>(withRows.keySet()));
    assertEquals(List.of(List.of(0L)), duck("SELECT count(*) FROM " + read));
    assertEquals(List.of("report_date"), DeltaFiles.partitionColumns(t));
  }

  @Test
  void failsOnWhatIsNotADeltaTableWithManifests() throws Exception {
    Path plain = root().resolve("plain");
    Files.createDirectories(plain.resolve("report_date=2026-10-01"));
    assertThrows(IllegalArgumentException.class, () -> DeltaFiles.currentFiles(plain));

    Path noManifests = root().resolve("agent_daily");
    chats("(1L, DATE'2026-10-01', 'a')").write().format("delta").partitionBy("report_date")
        .save(noManifests.toString());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> DeltaFiles.readTable(noManifests));
    assertTrue(e.getMessage().contains(DeltaFiles.SYMLINK_PROPERTY), e.getMessage());
    assertFalse(Files.exists(noManifests.resolve(DeltaFiles.MANIFEST_DIR)));
  }
}
