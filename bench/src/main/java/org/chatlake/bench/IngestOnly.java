package org.chatlake.bench;

import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.chatlake.ingest.ChatRecordParser;
import org.chatlake.ingest.ExportReader;
import org.chatlake.ingest.IngestCounts;
import org.chatlake.ingest.InputPlanner;
import org.chatlake.ingest.MessageRecordParser;
import org.chatlake.ingest.ReadUnit;
import org.chatlake.ingest.RecordParser;
import org.chatlake.output.RunSummary;

/**
 * Our ingest stage alone: the job's own planner, reader and parser (chats or messages) in an
 * embedded local[*] Spark, every record parsed and counted ({@link IngestCounts#collect}, as the
 * job does), nothing written. work_ms is the stage itself (listing, planning, reading, counting),
 * without JVM and Spark start-up. With {@code --cache} the rows are also persisted like the job's
 * ingest stage does (its binary rows, MEMORY_AND_DISK), which adds the cost of building the cache.
 *
 * <pre>
 * IngestOnly --input bench/data/N/chats [--kind chats|messages] [--split-size-mb 128] [--cache]
 * </pre>
 */
public final class IngestOnly {
  private IngestOnly() {}

  public static void main(String[] args) throws Exception {
    List<String> inputs = Bench.opts(args, "--input");
    String kind = Bench.opt(args, "--kind") == null ? "chats" : Bench.opt(args, "--kind");
    long splitMb = Bench.opt(args, "--split-size-mb") == null ? 128 : Long.parseLong(Bench.opt(args, "--split-size-mb"));
    boolean cache = Bench.flag(args, "--cache");
    RecordParser parser = switch (kind) {
      case "chats" -> new ChatRecordParser();
      case "messages" -> new MessageRecordParser();
      default -> throw new IllegalArgumentException("--kind chats|messages");
    };

    long t0 = System.nanoTime();
    int cores = Runtime.getRuntime().availableProcessors();
    // the same session settings as ChatJob's embedded session
    SparkSession spark = SparkSession.builder().appName("chatlake-ingest-bench").master("local[*]")
        .config("spark.sql.debug.maxToStringFields", "500")
        .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(4, cores * 2)))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
    long t1 = System.nanoTime();

    InputPlanner planner = new InputPlanner(spark.sparkContext().hadoopConfiguration(), splitMb << 20,
        spark.sparkContext().defaultParallelism());
    List<FileStatus> files = planner.listFiles(inputs);
    List<List<ReadUnit>> tasks = planner.plan(files);
    long bytes = files.stream().mapToLong(FileStatus::getLen).sum();
    Dataset<Row> rows = cache
        ? ExportReader.asDataFrame(spark,
            ExportReader.readInternal(spark, tasks, parser).persist(StorageLevel.MEMORY_AND_DISK()), parser)
        : ExportReader.read(spark, tasks, parser);
    RunSummary.InputCounts counts = new RunSummary.InputCounts();
    IngestCounts.collect(rows, counts);
    long t2 = System.nanoTime();
    long ms = (t2 - t1) / 1_000_000;

    Bench.report("contender", "ours-ingest-" + kind, "work_ms", ms, "session_ms", (t1 - t0) / 1_000_000,
        "bytes", bytes, "files", files.size(), "tasks", tasks.size(), "records", counts.read,
        "rejected", counts.rejected, "cores", cores, "cache", cache, "mb_s", Bench.mbps(bytes, ms));
    if (counts.rejected > 0) {
      System.err.println("ingest: rejects " + counts.rejectedByReason);
    }
    spark.stop();
  }
}
