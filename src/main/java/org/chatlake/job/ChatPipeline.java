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
import org.chatlake.model.ChatSchema;
import org.chatlake.model.Columns;
import org.chatlake.model.MessageSchema;
import org.chatlake.model.Tables;
import org.chatlake.output.DeltaTables;
import org.chatlake.output.KeyRange;
import org.chatlake.output.OutputLayout;
import org.chatlake.output.RunSummary;
import org.chatlake.output.TableWrites;
import org.chatlake.service.ServiceConfig;
import org.chatlake.transform.ChatAgents;
import org.chatlake.transform.ChatMessageColumns;
import org.chatlake.transform.ChatNormaliser;
import org.chatlake.transform.Conform;
import org.chatlake.transform.LatestState;
import org.chatlake.transform.MessageNormaliser;
import org.chatlake.transform.MessagePlacement;
import org.chatlake.transform.MessageTimeline;
import org.chatlake.transform.ServiceColumns;
import org.chatlake.transform.Unrecognised;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run, as a short sequence of named steps: complete any run that died mid-commit, ingest the
 * exports, compute the changes against the output as it was when the run started, stage them,
 * then commit them table by table (row tables merged by key, daily tables recomputed from the
 * stored chats). The ledger {@code _runs/<run_id>.json} records each step.
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
  /** What this run cached, and how to free each. */
  private final java.util.Map<Dataset<?>, Runnable> cached = new java.util.IdentityHashMap<>();
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
      Changes changes = recomputedChanges(new ExistingOutput(tables, base));
      time("transform");
      commitChanges(changes, base, true);
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

  /** Writes the ledger, completes dead runs, runs the step; a failure is recorded in the ledger. */
  private RunSummary runSteps(Step step) throws IOException {
    try {
      summary.write(fs, layout.runSummary(summary.runId));
      Recovery recovery = new Recovery(spark, tables, writes);
      summary.completedRuns.addAll(recovery.completeUnfinishedRuns(summary.runId));
      recovery.dropAbandonedChanges(summary.runId);
      step.run();
    } catch (RuntimeException | IOException e) {
      recordFailure(e);
      throw e;
    } finally {
      cached.values().forEach(Runnable::run);
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

    Changes changes = changes(chatRows, messageRows, existing, mode);
    release(chatRows);
    release(messageRows);
    time("transform");
    if (changes.chatCount() == 0 && changes.messageCount() == 0) {
      LOG.info("Run {}: no chats or messages in the input; no table changed", summary.runId);
      succeed();
      return;
    }
    commitChanges(changes, base, mode == JobOptions.Mode.INCREMENTAL);
  }

  /** Stages the changes, then commits them table by table and recomputes the daily tables of their dates. */
  private void commitChanges(Changes changes, java.util.Map<String, Long> base, boolean keepNewerStored)
      throws IOException {
    stage(changes);
    time("stage");

    summary.status = COMMITTING;
    summary.write(fs, layout.runSummary(summary.runId));
    try {
      new RunCommits(spark, tables, writes).commit(summary, base, keepNewerStored,
          new ArrayList<>(changes.dates));
    } catch (JobFailure e) {
      if (summary.committedVersions.isEmpty()) {
        discardStaged();
      }
      throw e;
    }
    time("commit");
    LOG.info("Run {} committed {}", summary.runId, summary.committedVersions);
    discardStaged();
    succeed();
  }

  /** What a run changes: the chats, their agents and messages as they should be stored, and the dates whose daily tables change. */
  private record Changes(Dataset<Row> chats, Dataset<Row> chatAgents, Dataset<Row> messages,
      java.util.Set<Object> dates, long chatCount, long messageCount) {}
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
    cached.put(ingested, () -> persisted.unpersist(true));
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
   * The run's changes, computed against the output as it was when the run started: the latest
   * state of every chat the input names (or whose messages it brings), with its message columns
   * recomputed from all its messages, the agents of those chats, and the messages of those chats
   * placed in their chat's report_date. The dates are the chats' new and stored report dates.
   */
  private Changes changes(Dataset<Row> chatRows, Dataset<Row> messageRows, ExistingOutput existing,
      JobOptions.Mode mode) {
    // A projection of the cached parsed rows: caching it again would only copy them.
    Dataset<Row> candidates = ChatNormaliser.normalise(
            IngestCounts.records(chatRows, ChatSchema.PARSED), options.timezone(), startedAt)
        .withColumnRenamed("source_offset", LatestState.POSITION);
    // One small cached table answers how many distinct chats came in and which came more than once.
    Dataset<Row> chatIdCounts = cache(candidates.groupBy(col(Columns.CHAT_ID)).count());
    summary.chats.kept = chatIdCounts.count();
    summary.chats.duplicates = summary.chats.read - summary.chats.rejected - summary.chats.kept;
    Dataset<Row> repeatedChatIds = chatIdCounts.where(col("count").gt(1)).select(col(Columns.CHAT_ID));
    java.util.Set<Object> dates = new java.util.LinkedHashSet<>(datesAndUnrecognised(candidates));

    Dataset<Row> newMessages = null;
    if (messageRows != null) {
      newMessages = cache(MessageNormaliser.normalise(
          IngestCounts.records(messageRows, MessageSchema.PARSED), startedAt));
      summary.messages.kept = newMessages.select("message_id").distinct().count();
      summary.messages.duplicates = summary.messages.read - summary.messages.rejected - summary.messages.kept;
    }

    Dataset<Row> inputChatIds = chatIdCounts.select(col(Columns.CHAT_ID));
    Dataset<Row> affectedChatIds = newMessages == null ? inputChatIds
        : inputChatIds.union(newMessages.select(col(Columns.CHAT_ID))).distinct();
    affectedChatIds = cache(affectedChatIds);
    // Their ids' range lets the reads of the stored rows below skip the files of other chats.
    KeyRange affectedRange = existing.has(Tables.CHATS) || existing.has(Tables.MESSAGES)
        ? KeyRange.of(affectedChatIds, Columns.CHAT_ID) : KeyRange.ALL;
    Dataset<Row> latest;
    Dataset<Row> stored = null;
    if (existing.has(Tables.CHATS)) {
      stored = existing.chatsWithAgents(affectedChatIds, affectedRange);
      if (mode == JobOptions.Mode.FULL) {
        // --mode full: the input's state replaces the stored state of the chats it holds; their
        // reopen_count and first_closed_at count the input's snapshots only (history.md).
        stored = stored.join(inputChatIds, "chat_id", "left_anti");
      }
      stored = cache(stored);
      summary.chats.extra.put("existing_rows_merged", stored.count());
      dates.addAll(collect(stored.select(Columns.REPORT_DATE).distinct()));
      latest = LatestState.latestChats(candidates.unionByName(stored, true));
    } else {
      latest = LatestState.latestChats(candidates, repeatedChatIds);
    }

    Dataset<Row> messages = null;
    if (newMessages != null || existing.has(Tables.MESSAGES)) {
      Dataset<Row> all = existing.messagesOfChats(affectedChatIds, affectedRange);
      all = newMessages == null ? all : newMessages.unionByName(all, true);
      messages = cache(LatestState.latestMessages(all));
      latest = ChatMessageColumns.attach(latest, MessageTimeline.perChat(messages));
    }
    ServiceConfig serviceConfig = options.service().config();
    if (serviceConfig != null) {
      latest = ServiceColumns.withDurations(latest, serviceConfig);
    }
    Dataset<Row> chats = cacheRows(latest);
    long chatCount = chats.count();

    Dataset<Row> placedMessages = null;
    long messageCount = 0;
    if (messages != null) {
      placedMessages = cache(MessagePlacement.place(messages, chats, options.timezone()));
      List<Row> counts = placedMessages.agg(count(lit(1)), sum(when(col("is_orphan"), 1).otherwise(0))).collectAsList();
      messageCount = counts.get(0).getLong(0);
      if (summary.messages == null) {
        summary.messages = new RunSummary.InputCounts();
      }
      summary.messages.extra.put("orphans", counts.get(0).isNullAt(1) ? 0L : counts.get(0).getLong(1));
    }
    recordDimensionIds(stored == null ? chats : chats.unionByName(stored, true), messages);
    if (serviceConfig != null) {
      SlaJudgement sla = new SlaJudgement(serviceConfig, options.service().asOf(), existing);
      Instant horizon = sla.horizon(chats, messages, affectedChatIds);
      summary.options.put("sla_judged_at", horizon == null ? null : horizon.toString());
      chats = sla.judge(chats, horizon);
      Dataset<Row> rejudged = sla.pendingJudgedAgain(affectedChatIds, horizon);
      if (rejudged != null) {
        rejudged = cache(rejudged);
        long count = rejudged.count();
        summary.chats.extra.put("sla_pending_judged_again", count);
        if (count > 0) {
          dates.addAll(collect(rejudged.select(Columns.REPORT_DATE).distinct()));
          chats = chats.unionByName(rejudged, true);
          chatCount += count;
        }
      }
    }
    return new Changes(Conform.to(chats, ChatSchema.CHATS), Conform.to(ChatAgents.of(chats), ChatSchema.CHAT_AGENTS),
        placedMessages == null ? null : Conform.to(placedMessages, MessageSchema.MESSAGES), dates, chatCount,
        messageCount);
  }

  /**
   * Every stored chat with its message columns (when there are messages) and service columns
   * computed again; the messages themselves do not change. The dates are all stored dates.
   */
  private Changes recomputedChanges(ExistingOutput existing) {
    Dataset<Row> allIds = cache(existing.table(Tables.CHATS, ChatSchema.CHATS).select(col(Columns.CHAT_ID)));
    Dataset<Row> latest = existing.chatsWithAgents(allIds);
    Dataset<Row> messages = null;
    if (existing.has(Tables.MESSAGES)) {
      messages = cache(existing.table(Tables.MESSAGES, MessageSchema.MESSAGES).drop(Columns.REPORT_DATE));
      latest = ChatMessageColumns.attach(latest, MessageTimeline.perChat(messages));
    }
    ServiceConfig serviceConfig = options.service().config();
    if (serviceConfig != null) {
      latest = ServiceColumns.withDurations(latest, serviceConfig);
    } else {
      latest = latest.drop(ServiceColumns.DURATION_COLUMNS.toArray(new String[0]))
          .drop(ServiceColumns.OUTCOME_COLUMNS.toArray(new String[0]));
    }
    Dataset<Row> chats = cacheRows(latest);
    long chatCount = chats.count();
    summary.chats.extra.put("recomputed", chatCount);
    if (serviceConfig != null) {
      SlaJudgement sla = new SlaJudgement(serviceConfig, options.service().asOf(), existing);
      Instant horizon = sla.horizon(chats, messages, allIds);
      summary.options.put("sla_judged_at", horizon == null ? null : horizon.toString());
      chats = sla.judge(chats, horizon);
    }
    java.util.Set<Object> dates = new java.util.LinkedHashSet<>(
        collect(chats.select(Columns.REPORT_DATE).distinct()));
    recordDimensionIds(chats, messages);
    return new Changes(Conform.to(chats, ChatSchema.CHATS), Conform.to(ChatAgents.of(chats), ChatSchema.CHAT_AGENTS),
        null, dates, chatCount, 0);
  }

  /**
   * The departments and agents whose dimension rows this run recomputes: those named by the
   * changed chats, as they are now and as they were stored, and by their messages. Kept in the
   * ledger, so that a later run completing this one recomputes the same ids.
   */
  private void recordDimensionIds(Dataset<Row> chatStates, Dataset<Row> messages) {
    Dataset<Row> agentIds = chatStates.select(col("assignee_id").as("id"))
        .union(chatStates.select(explode(col("agents.id")).as("id")));
    if (messages != null) {
      agentIds = agentIds.union(messages.select(col("agent_id").as("id")));
    }
    // Both lists in one query (one Spark job), sorted here.
    List<Row> ids = chatStates.select(lit(Tables.DEPARTMENTS).as("dimension"), col("department_id").as("id"))
        .union(agentIds.select(lit(Tables.AGENTS).as("dimension"), col("id")))
        .where(col("id").isNotNull()).distinct().collectAsList();
    for (String dimension : List.of(Tables.DEPARTMENTS, Tables.AGENTS)) {
      summary.dimensionIds.put(dimension, ids.stream().filter(r -> r.getString(0).equals(dimension))
          .map(r -> r.getLong(1)).sorted().toList());
    }
  }

  private static List<Object> collect(Dataset<Row> oneColumn) {
    return oneColumn.collectAsList().stream().map(r -> r.get(0)).toList();
  }

  /**
   * Writes the changes under {@code _runs/<run_id>/} before the first commit: each commit reads
   * them from there, and a later run completes the commits of a run that died between two.
   */
  private void stage(Changes changes) {
    boolean small = changes.chatCount() <= ONE_FILE_PER_DATE_MAX_ROWS;
    stage(Tables.CHATS, changes.chats(), "chat_id", changes.chatCount(), small);
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
  }

  /**
   * A small table is laid out one file per date (sorted by its key); a large one is written as its
   * tasks hold it, sparing a shuffle of the wide rows.
   */
  private void stage(String table, Dataset<Row> rows, String sortKey, long count, boolean small) {
    Dataset<Row> laidOut = small ? rows.repartition(col(Columns.REPORT_DATE)) : rows;
    laidOut.sortWithinPartitions(col(Columns.REPORT_DATE), col(sortKey))
        .write().mode(SaveMode.Overwrite).parquet(layout.stagedChanges(summary.runId, table).toString());
    summary.stagedTables.add(table);
    if (count >= 0) {
      summary.rowsWritten.put(table, count);
    }
    LOG.info("Staged the changes of {}{}", table, count >= 0 ? ": " + count + " rows" : "");
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

  private boolean isStaged() throws IOException {
    return fs.exists(layout.changes(summary.runId));
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
