package org.chatlake.scratch;

import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.chatlake.SparkTestSession;
import org.junit.jupiter.api.Test;

class DeltaOpsScratchTest {
  void attempt(String what, Runnable r) {
    try {
      r.run();
      System.out.println("SCRATCH OK   " + what);
    } catch (Throwable e) {
      System.out.println("SCRATCH FAIL " + what + ": " + e);
    }
  }

  @Test
  void ops() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path dir = Files.createTempDirectory("scratch");
    String p = dir.resolve("t").toString();
    attempt("write with property option", () -> spark.sql("select 1L as id, date'2026-01-01' as report_date, 'a' as v")
        .write().format("delta").partitionBy("report_date")
        .option("delta.compatibility.symlinkFormatManifest.enabled", "true")
        .option("chatlake.timezone", "UTC").mode("overwrite").save(p));
    attempt("show props", () -> spark.sql("SHOW TBLPROPERTIES delta.`" + p + "`").show(false));
    attempt("describe detail", () -> spark.sql("DESCRIBE DETAIL delta.`" + p + "`").select("properties").show(false));
    attempt("merge", () -> DeltaTable.forPath(spark, p).as("t").merge(spark.sql("select 2L as id, date'2026-01-02' as report_date, 'b' as v").as("s"), "t.id = s.id")
        .whenMatched().updateAll().whenNotMatched().insertAll().execute());
    attempt("merge2", () -> DeltaTable.forPath(spark, p).as("t").merge(spark.sql("select 5L as id, date'2026-01-03' as report_date, 'b' as v").as("s"), "t.id = s.id")
        .whenMatched().updateAll().whenNotMatched().insertAll().execute());
    attempt("restore", () -> DeltaTable.forPath(spark, p).restoreToVersion(0));
    attempt("sql generate", () -> spark.sql("GENERATE symlink_format_manifest FOR TABLE delta.`" + p + "`"));
    attempt("sql restore", () -> spark.sql("RESTORE TABLE delta.`" + p + "` TO VERSION AS OF 1"));
    try (var s = Files.walk(dir)) {
      s.filter(f -> f.getFileName().toString().equals("manifest")).forEach(f -> {
        try {
          System.out.println("MANIFEST " + f + " -> " + Files.readString(f));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
  }
}
