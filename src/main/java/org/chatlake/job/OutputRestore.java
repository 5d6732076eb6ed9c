package org.chatlake.job;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.chatlake.model.Tables;
import org.chatlake.output.DeltaTables;
import org.chatlake.output.OutputLayout;
import org.chatlake.output.RunSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts every table back to the version it had when a given run started (the base versions in the
 * run's ledger), with Delta's RESTORE: the run and every later one are undone, and their data files
 * stay on disk until VACUUM. A table the run created is emptied. Unfinished later runs are marked
 * undone, so that no run completes them afterwards.
 */
public final class OutputRestore {
  private static final Logger LOG = LoggerFactory.getLogger(OutputRestore.class);
  static final String UNDONE_BY_RESTORE = "undone_by_restore";

  private final SparkSession spark;
  private final OutputLayout layout;
  private final DeltaTables tables;

  public OutputRestore(SparkSession spark, String output) {
    this.spark = spark;
    this.layout = new OutputLayout(output);
    this.tables = new DeltaTables(spark, layout);
  }

  /** What a restore did: each table's version before and after, or why it was left alone. */
  public record Result(Map<String, String> tables) {
    public String describe() {
      return tables.toString();
    }
  }

  public Result restoreBefore(String runId) throws IOException {
    FileSystem fs = layout.root().getFileSystem(spark.sparkContext().hadoopConfiguration());
    Path ledgerPath = layout.runSummary(runId);
    if (!fs.exists(ledgerPath)) {
      throw new JobFailure(JobFailure.USAGE, "no run " + runId + " in " + layout.runs());
    }
    RunSummary run = RunSummary.read(fs, ledgerPath);
    if (run.baseVersions.isEmpty()) {
      throw new JobFailure(JobFailure.USAGE, "run " + runId + " stopped before it read the output; it changed no table");
    }
    RunSummary restore = new RunSummary("restore-" + Instant.now().toString().replaceAll("[-:.]", "")
        + "-before-" + runId);
    restore.startedAt = Instant.now().toString();
    restore.options.put("command", "restore");
    restore.options.put("before_run", runId);
    spark.conf().set(DeltaTables.USER_METADATA, DeltaTables.commitMarker(restore.runId));
    Map<String, String> done = new LinkedHashMap<>();
    try {
      markLaterRunsUndone(fs, restore.runId);
      for (String table : Tables.RUN_TABLES) {
        done.put(table, restore(table, run.baseVersions.getOrDefault(table, -1L)));
        if (tables.exists(table)) {
          restore.committedVersions.put(table, tables.version(table));
        }
      }
      restore.status = "restored";
    } finally {
      spark.conf().unset(DeltaTables.USER_METADATA);
      restore.finishedAt = Instant.now().toString();
      restore.write(fs, layout.runSummary(restore.runId));
    }
    return new Result(done);
  }

  private String restore(String table, long base) {
    if (!tables.exists(table)) {
      return "absent";
    }
    long current = tables.version(table);
    if (base >= current) {
      return "unchanged at version " + current;
    }
    if (base < 0) {
      spark.sql("DELETE FROM " + tables.sqlName(table));
      LOG.info("Emptied {} (the run created it)", table);
    } else {
      spark.sql("RESTORE TABLE " + tables.sqlName(table) + " TO VERSION AS OF " + base);
      LOG.info("Restored {} to version {}", table, base);
    }
    // RESTORE's own manifest update can leave a re-added partition out: rewrite it whole.
    tables.rewriteManifests(table);
    return base < 0 ? "emptied (version " + current + " -> " + tables.version(table) + ")"
        : "version " + current + " -> content of version " + base;
  }

  private void markLaterRunsUndone(FileSystem fs, String restoreId) throws IOException {
    if (!fs.exists(layout.runs())) {
      return;
    }
    for (FileStatus f : fs.listStatus(layout.runs(), p -> p.getName().endsWith(".json") && !p.getName().startsWith("."))) {
      RunSummary ledger = RunSummary.read(fs, f.getPath());
      if (ChatPipeline.COMMITTING.equals(ledger.status)) {
        Recovery.updateStatus(fs, f.getPath(), UNDONE_BY_RESTORE, "undone by " + restoreId, null);
        fs.delete(layout.changes(ledger.runId), true);
      }
    }
  }
}
