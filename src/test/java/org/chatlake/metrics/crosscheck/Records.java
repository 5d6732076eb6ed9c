package org.chatlake.metrics.crosscheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The parsed chat and message records of the cross-check (only what the compared tables need is kept). */
public final class Records {
  private Records() {}

  /** One good chat record: normalised per output.md, times in epoch milliseconds. */
  public record Chat(long id, String status, String closedBy, String rating, Long createdAt, Long closedAt,
      Long lastMessageAt, Long lastCustomerMessageAt, Long departmentId, String departmentName,
      Long assigneeId, String file, int position) {}

  /** One good message record. */
  public record Message(long id, long chatId, String from, String type, String broadcastType, Long agentId,
      Long createdAt, Long updatedAt, String file, int position) {}

  /** Reads and checks every field of input.md's chat object; any wrong type rejects the record. */
  static Chat chat(ExportFiles.Found f) throws Fields.Bad {
    JsonNode r = f.node();
    long id = Fields.requiredId(r, "id");
    String status = Fields.text(r, "status");
    String closedBy = Fields.text(r, "closedBy");
    String rating = Fields.text(r, "rating");
    Long createdAt = Fields.time(r, "createdAt");
    Long closedAt = Fields.time(r, "closedAt");
    Long lastMessageAt = Fields.time(r, "lastMessageAt");
    Long lastCustomerMessageAt = Fields.time(r, "lastCustomerMessageAt");
    Fields.time(r, "snoozedUntil");
    Fields.bool(r, "readByAgent");
    Fields.bool(r, "readByCustomer");
    Fields.text(r, "createdWith");
    Fields.text(r, "lastMessageText");
    Fields.id(r, "lastMessageId");
    Fields.id(r, "applicationId");
    Fields.id(r, "lastCommunicatedAgentId");
    JsonNode customer = Fields.object(r, "customer");
    Fields.id(customer, "id");
    Fields.text(customer, "name");
    Fields.text(customer, "email");
    Fields.scalar(customer, "userId");
    Long assigneeId = agent(Fields.object(r, "assignee"));
    JsonNode agents = Fields.array(r, "agents");
    if (agents != null) {
      for (JsonNode a : agents) {
        if (!a.isObject()) {
          throw new Fields.Bad("wrong_type", "agents[] element is not an object: " + a);
        }
        agent(a);
      }
    }
    JsonNode department = Fields.object(r, "department");
    Long departmentId = Fields.id(department, "id");
    String departmentName = Fields.text(department, "name");
    return new Chat(id, status(status), lower(closedBy), rating(rating), createdAt, closedAt,
        lastMessageAt, lastCustomerMessageAt, departmentId, departmentName, assigneeId, f.file(), f.position());
  }

  /** Reads and checks every field of messages.md's message object. */
  static Message message(ExportFiles.Found f) throws Fields.Bad {
    JsonNode r = f.node();
    long id = Fields.requiredId(r, "id");
    long chatId = Fields.requiredId(r, "chat");
    String from = Fields.text(r, "from");
    String type = Fields.text(r, "type");
    String broadcastType = Fields.text(r, "broadcastType");
    Fields.text(r, "text");
    Fields.bool(r, "read");
    Fields.bool(r, "edited");
    Long createdAt = Fields.time(r, "createdAt");
    Long updatedAt = Fields.time(r, "updatedAt");
    Long agentId = agent(Fields.object(r, "agent"));
    return new Message(id, chatId, from, type, broadcastType, agentId, createdAt, updatedAt,
        f.file(), f.position());
  }

  private static Long agent(JsonNode a) throws Fields.Bad {
    Long id = Fields.id(a, "id");
    Fields.text(a, "name");
    Fields.text(a, "email");
    Fields.text(a, "role");
    return id;
  }

  static String lower(String s) {
    return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
  }

  /** output.md: trim, lower-case, map the spelling variants of input.md. */
  static String status(String raw) {
    String s = lower(raw);
    if (s == null) {
      return null;
    }
    return switch (s) {
      case "on hold", "on-hold", "on_hold" -> "onhold";
      case "no_communication", "no-communication" -> "no communication";
      default -> s;
    };
  }

  /** output.md: great/average/poor, perfect -> great, anything else null. */
  static String rating(String raw) {
    String s = lower(raw);
    if (s == null) {
      return null;
    }
    return switch (s) {
      case "great", "perfect" -> "great";
      case "average" -> "average";
      case "poor" -> "poor";
      default -> null;
    };
  }
}
