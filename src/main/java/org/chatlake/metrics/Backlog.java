package org.chatlake.metrics;

import static org.apache.spark.sql.functions.*;

import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chatlake.model.BacklogSchema;
import org.chatlake.transform.Conform;

/**
 * backlog_daily (history.md): the queue at the end of each local day D, reconstructed from the
 * chats' current created_at, closed_at and status. A chat is open at end(D), the start of D+1,
 * when it was created before it, is counted (not empty or no communication), and is not closed by
 * then (closed without a closed_at: closed from created_at). Each department's chats are swept
 * day by day ({@link OpenDays}), so the ages are exact, not sampled.
 *
 * <p>Local dates of instants come from {@code from_utc_timestamp} and so assume the session time
 * zone UTC, as the job and the tests set it; the day boundaries themselves come from java.time.
 */
public final class Backlog {
  private Backlog() {}

  /**
   * One row per day of [from, to] and department with a counted chat created before the day's
   * end; 0 where nothing happened.
   *
   * @param chats the columns of {@link BacklogSchema#INPUT}, of every stored chat (a department's
   *     first chat decides from which day it has rows)
   * @param departmentNames {@code _id}, department_name, as the other daily tables take them
   */
  public static Dataset<Row> daily(Dataset<Row> chats, Dataset<Row> departmentNames, LocalDate from,
      LocalDate to, String timezone) {
    Dataset<Row> days = calendar(chats.sparkSession(), from, to);
    Column status = coalesce(col("status"), lit(""));
    Dataset<Row> counted = chats
        .where(col("created_at").isNotNull().and(not(status.isin("empty", "no communication"))))
        .withColumn("_created_day", localDate(col("created_at"), timezone))
        .withColumn("_closes_at", when(status.equalTo("closed"), coalesce(col("closed_at"), col("created_at"))));

    Dataset<Row> grid = days.crossJoin(counted.groupBy(col("department_id"))
            .agg(min(col("_created_day")).as("_first_day")))
        .where(col(BacklogSchema.AS_OF_DATE).geq(col("_first_day")))
        .select(col(BacklogSchema.AS_OF_DATE), col("department_id"));

    // open at end(D) <=> D >= the created day and end(D) = start(D + 1) < the closing instant,
    // i.e. D + 1 <= the local day of (closing - 1 microsecond)
    Column lastOpenDay = when(col("_closes_at").isNull(), lit(to))
        .otherwise(date_sub(localDate(timestamp_micros(unix_micros(col("_closes_at")).minus(1)), timezone), 1));
    Column first = greatest(col("_created_day"), lit(from));
    Column last = least(lastOpenDay, lit(to));
    Dataset<Row> spans = counted.where(first.leq(last)).select(col("department_id"),
        unix_micros(col("created_at")).as("_created_micros"),
        datediff(first, lit(from)).as("_first"), datediff(last, lit(from)).as("_last"),
        col("assignee_id").isNull().as("_unassigned"));
    Dataset<Row> open = spans.repartition(col("department_id")).sortWithinPartitions(col("department_id"))
        .mapPartitions(new OpenDays(dayEnds(from, to, ZoneId.of(timezone))), Encoders.row(OpenDays.SCHEMA))
        .withColumn(BacklogSchema.AS_OF_DATE, date_add(lit(from), col("_day")))
        .drop("_day");
    Dataset<Row> opened = countByDay(counted, col("_created_day"), from, to, "opened");
    Dataset<Row> closed = countByDay(counted.where(status.equalTo("closed").and(col("closed_at").isNotNull())),
        localDate(col("closed_at"), timezone), from, to, "closed");

    Dataset<Row> rows = grid;
    for (Dataset<Row> measure : List.of(open, opened, closed)) {
      rows = joinOnDayAndDepartment(rows, measure);
    }
    Dataset<Row> named = DailyTables.withDepartmentName(rows, departmentNames);
    return Conform.project(named.select(col("department_id"), col("department_name"),
        coalesce(col("open_at_end"), lit(0L)).as("open_at_end"),
        coalesce(col("opened"), lit(0L)).as("opened"),
        coalesce(col("closed"), lit(0L)).as("closed"),
        col("open_age_hours_p50"),
        col("open_age_hours_p90"),
        coalesce(col("open_unassigned"), lit(0L)).as("open_unassigned"),
        col(BacklogSchema.AS_OF_DATE)), BacklogSchema.BACKLOG_DAILY);
  }

  /** The local date of an instant in the zone (session time zone UTC). */
  static Column localDate(Column instant, String timezone) {
    return to_date(from_utc_timestamp(instant, timezone));
  }

  /** Every day of [from, to]. */
  static Dataset<Row> calendar(SparkSession spark, LocalDate from, LocalDate to) {
    List<Row> rows = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      rows.add(RowFactory.create(Date.valueOf(d)));
    }
    StructType schema = new StructType().add(BacklogSchema.AS_OF_DATE, DataTypes.DateType, false);
    return spark.createDataFrame(rows, schema);
  }

  /** The end of each day of [from, to], the instant the next local day starts, as epoch microseconds. */
  private static long[] dayEnds(LocalDate from, LocalDate to, ZoneId zone) {
    List<Long> ends = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      java.time.Instant end = d.plusDays(1).atStartOfDay(zone).toInstant();
      ends.add(end.getEpochSecond() * 1_000_000L + end.getNano() / 1_000);
    }
    return ends.stream().mapToLong(Long::longValue).toArray();
  }

  private static Dataset<Row> countByDay(Dataset<Row> chats, Column day, LocalDate from, LocalDate to, String name) {
    return chats.withColumn(BacklogSchema.AS_OF_DATE, day)
        .where(col(BacklogSchema.AS_OF_DATE).between(lit(from), lit(to)))
        .groupBy(col(BacklogSchema.AS_OF_DATE), col("department_id"))
        .agg(count(lit(1)).as(name));
  }

  /** Left join on the day and the (nullable) department. */
  private static Dataset<Row> joinOnDayAndDepartment(Dataset<Row> rows, Dataset<Row> measure) {
    Dataset<Row> m = measure.withColumnRenamed(BacklogSchema.AS_OF_DATE, "_day")
        .withColumnRenamed("department_id", "_department_id");
    return rows.join(m, rows.col(BacklogSchema.AS_OF_DATE).equalTo(m.col("_day"))
            .and(rows.col("department_id").eqNullSafe(m.col("_department_id"))), "left")
        .drop("_day", "_department_id");
  }
}
