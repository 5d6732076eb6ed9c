package org.chatlake.model;

import static org.apache.spark.sql.types.DataTypes.*;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The schema of {@code backlog_daily/} (history.md), partitioned by as_of_date (last). */
public final class BacklogSchema {
  private BacklogSchema() {}

  public static final String AS_OF_DATE = "as_of_date";

  public static final StructType BACKLOG_DAILY = new StructType(new StructField[] {
      createStructField("department_id", LongType, true),
      createStructField("department_name", StringType, true),
      createStructField("open_at_end", LongType, true),
      createStructField("opened", LongType, true),
      createStructField("closed", LongType, true),
      createStructField("open_age_hours_p50", DoubleType, true),
      createStructField("open_age_hours_p90", DoubleType, true),
      createStructField("open_unassigned", LongType, true),
      createStructField(AS_OF_DATE, DateType, true)});

  /** The chat columns the backlog reads: a narrow projection of {@code chats/}. */
  public static final StructType INPUT = new StructType(new StructField[] {
      ChatSchema.CHATS.apply("chat_id"),
      ChatSchema.CHATS.apply("department_id"),
      ChatSchema.CHATS.apply("created_at"),
      ChatSchema.CHATS.apply("closed_at"),
      ChatSchema.CHATS.apply("status"),
      ChatSchema.CHATS.apply("assignee_id")});
}
