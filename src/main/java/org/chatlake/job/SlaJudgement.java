package org.chatlake.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;

import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.chatlake.metrics.DataHorizon;
import org.chatlake.model.ChatSchema;
import org.chatlake.model.Columns;
import org.chatlake.model.MessageSchema;
import org.chatlake.model.Tables;
import org.chatlake.service.ChatSla;
import org.chatlake.service.ServiceConfig;
import org.chatlake.transform.ServiceColumns;

/**
 * A run's SLA judgement (service-hours.md): the horizon its chats are judged at (--as-of, else
 * the output's data horizon after the run), and the stored chats still pending judged again there.
 */
final class SlaJudgement {
  private final ServiceConfig config;
  private final Instant asOf;
  private final ExistingOutput existing;

  SlaJudgement(ServiceConfig config, Instant asOf, ExistingOutput existing) {
    this.config = config;
    this.asOf = asOf;
    this.existing = existing;
  }

  /**
   * --as-of, or the greatest last_message_at and message created_at of the changed chats and
   * their messages and of everything else stored; null when nothing holds a time.
   */
  Instant horizon(Dataset<Row> chats, Dataset<Row> messages, Dataset<Row> affectedChatIds) {
    if (asOf != null) {
      return asOf;
    }
    // The run's own rows first: of the stored rows, only those from their newest time on are read.
    Instant newest = DataHorizon.of(chats, messages);
    if (!existing.has(Tables.CHATS) && !existing.has(Tables.MESSAGES)) {
      return newest;
    }
    Dataset<Row> storedChats = existing.table(Tables.CHATS, ChatSchema.CHATS)
        .join(affectedChatIds, Columns.CHAT_ID, "left_anti");
    Dataset<Row> storedMessages = existing.has(Tables.MESSAGES)
        ? existing.table(Tables.MESSAGES, MessageSchema.MESSAGES).join(affectedChatIds, Columns.CHAT_ID, "left_anti")
        : null;
    return DataHorizon.of(storedChats, storedMessages, newest);
  }

  /** The chats (with their service durations) with their outcomes judged at the horizon. */
  Dataset<Row> judge(Dataset<Row> chats, Instant horizon) {
    return ServiceColumns.judged(chats, config, horizon);
  }

  /**
   * The stored chats this run does not otherwise change whose SLA outcome is pending, judged at
   * the new horizon; only those whose outcome columns changed (a re-run rewrites none). Null when
   * the stored chats have no SLA columns yet.
   */
  Dataset<Row> pendingJudgedAgain(Dataset<Row> affectedChatIds, Instant horizon) {
    if (!existing.has(Tables.CHATS)) {
      return null;
    }
    Dataset<Row> stored = existing.table(Tables.CHATS, ChatSchema.CHATS);
    if (!java.util.Arrays.asList(stored.columns()).contains("sla_as_of")) {
      return null;
    }
    Dataset<Row> pendingIds = stored
        .where(col("sla_first_response").equalTo(ChatSla.PENDING).or(col("sla_resolution").equalTo(ChatSla.PENDING)))
        .select(col(Columns.CHAT_ID))
        .join(affectedChatIds, Columns.CHAT_ID, "left_anti");
    Column outcomes = struct(ServiceColumns.OUTCOME_COLUMNS.stream().map(functions::col).toArray(Column[]::new));
    Dataset<Row> before = existing.chatsWithAgents(pendingIds).withColumn("_outcomes_before", outcomes);
    return judge(before, horizon)
        .where(not(outcomes.eqNullSafe(col("_outcomes_before"))))
        .drop("_outcomes_before");
  }
}
