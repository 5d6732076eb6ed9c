package org.chatlake.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.RemoveFile;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The symlink manifests engines without a Delta reader (DuckDB, Athena, Presto) read a table
 * through: {@code _symlink_format_manifest/<col>=<value>/manifest}, one per partition, listing the
 * absolute paths of the partition's current data files, the layout Delta's own
 * {@code GENERATE symlink_format_manifest} writes.
 *
 * <p>The job keeps them itself. A hidden stamp ({@code _symlink_format_manifest/.version}) names
 * the table version the manifests show; after a commit, the versions after it are read from the
 * log and their added and removed files applied to the manifests of the partitions they touched,
 * without a Spark job (Delta's post-commit hook costs a dozen per commit, and listing the
 * snapshot's files one more, a quarter of a small run's driver time). Each manifest is replaced
 * atomically (a hidden file renamed over the old one), so a reader sees the old or the new list,
 * never half of one, and the stamp is written last. Without a stamp (a new table, an output
 * written before stamps, a log that no longer holds the versions) every manifest is rewritten
 * from the snapshot. A run killed between a commit and its manifests leaves them a version
 * behind: the next update applies that version too, and the next run rewrites them whole when
 * it completes the dead run.
 */
public final class SymlinkManifest {
  public static final String DIR = "_symlink_format_manifest";
  private static final String FILE = "manifest";
  /** Hidden from Hive-style readers, which skip names starting with a dot or an underscore. */
  private static final String STAMP = ".version";

  private final SparkSession spark;

  public SymlinkManifest(SparkSession spark) {
    this.spark = spark;
  }

  /** Brings the manifests up to the table's latest version. */
  public void update(String tablePath) {
    DeltaLog log = DeltaLog.forTable(spark, tablePath);
    Snapshot snapshot = log.update(false, scala.Option.empty(), scala.Option.empty());
    Path table = new Path(tablePath);
    Path root = new Path(table, DIR);
    try {
      FileSystem fs = table.getFileSystem(spark.sessionState().newHadoopConf());
      long shown = readStamp(fs, root);
      if (shown >= snapshot.version()) {
        return;
      }
      if (shown < 0 || !applyChanges(fs, log, snapshot, table, shown)) {
        write(fs, table, snapshot, null);
      }
      writeAtomically(fs, new Path(root, STAMP), snapshot.version() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the manifests of " + tablePath, e);
    }
  }

  /** Rewrites every manifest of the table and deletes those of partitions that no longer exist. */
  public void rewriteAll(String tablePath) {
    Snapshot snapshot = DeltaLog.forTable(spark, tablePath).update(false, scala.Option.empty(), scala.Option.empty());
    Path table = new Path(tablePath);
    try {
      FileSystem fs = table.getFileSystem(spark.sessionState().newHadoopConf());
      write(fs, table, snapshot, null);
      writeAtomically(fs, new Path(new Path(table, DIR), STAMP), snapshot.version() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the manifests of " + tablePath, e);
    }
  }

  /**
   * Applies the files that the versions after {@code shown} up to the snapshot's added and
   * removed to the manifests of the partitions they touched; false when the log no longer holds
   * one of those versions.
   */
  private boolean applyChanges(FileSystem fs, DeltaLog log, Snapshot snapshot, Path table, long shown)
      throws IOException {
    List<String> partitionColumns = CollectionConverters.asJava(snapshot.metadata().partitionColumns());
    Map<String, Set<String>> added = new TreeMap<>();
    Map<String, Set<String>> removed = new TreeMap<>();
    long expected = shown + 1;
    scala.collection.Iterator<scala.Tuple2<Object, scala.collection.immutable.Seq<Action>>> changes;
    try {
      changes = log.getChanges(expected, scala.Option.empty(), false);
    } catch (RuntimeException e) {
      return false; // the log was cleaned up past the stamp
    }
    while (changes.hasNext() && expected <= snapshot.version()) {
      scala.Tuple2<Object, scala.collection.immutable.Seq<Action>> version = changes.next();
      if ((Long) version._1() != expected) {
        return false;
      }
      for (Action action : CollectionConverters.asJava(version._2())) {
        if (action instanceof AddFile || action instanceof RemoveFile) {
          FileAction file = (FileAction) action;
          String fragment = fragment(partitionColumns, CollectionConverters.asJava(file.partitionValues()));
          String path = qualified(fs, table, file.path());
          // A later version can remove what an earlier one added, or add back what it removed.
          (file instanceof AddFile ? added : removed).computeIfAbsent(fragment, k -> new HashSet<>()).add(path);
          (file instanceof AddFile ? removed : added).getOrDefault(fragment, new HashSet<>()).remove(path);
        }
      }
      expected++;
    }
    if (expected <= snapshot.version()) {
      return false;
    }
    Path root = new Path(table, DIR);
    Set<String> touched = new TreeSet<>(added.keySet());
    touched.addAll(removed.keySet());
    for (String fragment : touched) {
      Path manifest = new Path(manifestDir(root, fragment), FILE);
      Set<String> files = new TreeSet<>(readLines(fs, manifest));
      files.removeAll(removed.getOrDefault(fragment, Set.of()));
      files.addAll(added.getOrDefault(fragment, Set.of()));
      if (files.isEmpty()) {
        dropManifest(fs, root, fragment);
      } else {
        writeAtomically(fs, manifest, String.join("\n", files) + "\n");
      }
    }
    return true;
  }

  /**
   * Writes the manifests of the partitions named by {@code fragments} (null: of every partition,
   * deleting those of partitions that no longer exist).
   */
  private void write(FileSystem fs, Path table, Snapshot snapshot, Set<String> fragments) throws IOException {
    List<String> partitionColumns = CollectionConverters.asJava(snapshot.metadata().partitionColumns());
    Path root = new Path(table, DIR);
    fs.mkdirs(root); // present even when the table has no file: readers can tell "empty" from "no manifests"
    Map<String, List<String>> filesByFragment = new TreeMap<>();
    for (Row file : snapshot.allFiles().select("path", "partitionValues").collectAsList()) {
      String fragment = fragment(partitionColumns, file.getJavaMap(1));
      if (fragments == null || fragments.contains(fragment)) {
        filesByFragment.computeIfAbsent(fragment, k -> new ArrayList<>()).add(qualified(fs, table, file.getString(0)));
      }
    }
    for (String fragment : fragments != null ? fragments : existingFragments(fs, root, partitionColumns.size())) {
      if (!filesByFragment.containsKey(fragment)) {
        dropManifest(fs, root, fragment);
      }
    }
    for (Map.Entry<String, List<String>> e : filesByFragment.entrySet()) {
      e.getValue().sort(null);
      writeAtomically(fs, new Path(manifestDir(root, e.getKey()), FILE), String.join("\n", e.getValue()) + "\n");
    }
  }

  /** A data file as a manifest lists it: absolute, as Hadoop prints it, not percent-encoded (as Delta's GENERATE writes it). */
  private static String qualified(FileSystem fs, Path table, String logPath) {
    return fs.makeQualified(absolute(table, logPath)).toString();
  }

  /** The version the manifests show, or -1 without a stamp. */
  private static long readStamp(FileSystem fs, Path root) throws IOException {
    List<String> lines = readLines(fs, new Path(root, STAMP));
    try {
      return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static List<String> readLines(FileSystem fs, Path file) throws IOException {
    if (!fs.exists(file)) {
      return List.of();
    }
    try (java.io.InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).toList();
    }
  }

  /** A partition that lost its last file loses its manifest (an unpartitioned table keeps its root and stamp). */
  private static void dropManifest(FileSystem fs, Path root, String fragment) throws IOException {
    fs.delete(fragment.isEmpty() ? new Path(root, FILE) : manifestDir(root, fragment), true);
  }

  private static Path manifestDir(Path root, String fragment) {
    return fragment.isEmpty() ? root : new Path(root, fragment);
  }

  /** {@code col=value/...} as Hive names partition directories ({@code __HIVE_DEFAULT_PARTITION__} for null). */
  static String fragment(List<String> columns, Map<String, String> values) {
    List<String> parts = new ArrayList<>();
    for (String c : columns) {
      String v = values.get(c);
      parts.add(ExternalCatalogUtils.escapePathName(c) + "="
          + (v == null || v.isEmpty() ? ExternalCatalogUtils.DEFAULT_PARTITION_NAME() : ExternalCatalogUtils.escapePathName(v)));
    }
    return String.join("/", parts);
  }

  /** A data file's path in the log is a URI relative to the table, or an absolute one. */
  private static Path absolute(Path table, String logPath) {
    try {
      Path p = new Path(new URI(logPath));
      return p.isAbsolute() ? p : new Path(table, p);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("a data file path in the Delta log is not a URI: " + logPath, e);
    }
  }

  /** The partitions (as {@code col=value/...}) that have a manifest directory under root. */
  private static List<String> existingFragments(FileSystem fs, Path root, int depth) throws IOException {
    List<String> fragments = new ArrayList<>();
    if (!fs.exists(root)) {
      return fragments;
    }
    if (depth == 0) {
      fragments.add("");
      return fragments;
    }
    for (FileStatus s : fs.listStatus(root)) {
      if (s.isDirectory() && !s.getPath().getName().startsWith(".")) {
        String name = s.getPath().getName();
        if (depth == 1) {
          fragments.add(name);
        } else {
          existingFragments(fs, s.getPath(), depth - 1).forEach(f -> fragments.add(name + "/" + f));
        }
      }
    }
    return fragments;
  }

  private static void writeAtomically(FileSystem fs, Path path, String text) throws IOException {
    AtomicFile.write(fs, path, text.getBytes(StandardCharsets.UTF_8));
  }
}
