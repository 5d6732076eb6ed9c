package org.chatlake.job;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chatlake.model.ChatSchema;
import org.chatlake.model.Columns;
import org.chatlake.model.MessageSchema;
import org.chatlake.model.Tables;
import org.chatlake.output.DeltaTables;
import org.chatlake.output.TableWrites;
import org.chatlake.transform.Conform;
import org.chatlake.transform.Dimensions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes the rows of {@code departments/} and {@code agents/} for the ids a run touched, from
 * the stored chats, chat_agents and messages, and finds the report dates whose daily tables name
 * one of those ids otherwise than the dimension now does (a rename): the daily refresh recomputes
 * those dates too, so N incremental runs name every date as one full run does.
 */
final class DimensionRefresh {
  private static final Logger LOG = LoggerFactory.getLogger(DimensionRefresh.class);

  private final SparkSession spark;
  private final DeltaTables tables;
  private final TableWrites writes;

  DimensionRefresh(SparkSession spark, DeltaTables tables, TableWrites writes) {
    this.spark = spark;
    this.tables = tables;
    this.writes = writes;
  }

  /**
   * @param departmentIds the departments to recompute
   * @param agentIds the agents to recompute
   * @param checkAllNames look for stale names in the daily tables even when no name changed here
   *     (completing a dead run, whose dimension commit may already be in)
   * @return the report dates whose daily tables carry a stale name of one of these ids
   */
  Set<Object> refresh(Collection<Long> departmentIds, Collection<Long> agentIds, boolean checkAllNames,
      Consumer<String> committed) {
    for (int attempt = 1; ; attempt++) {
      try {
        return refreshOnce(departmentIds, agentIds, checkAllNames || attempt > 1, committed);
      } catch (RuntimeException e) {
        // Another run merged the same ids in between: recompute from what is stored now.
        if (!RunCommits.isConflict(e) || attempt == ATTEMPTS) {
          throw e;
        }
        LOG.info("Another run changed departments or agents at the same time; recomputing them");
      }
    }
  }

  private static final int ATTEMPTS = 4;

  private Set<Object> refreshOnce(Collection<Long> departmentIds, Collection<Long> agentIds, boolean checkAllNames,
      Consumer<String> committed) {
    Set<Object> staleDates = new LinkedHashSet<>();
    if (!tables.exists(Tables.CHATS)) {
      return staleDates;
    }
    // An output written before these tables existed (or restored to before they had rows) gets
    // every id, and every daily name is checked.
    boolean backfill = isEmpty(Tables.DEPARTMENTS) || isEmpty(Tables.AGENTS);
    if (!backfill && departmentIds.isEmpty() && agentIds.isEmpty()) {
      return staleDates;
    }
    Dataset<Row> chats = tables.read(Tables.CHATS).select("chat_id", "created_at", "last_message_at",
        "department_id", "department_name", "assignee_id", "assignee_name", "assignee_email", "assignee_role");

    Dataset<Row> departmentKeys = keys(backfill ? null : departmentIds, chats, "department_id");
    Dataset<Row> agentKeys = keys(backfill ? null : agentIds, allAgentIds(chats), "agent_id");
    // The two tables are independent: refreshed side by side.
    Map<String, Callable<Boolean>> work = new LinkedHashMap<>();
    work.put(Tables.DEPARTMENTS, () -> replace(Tables.DEPARTMENTS, "department_id",
        Dimensions.departments(chats.join(departmentKeys, "department_id", "left_semi")), departmentKeys,
        List.of("department_name"), committed));
    work.put(Tables.AGENTS, () -> replace(Tables.AGENTS, "agent_id", agents(chats, agentKeys), agentKeys,
        List.of("agent_name", "agent_email"), committed));
    boolean renamed = SideBySide.run("dimensions", work).containsValue(true);

    if (renamed || checkAllNames || backfill) {
      for (String daily : List.of(Tables.DEPARTMENT_DAILY, Tables.RATING_DAILY, Tables.STATUS_DAILY)) {
        staleDates.addAll(staleDates(daily, "department_id", departmentKeys, Tables.DEPARTMENTS, "department_id",
            List.of("department_name"), List.of("department_name")));
      }
      staleDates.addAll(staleDates(Tables.AGENT_DAILY, "assignee_id", agentKeys.withColumnRenamed("agent_id", "assignee_id"),
          Tables.AGENTS, "agent_id", List.of("assignee_name", "assignee_email"), List.of("agent_name", "agent_email")));
      if (!staleDates.isEmpty()) {
        LOG.info("Names changed: the daily tables of {} more date(s) are recomputed", staleDates.size());
      }
    }
    return staleDates;
  }

  /** The agents of these keys, from every stored chat, chat_agents row and message naming them. */
  private Dataset<Row> agents(Dataset<Row> chats, Dataset<Row> agentKeys) {
    // A sort-merge join: both sides can hold every stored chat, and Spark's size estimate of a few
    // columns of a Delta table let it broadcast one of them whole (a 1.5M-chat run ran out of a
    // 1 GiB heap building that hash table; bench/memory-check.sh).
    Dataset<Row> listed = stored(Tables.CHAT_AGENTS, ChatSchema.CHAT_AGENTS).join(agentKeys, "agent_id", "left_semi")
        .join(chats.select("chat_id", "created_at", "last_message_at").hint("merge"), "chat_id");
    Dataset<Row> wrote = stored(Tables.MESSAGES, MessageSchema.MESSAGES)
        .select("agent_id", "agent_name", "message_id", "created_at").join(agentKeys, "agent_id", "left_semi");
    Dataset<Row> assigned = chats.join(agentKeys.withColumnRenamed("agent_id", "assignee_id"), "assignee_id", "left_semi");
    // Held locally (one row per agent), so that only the stored tables holding an agent's latest
    // record are read again for the names.
    Dataset<Row> activity = Dimensions.agentActivity(assigned, listed, wrote);
    activity = spark.createDataFrame(activity.collectAsList(), activity.schema());
    return Dimensions.agents(assigned, listed, wrote, activity);
  }

  /** Every agent id the stored tables name: assignees, listed agents, authors of messages. */
  private Dataset<Row> allAgentIds(Dataset<Row> chats) {
    return chats.select(col("assignee_id").as("agent_id"))
        .union(stored(Tables.CHAT_AGENTS, ChatSchema.CHAT_AGENTS).select("agent_id"))
        .union(stored(Tables.MESSAGES, MessageSchema.MESSAGES).select("agent_id"));
  }

  private boolean isEmpty(String table) {
    return !tables.exists(table) || tables.read(table).isEmpty();
  }

  /** A table's current rows; none (with its schema) when the output does not have it. */
  private Dataset<Row> stored(String table, org.apache.spark.sql.types.StructType schema) {
    return tables.readAt(table, tables.version(table), schema);
  }

  /** The given ids as a one-column table, or (null) every non-null id of {@code from}'s column. */
  private Dataset<Row> keys(Collection<Long> ids, Dataset<Row> from, String column) {
    if (ids == null) {
      return from.select(col(column)).where(col(column).isNotNull()).distinct();
    }
    return spark.createDataset(new ArrayList<>(ids), Encoders.LONG()).toDF(column);
  }

  /**
   * Merges the recomputed rows, unless they equal the stored rows of these keys; returns whether a
   * stored row had other names (a rename, or a department or agent gone). Both sides are small
   * (one row per id a run touched) and compared on the driver.
   */
  private boolean replace(String table, String key, Dataset<Row> rows, Dataset<Row> keys, List<String> names,
      Consumer<String> committed) {
    List<Row> computed = rows.collectAsList();
    List<Row> stored = tables.exists(table)
        ? Conform.project(tables.read(table).join(keys, key, "left_semi"), rows.schema()).collectAsList()
        : List.of();
    if (tables.exists(table) && new java.util.HashSet<>(stored).equals(new java.util.HashSet<>(computed))) {
      return false;
    }
    java.util.Map<Object, List<Object>> namesNow = new java.util.HashMap<>();
    for (Row r : computed) {
      namesNow.put(r.getAs(key), names.stream().map(n -> (Object) r.getAs(n)).toList());
    }
    boolean renamed = stored.stream().anyMatch(r ->
        !java.util.Objects.equals(namesNow.get(r.getAs(key)), names.stream().map(n -> (Object) r.getAs(n)).toList()));
    long before = tables.exists(table) ? tables.version(table) : -1;
    writes.replaceKeys(table, key, spark.createDataFrame(computed, rows.schema()), keys);
    if (tables.version(table) != before) {
      committed.accept(table);
    }
    return renamed;
  }

  /** The report dates of a daily table whose rows of these ids name them otherwise than the dimension. */
  private List<Object> staleDates(String daily, String id, Dataset<Row> ids, String dimension, String dimensionId,
      List<String> dailyNames, List<String> dimensionNames) {
    if (!tables.exists(daily)) {
      return List.of();
    }
    Dataset<Row> rows = tables.read(daily).join(ids, id, "left_semi");
    Dataset<Row> dim = tables.read(dimension);
    Column same = lit(true);
    for (int i = 0; i < dailyNames.size(); i++) {
      same = same.and(rows.col(dailyNames.get(i)).eqNullSafe(dim.col(dimensionNames.get(i))));
    }
    return rows.join(dim, rows.col(id).equalTo(dim.col(dimensionId)), "left").where(not(same))
        .select(rows.col(Columns.REPORT_DATE)).distinct().collectAsList().stream().map(r -> r.get(0)).toList();
  }
}
