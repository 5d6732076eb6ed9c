package org.chatlake.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.chatlake.model.MessageSchema;
import org.chatlake.transform.MessageTimeline.Message;
import org.junit.jupiter.api.Test;

/**
 * MessageTimeline.summarise on small in-memory histories (messages.md, "Per-chat columns").
 * Every expected value is worked out by hand in the comments. Messages are given to summarise as
 * MessageNormaliser leaves them: sender lower-cased, broadcast_type null for an ordinary message.
 */
class MessageTimelineTest {
  /** 2024-03-05T10:00:00Z; every time below is T0 plus a few seconds. */
  private static final long T0 = 1_709_632_800L;

  // ---- message builders -----------------------------------------------------------------

  private static Timestamp at(long secondsAfterT0) {
    return Timestamp.from(Instant.ofEpochSecond(T0 + secondsAfterT0));
  }

  private static Message customer(long id, long s) {
    return new Message(id, "customer", "message", null, null, at(s));
  }

  private static Message customerEmail(long id, long s) {
    return new Message(id, "customer", "email", null, null, at(s));
  }

  private static Message reply(long id, long s, long agent) {
    return new Message(id, "agent", "message", null, agent, at(s));
  }

  private static Message replyEmail(long id, long s, long agent) {
    return new Message(id, "agent", "email", null, agent, at(s));
  }

  private static Message agentOfType(long id, long s, String type, Long agent) {
    return new Message(id, "agent", type, null, agent, at(s));
  }

  private static Message broadcast(long id, long s, String broadcastType, Long agent) {
    return new Message(id, "agent", "message", broadcastType, agent, at(s));
  }

  private static Row summarise(Message... messages) {
    return MessageTimeline.summarise(7L, new ArrayList<>(Arrays.asList(messages)));
  }

  private static Object get(Row r, String column) {
    return r.get(MessageSchema.PER_CHAT.fieldIndex(column));
  }

  /** All per-chat columns in PER_CHAT order, so one assertEquals shows every difference. */
  private static void assertSummary(Row r, long chatId, int total, int customerMessages, int agentReplies,
      Long firstCustomerAfterT0, Long firstReplyAfterT0, Long firstReplyAgent, Double firstResponse,
      int turns, Double responseSum, int answered, boolean openAtEnd) {
    List<Object> expected = Arrays.asList(chatId, total, customerMessages, agentReplies,
        firstCustomerAfterT0 == null ? null : at(firstCustomerAfterT0),
        firstReplyAfterT0 == null ? null : at(firstReplyAfterT0),
        firstReplyAgent, firstResponse, turns, responseSum, answered, openAtEnd);
    List<Object> actual = new ArrayList<>();
    for (String f : MessageSchema.PER_CHAT.fieldNames()) {
      if (f.equals("reply_agents")) {
        continue; // history.md's column, asserted in replyAgentsCountsDistinctAgentsOfReplies
      }
      if (f.equals("answered_turns")) {
        continue; // asserted by answeredTurnsAreTheStartAndReplyOfEachAnsweredTurn
      }
      Object v = get(r, f);
      actual.add(v instanceof Number n && !(v instanceof Double) && !(v instanceof Long) ? n.intValue() : v);
    }
    assertEquals(expected, actual, "columns " + Arrays.toString(MessageSchema.PER_CHAT.fieldNames()));
    int turnsListed = r.getList(MessageSchema.PER_CHAT.fieldIndex("answered_turns")).size();
    assertEquals(answered, turnsListed, "one answered_turns entry per answered turn");
  }

  @Test
  void replyAgentsCountsDistinctAgentsOfReplies() {
    // 501 twice; 502 only in a broadcast, 503 only in a private note, 504 without a time: replies
    // by 501 and 504 only
    Row r = summarise(customer(1, 0), reply(2, 10, 501), broadcast(3, 20, "manual chat", 502L),
        agentOfType(4, 30, "private", 503L), reply(5, 40, 501),
        new Message(6, "agent", "email", null, 504L, null));
    assertEquals(2, get(r, "reply_agents"));
    assertEquals(0, get(summarise(customer(1, 0), agentOfType(2, 5, "message", null)), "reply_agents"));
    assertEquals(1, get(summarise(reply(1, 0, 501), reply(2, 5, 501)), "reply_agents"));
  }

  // ---- tests ----------------------------------------------------------------------------

  @Test
  void turnsOpenWithACustomerMessageAndCloseWithTheNextReply() {
    Row r = summarise(
        customer(1, 0),        // turn 1 opens at 0
        customer(2, 20),       // joins turn 1
        customerEmail(3, 40),  // an email is a customer message too; joins turn 1
        reply(4, 100, 501),    // closes turn 1: 100 - 0 = 100 s; first reply (100 s, agent 501)
        reply(5, 110, 502),    // a reply with no open turn: counted as a reply, closes nothing
        customer(6, 200),      // turn 2 opens at 200
        replyEmail(7, 260, 502), // an email reply closes turn 2: 260 - 200 = 60 s
        customer(8, 300));     // turn 3 opens at 300 and is still open at the end
    // messages 8, customer 5 (1,2,3,6,8), replies 3 (4,5,7); turns 3, answered 2, sum 100 + 60 = 160
    assertSummary(r, 7L, 8, 5, 3, 0L, 100L, 501L, 100.0, 3, 160.0, 2, true);
  }

  @Test
  void answeredTurnsAreTheStartAndReplyOfEachAnsweredTurn() {
    Row r = summarise(customer(1, 0), customer(2, 20), reply(4, 100, 501), reply(5, 110, 502),
        customer(6, 200), replyEmail(7, 260, 502), customer(8, 300));
    // turn 1 [0, 100), turn 2 [200, 260); turn 3 (300) has no reply and is not listed
    List<?> turns = r.getList(MessageSchema.PER_CHAT.fieldIndex("answered_turns"));
    assertEquals(List.of(List.of(at(0), at(100)), List.of(at(200), at(260))),
        turns.stream().map(t -> List.of(((Row) t).get(0), ((Row) t).get(1))).toList());
  }

  @Test
  void firstReplyIsTheFirstReplyAfterTheFirstCustomerMessage() {
    Row r = summarise(
        reply(1, 0, 503),      // the agent speaks first: a reply (counted) but not a first reply
        customer(2, 30),       // first customer message at 30, turn 1 opens
        reply(3, 75, 504),     // first reply: 75 - 30 = 45 s, by 504 (not 503, who spoke first)
        reply(4, 80, 503));
    // messages 4, customer 1, replies 3; turns 1 answered 1 sum 45; nothing open at the end
    assertSummary(r, 7L, 4, 1, 3, 30L, 75L, 504L, 45.0, 1, 45.0, 1, false);
  }

  @Test
  void agentMessageWithoutAgentIdIsNotAReply() {
    Row r = summarise(
        customer(1, 0),                          // turn 1 opens at 0
        agentOfType(2, 10, "message", null),     // from agent, no agent id: not a reply, turn stays open
        reply(3, 50, 501));                      // closes turn 1: 50 s; first reply 50 s
    assertSummary(r, 7L, 3, 1, 1, 0L, 50L, 501L, 50.0, 1, 50.0, 1, false);

    Row onlyAnonymous = summarise(customer(1, 0), agentOfType(2, 10, "message", null));
    // the anonymous agent message leaves the turn open: no first reply, unanswered at the end
    assertSummary(onlyAnonymous, 7L, 2, 1, 0, 0L, null, null, null, 1, null, 0, true);
  }

  @Test
  void broadcastsAreNotReplies() {
    Row r = summarise(
        broadcast(1, 0, "auto chat", 501L),     // automation before the customer speaks
        customer(2, 10),                        // turn 1 opens at 10
        broadcast(3, 20, "trigger", null),
        broadcast(4, 30, "manual chat", 501L),  // even with an agent id: a broadcast, not a reply
        broadcast(5, 40, "auto email", 501L),
        broadcast(6, 45, "manual email", 501L),
        reply(7, 70, 502));                     // closes turn 1: 70 - 10 = 60 s
    // messages 7, customer 1, replies 1 (only 7)
    assertSummary(r, 7L, 7, 1, 1, 10L, 70L, 502L, 60.0, 1, 60.0, 1, false);
  }

  @Test
  void notesSystemEventsAndArticleSuggestionsAreNotReplies() {
    Row r = summarise(
        customer(1, 0),                                  // turn 1 opens at 0
        agentOfType(2, 5, "private", 501L),              // internal note
        agentOfType(3, 6, "tech", null),                 // system event
        agentOfType(4, 7, "knowledgeBase", 501L),        // article suggestion
        customer(5, 8),                                  // joins turn 1
        reply(6, 90, 501));                              // closes turn 1: 90 s
    assertSummary(r, 7L, 6, 2, 1, 0L, 90L, 501L, 90.0, 1, 90.0, 1, false);
  }

  @Test
  void messagesSharingACreatedAtAreOrderedById() {
    // Given newest first, as the API pages them; the reply (id 10) and the customer message (id 11)
    // share t = 60. By id the reply comes first: it closes turn 1 (60 - 0 = 60 s), and customer 11
    // then opens turn 2, which the reply 12 closes (90 - 60 = 30 s).
    Row r = summarise(reply(12, 90, 501), customer(11, 60), reply(10, 60, 501), customer(9, 0));
    assertSummary(r, 7L, 4, 2, 2, 0L, 60L, 501L, 60.0, 2, 90.0, 2, false);

    // Ids the other way round at the same t = 60: customer 10 first joins the open turn 1 and the
    // reply 11 closes it (60 s); the reply 12 closes nothing. One turn only.
    Row swapped = summarise(reply(12, 90, 501), reply(11, 60, 502), customer(10, 60), customer(9, 0));
    assertSummary(swapped, 7L, 4, 2, 2, 0L, 60L, 502L, 60.0, 1, 60.0, 1, false);

    // A customer message and a reply at the same instant, customer first by id: 0 s response.
    Row sameInstant = summarise(reply(2, 0, 501), customer(1, 0));
    assertSummary(sameInstant, 7L, 2, 1, 1, 0L, 0L, 501L, 0.0, 1, 0.0, 1, false);
  }

  @Test
  void inputOrderDoesNotMatter() {
    Message[] oldestFirst = {customer(1, 0), reply(2, 30, 501), customer(3, 100), reply(4, 160, 502)};
    Message[] newestFirst = {oldestFirst[3], oldestFirst[2], oldestFirst[1], oldestFirst[0]};
    Message[] shuffled = {oldestFirst[2], oldestFirst[0], oldestFirst[3], oldestFirst[1]};
    for (Message[] order : List.of(oldestFirst, newestFirst, shuffled)) {
      // turns: 30 - 0 = 30 and 160 - 100 = 60; sum 90
      assertSummary(summarise(order), 7L, 4, 2, 2, 0L, 30L, 501L, 30.0, 2, 90.0, 2, false);
    }
  }

  @Test
  void noConversationAtAll() {
    // Interpretation: with no answered turn the sum is null (a SQL sum over no turns), the count 0.
    assertSummary(summarise(), 7L, 0, 0, 0, null, null, null, null, 0, null, 0, false);
    Row onlyNotes = summarise(agentOfType(1, 0, "private", 501L), broadcast(2, 5, "auto chat", 501L));
    assertSummary(onlyNotes, 7L, 2, 0, 0, null, null, null, null, 0, null, 0, false);
    Row r = summarise(customer(1, 0), customer(2, 5));
    assertNull(get(r, "first_response_seconds"));
    assertEquals(true, get(r, "turn_open_at_end"));
  }
}
