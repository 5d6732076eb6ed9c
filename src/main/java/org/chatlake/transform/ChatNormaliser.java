package org.chatlake.transform;

import static org.apache.spark.sql.functions.*;

import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.chatlake.model.Columns;

/**
 * Parsed chat records to the normalised columns of {@code chats/} (output.md): status and rating
 * normalised, nested objects flattened, derived durations and flags, lineage and report date.
 * The per-chat message columns are added later by {@link ChatMessageColumns}.
 */
public final class ChatNormaliser {
  private ChatNormaliser() {}

  public static final String ONHOLD = "onhold";
  public static final String NO_COMMUNICATION = "no communication";

  /**
   * @param records parsed records: the columns of ChatSchema.PARSED plus source_file and
   *     source_offset
   * @param zone the report time zone that decides report_date
   */
  public static Dataset<Row> normalise(Dataset<Row> records, String zone, Instant ingestedAt) {
    Column createdAt = col("created_at");
    Column closedAt = col("closed_at");
    Column lastMessageAt = col("last_message_at");
    Column lastCustomerAt = col("last_customer_message_at");
    Column status = normaliseStatus(col("status_raw"));
    Column agentIds = array_distinct(filter(transform(col("agents"), a -> a.getField("id")),
        id -> id.isNotNull()));
    return records
        .withColumn("status", status)
        .withColumn("rating", normaliseRating(col("rating_raw")))
        .withColumn("closed_by", lowerTrimmed(col("closed_by")))
        .withColumn("agent_ids", agentIds)
        .withColumn("agent_count", size(col("agent_ids")))
        .withColumn("resolution_seconds",
            when(col("status").equalTo("closed").and(closedAt.geq(createdAt)),
                secondsBetween(createdAt, closedAt)))
        .withColumn("last_reply_seconds",
            when(lastMessageAt.gt(lastCustomerAt), secondsBetween(lastCustomerAt, lastMessageAt)))
        .withColumn("awaiting_reply",
            coalesce(col("status"), lit("")).isin("closed", "empty").unary_$bang()
                .and(lastCustomerAt.isNotNull())
                .and(lastMessageAt.isNull().or(lastMessageAt.leq(lastCustomerAt))))
        .withColumn(Columns.INGESTED_AT, lit(Timestamp.from(ingestedAt)))
        .withColumn(Columns.REPORT_DATE, reportDate(createdAt, zone));
  }

  /** The calendar day of an instant in the report time zone (session time zone must be UTC). */
  public static Column reportDate(Column instant, String zone) {
    return to_date(from_utc_timestamp(instant, zone));
  }

  /** Trimmed, lower-cased, with the spelling variants of input.md mapped to the documented value. */
  static Column normaliseStatus(Column raw) {
    Column s = lowerTrimmed(raw);
    return when(s.isin("on hold", "on-hold", "on_hold"), lit(ONHOLD))
        .when(s.isin("no_communication", "no-communication"), lit(NO_COMMUNICATION))
        .otherwise(s);
  }

  /** {@code great}, {@code average}, {@code poor} as they are, {@code perfect} as great, else null. */
  static Column normaliseRating(Column raw) {
    Column r = lowerTrimmed(raw);
    return when(r.isin("great", "average", "poor"), r).when(r.equalTo("perfect"), lit("great"));
  }

  private static Column lowerTrimmed(Column c) {
    Column t = lower(trim(c));
    return when(t.equalTo(""), lit(null).cast("string")).otherwise(t);
  }

  /** {@code to - from} in seconds, to the microsecond. */
  public static Column secondsBetween(Column from, Column to) {
    return unix_micros(to).minus(unix_micros(from)).divide(1_000_000.0);
  }
}
