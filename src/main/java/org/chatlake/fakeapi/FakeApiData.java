package org.chatlake.fakeapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chatlake.sample.ApiSample;

/**
 * The emulator's account: chats and their messages, from the sample generator, plus what a test
 * (or {@code POST /_control/...}) adds later: new messages (which change a chat's lastMessageId,
 * lastMessageAt and server-side updatedAt) and new chats.
 */
public final class FakeApiData {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Ids of added messages and chats: far from the generator's. */
  private long nextMessageId = 900_000_001L;
  private long nextChatId = 90_000_001L;

  /** One chat as the server holds it; times in UNIX seconds (fractions kept). */
  public static final class StoredChat {
    public final long id;
    final double createdAt;
    Double lastMessageAt;
    final Double closedAt;
    /** Not in the Chat object (the API has no such field) but filterable, as in HelpCrunch. */
    double updatedAt;
    String json;
    /** Oldest first. */
    final List<StoredMessage> messages;

    StoredChat(long id, double createdAt, Double lastMessageAt, Double closedAt, double updatedAt, String json,
        List<StoredMessage> messages) {
      this.id = id;
      this.createdAt = createdAt;
      this.lastMessageAt = lastMessageAt;
      this.closedAt = closedAt;
      this.updatedAt = updatedAt;
      this.json = json;
      this.messages = messages;
    }

    public String json() {
      return json;
    }

    public int messageCount() {
      return messages.size();
    }
  }

  public record StoredMessage(long id, double createdAt, String json) {}

  private final Map<Long, StoredChat> chats = new LinkedHashMap<>();

  /** {@code count} generated chats (seed, first day, days) with all their messages. */
  public static FakeApiData generated(long seed, int count, LocalDate start, int days) {
    FakeApiData data = new FakeApiData();
    for (ApiSample.Chat c : ApiSample.generate(seed, count, start, days)) {
      List<StoredMessage> messages = new ArrayList<>();
      for (ApiSample.Message m : c.messages()) {
        messages.add(new StoredMessage(m.id(), m.createdAtMillis() / 1000.0, m.json()));
      }
      Double closedAt = null;
      try {
        closedAt = seconds(JSON.readTree(c.json()).get("closedAt"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      data.chats.put(c.id(), new StoredChat(c.id(), c.createdAtMillis() / 1000.0,
          c.lastMessageAtMillis() == null ? null : c.lastMessageAtMillis() / 1000.0, closedAt,
          c.updatedAtMillis() / 1000.0, c.json(), messages));
    }
    return data;
  }

  static Double seconds(com.fasterxml.jackson.databind.JsonNode v) {
    if (v == null || v.isNull() || v.asText().isBlank()) {
      return null;
    }
    double d = v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText().trim());
    return d == 0 ? null : d > 1e11 ? d / 1000 : d;
  }

  public synchronized List<StoredChat> chats() {
    return List.copyOf(chats.values());
  }

  public synchronized StoredChat chat(long id) {
    return chats.get(id);
  }

  /** The JSON text of a chat's messages, oldest first. */
  public synchronized List<String> messageTexts(long chatId) {
    return chats.get(chatId).messages.stream().map(StoredMessage::json).toList();
  }

  /** Messages of a chat, newest first (the API's order), or null when there is no such chat. */
  synchronized List<StoredMessage> messagesNewestFirst(long chatId) {
    StoredChat c = chats.get(chatId);
    if (c == null) {
      return null;
    }
    List<StoredMessage> list = new ArrayList<>(c.messages);
    list.sort((a, b) -> a.createdAt() != b.createdAt() ? Double.compare(b.createdAt(), a.createdAt())
        : Long.compare(b.id(), a.id()));
    return list;
  }

  /** A customer writes {@code count} more messages to chat {@code chatId} at {@code at}: the chat changes. */
  public synchronized void addMessages(long chatId, int count, Instant at) {
    StoredChat c = chats.get(chatId);
    if (c == null) {
      throw new IllegalArgumentException("no chat " + chatId);
    }
    long seconds = at.getEpochSecond();
    long last = 0;
    String text = null;
    for (int i = 0; i < count; i++) {
      last = nextMessageId++;
      text = "Follow-up " + (i + 1) + " on chat " + chatId;
      ObjectNode m = JSON.createObjectNode();
      m.put("id", last);
      m.put("chat", chatId);
      m.put("from", "customer");
      m.put("type", "message");
      m.putNull("broadcastType");
      m.putNull("agent");
      m.put("text", text);
      m.put("read", false);
      m.put("edited", false);
      m.put("createdAt", Long.toString(seconds));
      m.put("updatedAt", Long.toString(seconds));
      c.messages.add(new StoredMessage(last, seconds, m.toString()));
    }
    try {
      ObjectNode chat = (ObjectNode) JSON.readTree(c.json);
      chat.put("lastMessageId", last);
      chat.put("lastMessageAt", Long.toString(seconds));
      chat.put("lastCustomerMessageAt", Long.toString(seconds));
      chat.put("lastMessageText", text);
      c.json = chat.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    c.lastMessageAt = (double) seconds;
    c.updatedAt = seconds;
  }

  /** A new chat, created at {@code at} with one customer message; returns its id. */
  public synchronized long addChat(Instant at) {
    long id = nextChatId++;
    long seconds = at.getEpochSecond();
    ObjectNode chat = JSON.createObjectNode();
    chat.put("id", id);
    chat.putNull("closedBy");
    chat.putNull("lastCustomerMessageAt");
    chat.put("status", "new");
    chat.putNull("closedAt");
    chat.putNull("rating");
    chat.put("createdAt", Long.toString(seconds));
    chat.putNull("lastMessageAt");
    chat.put("createdWith", "customer_message");
    chat.putNull("lastMessageId");
    chat.putArray("agents");
    ObjectNode customer = chat.putObject("customer");
    customer.put("id", 7_000_000 + id % 1000);
    customer.put("name", "New Customer");
    chat.putNull("assignee");
    chat.putNull("department");
    chats.put(id, new StoredChat(id, seconds, null, null, seconds, chat.toString(), new ArrayList<>()));
    addMessages(id, 1, at);
    return id;
  }
}
