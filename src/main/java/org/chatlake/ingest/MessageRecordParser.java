package org.chatlake.ingest;

import static org.chatlake.ingest.JsonValues.bool;
import static org.chatlake.ingest.JsonValues.id;
import static org.chatlake.ingest.JsonValues.skip;
import static org.chatlake.ingest.JsonValues.text;
import static org.chatlake.ingest.JsonValues.timestamp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.spark.sql.types.StructType;
import org.chatlake.model.MessageSchema;

/** Parses one message of the Messages API into a row of {@link MessageSchema#PARSED}. */
public final class MessageRecordParser implements RecordParser {
  private static final long serialVersionUID = 1L;

  private static final int ID = 0, CHAT = 1, FROM = 2, AGENT_ID = 3, AGENT_NAME = 4, TYPE = 5,
      BROADCAST_TYPE = 6, CREATED_AT = 7, UPDATED_AT = 8, EDITED = 9, READ = 10, TEXT = 11,
      WIDTH = 12;

  @Override
  public StructType schema() {
    return MessageSchema.PARSED;
  }

  @Override
  public Object[] parse(JsonParser p) throws IOException, BadRecordException {
    Object[] v = new Object[WIDTH];
    String field;
    while ((field = p.nextFieldName()) != null) {
      p.nextToken();
      switch (field) {
        case "id": v[ID] = requiredId(p, "id"); break;
        case "chat": v[CHAT] = chatId(p); break;
        case "from": v[FROM] = text(p, field); break;
        case "type": v[TYPE] = text(p, field); break;
        case "broadcastType": v[BROADCAST_TYPE] = text(p, field); break;
        case "agent": agent(p, v); break;
        case "text": v[TEXT] = text(p, field); break;
        case "read": v[READ] = bool(p, field); break;
        case "edited": v[EDITED] = bool(p, field); break;
        case "createdAt": v[CREATED_AT] = timestamp(p, field); break;
        case "updatedAt": v[UPDATED_AT] = timestamp(p, field); break;
        default: skip(p);
      }
    }
    if (v[ID] == null) {
      throw new BadRecordException(RejectReason.MISSING_ID, "message has no 'id'");
    }
    if (v[CHAT] == null) {
      throw new BadRecordException(RejectReason.MISSING_ID, "message has no 'chat' id");
    }
    return v;
  }

  /** The chat id: a number, a numeric string, or a chat object with an id. */
  private static Long chatId(JsonParser p) throws IOException, BadRecordException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      return requiredId(p, "chat");
    }
    Long id = null;
    String field;
    while ((field = p.nextFieldName()) != null) {
      p.nextToken();
      if (field.equals("id")) {
        id = requiredId(p, "chat.id");
      } else {
        skip(p);
      }
    }
    return id;
  }

  private static Long requiredId(JsonParser p, String field) throws IOException, BadRecordException {
    try {
      return id(p, field);
    } catch (BadRecordException e) {
      throw new BadRecordException(RejectReason.MISSING_ID, "no usable " + field + ": " + e.getMessage());
    }
  }

  private static void agent(JsonParser p, Object[] v) throws IOException, BadRecordException {
    v[AGENT_ID] = null; // a repeated key counts with its last value
    v[AGENT_NAME] = null;
    if (!JsonValues.startObject(p, "agent")) {
      return;
    }
    String field;
    while ((field = p.nextFieldName()) != null) {
      p.nextToken();
      switch (field) {
        case "id": v[AGENT_ID] = id(p, "agent.id"); break;
        case "name": v[AGENT_NAME] = text(p, "agent.name"); break;
        default: skip(p);
      }
    }
  }
}
