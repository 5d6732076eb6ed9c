package org.chatlake.transform;

import static org.apache.spark.sql.functions.col;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.chatlake.model.MessageSchema;

/**
 * Walks each chat's messages in order (created_at, then message_id) and derives the per-chat
 * columns of messages.md: first customer message, first reply and who sent it, response turns.
 * One shuffle by chat id; each group holds one chat's messages only, so memory stays flat in the
 * number of chats.
 */
public final class MessageTimeline {
  private MessageTimeline() {}

  /** @param messages deduplicated messages with chat_id, message_id, sender, type, broadcast_type, agent_id, created_at */
  public static Dataset<Row> perChat(Dataset<Row> messages) {
    Dataset<Row> slim = messages.select(col("chat_id"), col("message_id"), col("sender"), col("type"),
        col("broadcast_type"), col("agent_id"), col("created_at"));
    return slim
        .groupByKey((MapFunction<Row, Long>) r -> r.getLong(0), Encoders.LONG())
        .mapGroups((MapGroupsFunction<Long, Row, Row>) MessageTimeline::walk,
            Encoders.row(MessageSchema.PER_CHAT));
  }

  /** A message reduced to what the timeline needs. */
  record Message(long id, String sender, String type, String broadcastType, Long agentId, Timestamp at) {
    /** messages.md: from customer, type message or email. */
    boolean isCustomerMessage() {
      return "customer".equals(sender) && isConversation();
    }

    /** messages.md: from agent, type message or email, no broadcast, an agent id. */
    boolean isAgentReply() {
      return "agent".equals(sender) && isConversation() && broadcastType == null && agentId != null;
    }

    private boolean isConversation() {
      return "message".equals(type) || "email".equals(type);
    }
  }

  static Row walk(Long chatId, Iterator<Row> rows) {
    List<Message> all = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      all.add(new Message(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
          r.isNullAt(5) ? null : r.getLong(5), r.isNullAt(6) ? null : r.getTimestamp(6)));
    }
    return summarise(chatId, all);
  }

  /**
   * The per-chat row of {@link MessageSchema#PER_CHAT}; messages without a time only count in
   * totals (and in reply_agents, the distinct agents among the agent replies).
   */
  static Row summarise(long chatId, List<Message> all) {
    List<Message> timed = new ArrayList<>(all.size());
    int customerMessages = 0;
    int agentReplies = 0;
    java.util.Set<Long> replyAgents = new java.util.HashSet<>();
    for (Message m : all) {
      customerMessages += m.isCustomerMessage() ? 1 : 0;
      if (m.isAgentReply()) {
        agentReplies++;
        replyAgents.add(m.agentId());
      }
      if (m.at() != null) {
        timed.add(m);
      }
    }
    timed.sort(Comparator.comparing(Message::at).thenComparingLong(Message::id));

    Timestamp firstCustomerAt = null;
    Timestamp firstReplyAt = null;
    Long firstReplyAgent = null;
    Timestamp turnStart = null;
    int turns = 0;
    int answered = 0;
    long answeredMicros = 0;
    List<Row> answeredTurns = new ArrayList<>();
    for (Message m : timed) {
      if (m.isCustomerMessage()) {
        if (firstCustomerAt == null) {
          firstCustomerAt = m.at();
        }
        if (turnStart == null) {
          turnStart = m.at();
          turns++;
        }
      } else if (m.isAgentReply()) {
        if (firstCustomerAt != null && firstReplyAt == null) {
          firstReplyAt = m.at();
          firstReplyAgent = m.agentId();
        }
        if (turnStart != null) {
          answered++;
          answeredMicros += micros(m.at()) - micros(turnStart);
          answeredTurns.add(RowFactory.create(turnStart, m.at()));
          turnStart = null;
        }
      }
    }
    Double firstResponse = firstReplyAt == null ? null
        : (micros(firstReplyAt) - micros(firstCustomerAt)) / 1e6;
    return RowFactory.create(chatId, all.size(), customerMessages, agentReplies, firstCustomerAt,
        firstReplyAt, firstReplyAgent, firstResponse, turns, answered == 0 ? null : answeredMicros / 1e6,
        answered, turnStart != null, replyAgents.size(),
        scala.jdk.javaapi.CollectionConverters.asScala(answeredTurns).toSeq());
  }

  private static long micros(Timestamp t) {
    return t.getTime() / 1000 * 1_000_000 + t.getNanos() / 1000;
  }
}
