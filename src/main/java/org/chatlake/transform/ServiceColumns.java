package org.chatlake.transform;

import static org.apache.spark.sql.functions.*;
import static org.apache.spark.sql.types.DataTypes.*;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.chatlake.model.ChatSchema;
import org.chatlake.model.MessageSchema;
import org.chatlake.service.ChatSla;
import org.chatlake.service.ServiceConfig;

/**
 * Puts the service-hours columns of service-hours.md on chats, with the config shipped inside the
 * functions (it is small). Two steps, because only the second depends on the horizon: a stored
 * chat whose outcome is pending is judged again at a later horizon without its messages.
 */
public final class ServiceColumns {
  private ServiceColumns() {}

  /** Fixed by a chat's data and config. */
  public static final List<String> DURATION_COLUMNS = List.of("first_response_business_seconds",
      "response_business_seconds_sum", "resolution_business_seconds", "sla_next_reply_turns",
      "sla_next_reply_breaches");
  /** Depend also on the instant they are judged at. */
  public static final List<String> OUTCOME_COLUMNS = List.of("sla_first_response", "sla_resolution", "sla_as_of");

  private static final List<String> CHAT_INPUTS = List.of("department_id", "status", "created_at", "closed_at",
      "resolution_seconds", "messages_total", "first_customer_message_at", "first_reply_at",
      "first_response_seconds", "response_seconds_sum", "answered_turns");

  /**
   * Adds {@link #DURATION_COLUMNS}.
   *
   * @param chats latest chats with their message columns and {@code answered_turns}
   *     (MessageTimeline); a column they lack reads as null (no message data)
   */
  public static Dataset<Row> withDurations(Dataset<Row> chats, ServiceConfig config) {
    ChatSla sla = new ChatSla(config);
    UserDefinedFunction f = udf((UDF1<Row, Row>) r -> {
      ChatSla.Durations d = sla.durations(chat(r));
      return RowFactory.create(d.firstResponseBusinessSeconds(), d.responseBusinessSecondsSum(),
          d.resolutionBusinessSeconds(), d.nextReplyTurns(), d.nextReplyBreaches());
    }, schemaOf(DURATION_COLUMNS));
    return expand(chats, f, DURATION_COLUMNS);
  }

  /** Adds (replaces) {@link #OUTCOME_COLUMNS}, judged at {@code horizon}. */
  public static Dataset<Row> judged(Dataset<Row> chats, ServiceConfig config, Instant horizon) {
    ChatSla sla = new ChatSla(config);
    UserDefinedFunction f = udf((UDF1<Row, Row>) r -> {
      ChatSla.Outcomes o = sla.judge(chat(r), horizon);
      return RowFactory.create(o.firstResponse(), o.resolution(),
          o.asOf() == null ? null : Timestamp.from(o.asOf()));
    }, schemaOf(OUTCOME_COLUMNS));
    return expand(chats, f, OUTCOME_COLUMNS);
  }

  /** The chats' columns (those in {@code columns} replaced) and the fields of f's struct. */
  private static Dataset<Row> expand(Dataset<Row> chats, UserDefinedFunction f, List<String> columns) {
    Set<String> present = new HashSet<>(Arrays.asList(chats.columns()));
    List<Column> inputs = new ArrayList<>();
    for (String c : CHAT_INPUTS) {
      DataType type = c.equals("answered_turns") ? MessageSchema.ANSWERED_TURNS : ChatSchema.CHATS.apply(c).dataType();
      inputs.add((present.contains(c) ? col(c) : lit(null)).cast(type).as(c));
    }
    String tmp = "_service_columns";
    Dataset<Row> with = chats.drop(columns.toArray(new String[0]))
        .withColumn(tmp, f.apply(struct(inputs.toArray(new Column[0]))));
    for (String c : columns) {
      with = with.withColumn(c, col(tmp + "." + c));
    }
    return with.drop(tmp);
  }

  private static StructType schemaOf(List<String> columns) {
    return new StructType(columns.stream().map(ChatSchema.CHATS::apply)
        .map(f -> createStructField(f.name(), f.dataType(), true)).toArray(StructField[]::new));
  }

  static ChatSla.Chat chat(Row r) {
    List<ChatSla.Turn> turns = new ArrayList<>();
    if (!r.isNullAt(10)) {
      for (Row t : r.<Row>getList(10)) {
        turns.add(new ChatSla.Turn(instant(t, 0), instant(t, 1)));
      }
    }
    return new ChatSla.Chat(r.isNullAt(0) ? null : r.getLong(0), r.getString(1), instant(r, 2), instant(r, 3),
        r.isNullAt(4) ? null : r.getDouble(4), !r.isNullAt(5), instant(r, 6), instant(r, 7),
        r.isNullAt(8) ? null : r.getDouble(8), r.isNullAt(9) ? null : r.getDouble(9), turns);
  }

  private static Instant instant(Row r, int i) {
    return r.isNullAt(i) ? null : ((Timestamp) r.get(i)).toInstant();
  }
}
