package org.chatlake.model;

import static org.apache.spark.sql.types.DataTypes.*;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The schemas of the chat tables: what ingest produces and what {@code chats/} and {@code chat_agents/} hold. */
public final class ChatSchema {
  private ChatSchema() {}

  public static final StructType AGENT = new StructType(new StructField[] {
      createStructField("id", LongType, true),
      createStructField("name", StringType, true),
      createStructField("email", StringType, true),
      createStructField("role", StringType, true)});

  /** One chat record as parsed from an export, before normalisation and dedup (field order = parser order). */
  public static final StructType PARSED = new StructType(new StructField[] {
      createStructField("chat_id", LongType, false),
      createStructField("status_raw", StringType, true),
      createStructField("closed_by", StringType, true),
      createStructField("rating_raw", StringType, true),
      createStructField("created_at", TimestampType, true),
      createStructField("closed_at", TimestampType, true),
      createStructField("last_message_at", TimestampType, true),
      createStructField("last_customer_message_at", TimestampType, true),
      createStructField("snoozed_until", TimestampType, true),
      createStructField("read_by_agent", BooleanType, true),
      createStructField("read_by_customer", BooleanType, true),
      createStructField("created_with", StringType, true),
      createStructField("last_message_text", StringType, true),
      createStructField("last_message_id", LongType, true),
      createStructField("application_id", LongType, true),
      createStructField("last_communicated_agent_id", LongType, true),
      createStructField("customer_id", LongType, true),
      createStructField("customer_name", StringType, true),
      createStructField("customer_email", StringType, true),
      createStructField("customer_user_id", StringType, true),
      createStructField("assignee_id", LongType, true),
      createStructField("assignee_name", StringType, true),
      createStructField("assignee_email", StringType, true),
      createStructField("assignee_role", StringType, true),
      createStructField("department_id", LongType, true),
      createStructField("department_name", StringType, true),
      createStructField("agents", new ArrayType(AGENT, true), false)});

  /** Columns of {@code chats/} in order (the partition column {@code report_date} last), per output.md. */
  public static final StructType CHATS = new StructType(new StructField[] {
      createStructField("chat_id", LongType, false),
      createStructField("status", StringType, true),
      createStructField("status_raw", StringType, true),
      createStructField("closed_by", StringType, true),
      createStructField("rating", StringType, true),
      createStructField("rating_raw", StringType, true),
      createStructField("created_at", TimestampType, true),
      createStructField("closed_at", TimestampType, true),
      createStructField("last_message_at", TimestampType, true),
      createStructField("last_customer_message_at", TimestampType, true),
      createStructField("snoozed_until", TimestampType, true),
      createStructField("read_by_agent", BooleanType, true),
      createStructField("read_by_customer", BooleanType, true),
      createStructField("created_with", StringType, true),
      createStructField("last_message_text", StringType, true),
      createStructField("last_message_id", LongType, true),
      createStructField("application_id", LongType, true),
      createStructField("last_communicated_agent_id", LongType, true),
      createStructField("customer_id", LongType, true),
      createStructField("customer_name", StringType, true),
      createStructField("customer_email", StringType, true),
      createStructField("customer_user_id", StringType, true),
      createStructField("assignee_id", LongType, true),
      createStructField("assignee_name", StringType, true),
      createStructField("assignee_email", StringType, true),
      createStructField("assignee_role", StringType, true),
      createStructField("department_id", LongType, true),
      createStructField("department_name", StringType, true),
      createStructField("agent_count", IntegerType, true),
      createStructField("agent_ids", new ArrayType(LongType, true), true),
      createStructField("resolution_seconds", DoubleType, true),
      createStructField("last_reply_seconds", DoubleType, true),
      createStructField("awaiting_reply", BooleanType, true),
      createStructField("reopen_count", IntegerType, true),
      createStructField("first_closed_at", TimestampType, true),
      createStructField("messages_total", IntegerType, true),
      createStructField("customer_messages", IntegerType, true),
      createStructField("agent_replies", IntegerType, true),
      createStructField("first_customer_message_at", TimestampType, true),
      createStructField("first_reply_at", TimestampType, true),
      createStructField("first_reply_agent_id", LongType, true),
      createStructField("first_response_seconds", DoubleType, true),
      createStructField("response_turns", IntegerType, true),
      createStructField("response_seconds_sum", DoubleType, true),
      createStructField("response_turns_answered", IntegerType, true),
      createStructField("unanswered", BooleanType, true),
      createStructField("one_touch", BooleanType, true),
      createStructField("handed_off", BooleanType, true),
      // service-hours.md: null without --config
      createStructField("first_response_business_seconds", DoubleType, true),
      createStructField("response_business_seconds_sum", DoubleType, true),
      createStructField("resolution_business_seconds", DoubleType, true),
      createStructField("sla_first_response", StringType, true),
      createStructField("sla_next_reply_turns", IntegerType, true),
      createStructField("sla_next_reply_breaches", IntegerType, true),
      createStructField("sla_resolution", StringType, true),
      createStructField("sla_as_of", TimestampType, true),
      createStructField("source_file", StringType, true),
      createStructField("ingested_at", TimestampType, true),
      createStructField(Columns.REPORT_DATE, DateType, true)});

  public static final StructType CHAT_AGENTS = new StructType(new StructField[] {
      createStructField("chat_id", LongType, false),
      createStructField("agent_id", LongType, true),
      createStructField("agent_name", StringType, true),
      createStructField("agent_email", StringType, true),
      createStructField("agent_role", StringType, true),
      createStructField("is_assignee", BooleanType, true),
      createStructField(Columns.REPORT_DATE, DateType, true)});
}
