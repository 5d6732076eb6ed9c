package org.chatlake.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chatlake.SparkTestSession;
import org.chatlake.output.RunSummary;

/** Writes export files and reads them back through the real reader in Spark tasks. */
final class IngestTestSupport {
  private IngestTestSupport() {}

  static Path write(Path dir, String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    if (name.endsWith(".gz")) {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
    } else {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    }
    return file;
  }

  /** All rows (records, rejects, file rows) the reader yields for these inputs. */
  static List<Row> readAll(RecordParser parser, long splitBytes, String... inputs) throws IOException {
    SparkSession spark = SparkTestSession.get();
    InputPlanner planner = new InputPlanner(spark.sparkContext().hadoopConfiguration(), splitBytes, 2);
    List<List<ReadUnit>> tasks = planner.plan(planner.listFiles(List.of(inputs)));
    return ExportReader.read(spark, tasks, parser).collectAsList();
  }

  /** The run summary's input counts of these inputs, as the job collects them. */
  static RunSummary.InputCounts countChats(String... inputs) throws IOException {
    SparkSession spark = SparkTestSession.get();
    InputPlanner planner = new InputPlanner(spark.sparkContext().hadoopConfiguration(), 128L << 20, 2);
    List<List<ReadUnit>> tasks = planner.plan(planner.listFiles(List.of(inputs)));
    RunSummary.InputCounts counts = new RunSummary.InputCounts();
    IngestCounts.collect(ExportReader.read(spark, tasks, new ChatRecordParser()), counts);
    return counts;
  }

  static List<Row> readChats(String... inputs) throws IOException {
    return readAll(new ChatRecordParser(), 128L << 20, inputs);
  }

  static List<Row> ofKind(List<Row> rows, String kind) {
    return rows.stream().filter(r -> kind.equals(r.getAs(IngestSchema.KIND))).toList();
  }

  static List<Row> records(List<Row> rows) {
    return ofKind(rows, IngestSchema.KIND_RECORD);
  }

  static List<Row> rejects(List<Row> rows) {
    return ofKind(rows, IngestSchema.KIND_REJECT);
  }
}
