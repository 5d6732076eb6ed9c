package org.chatlake.job;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chatlake.model.Columns;
import org.chatlake.model.Tables;
import org.chatlake.output.DeltaTables;
import org.chatlake.output.OutputLayout;
import org.chatlake.output.RunSummary;
import org.chatlake.output.TableWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a run's staged changes as a sequence of Delta commits: chats, chat_agents and
 * messages (merged by key), departments and agents (recomputed for the ids the run touched), then
 * the daily tables of the run's dates (and of dates whose names changed) recomputed from the
 * stored chats. The ledger records each table's version as it is committed. Every step can be applied
 * again with the same result, which is how a later run completes a run that died between commits.
 */
final class RunCommits {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommits.class);
  static final List<String> ROW_TABLES = List.of(Tables.CHATS, Tables.CHAT_AGENTS, Tables.MESSAGES);
  private static final int ATTEMPTS = 4;

  private final SparkSession spark;
  private final DeltaTables tables;
  private final TableWrites writes;
  private final FileSystem fs;

  RunCommits(SparkSession spark, DeltaTables tables, TableWrites writes) throws IOException {
    this.spark = spark;
    this.tables = tables;
    this.writes = writes;
    this.fs = tables.layout().root().getFileSystem(spark.sparkContext().hadoopConfiguration());
  }

  /**
   * Commits the run's chats (when given), then what {@code ledger}'s run staged and has not
   * committed yet, then its daily tables.
   *
   * @param baseVersions for a run's own commits, the versions it read: a table another run has
   *     committed to since then makes this run give up before its first commit, having changed
   *     nothing. Null when completing a dead run (its changes are applied to whatever is there).
   * @param chats the run's own chats, committed first straight from the rows it computed (writing
   *     them out once more to stage them cost as much as their commit); null when completing a
   *     dead run, whose chats commit is in already
   */
  void commit(RunSummary ledger, Map<String, Long> baseVersions, boolean keepNewerStored, List<Object> dates,
      Dataset<Row> chats) throws IOException {
    OutputLayout layout = tables.layout();
    boolean first = baseVersions != null && ledger.committedVersions.isEmpty();
    if (chats != null) {
      refuseIfAnotherRunCommitted(baseVersions);
      withRetries(Tables.CHATS, true, () -> writes.mergeChats(chats, keepNewerStored));
      first = false;
      recordCommit(ledger, Tables.CHATS);
    }
    if (tables.exists(Tables.CHATS)) {
      // A run killed right after creating chats left out the commits that follow the create.
      Object timezone = ledger.options.get("timezone");
      writes.completeSetup(Tables.CHATS, timezone == null ? Map.of()
          : Map.of(DeltaTables.TIMEZONE_PROPERTY, timezone.toString()));
    }
    for (String table : ROW_TABLES) {
      if (!ledger.stagedTables.contains(table) || ledger.committedVersions.containsKey(table)) {
        continue;
      }
      if (first) {
        refuseIfAnotherRunCommitted(baseVersions);
      }
      Dataset<Row> changes = spark.read().parquet(layout.stagedChanges(ledger.runId, table).toString());
      Dataset<Row> chatIds = table.equals(Tables.CHAT_AGENTS) ? stagedChatIds(ledger.runId) : null;
      boolean isFirst = first;
      withRetries(table, isFirst, () -> apply(table, changes, chatIds, keepNewerStored));
      first = false;
      recordCommit(ledger, table);
    }
    // Called from the threads that commit the derived tables side by side.
    java.util.function.Consumer<String> committed = table -> {
      try {
        synchronized (ledger) {
          recordCommit(ledger, table);
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    java.util.Set<Object> allDates = new java.util.LinkedHashSet<>(dates);
    allDates.addAll(new DimensionRefresh(spark, tables, writes).refresh(
        ledger.dimensionIds.getOrDefault(Tables.DEPARTMENTS, List.of()),
        ledger.dimensionIds.getOrDefault(Tables.AGENTS, List.of()), baseVersions == null, committed));
    // A run completed by a later one keeps its own config: the ledger says whether it had one.
    boolean withService = ledger.options.containsKey("config");
    new DailyRefresh(spark, tables, writes).refresh(new java.util.ArrayList<>(allDates), withService, committed)
        .forEach((table, rows) -> ledger.rowsWritten.put(table, rows));
  }

  private void apply(String table, Dataset<Row> changes, Dataset<Row> chatIds, boolean keepNewerStored) {
    switch (table) {
      case Tables.CHATS -> writes.mergeChats(changes, keepNewerStored);
      case Tables.MESSAGES -> writes.mergeMessages(changes, keepNewerStored);
      case Tables.CHAT_AGENTS -> writes.replaceChatAgents(changes, chatIds);
      default -> throw new IllegalArgumentException(table);
    }
  }

  /**
   * The ids of the run's chats, whose agents the run replaces: staged on their own, or (by an
   * older release) with the chats' changes.
   */
  private Dataset<Row> stagedChatIds(String runId) throws IOException {
    OutputLayout layout = tables.layout();
    org.apache.hadoop.fs.Path ids = layout.stagedChatIds(runId);
    return spark.read().parquet((fs.exists(ids) ? ids : layout.stagedChanges(runId, Tables.CHATS)).toString())
        .select(Columns.CHAT_ID);
  }

  private void refuseIfAnotherRunCommitted(Map<String, Long> baseVersions) {
    for (Map.Entry<String, Long> base : baseVersions.entrySet()) {
      if (tables.version(base.getKey()) != base.getValue()) {
        throw anotherRunFirst(base.getKey());
      }
    }
  }

  static JobFailure anotherRunFirst(String table) {
    return new JobFailure(JobFailure.FAILED,
        "another run committed to " + table + " first; this run changed nothing, re-run it");
  }

  /**
   * Runs one commit. Delta refuses a commit that conflicts with another run's; the first commit of
   * a run then gives up (nothing is changed yet), a later one is applied again on top of the other
   * run's commit, which the merge rules make safe.
   */
  private void withRetries(String table, boolean first, Runnable commit) {
    for (int attempt = 1; ; attempt++) {
      try {
        commit.run();
        return;
      } catch (RuntimeException e) {
        if (!isConflict(e)) {
          throw e;
        }
        if (first) {
          throw anotherRunFirst(table);
        }
        if (attempt == ATTEMPTS) {
          throw new JobFailure(JobFailure.FAILED, "another run kept committing to " + table
              + "; this run's remaining changes are staged and the next run completes them");
        }
        LOG.info("Another run committed to {} at the same time; applying this run's changes again", table);
      }
    }
  }

  /** Delta's concurrent-modification exceptions, and a table created by another run meanwhile. */
  static boolean isConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.util.ConcurrentModificationException
          || t instanceof org.apache.hadoop.fs.FileAlreadyExistsException
          || t instanceof java.nio.file.FileAlreadyExistsException
          || (t.getMessage() != null && t.getMessage().contains("already exists"))) {
        return true;
      }
    }
    return false;
  }

  private void recordCommit(RunSummary ledger, String table) throws IOException {
    long version = tables.lastKnownVersion(table);
    ledger.committedVersions.put(table, version);
    ledger.write(fs, tables.layout().runSummary(ledger.runId));
    long now = System.nanoTime();
    LOG.info("Committed {} version {} ({} ms)", table, version, (now - lastCommitNanos) / 1_000_000);
    lastCommitNanos = now;
  }

  private long lastCommitNanos = System.nanoTime();
}
