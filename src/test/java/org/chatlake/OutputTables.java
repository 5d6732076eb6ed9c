package org.chatlake;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Reads a job's output back for assertions. */
public final class OutputTables {
  private OutputTables() {}

  /** The current version of a table (a Delta table under the output root). */
  public static Dataset<Row> table(Path output, String table) {
    return SparkTestSession.get().read().format("delta").load(output.resolve(table).toString());
  }

  /** A table's rows as sorted strings, without the named columns (e.g. ingested_at). */
  public static List<String> rows(Path output, String table, String... without) {
    Dataset<Row> t = table(output, table).drop(without);
    Column[] cols = Arrays.stream(t.columns()).sorted().map(c -> col(c)).toArray(Column[]::new);
    return t.select(cols).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  /** The run summaries under _runs/, oldest first. */
  public static List<JsonNode> summaries(Path output) throws IOException {
    try (Stream<Path> files = Files.list(output.resolve("_runs"))) {
      ObjectMapper json = new ObjectMapper();
      return files.filter(f -> f.getFileName().toString().endsWith(".json")
          && !f.getFileName().toString().startsWith(".")).sorted().map(f -> {
        try {
          return json.readTree(f.toFile());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  public static JsonNode lastSummary(Path output) throws IOException {
    List<JsonNode> all = summaries(output);
    return all.get(all.size() - 1);
  }
}
