package org.chatlake.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Turns the user's input paths into read units packed into tasks: lists files (directories
 * recursively, globs expanded, hidden {@code _*} and {@code .*} files skipped), cuts large
 * uncompressed JSON Lines files into byte ranges, and packs small files together.
 */
public final class InputPlanner {
  private final Configuration conf;
  private final long splitBytes;
  private final int minTasks;

  public InputPlanner(Configuration conf, long splitBytes, int minTasks) {
    this.conf = conf;
    this.splitBytes = splitBytes;
    this.minTasks = Math.max(1, minTasks);
  }

  /** Input files by path, sorted; fails with a clear message when a path matches nothing. */
  public List<FileStatus> listFiles(List<String> inputs) throws IOException {
    TreeMap<String, FileStatus> files = new TreeMap<>();
    for (String input : inputs) {
      Path path = new Path(input);
      FileSystem fs = path.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(path);
      if (matches == null || matches.length == 0) {
        throw new InputNotFoundException("input path does not exist: " + input);
      }
      for (FileStatus match : matches) {
        if (match.isDirectory()) {
          RemoteIterator<LocatedFileStatus> it = fs.listFiles(match.getPath(), true);
          while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            if (!isHidden(match.getPath(), f.getPath())) {
              files.put(f.getPath().toString(), f);
            }
          }
        } else {
          files.put(match.getPath().toString(), match);
        }
      }
    }
    return new ArrayList<>(files.values());
  }

  /** The read units of these files, grouped into the tasks that read them. */
  public List<List<ReadUnit>> plan(List<FileStatus> files) throws IOException {
    long total = files.stream().mapToLong(FileStatus::getLen).sum();
    long maxTaskBytes = Math.min(splitBytes, Math.max(1L << 20, total / minTasks + 1));
    List<ReadUnit> units = new ArrayList<>();
    for (FileStatus f : files) {
      String path = f.getPath().toString();
      long len = f.getLen();
      if (len > maxTaskBytes && isSplittableJsonLines(f.getPath())) {
        for (long start = 0; start < len; start += maxTaskBytes) {
          long end = Math.min(len, start + maxTaskBytes);
          units.add(new ReadUnit(path, len, start, end == len ? Long.MAX_VALUE : end,
              ExportFormat.JSON_LINES));
        }
      } else {
        units.add(ReadUnit.wholeFile(path, len));
      }
    }
    return pack(units, maxTaskBytes);
  }

  /** Uncompressed bytes a task reads, estimating gzip files at 6x their size. */
  public static long estimatedBytes(List<ReadUnit> task) {
    long bytes = 0;
    for (ReadUnit u : task) {
      bytes += u.path().toLowerCase(java.util.Locale.ROOT).endsWith(".gz") ? 6 * u.weight() : u.weight();
    }
    return bytes;
  }

  /** First-fit decreasing: each task gets units until it holds about {@code maxTaskBytes}. */
  private static List<List<ReadUnit>> pack(List<ReadUnit> units, long maxTaskBytes) {
    long openCost = 64L << 10;
    List<ReadUnit> sorted = new ArrayList<>(units);
    sorted.sort(Comparator.comparingLong(ReadUnit::weight).reversed().thenComparing(ReadUnit::path)
        .thenComparingLong(ReadUnit::start));
    List<List<ReadUnit>> tasks = new ArrayList<>();
    List<ReadUnit> current = new ArrayList<>();
    long currentBytes = 0;
    for (ReadUnit u : sorted) {
      long w = u.weight() + openCost;
      if (!current.isEmpty() && currentBytes + w > maxTaskBytes) {
        tasks.add(current);
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(u);
      currentBytes += w;
    }
    if (!current.isEmpty()) {
      tasks.add(current);
    }
    return tasks;
  }

  /** Uncompressed and JSON Lines, judged by name or, failing that, by its first object. */
  private boolean isSplittableJsonLines(Path path) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    try (InputStream in = fs.open(path)) {
      int b1 = in.read();
      int b2 = in.read();
      if (b1 == 0x1f && b2 == 0x8b) {
        return false;
      }
    }
    if (ExportFileReader.isNamedJsonLines(path.toString())) {
      return true;
    }
    return ExportFileReader.detectFormat(path.toString(), conf) == ExportFormat.JSON_LINES;
  }

  private static boolean isHidden(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** An input path that matches no file; a usage error. */
  public static final class InputNotFoundException extends IOException {
    public InputNotFoundException(String message) {
      super(message);
    }
  }
}
