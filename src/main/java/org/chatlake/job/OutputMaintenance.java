package org.chatlake.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chatlake.model.Tables;
import org.chatlake.output.DeltaTables;
import org.chatlake.output.OutputLayout;

/**
 * Housekeeping of an output: OPTIMIZE compacts the small files daily runs add, VACUUM deletes the
 * files no version within Delta's retention refers to. The retention is Delta's own (7 days unless a
 * table sets {@code delta.deletedFileRetentionDuration}); it is never lowered here.
 */
public final class OutputMaintenance {
  private final SparkSession spark;
  private final DeltaTables tables;

  public OutputMaintenance(SparkSession spark, String output) {
    this.spark = spark;
    this.tables = new DeltaTables(spark, new OutputLayout(output));
  }

  /** Maintains every table; returns what was done per table. */
  public Map<String, String> maintain(boolean vacuum) {
    List<String> all = new ArrayList<>(Tables.RUN_TABLES);
    all.add(Tables.REJECTS);
    Map<String, String> done = new LinkedHashMap<>();
    for (String table : all) {
      if (!tables.exists(table)) {
        continue;
      }
      Row metrics = spark.sql("OPTIMIZE " + tables.sqlName(table)).first();
      // OPTIMIZE changes no data, but the manifest must list the compacted files before VACUUM
      // deletes the ones they replace.
      tables.rewriteManifests(table);
      String what = "optimized " + metrics.getStruct(1).getAs("numFilesRemoved") + " files into "
          + metrics.getStruct(1).getAs("numFilesAdded");
      if (vacuum) {
        spark.sql("VACUUM " + tables.sqlName(table)).collectAsList();
        what += "; vacuumed files older than the retention";
      }
      done.put(table, what);
    }
    return done;
  }
}
