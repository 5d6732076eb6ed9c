package org.chatlake.output;

import java.io.IOException;
import java.io.OutputStream;
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
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.FileAction;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The symlink manifests engines without a Delta reader (DuckDB, Athena, Presto) read a table
 * through: {@code _symlink_format_manifest/<col>=<value>/manifest}, one per partition, listing the
 * absolute paths of the partition's current data files, the layout Delta's own
 * {@code GENERATE symlink_format_manifest} writes.
 *
 * <p>The job writes them itself, once per commit, from the committed version: Delta's post-commit
 * hook costs a dozen Spark jobs per commit (two thirds of a small run's commit time), this one
 * Spark job over the snapshot's cached file list. Only the partitions the commits touched are
 * rewritten, each atomically (a hidden file renamed over the old one), so a reader sees the old or
 * the new list, never half of one. A run killed between a commit and its manifest leaves the
 * manifests one version behind; the next run rewrites them whole when it completes that run.
 */
public final class SymlinkManifest {
  public static final String DIR = "_symlink_format_manifest";
  private static final String FILE = "manifest";

  private final SparkSession spark;

  public SymlinkManifest(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Rewrites the manifests of the partitions that the versions after {@code sinceVersion} touched
   * (all of them when {@code sinceVersion} is negative: the table was created).
   */
  public void update(String tablePath, long sinceVersion) {
    if (sinceVersion < 0) {
      rewriteAll(tablePath);
      return;
    }
    DeltaLog log = DeltaLog.forTable(spark, tablePath);
    Snapshot snapshot = log.update(false, scala.Option.empty(), scala.Option.empty());
    List<String> partitionColumns = CollectionConverters.asJava(snapshot.metadata().partitionColumns());
    Set<String> touched = new HashSet<>();
    scala.collection.Iterator<scala.Tuple2<Object, scala.collection.immutable.Seq<Action>>> changes =
        log.getChanges(sinceVersion + 1, scala.Option.empty(), false);
    while (changes.hasNext()) {
      scala.Tuple2<Object, scala.collection.immutable.Seq<Action>> version = changes.next();
      if ((Long) version._1() > snapshot.version()) {
        break;
      }
      for (Action action : CollectionConverters.asJava(version._2())) {
        if (action instanceof FileAction file) {
          touched.add(fragment(partitionColumns, CollectionConverters.asJava(file.partitionValues())));
        }
      }
    }
    if (!touched.isEmpty()) {
      write(tablePath, snapshot, touched);
    }
  }

  /** Rewrites every manifest of the table and deletes those of partitions that no longer exist. */
  public void rewriteAll(String tablePath) {
    Snapshot snapshot = DeltaLog.forTable(spark, tablePath).update(false, scala.Option.empty(), scala.Option.empty());
    write(tablePath, snapshot, null);
  }

  /**
   * Writes the manifests of the partitions named by {@code fragments} (null: of every partition,
   * deleting those of partitions that no longer exist).
   */
  private void write(String tablePath, Snapshot snapshot, Set<String> fragments) {
    List<String> partitionColumns = CollectionConverters.asJava(snapshot.metadata().partitionColumns());
    Path table = new Path(tablePath);
    Path root = new Path(table, DIR);
    try {
      FileSystem fs = table.getFileSystem(spark.sessionState().newHadoopConf());
      fs.mkdirs(root); // present even when the table has no file: readers can tell "empty" from "no manifests"
      Map<String, List<String>> filesByFragment = new TreeMap<>();
      for (Row file : snapshot.allFiles().select("path", "partitionValues").collectAsList()) {
        String fragment = fragment(partitionColumns, file.getJavaMap(1));
        if (fragments == null || fragments.contains(fragment)) {
          filesByFragment.computeIfAbsent(fragment, k -> new ArrayList<>())
              // The path as Hadoop prints it, not percent-encoded, as Delta's GENERATE writes it.
              .add(fs.makeQualified(absolute(table, file.getString(0))).toString());
        }
      }
      // A partition that lost its last file loses its manifest.
      for (String fragment : fragments != null ? fragments : existingFragments(fs, root, partitionColumns.size())) {
        if (!filesByFragment.containsKey(fragment)) {
          fs.delete(manifestDir(root, fragment), true);
        }
      }
      for (Map.Entry<String, List<String>> e : filesByFragment.entrySet()) {
        e.getValue().sort(null);
        writeAtomically(fs, new Path(manifestDir(root, e.getKey()), FILE), String.join("\n", e.getValue()) + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the manifests of " + tablePath, e);
    }
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
    fs.mkdirs(path.getParent());
    Path tmp = new Path(path.getParent(), "." + path.getName() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    RunSummary.renameOver(fs, tmp, path);
  }
}
