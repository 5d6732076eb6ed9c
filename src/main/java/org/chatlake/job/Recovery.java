package org.chatlake.job;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.chatlake.model.Tables;
import org.chatlake.output.DeltaTables;
import org.chatlake.output.OutputLayout;
import org.chatlake.output.RunSummary;
import org.chatlake.output.TableWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes runs that died between two of their commits: a ledger left at {@code committing} by a
 * run that is not alive ({@link RunHeartbeat}) names the row tables whose changes the run staged
 * and the versions it committed. Each missing commit is applied from the staged changes, then the
 * daily tables of the run's dates are recomputed from the stored chats. A run that died before its
 * first commit (its chats) changed no table: it is marked failed and its staged changes dropped.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private final SparkSession spark;
  private final DeltaTables tables;
  private final TableWrites writes;
  private final FileSystem fs;

  Recovery(SparkSession spark, DeltaTables tables, TableWrites writes) throws IOException {
    this.spark = spark;
    this.tables = tables;
    this.writes = writes;
    this.fs = tables.layout().root().getFileSystem(spark.sparkContext().hadoopConfiguration());
  }

  /** Completes every unfinished run; returns their run ids, oldest first. */
  List<String> completeUnfinishedRuns(String currentRunId) throws IOException {
    List<String> completed = new ArrayList<>();
    for (RunSummary dead : unfinished(currentRunId)) {
      if (!chatsCommitted(dead)) {
        LOG.warn("Run {} stopped before its first commit: it changed no table", dead.runId);
        updateStatus(fs, tables.layout().runSummary(dead.runId), ChatPipeline.FAILED,
            "stopped before its first commit (found by run " + currentRunId + "); it changed no table", null);
        fs.delete(tables.layout().changes(dead.runId), true);
        continue;
      }
      LOG.warn("Run {} stopped after committing {} of its tables; completing it first", dead.runId,
          dead.committedVersions.keySet());
      boolean keepNewerStored = !"full".equals(dead.options.get("mode"));
      List<Object> dates = new ArrayList<>(dead.datesWritten);
      new RunCommits(spark, tables, writes).commit(dead, null, keepNewerStored, dates, null);
      updateStatus(fs, tables.layout().runSummary(dead.runId), ChatPipeline.COMPLETED_BY_LATER_RUN,
          "completed by run " + currentRunId, dead.committedVersions);
      fs.delete(tables.layout().changes(dead.runId), true);
      completed.add(dead.runId);
    }
    if (!completed.isEmpty()) {
      // Delta updates a table's manifest after its commit: a run killed in between left it behind.
      for (String table : Tables.RUN_TABLES) {
        if (tables.exists(table)) {
          tables.rewriteManifests(table);
        }
      }
    }
    return completed;
  }

  /**
   * Whether a dead run's first commit, its chats, is in: recorded in its ledger, or found in the
   * chats log by the run's marker (it died before recording it; the version is then recorded in
   * {@code dead}). A run of an older release staged its chats, and they are committed from there.
   */
  private boolean chatsCommitted(RunSummary dead) {
    if (dead.committedVersions.containsKey(Tables.CHATS) || dead.stagedTables.contains(Tables.CHATS)) {
      return true;
    }
    long version = tables.versionCommittedBy(Tables.CHATS, dead.runId, dead.baseVersions.getOrDefault(Tables.CHATS, -1L));
    if (version >= 0) {
      dead.committedVersions.put(Tables.CHATS, version);
    }
    return version >= 0;
  }

  /**
   * Deletes the staged changes that no run will use: those of runs that finished (a run's own
   * cleanup can be cut short), and those of runs that died while staging, once they are a day old
   * (a younger one may belong to a run that is still going); and the heartbeat files of runs that
   * are not alive (a missing file means the same, so deleting one changes no judgement).
   */
  void dropAbandonedChanges(String currentRunId) throws IOException {
    OutputLayout layout = tables.layout();
    if (!fs.exists(layout.runs())) {
      return;
    }
    long dayAgo = System.currentTimeMillis() - java.util.concurrent.TimeUnit.DAYS.toMillis(1);
    for (FileStatus entry : fs.listStatus(layout.runs(), p -> !p.getName().startsWith("."))) {
      String name = entry.getPath().getName();
      if (name.endsWith(OutputLayout.HEARTBEAT_SUFFIX)) {
        String runId = name.substring(0, name.length() - OutputLayout.HEARTBEAT_SUFFIX.length());
        if (!RunHeartbeat.isAlive(fs, entry.getPath(), runId)) {
          fs.delete(entry.getPath(), false);
        }
        continue;
      }
      if (!entry.isDirectory() || name.equals(currentRunId)) {
        continue;
      }
      Path ledgerPath = layout.runSummary(name);
      String status = fs.exists(ledgerPath) ? RunSummary.read(fs, ledgerPath).status : ChatPipeline.STARTED;
      boolean finished = !status.equals(ChatPipeline.STARTED) && !status.equals(ChatPipeline.COMMITTING);
      if (finished || status.equals(ChatPipeline.STARTED) && entry.getModificationTime() < dayAgo) {
        LOG.info("Deleting the staged changes of run {} ({})", name, status);
        fs.delete(entry.getPath(), true);
      }
    }
  }

  private List<RunSummary> unfinished(String currentRunId) throws IOException {
    OutputLayout layout = tables.layout();
    List<RunSummary> out = new ArrayList<>();
    if (!fs.exists(layout.runs())) {
      return out;
    }
    FileStatus[] ledgers = fs.listStatus(layout.runs(), p -> p.getName().endsWith(".json") && !p.getName().startsWith("."));
    java.util.Arrays.sort(ledgers, java.util.Comparator.comparing(f -> f.getPath().getName()));
    for (FileStatus f : ledgers) {
      RunSummary ledger = RunSummary.read(fs, f.getPath());
      if (!ChatPipeline.COMMITTING.equals(ledger.status) || ledger.runId.equals(currentRunId)) {
        continue;
      }
      if (RunHeartbeat.isAlive(fs, layout.runHeartbeat(ledger.runId), ledger.runId)) {
        LOG.info("Run {} is committing in another process; it completes itself", ledger.runId);
      } else {
        out.add(ledger);
      }
    }
    return out;
  }

  /** Rewrites a ledger's status (and what changed it), keeping everything else it recorded. */
  static void updateStatus(FileSystem fs, Path path, String status, String note, java.util.Map<String, Long> committed)
      throws IOException {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode node;
    try (java.io.InputStream in = fs.open(path)) {
      node = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(in);
    }
    node.put("status", status);
    node.put("note", note);
    if (committed != null) {
      node.set("committed_versions", json.valueToTree(committed));
    }
    RunSummary.writeJson(fs, path, node);
  }
}
