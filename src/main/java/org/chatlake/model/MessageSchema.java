package org.chatlake.model;

import static org.apache.spark.sql.types.DataTypes.*;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The schemas of messages (messages.md): as parsed, per chat, and the {@code messages/} table. */
public final class MessageSchema {
  private MessageSchema() {}

  /** One message as parsed from an export (field order = parser order). */
  public static final StructType PARSED = new StructType(new StructField[] {
      createStructField("message_id", LongType, false),
      createStructField("chat_id", LongType, false),
      createStructField("sender_raw", StringType, true),
      createStructField("agent_id", LongType, true),
      createStructField("agent_name", StringType, true),
      createStructField("type_raw", StringType, true),
      createStructField("broadcast_type_raw", StringType, true),
      createStructField("created_at", TimestampType, true),
      createStructField("updated_at", TimestampType, true),
      createStructField("edited", BooleanType, true),
      createStructField("read", BooleanType, true),
      createStructField("text", StringType, true)});

  public static final StructType MESSAGES = new StructType(new StructField[] {
      createStructField("message_id", LongType, false),
      createStructField("chat_id", LongType, false),
      createStructField("sender", StringType, true),
      createStructField("agent_id", LongType, true),
      createStructField("agent_name", StringType, true),
      createStructField("type", StringType, true),
      createStructField("broadcast_type", StringType, true),
      createStructField("created_at", TimestampType, true),
      createStructField("updated_at", TimestampType, true),
      createStructField("edited", BooleanType, true),
      createStructField("read", BooleanType, true),
      createStructField("text", StringType, true),
      createStructField("text_length", IntegerType, true),
      createStructField(Columns.SOURCE_FILE, StringType, true),
      createStructField(Columns.INGESTED_AT, TimestampType, true),
      createStructField(Columns.REPORT_DATE, DateType, true)});

  /** What a chat's message history says (messages.md), before it is joined to the chat. */
  /**
   * A chat's answered response turns in order: when each turn started (its first customer
   * message) and the agent reply that ended it. Only the service columns read it; not stored.
   */
  public static final org.apache.spark.sql.types.ArrayType ANSWERED_TURNS = new org.apache.spark.sql.types.ArrayType(
      new StructType(new StructField[] {
          createStructField("start", TimestampType, false),
          createStructField("reply", TimestampType, false)}), false);

  public static final StructType PER_CHAT = new StructType(new StructField[] {
      createStructField("chat_id", LongType, false),
      createStructField("messages_total", IntegerType, false),
      createStructField("customer_messages", IntegerType, false),
      createStructField("agent_replies", IntegerType, false),
      createStructField("first_customer_message_at", TimestampType, true),
      createStructField("first_reply_at", TimestampType, true),
      createStructField("first_reply_agent_id", LongType, true),
      createStructField("first_response_seconds", DoubleType, true),
      createStructField("response_turns", IntegerType, false),
      createStructField("response_seconds_sum", DoubleType, true),
      createStructField("response_turns_answered", IntegerType, false),
      createStructField("turn_open_at_end", BooleanType, false),
      createStructField("reply_agents", IntegerType, false),
      createStructField("answered_turns", ANSWERED_TURNS, false)});
}
