package org.chatlake.job;

import static org.apache.spark.sql.functions.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.chatlake.ingest.IngestCounts;
import org.chatlake.model.ChatSchema;
import org.chatlake.model.Columns;
import org.chatlake.model.MessageSchema;
import org.chatlake.model.Tables;
import org.chatlake.output.KeyRanges;
import org.chatlake.output.RunSummary;
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

/**
 * A run's changes, computed against the output as it was when the run started: the chats as they
 * should be stored, their agents and messages, and the report dates whose daily tables change. The
 * input and duplicate counts, unrecognised values and the dimension ids go into the run summary.
 */
final class RunChanges {
  private final JobOptions options;
  private final RunSummary summary;
  private final Instant startedAt;
  private final RunCache cache;

  RunChanges(JobOptions options, RunSummary summary, Instant startedAt, RunCache cache) {
    this.options = options;
    this.summary = summary;
    this.startedAt = startedAt;
    this.cache = cache;
  }

  /**
   * What a run changes: the chats, their ids, their agents and messages as they should be stored,
   * and the dates whose daily tables change.
   */
  record Changes(Dataset<Row> chats, Dataset<Row> chatIds, Dataset<Row> chatAgents, Dataset<Row> messages,
      java.util.Set<Object> dates, long chatCount, long messageCount) {

    /** The changes of these computed chats and placed messages, conformed to their tables' schemas. */
    static Changes of(Dataset<Row> chats, Dataset<Row> placedMessages, java.util.Set<Object> dates, long chatCount,
        long messageCount) {
      // The ids come from the computed rows: Conform re-wraps its rows, so one column of the conformed
      // chats is read by converting every column of every row (4 s of a 1M-chat run).
      Dataset<Row> chatIds = chats.select(col(Columns.CHAT_ID)).where(col(Columns.CHAT_ID).isNotNull());
      return new Changes(Conform.to(chats, ChatSchema.CHATS), chatIds,
          Conform.to(ChatAgents.of(chats), ChatSchema.CHAT_AGENTS),
          placedMessages == null ? null : Conform.to(placedMessages, MessageSchema.MESSAGES), dates, chatCount,
          messageCount);
    }
  }

  /**
   * The run's changes, computed against the output as it was when the run started: the latest
   * state of every chat the input names (or whose messages it brings), with its message columns
   * recomputed from all its messages, the agents of those chats, and the messages of those chats
   * placed in their chat's report_date. The dates are the chats' new and stored report dates.
   */
  Changes of(Dataset<Row> chatRows, Dataset<Row> messageRows, ExistingOutput existing,
      JobOptions.Mode mode) {
    // A projection of the cached parsed rows: caching it again would only copy them.
    Dataset<Row> candidates = ChatNormaliser.normalise(
            IngestCounts.records(chatRows, ChatSchema.PARSED), options.timezone(), startedAt)
        .withColumnRenamed("source_offset", LatestState.POSITION);
    // One small cached table answers how many distinct chats came in and which came more than once.
    Dataset<Row> chatIdCounts = cache.columnar(candidates.groupBy(col(Columns.CHAT_ID)).count());
    summary.chats.kept = chatIdCounts.count();
    summary.chats.duplicates = summary.chats.read - summary.chats.rejected - summary.chats.kept;
    Dataset<Row> repeatedChatIds = chatIdCounts.where(col("count").gt(1)).select(col(Columns.CHAT_ID));
    java.util.Set<Object> dates = new java.util.LinkedHashSet<>(datesAndUnrecognised(candidates));

    Dataset<Row> newMessages = null;
    if (messageRows != null) {
      newMessages = cache.columnar(MessageNormaliser.normalise(
          IngestCounts.records(messageRows, MessageSchema.PARSED), startedAt));
      summary.messages.kept = newMessages.select("message_id").distinct().count();
      summary.messages.duplicates = summary.messages.read - summary.messages.rejected - summary.messages.kept;
    }

    Dataset<Row> inputChatIds = chatIdCounts.select(col(Columns.CHAT_ID));
    Dataset<Row> affectedChatIds = newMessages == null ? inputChatIds
        : inputChatIds.union(newMessages.select(col(Columns.CHAT_ID))).distinct();
    affectedChatIds = cache.columnar(affectedChatIds);
    // Their ids' ranges let the reads of the stored rows below skip the files of other chats.
    KeyRanges affectedRanges = existing.rangesOf(affectedChatIds);
    Dataset<Row> latest;
    Dataset<Row> stored = null;
    if (existing.has(Tables.CHATS)) {
      stored = existing.chatsWithAgents(affectedChatIds, affectedRanges);
      if (mode == JobOptions.Mode.FULL) {
        // --mode full: the input's state replaces the stored state of the chats it holds; their
        // reopen_count and first_closed_at count the input's snapshots only (history.md).
        stored = stored.join(inputChatIds, "chat_id", "left_anti");
      }
      stored = cache.columnar(stored);
      summary.chats.extra.put("existing_rows_merged", stored.count());
      dates.addAll(collect(stored.select(Columns.REPORT_DATE).distinct()));
      latest = LatestState.latestChats(candidates.unionByName(stored, true));
    } else {
      latest = LatestState.latestChats(candidates, repeatedChatIds);
    }

    Dataset<Row> messages = null;
    if (newMessages != null || existing.has(Tables.MESSAGES)) {
      Dataset<Row> all = existing.messagesOfChats(affectedChatIds, affectedRanges);
      all = newMessages == null ? all : newMessages.unionByName(all, true);
      messages = cache.columnar(LatestState.latestMessages(all));
      latest = ChatMessageColumns.attach(latest, MessageTimeline.perChat(messages));
    }
    ServiceConfig serviceConfig = options.service().config();
    if (serviceConfig != null) {
      latest = ServiceColumns.withDurations(latest, serviceConfig);
    }
    Dataset<Row> chats = cache.rows(latest);
    long chatCount = chats.count();

    Dataset<Row> placedMessages = null;
    long messageCount = 0;
    if (messages != null) {
      placedMessages = cache.columnar(MessagePlacement.place(messages, chats, options.timezone()));
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
        rejudged = cache.columnar(rejudged);
        long count = rejudged.count();
        summary.chats.extra.put("sla_pending_judged_again", count);
        if (count > 0) {
          dates.addAll(collect(rejudged.select(Columns.REPORT_DATE).distinct()));
          chats = chats.unionByName(rejudged, true);
          chatCount += count;
        }
      }
    }
    return Changes.of(chats, placedMessages, dates, chatCount, messageCount);
  }

  /**
   * Every stored chat with its message columns (when there are messages) and service columns
   * computed again; the messages themselves do not change. The dates are all stored dates.
   */
  Changes recomputed(ExistingOutput existing) {
    Dataset<Row> allIds = cache.columnar(existing.table(Tables.CHATS, ChatSchema.CHATS).select(col(Columns.CHAT_ID)));
    Dataset<Row> latest = existing.chatsWithAgents(allIds);
    Dataset<Row> messages = null;
    if (existing.has(Tables.MESSAGES)) {
      messages = cache.columnar(existing.table(Tables.MESSAGES, MessageSchema.MESSAGES).drop(Columns.REPORT_DATE));
      latest = ChatMessageColumns.attach(latest, MessageTimeline.perChat(messages));
    }
    ServiceConfig serviceConfig = options.service().config();
    if (serviceConfig != null) {
      latest = ServiceColumns.withDurations(latest, serviceConfig);
    } else {
      latest = latest.drop(ServiceColumns.DURATION_COLUMNS.toArray(new String[0]))
          .drop(ServiceColumns.OUTCOME_COLUMNS.toArray(new String[0]));
    }
    Dataset<Row> chats = cache.rows(latest);
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
    return Changes.of(chats, null, dates, chatCount, 0);
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
}
