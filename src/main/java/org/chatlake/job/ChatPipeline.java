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
import org.apache.spark.api.java.JavaRDD;
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
import org.chatlake.model.Columns;
import org.chatlake.model.Tables;
import org.chatlake.output.DeltaTables;
import org.chatlake.output.OutputLayout;
import org.chatlake.output.RunSummary;
import org.chatlake.output.TableWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run, as a short sequence of named steps: complete any run that died mid-commit, ingest the
 * exports, compute the changes against the output as it was when the run started, stage them
 * (all but the chats, the first commit, made from memory), then commit them table by table (row
 * tables merged by key, daily tables recomputed from the stored chats). The ledger
 * {@code _runs/<run_id>.json} records each step.
 */
public final class ChatPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(ChatPipeline.class);
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** Ledger statuses. A run that is not {@link #SUCCEEDED} and not {@link #COMMITTING} changed no table. */
  public static final String STARTED = "started";
  public static final String COMMITTING = "committing";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String COMPLETED_BY_LATER_RUN = "completed_by_later_run";

  /**
   * Up to this many changed rows a table's changes are laid out one file per date: above it the
   * shuffle of wide rows costs more than the extra files (at 100k chats, 5 of 25 seconds).
   */
  static final long ONE_FILE_PER_DATE_MAX_ROWS = 50_000;

  private final SparkSession spark;
  private final JobOptions options;
  private final RunSummary summary;
  private final OutputLayout layout;
  private final DeltaTables tables;
  private final TableWrites writes;
  private final Instant startedAt = Instant.now();
  private final RunCache cache;
  private final RunChanges changes;
  private FileSystem fs;
  private long stageStart = System.nanoTime();

  public ChatPipeline(SparkSession spark, JobOptions options) {
    this.spark = spark;
    this.options = options;
    this.summary = new RunSummary(RUN_ID.format(startedAt)
        + String.format("-%04x", ThreadLocalRandom.current().nextInt(0x10000)));
    this.layout = new OutputLayout(options.output());
    this.tables = new DeltaTables(spark, layout);
    this.writes = new TableWrites(tables, java.util.Map.of(DeltaTables.TIMEZONE_PROPERTY, options.timezone()));
    this.cache = new RunCache(spark);
    this.changes = new RunChanges(options, summary, startedAt, cache);
  }

  public RunSummary summary() {
    return summary;
  }

  public RunSummary run() throws IOException {
    begin();
    LOG.info("Run {} starting: {} chat input(s), {} message input(s) -> {}", summary.runId,
        options.inputs().size(), options.messageInputs().size(), options.output());
    // Usage errors (unsafe paths, no input files, another time zone) are found before anything is written.
    List<String> allInputs = new ArrayList<>(options.inputs());
    allInputs.addAll(options.messageInputs());
    OutputPathCheck.check(options.output(), allInputs, spark.sparkContext().hadoopConfiguration());
    List<FileStatus> chatFiles = listFiles(options.inputs(), "chats");
    List<FileStatus> messageFiles = options.messageInputs().isEmpty() ? null
        : listFiles(options.messageInputs(), "messages");
    refuseAnotherTimezone();
    return runSteps(() -> execute(chatFiles, messageFiles));
  }

  /**
   * {@code chatlake recompute}: every chat's message and service columns recomputed from the
   * stored chats and messages with this run's config, and the daily tables of every date; staged
   * and committed as a run's changes are (a recompute is a run in the ledger).
   */
  public RunSummary recompute() throws IOException {
    begin();
    summary.options.put("command", "recompute");
    OutputPathCheck.check(options.output(), List.of(), spark.sparkContext().hadoopConfiguration());
    if (!tables.exists(Tables.CHATS)) {
      throw new JobFailure(JobFailure.USAGE, "no chats table under " + options.output() + "; nothing to recompute");
    }
    refuseAnotherTimezone();
    return runSteps(() -> {
      java.util.Map<String, Long> base = tables.versions(Tables.RUN_TABLES);
      summary.baseVersions.putAll(base);
      RunChanges.Changes recomputed = changes.recomputed(new ExistingOutput(tables, base));
      time("transform");
      commitChanges(recomputed, base, true);
    });
  }

  /** What every run does first: the session set for it, the ledger's start, the options described. */
  private void begin() throws IOException {
    configureSession();
    fs = layout.root().getFileSystem(spark.sparkContext().hadoopConfiguration());
    summary.startedAt = startedAt.toString();
    summary.status = STARTED;
    describeOptions();
  }

  private interface Step {
    void run() throws IOException;
  }

  /**
   * Writes the ledger, keeps a heartbeat going (other runs then leave this one to finish), completes
   * dead runs, runs the step; a failure is recorded in the ledger.
   */
  private RunSummary runSteps(Step step) throws IOException {
    RunHeartbeat alive = null;
    try {
      summary.write(fs, layout.runSummary(summary.runId));
      alive = RunHeartbeat.start(fs, layout.runHeartbeat(summary.runId), summary.runId);
      Recovery recovery = new Recovery(spark, tables, writes);
      summary.completedRuns.addAll(recovery.completeUnfinishedRuns(summary.runId));
      recovery.dropAbandonedChanges(summary.runId);
      step.run();
    } catch (RuntimeException | IOException e) {
      recordFailure(e);
      throw e;
    } finally {
      if (alive != null) {
        alive.close();
      }
      cache.close();
      spark.conf().unset(DeltaTables.USER_METADATA);
    }
    return summary;
  }

  private static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";

  private void configureSession() {
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    // The cached rows live for one run only: compressing them (dictionary statistics over long
    // texts) costs more CPU than the memory it saves.
    spark.conf().set("spark.sql.inMemoryColumnarStorage.compressed", "false");
    // Let AQE coalesce the partitions of stages that read cached data (else 200 tasks each).
    spark.conf().set("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "true");
    // Delta rebuilds a table's state after each commit in this many tasks (default 50): a log of a
    // few thousand files needs no more than the cores there are.
    if (!spark.sparkContext().getConf().contains(SNAPSHOT_PARTITIONS)) {
      spark.conf().set(SNAPSHOT_PARTITIONS, String.valueOf(
          Math.min(50, Math.max(1, spark.sparkContext().defaultParallelism()))));
    }
    // Every commit names its run, so history() and RESTORE can find a run's versions.
    spark.conf().set(DeltaTables.USER_METADATA, DeltaTables.commitMarker(summary.runId));
  }

  /** The output keeps the report time zone it was first written with (output.md). */
  private void refuseAnotherTimezone() {
    String zone = tables.property(Tables.CHATS, DeltaTables.TIMEZONE_PROPERTY);
    if (zone != null && !zone.equals(options.timezone())) {
      throw new JobFailure(JobFailure.USAGE, "--timezone " + options.timezone() + " differs from " + zone
          + ", the time zone " + options.output() + " was written with; use --timezone " + zone
          + " or a new --output");
    }
  }

  private void execute(List<FileStatus> chatFiles, List<FileStatus> messageFiles) throws IOException {
    JobOptions.Mode mode = options.mode() != null ? options.mode() : JobOptions.Mode.INCREMENTAL;
    summary.options.put("mode", mode.name().toLowerCase(Locale.ROOT));
    java.util.Map<String, Long> base = tables.versions(Tables.RUN_TABLES);
    summary.baseVersions.putAll(base);
    ExistingOutput existing = new ExistingOutput(tables, base);

    Dataset<Row> chatRows = ingestChats(chatFiles);
    Dataset<Row> messageRows = ingestMessages(messageFiles);
    time("ingest");
    checkRejectRatio(chatRows, messageRows);
    writeRejects(chatRows, messageRows);

    RunChanges.Changes changed = changes.of(chatRows, messageRows, existing, mode);
    cache.release(chatRows);
    cache.release(messageRows);
    time("transform");
    if (changed.chatCount() == 0 && changed.messageCount() == 0) {
      LOG.info("Run {}: no chats or messages in the input; no table changed", summary.runId);
      succeed();
      return;
    }
    commitChanges(changed, base, mode == JobOptions.Mode.INCREMENTAL);
  }

  /** Stages the changes, then commits them table by table and recomputes the daily tables of their dates. */
  private void commitChanges(RunChanges.Changes changes, java.util.Map<String, Long> base, boolean keepNewerStored)
      throws IOException {
    Dataset<Row> chats = stage(changes);
    time("stage");

    summary.status = COMMITTING;
    summary.write(fs, layout.runSummary(summary.runId));
    try {
      new RunCommits(spark, tables, writes).commit(summary, base, keepNewerStored,
          new ArrayList<>(changes.dates()), chats);
    } catch (RuntimeException e) {
      // Failed before its chats commit went in: nothing changed, and nothing is left to complete.
      if (summary.committedVersions.isEmpty() && !chatsCommitted(base.get(Tables.CHATS))) {
        discardStaged();
      }
      throw e;
    }
    time("commit");
    LOG.info("Run {} committed {}", summary.runId, summary.committedVersions);
    discardStaged();
    succeed();
  }

  private Dataset<Row> ingest(List<FileStatus> files, RecordParser parser, RunSummary.InputCounts counts,
      String what) throws IOException {
    InputPlanner planner = planner();
    List<List<org.chatlake.ingest.ReadUnit>> tasks = planner.plan(files);
    long bytes = files.stream().mapToLong(FileStatus::getLen).sum();
    LOG.info("Reading {} {} file(s), {} MB, in {} task(s)", files.size(), what, bytes >> 20, tasks.size());
    JavaRDD<InternalRow> rows = ExportReader.readInternal(spark, tasks, parser);
    long largestTask = tasks.stream().mapToLong(InputPlanner::estimatedBytes).max().orElse(0);
    if (largestTask / 2 > options.splitBytes()) {
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
    cache.register(ingested, () -> persisted.unpersist(true));
    IngestCounts.collect(ingested, counts);
    LOG.info("Read {} {} record(s): {} rejected {}", counts.read, what, counts.rejected, counts.rejectedByReason);
    return ingested;
  }

  private Dataset<Row> ingestChats(List<FileStatus> files) throws IOException {
    summary.chatInputs.addAll(options.inputs());
    return ingest(files, new ChatRecordParser(), summary.chats, "chats");
  }

  private Dataset<Row> ingestMessages(List<FileStatus> files) throws IOException {
    if (files == null) {
      return null;
    }
    summary.messages = new RunSummary.InputCounts();
    summary.messageInputs.addAll(options.messageInputs());
    return ingest(files, new MessageRecordParser(), summary.messages, "messages");
  }

  private List<FileStatus> listFiles(List<String> inputs, String what) throws IOException {
    List<FileStatus> files;
    try {
      files = planner().listFiles(inputs);
    } catch (InputPlanner.InputNotFoundException e) {
      throw new JobFailure(JobFailure.USAGE, e.getMessage());
    }
    if (files.isEmpty()) {
      throw new JobFailure(JobFailure.USAGE, "no " + what + " files found under " + inputs);
    }
    return files;
  }

  private InputPlanner planner() {
    return new InputPlanner(spark.sparkContext().hadoopConfiguration(), options.splitBytes(),
        spark.sparkContext().defaultParallelism());
  }

  /**
   * Writes the changes of every row table but chats under {@code _runs/<run_id>/} before the first
   * commit: each commit reads them from there, and a later run completes the commits of a run
   * that died between two. The chats are the first commit, made from the run's cached rows: only
   * their ids are staged (the chat_agents commit needs them), and a run that dies before that
   * commit has changed nothing. Returns the chats, laid out for their commit.
   */
  private Dataset<Row> stage(RunChanges.Changes changes) {
    boolean small = changes.chatCount() <= ONE_FILE_PER_DATE_MAX_ROWS;
    changes.chatIds().write().mode(SaveMode.Overwrite)
        .parquet(layout.stagedChatIds(summary.runId).toString());
    summary.rowsWritten.put(Tables.CHATS, changes.chatCount());
    stage(Tables.CHAT_AGENTS, changes.chatAgents(), "chat_id", -1, small);
    if (changes.messages() != null) {
      stage(Tables.MESSAGES, changes.messages(), "message_id", changes.messageCount(),
          changes.messageCount() <= ONE_FILE_PER_DATE_MAX_ROWS);
    }
    List<Object> dates = new ArrayList<>(changes.dates());
    summary.datesWritten.clear();
    dates.stream().map(d -> d == null ? null : d.toString())
        .sorted(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
        .forEach(summary.datesWritten::add);
    return laidOut(changes.chats(), "chat_id", small);
  }

  private void stage(String table, Dataset<Row> rows, String sortKey, long count, boolean small) {
    laidOut(rows, sortKey, small)
        .write().mode(SaveMode.Overwrite).parquet(layout.stagedChanges(summary.runId, table).toString());
    summary.stagedTables.add(table);
    if (count >= 0) {
      summary.rowsWritten.put(table, count);
    }
    LOG.info("Staged the changes of {}{}", table, count >= 0 ? ": " + count + " rows" : "");
  }

  /**
   * A small table is laid out one file per date (sorted by its key); a large one is written as its
   * tasks hold it, sparing a shuffle of the wide rows.
   */
  private static Dataset<Row> laidOut(Dataset<Row> rows, String sortKey, boolean small) {
    return (small ? rows.repartition(col(Columns.REPORT_DATE)) : rows)
        .sortWithinPartitions(col(Columns.REPORT_DATE), col(sortKey));
  }

  private void discardStaged() throws IOException {
    fs.delete(layout.changes(summary.runId), true);
  }

  private void checkRejectRatio(Dataset<Row> chatRows, Dataset<Row> messageRows) throws IOException {
    // Records a truncated file held beyond the break count as read and rejected: a file cut at 10%
    // must not pass as "1 reject".
    long lost = summary.chats.recordsLostEstimate
        + (summary.messages == null ? 0 : summary.messages.recordsLostEstimate);
    long read = summary.chats.read + (summary.messages == null ? 0 : summary.messages.read) + lost;
    long rejected = summary.chats.rejected + (summary.messages == null ? 0 : summary.messages.rejected) + lost;
    // A quiet day (no records at all) is a success: 0 of 0 is a ratio of 0.
    double ratio = read == 0 ? 0.0 : (double) rejected / read;
    if (ratio <= options.maxRejectRatio()) {
      return;
    }
    String message = String.format(Locale.ROOT,
        "%d of %d input records rejected%s (%.2f%%), more than --max-reject-ratio %s; no table changed, rejects in %s",
        rejected, read, lost == 0 ? "" : String.format(Locale.ROOT, " (about %d of them lost in truncated files)", lost),
        ratio * 100, options.maxRejectRatio(), layout.table(Tables.REJECTS));
    // Publish the rejects and the ledger only, so the user can see why.
    writeRejects(chatRows, messageRows);
    throw new JobFailure(JobFailure.TOO_MANY_REJECTS, message);
  }

  private void writeRejects(Dataset<Row> chatRows, Dataset<Row> messageRows) {
    long count = summary.chats.rejected + (summary.messages == null ? 0 : summary.messages.rejected);
    if (count == 0 || summary.rowsWritten.containsKey(Tables.REJECTS)) {
      return;
    }
    Dataset<Row> rejects = IngestCounts.rejects(chatRows, "chats");
    if (messageRows != null) {
      rejects = rejects.unionByName(IngestCounts.rejects(messageRows, "messages"));
    }
    rejects = rejects.withColumn("rejected_at", lit(java.sql.Timestamp.from(startedAt)))
        .withColumn(Columns.RUN_ID, lit(summary.runId));
    writes.appendRejects(Tables.REJECTS, rejects.coalesce(1).sortWithinPartitions("source_file", "byte_offset"));
    summary.rowsWritten.put(Tables.REJECTS, count);
  }

  private void succeed() throws IOException {
    summary.status = SUCCEEDED;
    finishSummary();
  }

  /**
   * A run that fails before its first commit changed no table (only rejects); one that fails
   * after it stays {@code committing}, and the next run completes it.
   */
  private void recordFailure(Exception e) {
    try {
      if (!COMMITTING.equals(summary.status) || summary.committedVersions.isEmpty() && !isStaged()) {
        summary.status = FAILED;
      }
      summary.error = e instanceof JobFailure ? e.getMessage() : String.valueOf(e);
      finishSummary();
    } catch (IOException | RuntimeException again) {
      LOG.warn("Could not record the failure of run {} in its ledger", summary.runId, again);
    }
  }

  /**
   * Whether this run's chats commit is in the log (a failure can come after it, before the ledger
   * recorded it); when the log cannot be read, the staged changes are kept for the next run.
   */
  private boolean chatsCommitted(long baseVersion) {
    try {
      return tables.versionCommittedBy(Tables.CHATS, summary.runId, baseVersion) >= 0;
    } catch (RuntimeException e) {
      return true;
    }
  }

  private boolean isStaged() throws IOException {
    return fs.exists(layout.changes(summary.runId));
  }

  private void finishSummary() throws IOException {
    summary.finishedAt = Instant.now().toString();
    summary.timingsMs.put("total", java.time.Duration.between(startedAt, Instant.now()).toMillis());
    summary.write(fs, layout.runSummary(summary.runId));
    LOG.info("\n{}", summary.toTable());
  }

  private void describeOptions() {
    summary.options.put("output", options.output());
    summary.options.put("timezone", options.timezone());
    summary.options.put("max_reject_ratio", options.maxRejectRatio());
    summary.options.put("spark_master", spark.sparkContext().master());
    JobOptions.ServiceSetup service = options.service();
    if (service.config() != null) {
      summary.options.put("config", service.configPath());
      summary.options.put("config_sha256", service.config().contentHash());
    }
    if (service.asOf() != null) {
      summary.options.put("as_of", service.asOf().toString());
    }
  }

  private void time(String stage) {
    long now = System.nanoTime();
    summary.timingsMs.put(stage, (now - stageStart) / 1_000_000);
    stageStart = now;
  }
}
