package org.chatlake.job;

import static org.apache.spark.sql.functions.*;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.chatlake.model.ChatSchema;
import org.chatlake.model.MessageSchema;
import org.chatlake.model.Tables;
import org.chatlake.output.DeltaTables;
import org.chatlake.output.KeyRanges;
import org.chatlake.transform.LatestState;

/**
 * What earlier runs wrote, read at the table versions the run started from, so that every read
 * of one run sees the same output even while another run commits.
 */
final class ExistingOutput {
  private final DeltaTables tables;
  private final Map<String, Long> versions;

  ExistingOutput(DeltaTables tables, Map<String, Long> versions) {
    this.tables = tables;
    this.versions = versions;
  }

  boolean has(String table) {
    return versions.getOrDefault(table, -1L) >= 0;
  }

  Dataset<Row> table(String table, org.apache.spark.sql.types.StructType schemaWhenAbsent) {
    return tables.readAt(table, versions.getOrDefault(table, -1L), schemaWhenAbsent);
  }

  /**
   * The stored chats among {@code chatIds} with their {@code agents} array rebuilt from
   * chat_agents, ranked to win ties against re-read input (so re-runs keep ingested_at).
   */
  Dataset<Row> chatsWithAgents(Dataset<Row> chatIds) {
    return chatsWithAgents(chatIds, KeyRanges.ALL);
  }

  /** As {@link #chatsWithAgents(Dataset)}, reading only the files that may hold a chat_id in {@code ranges}. */
  Dataset<Row> chatsWithAgents(Dataset<Row> chatIds, KeyRanges ranges) {
    Dataset<Row> chats = ofChats(Tables.CHATS, ChatSchema.CHATS, chatIds, ranges);
    Dataset<Row> agents = ofChats(Tables.CHAT_AGENTS, ChatSchema.CHAT_AGENTS, chatIds, ranges)
        .groupBy(col("chat_id").as("_agents_chat_id"))
        .agg(array_sort(collect_list(struct(col("agent_id").as("id"), col("agent_name").as("name"),
            col("agent_email").as("email"), col("agent_role").as("role")))).as("agents"));
    return chats
        .join(agents, chats.col("chat_id").equalTo(agents.col("_agents_chat_id")), "left")
        .drop("_agents_chat_id")
        .withColumn("agents", coalesce(col("agents"),
            array().cast(ChatSchema.PARSED.apply("agents").dataType())))
        .withColumn(LatestState.POSITION, lit(LatestState.EXISTING_ROW_POSITION));
  }

  /**
   * The stored messages of these chats (whose chat_ids lie in {@code ranges}), ranked to win ties
   * against re-read input.
   */
  Dataset<Row> messagesOfChats(Dataset<Row> chatIds, KeyRanges ranges) {
    return ofChats(Tables.MESSAGES, MessageSchema.MESSAGES, chatIds, ranges)
        .drop(org.chatlake.model.Columns.REPORT_DATE)
        .withColumn(LatestState.POSITION, lit(LatestState.EXISTING_ROW_POSITION));
  }

  /**
   * The intervals of these chat ids (one Spark job), when one of the stored tables they are looked
   * up in is large enough for skipping files to pay; else {@link KeyRanges#ALL}.
   */
  KeyRanges rangesOf(Dataset<Row> chatIds) {
    return CHAT_KEYED.stream().anyMatch(this::worthSkipping) ? KeyRanges.of(chatIds, "chat_id") : KeyRanges.ALL;
  }

  /** The stored tables looked up by chat_id. */
  private static final List<String> CHAT_KEYED = List.of(Tables.CHATS, Tables.CHAT_AGENTS, Tables.MESSAGES);

  /** Those of {@link #CHAT_KEYED} large enough for skipping files to pay; asked of Delta once per run. */
  private Set<String> skippable;

  private boolean worthSkipping(String table) {
    if (skippable == null) {
      skippable = CHAT_KEYED.stream().filter(t -> has(t) && tables.worthSkipping(t)).collect(Collectors.toSet());
    }
    return skippable.contains(table);
  }

  /** The stored rows of these chats; the ranges are what let Delta skip files, the join what selects. */
  private Dataset<Row> ofChats(String table, StructType schemaWhenAbsent, Dataset<Row> chatIds, KeyRanges ranges) {
    Dataset<Row> stored = table(table, schemaWhenAbsent);
    if (worthSkipping(table)) {
      stored = stored.where(ranges.covers(col("chat_id")));
    }
    return stored.join(chatIds, "chat_id", "left_semi");
  }
}
