package org.chatlake.output;

import java.io.IOException;
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

  /** Makes the staged run the current output; returns the number of partitions replaced or added. */
  public int commit(String runId) throws IOException {
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
