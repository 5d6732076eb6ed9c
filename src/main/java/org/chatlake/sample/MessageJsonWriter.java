package org.chatlake.sample;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

/** Writes one Messages API object; times and ids spelled like the chat's. */
final class MessageJsonWriter {
  private MessageJsonWriter() {
  }

  /**
   * @param beforeEdit for an edited message, write the version exported before the edit (old text, not edited,
   *                   updatedAt = createdAt)
   */
  static void write(JsonGenerator g, GeneratedMessage m, ChatQuirks q, boolean beforeEdit) throws IOException {
    boolean old = beforeEdit && m.edited;
    g.writeStartObject();
    JsonValues.id(g, "id", m.id, q.idsAsStrings);
    JsonValues.id(g, "chat", m.chatId, q.idsAsStrings);
    g.writeStringField("from", m.fromAgent ? "agent" : "customer");
    g.writeStringField("type", m.type);
    JsonValues.stringOrNull(g, "broadcastType", m.broadcastType);
    if (m.agent == null) {
      g.writeNullField("agent");
    } else {
      g.writeObjectFieldStart("agent");
      ChatJsonWriter.agentFields(g, m.agent, q);
      g.writeEndObject();
    }
    JsonValues.text(g, "text", old ? m.originalText : m.text, q.escapeText);
    g.writeBooleanField("read", m.read);
    g.writeBooleanField("edited", !old && m.edited);
    JsonValues.time(g, "createdAt", m.createdAt, q);
    JsonValues.time(g, "updatedAt", old ? m.createdAt : m.updatedAt, q);
    g.writeEndObject();
  }
}
