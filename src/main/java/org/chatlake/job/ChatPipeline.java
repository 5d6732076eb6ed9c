package org.chatlake.job;

import static org.apache.spark.sql.functions.*;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.storage.StorageLevel;
import org.chatlake.ingest.ChatRecordParser;
import org.chatlake.ingest.ExportReader;
import org.chatlake.ingest.IngestCounts;
import org.chatlake.ingest.InputPlanner;
import org.chatlake.ingest.MessageRecordParser;
import org.chatlake.ingest.RecordParser;
import org.chatlake.metrics.DailyTables;
import org.chatlake.model.ChatSchema;
import org.chatlake.model.Columns;
import org.chatlake.model.MessageSchema;
import org.chatlake.model.Tables;
import org.chatlake.output.OutputLayout;
import org.chatlake.output.PartitionCommitter;
import org.chatlake.output.RunLock;
import org.chatlake.output.RunSummary;
import org.chatlake.transform.ChatAgents;
import org.chatlake.transform.ChatMessageColumns;
import org.chatlake.transform.ChatNormaliser;
import org.chatlake.transform.Conform;
import org.chatlake.transform.LatestState;
import org.chatlake.transform.MessageNormaliser;
import org.chatlake.transform.MessageTimeline;
import org.chatlake.transform.Unrecognised;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run: ingest the exports, normalise and deduplicate, merge with the existing output of the
 * touched dates, compute the daily tables, stage everything and commit it at once.
 */
public final class ChatPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(ChatPipeline.class);
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * Above this many input rows a row table is not shuffled into one file per date: the shuffle of
   * wide rows costs more than the extra files (at 100k chats, 5 of 25 seconds).
   */
  static final long ONE_FILE_PER_DATE_MAX_ROWS = 50_000;

  private final SparkSession spark;
  private final JobOptions options;
  private final RunSummary summary;
  private final OutputLayout layout;
  private final Instant startedAt = Instant.now();
  /** What this run cached, and how to free each. */
  private final java.util.Map<Dataset<?>, Runnable> cached = new java.util.IdentityHashMap<>();
  private final List<String> stagedTables = new ArrayList<>();
  private long stageStart = System.nanoTime();

  public ChatPipeline(SparkSession spark, JobOptions options) {
    this.spark = spark;
    this.options = options;
    this.summary = new RunSummary(RUN_ID.format(startedAt)
        + String.format("-%04x", ThreadLocalRandom.current().nextInt(0x10000)));
    this.layout = new OutputLayout(options.output());
  }

  public RunSummary summary() {
    return summary;
  }

  public RunSummary run() throws IOException {
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    // The cached rows live for one run only: compressing them (dictionary statistics over long
    // texts) costs more CPU than the memory it saves.
    spark.conf().set("spark.sql.inMemoryColumnarStorage.compressed", "false");
    // Let AQE coalesce the partitions of stages that read cached data (else 200 tasks each).
    spark.conf().set("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "true");
    FileSystem fs = layout.root().getFileSystem(spark.sparkContext().hadoopConfiguration());
    summary.startedAt = startedAt.toString();
    describeOptions();
    LOG.info("Run {} starting: {} chat input(s), {} message input(s) -> {}", summary.runId,
        options.inputs().size(), options.messageInputs().size(), options.output());
    try (RunLock lock = RunLock.acquire(fs, layout.lock(), summary.runId)) {
      PartitionCommitter committer = new PartitionCommitter(fs, layout);
      committer.recover();
      try {
        execute(fs, committer);
      } catch (RuntimeException | IOException e) {
        committer.abort(summary.runId);
        throw e;
      } finally {
        cached.values().forEach(Runnable::run);
      }
    }
    return summary;
  }

  private void execute(FileSystem fs, PartitionCommitter committer) throws IOException {
    boolean outputExists = fs.exists(layout.table(Tables.CHATS));
    JobOptions.Mode mode = options.mode() != null ? options.mode()
        : outputExists ? JobOptions.Mode.INCREMENTAL : JobOptions.Mode.FULL;
    summary.options.put("mode", mode.name().toLowerCase(Locale.ROOT));
    InputPlanner planner = new InputPlanner(spark.sparkContext().hadoopConfiguration(),
        options.splitBytes(), spark.sparkContext().defaultParallelism());

    Dataset<Row> chatRows = ingest(planner, options.inputs(), new ChatRecordParser(), summary.chats,
        summary.chatInputs, "chats");
    Dataset<Row> messageRows = null;
    if (!options.messageInputs().isEmpty()) {
      summary.messages = new RunSummary.InputCounts();
      messageRows = ingest(planner, options.messageInputs(), new MessageRecordParser(), summary.messages,
          summary.messageInputs, "messages");
    }
    time("ingest");
    checkRejectRatio(fs, committer, chatRows, messageRows);

    // A projection of the cached parsed rows: caching it again would only copy them.
    Dataset<Row> candidates = ChatNormaliser.normalise(
            IngestCounts.records(chatRows, ChatSchema.PARSED), options.timezone(), startedAt)
        .withColumnRenamed("source_offset", LatestState.POSITION);
    // One small cached table answers how many distinct chats came in and which came more than once.
    Dataset<Row> chatIdCounts = cache(candidates.groupBy(col(Columns.CHAT_ID)).count());
    summary.chats.kept = chatIdCounts.count();
    summary.chats.duplicates = summary.chats.read - summary.chats.rejected - summary.chats.kept;
    Dataset<Row> repeatedChatIds = chatIdCounts.where(col("count").gt(1)).select(col(Columns.CHAT_ID));
    List<Object> candidateDates = datesAndUnrecognised(candidates);

    Dataset<Row> newMessages = null;
    if (messageRows != null) {
      newMessages = cache(MessageNormaliser.normalise(
          IngestCounts.records(messageRows, MessageSchema.PARSED), startedAt));
      summary.messages.kept = newMessages.select("message_id").distinct().count();
      summary.messages.duplicates = summary.messages.read - summary.messages.rejected - summary.messages.kept;
    }

    stageRejects(chatRows, messageRows);

    boolean incremental = mode == JobOptions.Mode.INCREMENTAL && outputExists;
    MessageStage messageStage = new MessageStage(spark, layout, options.timezone(), incremental);
    java.util.LinkedHashSet<Object> touched = new java.util.LinkedHashSet<>(candidateDates);
    if (newMessages != null || messageStage.hasExistingMessages()) {
      touched.addAll(messageStage.extraDates(newMessages, candidates));
    }
    List<Object> touchedDates = new ArrayList<>(touched);
    Dataset<Row> merged = candidates;
    if (incremental) {
      Dataset<Row> existing = ExistingOutput.chatsWithAgents(spark, layout, touchedDates);
      summary.chats.extra.put("existing_rows_merged", existing.count());
      merged = candidates.unionByName(existing, true);
    }
    Dataset<Row> latest = incremental ? LatestState.latestChats(merged)
        : LatestState.latestChats(candidates, repeatedChatIds);

    Dataset<Row> messages = messageStage.allMessages(newMessages, touchedDates);
    if (messages != null) {
      messages = cache(messages);
      latest = ChatMessageColumns.attach(latest, MessageTimeline.perChat(messages));
    }
    Dataset<Row> chatsWithAgents = cacheRows(latest);
    time("transform");

    String run = summary.runId;
    stage(Conform.to(chatsWithAgents, ChatSchema.CHATS), Tables.CHATS, "chat_id");
    release(chatRows);
    stage(Conform.to(ChatAgents.of(chatsWithAgents), ChatSchema.CHAT_AGENTS), Tables.CHAT_AGENTS, "chat_id");
    if (messages != null) {
      Dataset<Row> placed = cache(messageStage.place(messages, chatsWithAgents));
      long orphans = placed.where(col("is_orphan")).count();
      if (summary.messages == null) {
        summary.messages = new RunSummary.InputCounts();
      }
      summary.messages.extra.put("orphans", orphans);
      stage(Conform.to(placed, MessageSchema.MESSAGES), Tables.MESSAGES, "message_id");
      release(placed);
      release(messages);
      release(newMessages);
      release(messageRows);
    }
    // The metric tables read a few columns of the chats: a narrow copy keeps their passes cheap.
    Dataset<Row> chats = cache(Conform.project(chatsWithAgents, DailyTables.INPUT_SCHEMA));
    Dataset<Row> departmentNames = DailyTables.departmentNames(chats);
    // A handful of rows: held on the driver, they join as a local relation without another pass.
    departmentNames = spark.createDataFrame(departmentNames.collectAsList(), departmentNames.schema());
    stageSmall(DailyTables.departmentDaily(chats, departmentNames), Tables.DEPARTMENT_DAILY, "department_id");
    stageSmall(DailyTables.agentDaily(chats), Tables.AGENT_DAILY, "assignee_id");
    stageSmall(DailyTables.ratingDaily(chats, departmentNames), Tables.RATING_DAILY, "department_id");
    stageSmall(DailyTables.statusDaily(chats, departmentNames), Tables.STATUS_DAILY, "department_id");
    for (Object d : touchedDates) {
      summary.datesWritten.add(String.valueOf(d));
    }
    java.util.Collections.sort(summary.datesWritten);
    time("write");

    summary.status = "succeeded";
    finishSummary(fs);
    List<String> recomputed = new ArrayList<>();
    for (String table : stagedTables) {
      for (Object d : touchedDates) {
        recomputed.add(table + "/" + OutputLayout.datePartition(d));
      }
    }
    int partitions = committer.commit(run, recomputed);
    time("commit");
    LOG.info("Run {} committed {} partition(s)", run, partitions);
  }

  private Dataset<Row> ingest(InputPlanner planner, List<String> inputs, RecordParser parser,
      RunSummary.InputCounts counts, List<String> inputNames, String what) throws IOException {
    inputNames.addAll(inputs);
    List<FileStatus> files;
    try {
      files = planner.listFiles(inputs);
    } catch (InputPlanner.InputNotFoundException e) {
      throw new JobFailure(JobFailure.USAGE, e.getMessage());
    }
    if (files.isEmpty()) {
      throw new JobFailure(JobFailure.USAGE, "no " + what + " files found under " + inputs);
    }
    List<List<org.chatlake.ingest.ReadUnit>> tasks = planner.plan(files);
    long bytes = files.stream().mapToLong(FileStatus::getLen).sum();
    LOG.info("Reading {} {} file(s), {} MB, in {} task(s)", files.size(), what, bytes >> 20, tasks.size());
    JavaRDD<InternalRow> rows = ExportReader.readInternal(spark, tasks, parser);
    long largestTask = tasks.stream().mapToLong(InputPlanner::estimatedBytes).max().orElse(0);
    if (largestTask > 2 * options.splitBytes()) {
      // A large file that cannot be split (an API page, an array, gzip) is read by one task; one
      // shuffle spreads its rows so that no cached partition outgrows the heap.
      int partitions = (int) Math.max(spark.sparkContext().defaultParallelism(),
          tasks.stream().mapToLong(InputPlanner::estimatedBytes).sum() / options.splitBytes() + 1);
      LOG.info("Largest {} task reads about {} MB: spreading its rows over {} partitions", what,
          largestTask >> 20, partitions);
      rows = rows.repartition(partitions);
    }
    // Every later pass reads these rows: cached as Spark's binary rows (not as a columnar table,
    // whose building costs more than the parse for rows this wide).
    JavaRDD<InternalRow> persisted = rows.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> ingested = ExportReader.asDataFrame(spark, persisted, parser);
    cached.put(ingested, () -> persisted.unpersist(true));
    IngestCounts.collect(ingested, counts);
    LOG.info("Read {} {} record(s): {} rejected {}", counts.read, what, counts.rejected, counts.rejectedByReason);
    return ingested;
  }

  private void checkRejectRatio(FileSystem fs, PartitionCommitter committer, Dataset<Row> chatRows,
      Dataset<Row> messageRows) throws IOException {
    long read = summary.chats.read + (summary.messages == null ? 0 : summary.messages.read);
    long rejected = summary.chats.rejected + (summary.messages == null ? 0 : summary.messages.rejected);
    double ratio = read == 0 ? 1.0 : (double) rejected / read;
    if (ratio <= options.maxRejectRatio()) {
      return;
    }
    String message = String.format(Locale.ROOT,
        "%d of %d input records rejected (%.2f%%), more than --max-reject-ratio %s; output left unchanged, rejects in %s",
        rejected, read, ratio * 100, options.maxRejectRatio(),
        new Path(layout.table(Tables.REJECTS), Columns.RUN_ID + "=" + summary.runId));
    // Publish the rejects and the summary only, so the user can see why.
    stageRejects(chatRows, messageRows);
    summary.status = "failed";
    summary.error = message;
    finishSummary(fs);
    committer.commit(summary.runId, List.of());
    throw new JobFailure(JobFailure.TOO_MANY_REJECTS, message);
  }

  private void stageRejects(Dataset<Row> chatRows, Dataset<Row> messageRows) {
    Dataset<Row> rejects = IngestCounts.rejects(chatRows, "chats");
    if (messageRows != null) {
      rejects = rejects.unionByName(IngestCounts.rejects(messageRows, "messages"));
    }
    rejects = rejects.withColumn("rejected_at", lit(java.sql.Timestamp.from(startedAt)))
        .withColumn(Columns.RUN_ID, lit(summary.runId));
    rejects.coalesce(1).sortWithinPartitions("source_file", "byte_offset").write().mode(SaveMode.Overwrite)
        .partitionBy(Columns.RUN_ID).parquet(layout.stagedTable(summary.runId, Tables.REJECTS).toString());
    summary.rowsWritten.put(Tables.REJECTS, summary.chats.rejected
        + (summary.messages == null ? 0 : summary.messages.rejected));
  }

  /**
   * Writes a table into the run's staging area sorted by date and a key, one file per date. Large
   * row tables (chats, messages) are written as their tasks hold them instead, a file per task
   * and date, so their wide rows are not shuffled once more.
   */
  private void stage(Dataset<Row> table, String name, String sortKey) {
    String path = layout.stagedTable(summary.runId, name).toString();
    long inputRows = name.equals(Tables.MESSAGES) && summary.messages != null ? summary.messages.kept
        : summary.chats.kept;
    boolean wide = (name.equals(Tables.CHATS) || name.equals(Tables.MESSAGES) || name.equals(Tables.CHAT_AGENTS))
        && inputRows > ONE_FILE_PER_DATE_MAX_ROWS;
    Dataset<Row> laidOut = wide ? table : table.repartition(col(Columns.REPORT_DATE));
    laidOut.sortWithinPartitions(col(Columns.REPORT_DATE), col(sortKey))
        .write().mode(SaveMode.Overwrite).partitionBy(Columns.REPORT_DATE).parquet(path);
    long rows = hasPartitions(path) ? spark.read().parquet(path).count() : 0;
    summary.rowsWritten.put(name, rows);
    stagedTables.add(name);
    LOG.info("Staged {}: {} rows", name, rows);
  }

  /**
   * Writes a small table (a metric table: rows per date and department, agent, status...) from
   * the driver: computed and collected in one job, sorted, then written as one file per date. Its
   * row count is known without reading it back, and no shuffle lays it out.
   */
  private void stageSmall(Dataset<Row> table, String name, String sortKey) {
    Column[] order = {col(Columns.REPORT_DATE), col(sortKey)};
    List<Row> rows = table.coalesce(1).sortWithinPartitions(order).collectAsList();
    String path = layout.stagedTable(summary.runId, name).toString();
    spark.createDataFrame(rows, table.schema()).coalesce(1).sortWithinPartitions(order)
        .write().mode(SaveMode.Overwrite).partitionBy(Columns.REPORT_DATE).parquet(path);
    summary.rowsWritten.put(name, (long) rows.size());
    stagedTables.add(name);
    LOG.info("Staged {}: {} rows", name, rows.size());
  }

  /** Spark writes no partition directory (and no schema) for an empty table. */
  private boolean hasPartitions(String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(p) && fs.listStatus(p, f -> f.getName().contains("=")).length > 0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The report dates of the candidates, in one pass that also counts their unrecognised values
   * into the summary.
   */
  private List<Object> datesAndUnrecognised(Dataset<Row> candidates) {
    List<Row> rows = candidates
        .select(col(Columns.REPORT_DATE), explode_outer(Unrecognised.values()).as("u"))
        .groupBy(col(Columns.REPORT_DATE), col("u.f"), col("u.v"))
        .count()
        .collectAsList();
    java.util.Set<Object> dates = new java.util.LinkedHashSet<>();
    for (Row r : rows) {
      dates.add(r.get(0));
      if (!r.isNullAt(1)) {
        Unrecognised.add(summary.unrecognised, r.getString(1), r.getString(2), r.getLong(3));
      }
    }
    return new ArrayList<>(dates);
  }

  private void finishSummary(FileSystem fs) throws IOException {
    summary.finishedAt = Instant.now().toString();
    summary.timingsMs.put("total", java.time.Duration.between(startedAt, Instant.now()).toMillis());
    summary.write(fs, layout.stagedSummary(summary.runId));
    LOG.info("\n{}", summary.toTable());
  }

  private void describeOptions() {
    summary.options.put("output", options.output());
    summary.options.put("timezone", options.timezone());
    summary.options.put("max_reject_ratio", options.maxRejectRatio());
    summary.options.put("spark_master", spark.sparkContext().master());
  }

  /**
   * Caches wide rows as Spark's binary rows (an RDD of {@code UnsafeRow}s) and reads them back as
   * a DataFrame of the same schema: far cheaper to build than the columnar cache of {@link #cache},
   * which pays off only for narrow rows read a few columns at a time.
   */
  private Dataset<Row> cacheRows(Dataset<Row> ds) {
    org.apache.spark.rdd.RDD<InternalRow> rows = ((org.apache.spark.sql.classic.Dataset<Row>) ds)
        .queryExecution().toRdd()
        .toJavaRDD().map(InternalRow::copy).rdd() // toRdd reuses its row objects
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> cachedRows = ((org.apache.spark.sql.classic.SparkSession) spark)
        .internalCreateDataFrame(rows, ds.schema(), false);
    cached.put(cachedRows, () -> rows.unpersist(true));
    return cachedRows;
  }

  private <T> Dataset<T> cache(Dataset<T> ds) {
    Dataset<T> persisted = ds.persist(StorageLevel.MEMORY_AND_DISK());
    cached.put(persisted, persisted::unpersist);
    return persisted;
  }

  /** Frees a cached dataset as soon as nothing downstream reads it. */
  private void release(Dataset<?> ds) {
    Runnable free = ds == null ? null : cached.remove(ds);
    if (free != null) {
      free.run();
    }
  }

  private void time(String stage) {
    long now = System.nanoTime();
    summary.timingsMs.put(stage, (now - stageStart) / 1_000_000);
    stageStart = now;
  }
}
