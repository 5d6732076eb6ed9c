package org.chatlake.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.chatlake.metrics.Backlog;
import org.chatlake.metrics.DailyTables;
import org.chatlake.metrics.DataHorizon;
import org.chatlake.model.BacklogSchema;
import org.chatlake.model.Columns;
import org.chatlake.model.Tables;
import org.chatlake.output.DeltaTables;
import org.chatlake.output.TableWrites;
import org.chatlake.transform.Conform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes the daily tables of some report dates from the stored chats (names from
 * {@code departments/} and {@code agents/}) and replaces those dates, one commit per table. The daily tables are a function of the chats alone, so this is how a run
 * publishes its metrics and how a later run completes a run that died after its row tables.
 */
final class DailyRefresh {
  private static final Logger LOG = LoggerFactory.getLogger(DailyRefresh.class);
  /** Another run committing chats between our read and our write makes us recompute; this often. */
  private static final int ATTEMPTS = 5;

  private final SparkSession spark;
  private final DeltaTables tables;
  private final TableWrites writes;

  DailyRefresh(SparkSession spark, DeltaTables tables, TableWrites writes) {
    this.spark = spark;
    this.tables = tables;
    this.writes = writes;
  }

  /**
   * Replaces the given dates of every daily table; returns the rows written per table and, through
   * {@code committed}, the version each table's commit got. The tables are computed side by side,
   * then committed side by side: each is its own Delta table, and each is a function of the same
   * chats version.
   */
  Map<String, Long> refresh(List<Object> dates, boolean withService, Consumer<String> committed) {
    if (dates.isEmpty() || !tables.exists(Tables.CHATS)) {
      return new LinkedHashMap<>();
    }
    for (int attempt = 1; ; attempt++) {
      long chatsVersion = tables.version(Tables.CHATS);
      // Names come from the dimension tables, so a date recomputed today names ids as every other date does.
      Dataset<Row> departmentNames = local(tables.read(Tables.DEPARTMENTS)
          .select(col("department_id").as("_id"), col("department_name"))).rows();
      Map<String, Recomputed> daily = compute(chatsVersion, dates, withService, departmentNames);
      if (tables.version(Tables.CHATS) == chatsVersion) {
        return commit(daily, committed);
      }
      if (attempt == ATTEMPTS) {
        throw new JobFailure(JobFailure.FAILED, "another run kept committing to chats while the daily tables were"
            + " recomputed; re-run to complete them");
      }
      LOG.info("Chats changed while the daily tables were computed; recomputing them");
    }
  }

  /** A daily table's recomputed rows, and how they replace the part of the table they cover. */
  private record Recomputed(Collected rows, Consumer<Dataset<Row>> replace) {}

  private Map<String, Long> commit(Map<String, Recomputed> daily, Consumer<String> committed) {
    Map<String, Callable<Long>> commits = new LinkedHashMap<>();
    daily.forEach((table, t) -> commits.put(table, () -> {
      t.replace().accept(t.rows().rows());
      committed.accept(table);
      return t.rows().count();
    }));
    return SideBySide.run("daily-commit", commits);
  }

  /**
   * Every daily table of these dates (backlog_daily of the days it needs), from the chats of a
   * version, held on the driver (they are small); without the service metrics when the run had
   * no --config.
   */
  private Map<String, Recomputed> compute(long chatsVersion, List<Object> dates, boolean withService,
      Dataset<Row> departmentNames) {
    // The metric tables read a few columns of the chats: a narrow cached copy keeps their passes cheap.
    Dataset<Row> chats = Conform.project(tables.readAt(Tables.CHATS, chatsVersion, null)
            .where(TableWrites.datePredicate(dates)), DailyTables.INPUT_SCHEMA)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> agentNames = local(tables.read(Tables.AGENTS)
          .select(col("agent_id").as("_id"), col("agent_name").as("assignee_name"), col("agent_email").as("assignee_email")))
          .rows();
      Map<String, Dataset<Row>> byDate = new LinkedHashMap<>();
      Dataset<Row> departmentDaily = DailyTables.departmentDaily(chats, departmentNames);
      Dataset<Row> agentDaily = DailyTables.agentDaily(chats, agentNames);
      if (!withService) {
        departmentDaily = DailyTables.withoutServiceMetrics(departmentDaily);
        agentDaily = DailyTables.withoutServiceMetrics(agentDaily);
      }
      byDate.put(Tables.DEPARTMENT_DAILY, sorted(departmentDaily, "department_id"));
      byDate.put(Tables.AGENT_DAILY, sorted(agentDaily, "assignee_id"));
      byDate.put(Tables.RATING_DAILY, sorted(DailyTables.ratingDaily(chats, departmentNames), "department_id"));
      byDate.put(Tables.STATUS_DAILY, sorted(DailyTables.statusDaily(chats, departmentNames), "department_id"));
      byDate.put(Tables.HOURLY_VOLUME, sorted(DailyTables.hourlyVolume(chats, timezone()), "department_id", "hour"));

      Map<String, Callable<Recomputed>> work = new LinkedHashMap<>();
      byDate.forEach((table, rows) -> work.put(table,
          () -> new Recomputed(local(rows), r -> writes.replaceDates(table, r, dates))));
      work.put(Tables.BACKLOG_DAILY, () -> backlog(chatsVersion, dates, departmentNames));
      Map<String, Recomputed> out = new LinkedHashMap<>();
      SideBySide.run("daily", work).forEach((table, t) -> {
        if (t != null) {
          out.put(table, t);
        }
      });
      return out;
    } finally {
      chats.unpersist();
    }
  }

  /** The days of backlog_daily a run recomputes. */
  private record BacklogDays(LocalDate from, LocalDate to) {}

  /**
   * history.md: from the earliest created_at among the changed chats (the earliest of the run's
   * report dates, which hold the stored versions' dates too) up to the local date of the data
   * horizon. Also from the day after the last stored day (the horizon moved on), and from the
   * earliest day naming a department otherwise than {@code departments/} now (a rename). Without
   * a stored backlog: from the earliest report_date of the output. The horizon never shrinks: the
   * last stored day bounds it from below. Null when there is no day to compute.
   */
  private BacklogDays backlogDays(long chatsVersion, List<Object> dates, Dataset<Row> departmentNames) {
    String zone = timezone();
    Dataset<Row> chats = tables.readAt(Tables.CHATS, chatsVersion, null);
    Instant horizon = DataHorizon.of(chats, tables.exists(Tables.MESSAGES) ? tables.read(Tables.MESSAGES) : null,
        newestOfLatestDate(chats, dates));
    LocalDate lastStored = null;
    LocalDate renamedFrom = null;
    if (tables.exists(Tables.BACKLOG_DAILY)) {
      // The last stored day and the earliest day naming a department otherwise, in one query.
      Dataset<Row> stored = tables.read(Tables.BACKLOG_DAILY);
      Column renamed = departmentNames.col("_id").isNotNull()
          .and(not(stored.col("department_name").eqNullSafe(departmentNames.col("department_name"))));
      Row days = stored
          .join(departmentNames, stored.col("department_id").equalTo(departmentNames.col("_id")), "left")
          .agg(max(stored.col(BacklogSchema.AS_OF_DATE)), min(when(renamed, stored.col(BacklogSchema.AS_OF_DATE))))
          .first();
      lastStored = date(days.get(0));
      renamedFrom = date(days.get(1));
    }
    LocalDate to = latest(horizon == null ? null : horizon.atZone(ZoneId.of(zone)).toLocalDate(), lastStored);
    LocalDate from;
    if (lastStored == null) {
      from = date(chats.agg(min(col(Columns.REPORT_DATE))).first().get(0));
    } else {
      from = lastStored.plusDays(1);
      for (Object d : dates) {
        from = earliest(from, date(d));
      }
      from = earliest(from, renamedFrom);
    }
    return from == null || to == null || from.isAfter(to) ? null : new BacklogDays(from, to);
  }

  /**
   * The newest last_message_at of the chats of the latest of these dates (one partition, read
   * first), a time the horizon is at least; null when that date holds none.
   */
  private static Instant newestOfLatestDate(Dataset<Row> chats, List<Object> dates) {
    LocalDate latest = dates.stream().filter(d -> d != null).map(DailyRefresh::date).max(LocalDate::compareTo)
        .orElse(null);
    if (latest == null) {
      return null;
    }
    return DataHorizon.of(chats.where(TableWrites.datePredicate(List.of(latest))), null);
  }

  /** backlog_daily of the days a run recomputes, from a narrow projection of the chats of a version; null for none. */
  private Recomputed backlog(long chatsVersion, List<Object> dates, Dataset<Row> departmentNames) {
    BacklogDays days = backlogDays(chatsVersion, dates, departmentNames);
    if (days == null) {
      return null;
    }
    Dataset<Row> chats = Conform.project(tables.readAt(Tables.CHATS, chatsVersion, null), BacklogSchema.INPUT)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Collected rows = local(Backlog.daily(chats, departmentNames, days.from(), days.to(), timezone())
          .coalesce(1).sortWithinPartitions(col(BacklogSchema.AS_OF_DATE), col("department_id")));
      return new Recomputed(rows, r -> writes.replaceDateRange(Tables.BACKLOG_DAILY, r, BacklogSchema.AS_OF_DATE,
          days.from(), days.to()));
    } finally {
      chats.unpersist();
    }
  }

  private String timezone() {
    String zone = tables.property(Tables.CHATS, DeltaTables.TIMEZONE_PROPERTY);
    return zone == null ? "UTC" : zone;
  }

  /** A stored or ledger date (java.sql.Date, LocalDate or its ISO text); null stays null. */
  private static LocalDate date(Object d) {
    return d == null ? null : LocalDate.parse(d.toString());
  }

  private static LocalDate earliest(LocalDate a, LocalDate b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  private static LocalDate latest(LocalDate a, LocalDate b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  /** Sorted by date and key, with report_date as the last column (where Hive-style readers put it). */
  private static Dataset<Row> sorted(Dataset<Row> table, String... keys) {
    List<Column> orderBy = new java.util.ArrayList<>();
    orderBy.add(col(Columns.REPORT_DATE));
    java.util.Arrays.stream(keys).forEach(k -> orderBy.add(col(k)));
    Column[] order = orderBy.toArray(new Column[0]);
    List<Column> columns = new java.util.ArrayList<>();
    for (String c : table.columns()) {
      if (!c.equals(Columns.REPORT_DATE)) {
        columns.add(col(c));
      }
    }
    columns.add(col(Columns.REPORT_DATE));
    return table.coalesce(1).sortWithinPartitions(order).select(columns.toArray(new Column[0]));
  }

  /** Rows collected to the driver, and how many there are. */
  private record Collected(Dataset<Row> rows, long count) {}

  /**
   * Collected once and held as a local relation: later passes and the write read no chats, and
   * the row count needs no job of its own.
   */
  private Collected local(Dataset<Row> small) {
    List<Row> rows = small.collectAsList();
    return new Collected(spark.createDataFrame(rows, small.schema()).coalesce(1), rows.size());
  }
}
