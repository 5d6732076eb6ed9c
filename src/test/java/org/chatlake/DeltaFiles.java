package org.chatlake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The current version of a Delta table of the job's output, for readers that do not go through
 * Delta (DuckDB): the data files its symlink manifests list. A table directory keeps superseded
 * data files until VACUUM, so a glob over it would count old rows again; the manifests
 * ({@code <table>/_symlink_format_manifest/<col>=<value>/manifest}, one per partition, written by
 * the job after every commit, or by Delta when a table sets
 * {@code delta.compatibility.symlinkFormatManifest.enabled=true}) list only the current ones.
 *
 * <p>A manifest line is the data file's absolute Hadoop path as text, e.g.
 * {@code file:/tmp/out dir/chats/report_date=2026-10-01/part-00000-….snappy.parquet}: a
 * {@code file:} scheme and then the path as it is on disk, NOT percent-encoded (a space stays a
 * space, a {@code %} in a directory name stays {@code %}, non-ASCII stays as it is; Spark's own
 * escaping of partition values, like {@code run_id=a%3Ab}, is part of the directory name). So a
 * line is never URI-decoded; only when that path does not exist and the line is a valid URI is
 * the URI-decoded path tried, in case a Delta version writes URIs.
 *
 * <p>Only local files ({@code file:}) are supported: tests and tools read outputs on local disk.
 * The manifests are written after the commit; a job killed between the two leaves them one
 * version behind until the next commit (readers then see the previous version).
 *
 * <p>The paths are absolute, so a copied table's manifests still name the original's files:
 * reading them fails here (a listed file outside the table) until Delta regenerates them for the
 * copy ({@code GENERATE symlink_format_manifest FOR TABLE delta.`<copy>`}). A commit to the copy
 * only rewrites the manifests of the partitions it touches.
 *
 * <p>Self-contained (JDK, Jackson, DuckDB JDBC): jobs/cluster-test.sh compiles it alone with
 * OutputDiff when the other tests do not compile.
 */
public final class DeltaFiles {
  private DeltaFiles() {}

  public static final String DELTA_LOG = "_delta_log";
  public static final String MANIFEST_DIR = "_symlink_format_manifest";
  public static final String SYMLINK_PROPERTY = "delta.compatibility.symlinkFormatManifest.enabled";

  private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");
  private static final Pattern CHECKPOINT = Pattern.compile("(\\d{20})\\.checkpoint(\\..+)?\\.(parquet|json)");
  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+), *(\\d+)\\)");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** True when dir is a Delta table (holds a {@code _delta_log} directory). */
  public static boolean isDeltaTable(Path dir) {
    return Files.isDirectory(dir.resolve(DELTA_LOG));
  }

  /**
   * The data files of the table's current version, from its symlink manifests, sorted; empty when
   * the table has no data files (then there are no manifests). Fails when tableDir is not a Delta
   * table, when it has no manifests because the table does not set {@link #SYMLINK_PROPERTY}, or
   * when a manifest lists a file that does not exist.
   */
  public static List<Path> currentFiles(Path tableDir) {
    List<Path> files = new ArrayList<>();
    for (Path manifest : manifests(tableDir)) {
      try {
        Path table = tableDir.toRealPath();
        for (String line : Files.readAllLines(manifest)) {
          if (!line.isBlank()) {
            Path f = dataFile(line, manifest);
            if (!f.toRealPath().startsWith(table)) {
              throw new IllegalStateException(manifest + " lists a file outside the table (a copied table? "
                  + "regenerate its manifests): " + line);
            }
            files.add(f);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    files.sort(null);
    return files;
  }

  /**
   * The partition columns of the table, in directory order, as its manifest directories name
   * them ({@code report_date}, or {@code run_id} for rejects); from the Delta log when the table
   * has no data files.
   */
  public static List<String> partitionColumns(Path tableDir) {
    List<Path> manifests = manifests(tableDir);
    if (manifests.isEmpty()) {
      return metadata(tableDir).partitionColumns;
    }
    Set<String> cols = new LinkedHashSet<>();
    Path root = tableDir.resolve(MANIFEST_DIR);
    for (Path m : manifests) {
      for (Path part : root.relativize(m.getParent())) {
        String n = part.toString();
        int eq = n.indexOf('=');
        if (eq > 0) {
          cols.add(n.substring(0, eq));
        }
      }
    }
    return new ArrayList<>(cols);
  }

  /** {@link #readTable(Path)} of {@code outputRoot/table}. */
  public static String readTable(Path outputRoot, String table) {
    return readTable(outputRoot.resolve(table));
  }

  /**
   * A DuckDB table expression (for {@code FROM}) that reads the table's current version:
   * {@code read_parquet([files], hive_partitioning = true, hive_types = {...}, union_by_name = true)}
   * over {@link #currentFiles}. The partition columns come from the directory names and go last,
   * as DuckDB reads Hive partitions: report_date (and backlog_daily's as_of_date) as DATE, any
   * other (run_id) as VARCHAR, and
   * {@code __HIVE_DEFAULT_PARTITION__} as NULL. hive_types is needed: DuckDB guesses the type from
   * the values, and a table whose only partition is the NULL one would read report_date as VARCHAR.
   *
   * <p>A table without data files (no manifests) gives a typed empty relation instead,
   * {@code (SELECT CAST(NULL AS BIGINT) AS "chat_id", ... LIMIT 0)}, with the columns of the
   * table's schema in the Delta log in the same order and DuckDB types, so queries over it
   * return no rows (and counts of 0) rather than failing: read_parquet needs at least one file.
   */
  public static String readTable(Path tableDir) {
    List<Path> files = currentFiles(tableDir);
    if (files.isEmpty()) {
      return emptyRelation(tableDir);
    }
    return readParquet(files, partitionColumns(tableDir));
  }

  /** {@code read_parquet} over the files, Hive partitions typed as in {@link #readTable(Path)}. */
  public static String readParquet(List<Path> files, List<String> partitionColumns) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("read_parquet needs at least one file");
    }
    String list = files.stream().map(p -> literal(p.toAbsolutePath().toString()))
        .collect(Collectors.joining(", ", "[", "]"));
    String types = partitionColumns.isEmpty() ? ""
        : partitionColumns.stream().map(c -> literal(c) + ": " + hiveType(c))
            .collect(Collectors.joining(", ", ", hive_types = {", "}"));
    return "read_parquet(" + list + ", hive_partitioning = true" + types + ", union_by_name = true)";
  }

  /** The DuckDB type a partition column is read as: report_date and as_of_date DATE, anything else VARCHAR. */
  public static String hiveType(String column) {
    return column.equals("report_date") || column.equals("as_of_date") ? "DATE" : "VARCHAR";
  }

  /** The typed empty relation of a table without data files (see {@link #readTable(Path)}). */
  static String emptyRelation(Path tableDir) {
    Metadata m = metadata(tableDir);
    List<String> cols = new ArrayList<>();
    for (JsonNode f : m.schema.path("fields")) {
      String name = f.path("name").asText();
      if (!m.partitionColumns.contains(name)) {
        cols.add("CAST(NULL AS " + duckType(f.path("type")) + ") AS " + identifier(name));
      }
    }
    for (String p : m.partitionColumns) {
      cols.add("CAST(NULL AS " + hiveType(p) + ") AS " + identifier(p));
    }
    return "(SELECT " + String.join(", ", cols) + " LIMIT 0)";
  }

  // ---- manifests -------------------------------------------------------------------------------

  private static List<Path> manifests(Path tableDir) {
    if (!isDeltaTable(tableDir)) {
      throw new IllegalArgumentException("not a Delta table (no " + DELTA_LOG + "/): " + tableDir);
    }
    Path root = tableDir.resolve(MANIFEST_DIR);
    List<Path> manifests = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> s = Files.walk(root)) {
        s.filter(p -> p.getFileName().toString().equals("manifest") && Files.isRegularFile(p))
            .sorted().forEach(manifests::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (!Files.isDirectory(root) && !"true".equals(metadata(tableDir).configuration.get(SYMLINK_PROPERTY))) {
      throw new IllegalStateException("no " + MANIFEST_DIR + "/ in " + tableDir + ": nothing wrote manifests"
          + " (nor does the table set " + SYMLINK_PROPERTY + "=true), so its current files cannot be told"
          + " from superseded ones");
    }
    return manifests;
  }

  /** The local file a manifest line names (see the class comment for the format). */
  static Path dataFile(String line, Path manifest) {
    String s = line.strip();
    String path;
    if (s.startsWith("file:")) {
      path = s.substring("file:".length());
      if (path.startsWith("//")) {  // file://authority/path: the authority is empty or the local host
        int slash = path.indexOf('/', 2);
        path = slash < 0 ? "/" : path.substring(slash);
      }
    } else if (s.startsWith("/")) {
      path = s;
    } else {
      throw new IllegalStateException("not a local file in " + manifest + ": " + line);
    }
    Path raw = Path.of(path);
    if (Files.isRegularFile(raw)) {
      return raw;
    }
    try {
      URI uri = new URI(s);
      if ("file".equals(uri.getScheme()) && Files.isRegularFile(Path.of(uri.getPath()))) {
        return Path.of(uri.getPath());
      }
    } catch (URISyntaxException | IllegalArgumentException notAUri) {
      // a raw path with characters a URI cannot hold: no other reading
    }
    throw new IllegalStateException(manifest + " lists a file that does not exist: " + line);
  }

  // ---- the Delta log: the table's latest metaData action ---------------------------------------

  private static final class Metadata {
    JsonNode schema;
    List<String> partitionColumns = new ArrayList<>();
    Map<String, String> configuration = new TreeMap<>();
  }

  /**
   * The latest metaData action: from the newest commit after the newest checkpoint that has one,
   * else from that checkpoint (Parquet read with DuckDB, or a JSON V2 checkpoint).
   */
  private static Metadata metadata(Path tableDir) {
    Path log = tableDir.resolve(DELTA_LOG);
    TreeMap<Long, Path> commits = new TreeMap<>();
    TreeMap<Long, List<Path>> checkpoints = new TreeMap<>();
    try (Stream<Path> s = Files.list(log)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        Matcher c = COMMIT.matcher(n);
        Matcher k = CHECKPOINT.matcher(n);
        if (c.matches()) {
          commits.put(Long.parseLong(c.group(1)), p);
        } else if (k.matches()) {
          checkpoints.computeIfAbsent(Long.parseLong(k.group(1)), v -> new ArrayList<>()).add(p);
        }
      }
      long since = checkpoints.isEmpty() ? -1 : checkpoints.lastKey();
      for (Path commit : commits.tailMap(since, false).descendingMap().values()) {
        JsonNode found = null;
        for (String line : Files.readAllLines(commit)) {
          JsonNode action = line.isBlank() ? null : JSON.readTree(line);
          if (action != null && action.has("metaData")) {
            found = action.get("metaData");
          }
        }
        if (found != null) {
          return parse(found, tableDir);
        }
      }
      if (since < 0) {
        throw new IllegalStateException("no metaData action in " + log);
      }
      List<Path> parts = checkpoints.get(since);
      for (Path p : parts) {
        if (p.toString().endsWith(".json")) {
          for (String line : Files.readAllLines(p)) {
            JsonNode action = line.isBlank() ? null : JSON.readTree(line);
            if (action != null && action.has("metaData")) {
              return parse(action.get("metaData"), tableDir);
            }
          }
        }
      }
      List<Path> parquet = parts.stream().filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
      if (!parquet.isEmpty()) {
        String sql = "SELECT to_json(metaData) FROM read_parquet(" + parquet.stream()
            .map(p -> literal(p.toAbsolutePath().toString())).collect(Collectors.joining(", ", "[", "]"))
            + ", union_by_name = true) WHERE metaData IS NOT NULL";
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = db.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
          if (rs.next()) {
            return parse(JSON.readTree(rs.getString(1)), tableDir);
          }
        }
      }
      throw new IllegalStateException("no metaData action in checkpoint " + since + " of " + log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("reading the checkpoint of " + log + ": " + e.getMessage(), e);
    }
  }

  private static Metadata parse(JsonNode metaData, Path tableDir) throws IOException {
    Metadata m = new Metadata();
    m.schema = JSON.readTree(metaData.path("schemaString").asText());
    metaData.path("partitionColumns").forEach(c -> m.partitionColumns.add(c.asText()));
    JsonNode conf = metaData.path("configuration");
    if (conf.isObject()) {
      for (Map.Entry<String, JsonNode> e : conf.properties()) {
        m.configuration.put(e.getKey(), e.getValue().asText());
      }
    } else if (conf.isArray()) {  // a MAP as DuckDB's to_json may write it: [{"key": ..., "value": ...}]
      conf.forEach(e -> m.configuration.put(e.path("key").asText(), e.path("value").asText()));
    }
    if (!m.schema.path("fields").isArray()) {
      throw new IllegalStateException("unreadable schemaString in the Delta log of " + tableDir);
    }
    return m;
  }

  /** The DuckDB type of a Spark (Delta schemaString) type. */
  static String duckType(JsonNode type) {
    if (type.isTextual()) {
      String t = type.asText();
      Matcher d = DECIMAL.matcher(t);
      if (d.matches()) {
        return "DECIMAL(" + d.group(1) + ", " + d.group(2) + ")";
      }
      return switch (t) {
        case "long" -> "BIGINT";
        case "integer" -> "INTEGER";
        case "short" -> "SMALLINT";
        case "byte" -> "TINYINT";
        case "double" -> "DOUBLE";
        case "float" -> "FLOAT";
        case "boolean" -> "BOOLEAN";
        case "string" -> "VARCHAR";
        case "binary" -> "BLOB";
        case "date" -> "DATE";
        // The job writes TIMESTAMP_MICROS adjusted to UTC (ChatPipeline), which DuckDB reads as
        // TIMESTAMPTZ (Spark's default INT96 would read as TIMESTAMP).
        case "timestamp" -> "TIMESTAMP WITH TIME ZONE";
        case "timestamp_ntz" -> "TIMESTAMP";
        default -> throw new IllegalArgumentException("no DuckDB type for Spark type " + t);
      };
    }
    switch (type.path("type").asText()) {
      case "array":
        return duckType(type.path("elementType")) + "[]";
      case "map":
        return "MAP(" + duckType(type.path("keyType")) + ", " + duckType(type.path("valueType")) + ")";
      case "struct":
        List<String> fields = new ArrayList<>();
        type.path("fields").forEach(f -> fields.add(identifier(f.path("name").asText()) + " "
            + duckType(f.path("type"))));
        return "STRUCT(" + String.join(", ", fields) + ")";
      default:
        throw new IllegalArgumentException("no DuckDB type for Spark type " + type);
    }
  }

  /** A SQL string literal. */
  public static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String identifier(String s) {
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
