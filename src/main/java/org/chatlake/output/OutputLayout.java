package org.chatlake.output;

import org.apache.hadoop.fs.Path;

/**
 * Where everything lives under the output root: one directory per table, {@code _runs/} with the
 * run summaries, and the bookkeeping directories readers never see ({@code _staging/},
 * {@code _trash/}, {@code _lock}); names starting with '_' are hidden from Spark and Hive readers.
 */
public final class OutputLayout {
  private final Path root;

  public OutputLayout(String root) {
    this.root = new Path(root);
  }

  public Path root() {
    return root;
  }

  public Path table(String name) {
    return new Path(root, name);
  }

  public Path runs() {
    return new Path(root, "_runs");
  }

  public Path runSummary(String runId) {
    return new Path(runs(), runId + ".json");
  }

  public Path stagingRoot() {
    return new Path(root, "_staging");
  }

  public Path staging(String runId) {
    return new Path(stagingRoot(), runId);
  }

  public Path stagedTable(String runId, String table) {
    return new Path(staging(runId), table);
  }

  public Path stagedSummary(String runId) {
    return new Path(staging(runId), "_run.json");
  }

  /** The partitions a run recomputed and found empty, one {@code table/report_date=...} a line. */
  public Path emptiedPartitions(String runId) {
    return new Path(staging(runId), "_EMPTIED");
  }

  /** The directory name of a report_date partition (null: Hive's default partition). */
  public static String datePartition(Object reportDate) {
    return "report_date=" + (reportDate == null ? "__HIVE_DEFAULT_PARTITION__" : reportDate.toString());
  }

  /** Present once a run's staged output is complete: from then on the run is committed. */
  public Path commitMarker(String runId) {
    return new Path(staging(runId), "_COMMIT");
  }

  public Path trashRoot() {
    return new Path(root, "_trash");
  }

  public Path trash(String runId) {
    return new Path(trashRoot(), runId);
  }

  public Path lock() {
    return new Path(root, "_lock");
  }
}
