package org.chatlake.output;

import org.apache.hadoop.fs.Path;

/**
 * Where everything lives under the output root: one Delta table per directory, and {@code _runs/}
 * with the run ledgers and the changes each run staged before it committed them. Names starting
 * with '_' are hidden from Spark, Hive and Trino readers.
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

  /** The run's ledger: its summary, status and the table versions it committed. */
  public Path runSummary(String runId) {
    return new Path(runs(), runId + ".json");
  }

  public static final String HEARTBEAT_SUFFIX = ".alive";

  /** Rewritten by a run while it is going, so that other runs can tell it is alive. */
  public Path runHeartbeat(String runId) {
    return new Path(runs(), runId + HEARTBEAT_SUFFIX);
  }

  /** The row-table changes a run staged before its first commit, one directory per table. */
  public Path changes(String runId) {
    return new Path(runs(), runId);
  }

  public Path stagedChanges(String runId, String table) {
    return new Path(changes(runId), table);
  }

  /** The ids of the chats a run changed (its chats are committed from memory, not staged). */
  public Path stagedChatIds(String runId) {
    return new Path(changes(runId), "chat_ids");
  }
}
