package org.chatlake.output;

import io.delta.tables.DeltaTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The output's tables as Delta tables: whether and at which version each exists, reading the
 * current or a pinned version, creating a table with the properties readers rely on, and adding
 * the columns a newer schema brings.
 */
public final class DeltaTables {
  /** The report time zone the output was written with; a run with another zone is refused. */
  public static final String TIMEZONE_PROPERTY = "chatlake.timezone";

  /**
   * Set on every table. A blind append by another run conflicts with this run's MERGE or overwrite
   * too. (Delta's symlinkFormatManifest property stays off: {@link SymlinkManifest} keeps the
   * manifests current at a fraction of the cost.)
   */
  static final Map<String, String> PROPERTIES = Map.of("delta.isolationLevel", "Serializable");

  private final SparkSession spark;
  private final OutputLayout layout;
  private final SymlinkManifest manifests;

  public DeltaTables(SparkSession spark, OutputLayout layout) {
    this.spark = spark;
    this.layout = layout;
    this.manifests = new SymlinkManifest(spark);
  }

  public OutputLayout layout() {
    return layout;
  }

  public String path(String table) {
    return layout.table(table).toString();
  }

  public boolean exists(String table) {
    return version(table) >= 0;
  }

  /** The table's latest committed version; -1 when it does not exist. */
  public long version(String table) {
    return snapshot(table).version();
  }

  /** The table's latest snapshot, from the log's listing only: no DataFrame, no Spark job. */
  private org.apache.spark.sql.delta.Snapshot snapshot(String table) {
    return org.apache.spark.sql.delta.DeltaLog.forTable(spark, path(table))
        .update(false, scala.Option.empty(), scala.Option.empty());
  }

  /**
   * The Spark setting (bytes, default 64 MiB) from which a lookup by key carries its keys as a
   * skipping condition ({@link KeyRanges}); 0 makes every lookup carry them.
   */
  public static final String KEY_RANGES_MIN_BYTES = "spark.chatlake.keyRanges.minTableBytes";
  private static final long DEFAULT_KEY_RANGES_MIN_BYTES = 64L << 20;

  /**
   * Whether a lookup by key in this table should carry its keys as a skipping condition: only in a
   * table of {@link #KEY_RANGES_MIN_BYTES} or more. A smaller table is read whole, which costs less
   * than computing the intervals and checking them against every file's statistics.
   */
  public boolean worthSkipping(String table) {
    long min = Long.parseLong(spark.conf().get(KEY_RANGES_MIN_BYTES, String.valueOf(DEFAULT_KEY_RANGES_MIN_BYTES)));
    org.apache.spark.sql.delta.Snapshot snapshot = snapshot(table);
    if (snapshot.version() < 0) {
      return false;
    }
    if (min <= 0) {
      return true;
    }
    // The size the version's checksum file records: no Spark job (a table without one is read whole).
    scala.Option<Object> size = snapshot.sizeInBytesIfKnown();
    return size.isDefined() && (Long) size.get() >= min;
  }

  /** The session setting Delta copies into the commitInfo.userMetadata of each commit. */
  public static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

  /** What a run writes into the commitInfo.userMetadata of each of its commits. */
  public static String commitMarker(String runId) {
    return "chatlake run " + runId;
  }

  /**
   * The first version after {@code after} that a run committed to a table, found by its
   * {@link #commitMarker} in the log; -1 when the run has no commit there (or the table is absent).
   */
  public long versionCommittedBy(String table, String runId, long after) {
    if (version(table) <= after) {
      return -1;
    }
    String marker = commitMarker(runId);
    scala.collection.Iterator<scala.Tuple2<Object, scala.collection.immutable.Seq<org.apache.spark.sql.delta.actions.Action>>>
        changes = org.apache.spark.sql.delta.DeltaLog.forTable(spark, path(table))
            .getChanges(after + 1, scala.Option.empty(), false);
    while (changes.hasNext()) {
      scala.Tuple2<Object, scala.collection.immutable.Seq<org.apache.spark.sql.delta.actions.Action>> version = changes.next();
      for (org.apache.spark.sql.delta.actions.Action action
          : scala.jdk.javaapi.CollectionConverters.asJava(version._2())) {
        if (action instanceof org.apache.spark.sql.delta.actions.CommitInfo info
            && info.userMetadata().isDefined() && marker.equals(info.userMetadata().get())) {
          return (Long) version._1();
        }
      }
    }
    return -1;
  }

  /**
   * The version this process last committed to, or read of, a table: right after a commit, that
   * commit's version (another writer's later commit is not seen until the log is read again).
   */
  public long lastKnownVersion(String table) {
    return org.apache.spark.sql.delta.DeltaLog.forTable(spark, path(table)).unsafeVolatileSnapshot().version();
  }

  public Map<String, Long> versions(List<String> tables) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String t : tables) {
      out.put(t, version(t));
    }
    return out;
  }

  public DeltaTable handle(String table) {
    return DeltaTable.forPath(spark, path(table));
  }

  /** The current rows of a table. */
  public Dataset<Row> read(String table) {
    return spark.read().format("delta").load(path(table));
  }

  /** The rows of a table as of a version (empty, with the given schema, when version is -1). */
  public Dataset<Row> readAt(String table, long version, StructType schemaWhenAbsent) {
    if (version < 0) {
      return spark.createDataFrame(List.of(), schemaWhenAbsent);
    }
    return spark.read().format("delta").option("versionAsOf", version).load(path(table));
  }

  /**
   * Creates a table with its first rows, in one commit (version 0). Fails when the table exists,
   * also when another run creates it at the same moment: Delta writes version 0 only if it is
   * absent. (Delta's DeltaTableBuilder and DeltaTable.detail()/generate() go through catalog code
   * that is binary-incompatible with Spark 4.2, so tables are created by their first write and
   * inspected through SQL.) A null partitionColumn writes an unpartitioned table.
   */
  public void create(String table, Dataset<Row> rows, String partitionColumn) {
    org.apache.spark.sql.DataFrameWriter<Row> writer = rows.write().format("delta");
    if (partitionColumn != null) {
      writer = writer.partitionBy(partitionColumn);
    }
    writer.options(PROPERTIES).mode("errorifexists").save(path(table));
  }

  public void setProperties(String table, Map<String, String> properties) {
    if (properties.isEmpty()) {
      return;
    }
    String list = properties.entrySet().stream()
        .map(e -> "'" + e.getKey().replace("'", "\\'") + "' = '" + e.getValue().replace("'", "\\'") + "'")
        .collect(java.util.stream.Collectors.joining(", "));
    spark.sql("ALTER TABLE " + sqlName(table) + " SET TBLPROPERTIES (" + list + ")");
  }

  /** A CHECK constraint {@code <column>_present}: Delta refuses a write of a row where the column is null. */
  public void requirePresent(String table, String column) {
    spark.sql("ALTER TABLE " + sqlName(table) + " ADD CONSTRAINT " + quote(presentConstraint(column))
        + " CHECK (" + quote(column) + " IS NOT NULL)");
  }

  /** Whether the table has the constraint {@link #requirePresent} adds (Delta keeps it as a table property). */
  public boolean requiresPresent(String table, String column) {
    return property(table, "delta.constraints." + presentConstraint(column)) != null;
  }

  private static String presentConstraint(String column) {
    return column + "_present";
  }

  /** A table property, or null when the table or the property is absent. */
  public String property(String table, String key) {
    org.apache.spark.sql.delta.Snapshot snapshot = snapshot(table);
    if (snapshot.version() < 0) {
      return null;
    }
    scala.Option<String> value = snapshot.metadata().configuration().get(key);
    return value.isDefined() ? value.get() : null;
  }

  /** Rewrites every symlink manifest of the table from its current version. */
  public void rewriteManifests(String table) {
    manifests.rewriteAll(path(table));
  }

  /** Brings the table's symlink manifests up to its latest version. */
  public void updateManifests(String table) {
    manifests.update(path(table));
  }

  /**
   * The table in SQL: {@code delta.`path`}, the path qualified (Delta's SQL takes a path-named
   * table only when the path is absolute: {@code --output out} would be "table not found").
   */
  public String sqlName(String table) {
    org.apache.hadoop.fs.Path path = layout.table(table);
    try {
      return "delta." + quote(path.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(path)
          .toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Adds the columns of {@code schema} that the table lacks (a metadata-only commit, no data file
   * is rewritten), so that an output written by an older release is extended in place. Returns the
   * names added.
   */
  public List<String> addMissingColumns(String table, StructType schema) {
    StructType current = snapshot(table).schema();
    List<StructField> missing = new java.util.ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!List.of(current.fieldNames()).contains(f.name())) {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      String columns = missing.stream().map(f -> quote(f.name()) + " " + f.dataType().sql())
          .collect(java.util.stream.Collectors.joining(", "));
      spark.sql("ALTER TABLE " + sqlName(table) + " ADD COLUMNS (" + columns + ")");
    }
    return missing.stream().map(StructField::name).toList();
  }

  /** A SQL identifier in backquotes. */
  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
