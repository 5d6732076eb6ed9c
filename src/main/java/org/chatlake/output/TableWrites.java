package org.chatlake.output;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.chatlake.model.Columns;

/**
 * The one commit each table gets per run. Row tables are merged by key, so a row moves when its
 * report_date changes and is never copied; the daily tables replace the dates a run recomputed.
 * A table that does not exist yet is created and written plainly. Each call is one Delta commit
 * (two when it creates the table), followed by the rewrite of the symlink manifests of the
 * partitions it touched; applying the same changes twice changes nothing.
 */
public final class TableWrites {
  private static final String NEVER = "TIMESTAMP'0001-01-01 00:00:00'";

  /**
   * Key columns Delta itself keeps non-null (every row table's keys are non-null by construction,
   * see Conform; each constraint costs a commit when the table is created).
   */
  static final Map<String, List<String>> KEYS = Map.of(org.chatlake.model.Tables.CHATS, List.of("chat_id"));

  private final DeltaTables tables;
  private final Map<String, String> createProperties;

  /** @param createProperties extra properties of the chats table when this creates it (the time zone) */
  public TableWrites(DeltaTables tables, Map<String, String> createProperties) {
    this.tables = tables;
    this.createProperties = Map.copyOf(createProperties);
  }

  /**
   * Upserts chats by chat_id. With {@code keepNewerStored}, a stored row that ranks above the
   * change by the latest-state rule (last_message_at, then closed_at, then source_file; an absent
   * time loses) is kept: changes applied late or twice never roll a chat back.
   */
  public void mergeChats(Dataset<Row> changes, boolean keepNewerStored) {
    String newer = "coalesce(t.last_message_at, " + NEVER + ") > coalesce(s.last_message_at, " + NEVER + ")"
        + " OR (t.last_message_at <=> s.last_message_at AND (coalesce(t.closed_at, " + NEVER + ") > coalesce(s.closed_at, "
        + NEVER + ") OR (t.closed_at <=> s.closed_at AND t.source_file > s.source_file)))";
    merge("chats", changes, "chat_id", keepNewerStored ? newer : null);
  }

  /** Upserts messages by message_id, keeping a stored copy with a greater updated_at. */
  public void mergeMessages(Dataset<Row> changes, boolean keepNewerStored) {
    String newer = "coalesce(t.updated_at, " + NEVER + ") > coalesce(s.updated_at, " + NEVER + ")"
        + " OR (t.updated_at <=> s.updated_at AND t.source_file > s.source_file)";
    merge("messages", changes, "message_id", keepNewerStored ? newer : null);
  }

  /**
   * Replaces the agents of the changed chats: their rows become exactly {@code agents}, in one MERGE
   * on (chat_id, agent_id) whose source also holds a delete marker for every stored agent of those
   * chats that is no longer listed.
   *
   * @param chatIds the chats whose agents are replaced (a chat_id column)
   */
  public void replaceChatAgents(Dataset<Row> agents, Dataset<Row> chatIds) {
    String table = "chat_agents";
    StructType schema = agents.schema();
    if (!tables.exists(table)) {
      createAndWrite(table, agents, Columns.REPORT_DATE);
      return;
    }
    tables.addMissingColumns(table, schema);
    KeyRanges ranges = keyRanges(table, chatIds, "chat_id");
    Dataset<Row> stored = tables.read(table).where(ranges.covers(col("chat_id"))).join(chatIds, "chat_id", "left_semi");
    Dataset<Row> listed = agents.select(col("chat_id").as("_chat_id"), col("agent_id").as("_agent_id"));
    Dataset<Row> dropped = stored.join(listed,
        col("chat_id").equalTo(col("_chat_id")).and(col("agent_id").equalTo(col("_agent_id"))), "left_anti");
    Dataset<Row> source = agents.withColumn("_delete", lit(false))
        .unionByName(project(dropped, schema).withColumn("_delete", lit(true)));
    tables.handle(table).as("t")
        .merge(source.as("s"), "t.chat_id = s.chat_id AND t.agent_id = s.agent_id" + and(ranges, "t.chat_id"))
        .whenMatched("s._delete").delete()
        .whenMatched("NOT s._delete AND NOT (" + allEqual(schema) + ")").updateExpr(assignments(schema))
        .whenNotMatched("NOT s._delete").insertExpr(assignments(schema))
        .execute();
    tables.updateManifests(table);
  }

  /**
   * Replaces the rows of these keys of an unpartitioned table keyed by one column: their rows
   * become exactly {@code rows} (a key without a row there is deleted), in one MERGE whose source
   * holds a delete marker per such key. Rows that do not change are not rewritten.
   */
  public void replaceKeys(String table, String key, Dataset<Row> rows, Dataset<Row> keys) {
    StructType schema = rows.schema();
    if (!tables.exists(table)) {
      createAndWrite(table, rows, null);
      return;
    }
    tables.addMissingColumns(table, schema);
    Dataset<Row> gone = keys.join(rows.select(col(key)), key, "left_anti");
    Dataset<Row> source = rows.withColumn("_delete", lit(false))
        .unionByName(project(gone, schema, key).withColumn("_delete", lit(true)));
    String on = "t." + DeltaTables.quote(key) + " = s." + DeltaTables.quote(key);
    tables.handle(table).as("t")
        .merge(source.as("s"), on)
        .whenMatched("s._delete").delete()
        .whenMatched("NOT s._delete AND NOT (" + allEqual(schema) + ")").updateExpr(assignments(schema))
        .whenNotMatched("NOT s._delete").insertExpr(assignments(schema))
        .execute();
    tables.updateManifests(table);
  }

  /**
   * Replaces the rows of these report dates (null = the rows without a date) with {@code rows},
   * which hold only those dates: a date the run recomputed and found empty loses its rows.
   */
  public void replaceDates(String table, Dataset<Row> rows, List<Object> dates) {
    if (!tables.exists(table)) {
      createAndWrite(table, rows, Columns.REPORT_DATE);
      return;
    }
    tables.addMissingColumns(table, rows.schema());
    rows.write().format("delta").mode("overwrite").option("replaceWhere", datePredicate(dates))
        .save(tables.path(table));
    tables.updateManifests(table);
  }

  /**
   * Replaces the rows of the days [from, to] of a table partitioned by {@code dateColumn} with
   * {@code rows}, which hold only those days.
   */
  public void replaceDateRange(String table, Dataset<Row> rows, String dateColumn, java.time.LocalDate from,
      java.time.LocalDate to) {
    if (!tables.exists(table)) {
      createAndWrite(table, rows, dateColumn);
      return;
    }
    tables.addMissingColumns(table, rows.schema());
    String column = DeltaTables.quote(dateColumn);
    rows.write().format("delta").mode("overwrite")
        .option("replaceWhere", column + " >= DATE'" + from + "' AND " + column + " <= DATE'" + to + "'")
        .save(tables.path(table));
    tables.updateManifests(table);
  }

  /** Appends a run's rejects (partitioned by run_id); nothing is committed when there are none. */
  public void appendRejects(String table, Dataset<Row> rejects) {
    if (!tables.exists(table)) {
      try {
        tables.create(table, rejects, Columns.RUN_ID);
        tables.rewriteManifests(table);
        return;
      } catch (RuntimeException e) {
        if (!tables.exists(table)) {
          throw e; // another run created it at the same moment: append to it
        }
      }
    }
    tables.addMissingColumns(table, rejects.schema());
    rejects.write().format("delta").mode("append").save(tables.path(table));
    tables.updateManifests(table);
  }

  /**
   * Upserts by a key column. The changes' key ranges join the condition, so that Delta reads and
   * rewrites only the files that may hold one of their keys.
   */
  private void merge(String table, Dataset<Row> changes, String key, String storedWins) {
    StructType schema = changes.schema();
    if (!tables.exists(table)) {
      createAndWrite(table, changes, Columns.REPORT_DATE);
      return;
    }
    tables.addMissingColumns(table, schema);
    String update = "NOT (" + allEqual(schema) + ")" + (storedWins == null ? "" : " AND NOT (" + storedWins + ")");
    String target = "t." + DeltaTables.quote(key);
    String on = target + " = s." + DeltaTables.quote(key) + and(keyRanges(table, changes, key), target);
    tables.handle(table).as("t")
        .merge(changes.as("s"), on)
        .whenMatched(update).updateExpr(assignments(schema))
        .whenNotMatched().insertExpr(assignments(schema))
        .execute();
    tables.updateManifests(table);
  }

  /** The intervals of the keys of {@code rows}, when the table is large enough for skipping files to pay. */
  private KeyRanges keyRanges(String table, Dataset<Row> rows, String key) {
    return tables.worthSkipping(table) ? KeyRanges.of(rows, key) : KeyRanges.ALL;
  }

  /** " AND " and the intervals' condition on {@code target}; nothing for {@link KeyRanges#ALL}. */
  private static String and(KeyRanges ranges, String target) {
    return ranges == KeyRanges.ALL ? "" : " AND " + ranges.coversSql(target);
  }

  private void createAndWrite(String table, Dataset<Row> rows, String partitionColumn) {
    tables.create(table, rows, partitionColumn);
    completeSetup(table, table.equals(org.chatlake.model.Tables.CHATS) ? createProperties : Map.of());
    tables.rewriteManifests(table);
  }

  /**
   * Adds what follows a table's first write, where it is missing: the CHECK constraints on its
   * keys and the given table properties (null values are skipped). Each is a commit of its own
   * after the create, so a run killed in between leaves them out; the run that completes it adds
   * them. Reads only the log when nothing is missing.
   */
  public void completeSetup(String table, Map<String, String> properties) {
    // A write makes every column of a new table nullable (and Delta cannot narrow one later): the
    // keys get a CHECK constraint instead, so Delta refuses any later row without one.
    for (String key : KEYS.getOrDefault(table, List.of())) {
      if (!tables.requiresPresent(table, key)) {
        tables.requirePresent(table, key);
      }
    }
    Map<String, String> missing = new LinkedHashMap<>();
    properties.forEach((key, value) -> {
      if (value != null && tables.property(table, key) == null) {
        missing.put(key, value);
      }
    });
    tables.setProperties(table, missing);
  }

  /** The Delta predicate selecting these report dates. */
  public static String datePredicate(List<Object> dates) {
    List<String> days = dates.stream().filter(d -> d != null).map(d -> "DATE'" + d + "'").sorted().toList();
    String in = days.isEmpty() ? "false" : Columns.REPORT_DATE + " IN (" + String.join(", ", days) + ")";
    return dates.stream().anyMatch(java.util.Objects::isNull) ? "(" + in + " OR " + Columns.REPORT_DATE + " IS NULL)" : in;
  }

  private static String allEqual(StructType schema) {
    return java.util.Arrays.stream(schema.fieldNames())
        .map(c -> "t." + DeltaTables.quote(c) + " <=> s." + DeltaTables.quote(c)).collect(Collectors.joining(" AND "));
  }

  private static Map<String, String> assignments(StructType schema) {
    Map<String, String> m = new LinkedHashMap<>();
    for (StructField f : schema.fields()) {
      m.put(DeltaTables.quote(f.name()), "s." + DeltaTables.quote(f.name()));
    }
    return m;
  }

  private static Dataset<Row> project(Dataset<Row> ds, StructType schema) {
    return ds.select(java.util.Arrays.stream(schema.fieldNames()).map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
  }

  /** The key column of ds, every other column of the schema null. */
  private static Dataset<Row> project(Dataset<Row> ds, StructType schema, String key) {
    return ds.select(java.util.Arrays.stream(schema.fields())
        .map(f -> f.name().equals(key) ? col(key) : lit(null).cast(f.dataType()).as(f.name()))
        .toArray(org.apache.spark.sql.Column[]::new));
  }
}
