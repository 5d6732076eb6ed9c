package org.chatlake.sample;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import org.chatlake.sample.ChatQuirks.Shape;

/** Writes one Chat object, fields in the order of HelpCrunch's docs, with the chat's quirks. */
final class ChatJsonWriter {
  private ChatJsonWriter() {
  }

  static void write(JsonGenerator g, ChatSnapshot s) throws IOException {
    GeneratedChat c = s.chat;
    ChatQuirks q = c.quirks;
    boolean ids = q.idsAsStrings;
    g.writeStartObject();
    if (!q.idLast) {
      JsonValues.id(g, "id", c.id, ids);
    }
    JsonValues.stringOrNull(g, "closedBy", s.closedBy);
    JsonValues.time(g, "lastCustomerMessageAt", s.lastCustomerMessageAt, q);
    g.writeStringField("status", s.status);
    JsonValues.time(g, "closedAt", s.closedAt, q);
    JsonValues.stringOrNull(g, "rating", s.rating);
    JsonValues.time(g, "createdAt", c.createdAt, q);
    JsonValues.time(g, "lastMessageAt", s.lastMessageAt, q);
    g.writeBooleanField("readByAgent", s.readByAgent);
    g.writeBooleanField("readByCustomer", s.readByCustomer);
    g.writeStringField("createdWith", c.createdWith);
    JsonValues.time(g, "snoozedUntil", s.snoozedUntil, q);
    JsonValues.text(g, "lastMessageText", s.lastMessageText, q.escapeText);
    JsonValues.id(g, "lastMessageId", s.lastMessageId, ids);
    JsonValues.id(g, "applicationId", Catalog.APPLICATION_ID, ids);
    JsonValues.id(g, "lastCommunicatedAgentId", s.lastCommunicatedAgentId, ids);
    agents(g, s, q);
    customer(g, c.customer, q);
    agentObject(g, "assignee", s.assignee, q.assignee, q);
    department(g, c.department, q);
    if (q.extraRoot) {
      g.writeArrayFieldStart("tags");
      g.writeString(c.id % 2 == 0 ? "vip" : "refund");
      g.writeString("widget");
      g.writeEndArray();
      g.writeObjectFieldStart("customFields");
      g.writeStringField("plan", c.id % 3 == 0 ? "enterprise" : "pro");
      g.writeNumberField("seats", 1 + c.id % 40);
      g.writeNullField("churnRisk");
      g.writeEndObject();
      g.writeNumberField("unreadCount", c.id % 4);
    }
    if (q.idLast) {
      JsonValues.id(g, "id", c.id, ids);
    }
    g.writeEndObject();
  }

  private static void agents(JsonGenerator g, ChatSnapshot s, ChatQuirks q) throws IOException {
    if (q.agents == Shape.MISSING) {
      return;
    }
    if (q.agents == Shape.NULL_VALUE) {
      g.writeNullField("agents");
      return;
    }
    g.writeArrayFieldStart("agents");
    for (Agent a : s.agents) {
      g.writeStartObject();
      agentFields(g, a, q);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  static void agentFields(JsonGenerator g, Agent a, ChatQuirks q) throws IOException {
    JsonValues.id(g, "id", a.id(), q.idsAsStrings);
    g.writeStringField("name", a.name());
    g.writeStringField("email", a.email());
    g.writeStringField("role", a.role());
    if (q.extraNested) {
      g.writeStringField("avatar", "https://cdn.example.com/avatars/" + a.id() + ".png");
      g.writeBooleanField("online", a.id() % 2 == 0);
    }
  }

  private static void agentObject(JsonGenerator g, String field, Agent a, Shape shape, ChatQuirks q) throws IOException {
    if (shape == Shape.MISSING) {
      return;
    }
    if (shape == Shape.EMPTY_OBJECT) {
      g.writeObjectFieldStart(field);
      g.writeEndObject();
      return;
    }
    if (a == null) {
      g.writeNullField(field);
      return;
    }
    g.writeObjectFieldStart(field);
    agentFields(g, a, q);
    g.writeEndObject();
  }

  private static void customer(JsonGenerator g, Customer cu, ChatQuirks q) throws IOException {
    if (q.customer == Shape.MISSING) {
      return;
    }
    g.writeObjectFieldStart("customer");
    if (q.customer != Shape.EMPTY_OBJECT) {
      JsonValues.id(g, "id", cu.id(), q.idsAsStrings);
      g.writeStringField("name", cu.name());
      g.writeStringField("email", cu.email());
      JsonValues.stringOrNull(g, "userId", cu.userId());
      if (q.extraNested) {
        g.writeStringField("phone", "+48 600 " + (100 + cu.id() % 900) + " " + (100 + cu.id() % 877));
        g.writeObjectFieldStart("company");
        g.writeStringField("name", "Acme " + (cu.id() % 50));
        g.writeStringField("size", "11-50");
        g.writeEndObject();
      }
    }
    g.writeEndObject();
  }

  private static void department(JsonGenerator g, Department d, ChatQuirks q) throws IOException {
    if (q.department == Shape.MISSING) {
      return;
    }
    if (q.department == Shape.EMPTY_OBJECT) {
      g.writeObjectFieldStart("department");
      g.writeEndObject();
      return;
    }
    if (d == null) {
      g.writeNullField("department");
      return;
    }
    g.writeObjectFieldStart("department");
    JsonValues.id(g, "id", d.id(), q.idsAsStrings);
    g.writeStringField("name", d.name());
    if (q.extraNested) {
      g.writeBooleanField("isDefault", d.id() == 13L);
    }
    g.writeEndObject();
  }
}
