package org.chatlake.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.chatlake.DeltaFiles;
import org.chatlake.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OutputDiff reads the current version of each Delta table: superseded files do not count. */
class OutputDiffTest {
  @TempDir Path tmp;

  private static void write(Dataset<Row> rows, Path table, String partition) {
    rows.write().format("delta").partitionBy(partition).mode("overwrite")
        .option(DeltaFiles.SYMLINK_PROPERTY, "true").save(table.toString());
  }

  @Test
  void comparesTheCurrentVersionOfEachDeltaTable() throws Exception {
    Dataset<Row> chats = SparkTestSession.get().sql("SELECT * FROM VALUES (1L, DATE'2026-10-01'),"
        + " (2L, CAST(NULL AS DATE)) AS t(chat_id, report_date)");
    Dataset<Row> rejects = SparkTestSession.get().sql("SELECT * FROM VALUES ('bad', 'run-a') AS t(reason, run_id)");
    Path left = tmp.resolve("left");
    Path right = tmp.resolve("right");
    write(chats, left.resolve("chats"), "report_date");
    write(rejects, left.resolve("rejects"), "run_id");
    // right: chats written twice (the first version's files stay on disk), rejects by another run
    write(chats.where("chat_id = 1"), right.resolve("chats"), "report_date");
    write(chats, right.resolve("chats"), "report_date");
    write(rejects.selectExpr("reason", "'run-b' AS run_id"), right.resolve("rejects"), "run_id");
    Files.createDirectories(right.resolve("_runs"));
    Files.createDirectories(right.resolve("not_a_table/report_date=2026-10-01"));

    assertEquals(List.of("chats", "rejects"), OutputDiff.tableNames(right));
    assertEquals(2, OutputDiff.parquetFiles(right.resolve("chats")).size());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new OutputDiff(left, right, false, 1e-9, 5, OutputDiff.IGNORED_BY_DEFAULT,
        new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    String out = bytes.toString(StandardCharsets.UTF_8);
    // the other expected tables are missing on both sides, which alone makes the whole run differ
    assertTrue(out.matches("(?s).*\\nchats +2 +2  equal\\n.*"), out);
    assertTrue(out.matches("(?s).*\\nrejects +1 +1  equal\\n.*"), out);
    assertTrue(out.matches("(?s).*\\ndepartment_daily +- +-  MISSING in both\\n.*"), out);
  }
}
