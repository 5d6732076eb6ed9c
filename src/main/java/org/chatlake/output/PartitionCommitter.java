package org.chatlake.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a run's staged partitions. A run writes every table into {@code _staging/<run>/}
 * first; nothing readers see changes until then, so a run that fails or is killed before
 * {@link #commit} leaves the previous output as it was. {@link #commit} then writes the commit
 * marker and swaps each staged partition directory in by rename (the old one goes to
 * {@code _trash/}). A run killed during the swap is rolled forward by {@link #recover}, which
 * the next run calls first.
 */
public final class PartitionCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionCommitter.class);

  private final FileSystem fs;
  private final OutputLayout layout;

  public PartitionCommitter(FileSystem fs, OutputLayout layout) {
    this.fs = fs;
    this.layout = layout;
  }

  /**
   * Makes the staged run the current output; returns the number of partitions replaced, added or
   * removed.
   *
   * @param recomputed the partitions ({@code table/report_date=...}) the run recomputed: a staged
   *     one replaces the current one, and one the run left empty is removed (e.g. the old day of
   *     orphan messages that moved to their chat's day)
   */
  public int commit(String runId, Collection<String> recomputed) throws IOException {
    List<String> emptied = new java.util.ArrayList<>();
    for (String partition : recomputed) {
      if (!fs.exists(new Path(layout.staging(runId), partition))) {
        emptied.add(partition);
      }
    }
    try (OutputStream out = fs.create(layout.emptiedPartitions(runId), true)) {
      out.write(String.join("\n", emptied).getBytes(StandardCharsets.UTF_8));
    }
    fs.create(layout.commitMarker(runId), false).close();
    return finish(runId);
  }

  /** Rolls forward runs that reached their commit marker and drops runs that did not. */
  public void recover() throws IOException {
    if (fs.exists(layout.stagingRoot())) {
      for (FileStatus staged : fs.listStatus(layout.stagingRoot())) {
        String runId = staged.getPath().getName();
        if (fs.exists(layout.commitMarker(runId))) {
          LOG.warn("Run {} was committed but not finished; completing its commit", runId);
          finish(runId);
        } else {
          LOG.warn("Discarding the staged output of unfinished run {}", runId);
          fs.delete(staged.getPath(), true);
        }
      }
    }
    if (fs.exists(layout.trashRoot())) {
      fs.delete(layout.trashRoot(), true);
    }
  }

  /** Discards a run's staged output (the run failed before committing). */
  public void abort(String runId) throws IOException {
    if (!fs.exists(layout.commitMarker(runId))) {
      fs.delete(layout.staging(runId), true);
    }
  }

  private int finish(String runId) throws IOException {
    int swapped = 0;
    Path staging = layout.staging(runId);
    for (FileStatus table : fs.listStatus(staging)) {
      if (!table.isDirectory() || isHidden(table.getPath())) {
        continue;
      }
      String name = table.getPath().getName();
      Path target = layout.table(name);
      fs.mkdirs(target);
      for (FileStatus partition : fs.listStatus(table.getPath())) {
        if (partition.isDirectory() && !isHidden(partition.getPath())) {
          swap(runId, name, partition.getPath(), new Path(target, partition.getPath().getName()));
          swapped++;
          FaultInjection.maybeHalt("swap", swapped);
        }
      }
    }
    Path emptiedList = layout.emptiedPartitions(runId);
    if (fs.exists(emptiedList)) {
      for (String partition : readLines(emptiedList)) {
        Path target = new Path(layout.root(), partition);
        if (fs.exists(target)) {
          Path old = new Path(layout.trash(runId), partition);
          fs.delete(old, true);
          fs.mkdirs(old.getParent());
          rename(target, old);
          swapped++;
        }
      }
    }
    Path summary = layout.stagedSummary(runId);
    if (fs.exists(summary)) {
      fs.mkdirs(layout.runs());
      Path published = layout.runSummary(runId);
      fs.delete(published, false);
      rename(summary, published);
    }
    fs.delete(staging, true);
    fs.delete(layout.trash(runId), true);
    return swapped;
  }

  private List<String> readLines(Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.isBlank() ? List.of() : List.of(text.split("\n"));
    }
  }

  private void swap(String runId, String table, Path staged, Path target) throws IOException {
    if (fs.exists(target)) {
      Path old = new Path(new Path(layout.trash(runId), table), target.getName());
      fs.delete(old, true);
      fs.mkdirs(old.getParent());
      rename(target, old);
    }
    rename(staged, target);
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("could not move " + from + " to " + to);
    }
  }

  private static boolean isHidden(Path p) {
    return p.getName().startsWith("_") || p.getName().startsWith(".");
  }
}
