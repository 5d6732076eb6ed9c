package org.chatlake.ingest;

import static org.chatlake.ingest.JsonValues.bool;
import static org.chatlake.ingest.JsonValues.id;
import static org.chatlake.ingest.JsonValues.skip;
import static org.chatlake.ingest.JsonValues.startArray;
import static org.chatlake.ingest.JsonValues.startObject;
import static org.chatlake.ingest.JsonValues.text;
import static org.chatlake.ingest.JsonValues.timestamp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.StructType;
import org.chatlake.model.ChatSchema;

/**
 * Parses one HelpCrunch Chat object into the values of a row of {@link ChatSchema#PARSED} (agents as a
 * list of field arrays); unknown fields are skipped. A key given twice counts once, with its last
 * value (objects and {@code agents} included), as most JSON readers do.
 */
public final class ChatRecordParser implements RecordParser {
  private static final long serialVersionUID = 1L;

  private static final int CHAT_ID = 0, STATUS = 1, CLOSED_BY = 2, RATING = 3, CREATED_AT = 4,
      CLOSED_AT = 5, LAST_MESSAGE_AT = 6, LAST_CUSTOMER_MESSAGE_AT = 7, SNOOZED_UNTIL = 8,
      READ_BY_AGENT = 9, READ_BY_CUSTOMER = 10, CREATED_WITH = 11, LAST_MESSAGE_TEXT = 12,
      LAST_MESSAGE_ID = 13, APPLICATION_ID = 14, LAST_COMMUNICATED_AGENT_ID = 15, CUSTOMER = 16,
      ASSIGNEE = 20, DEPARTMENT = 24, AGENTS = 26, WIDTH = 27;

  @Override
  public StructType schema() {
    return ChatSchema.PARSED;
  }

  @Override
  public Object[] parse(JsonParser p) throws IOException, BadRecordException {
    Object[] v = new Object[WIDTH];
    List<Object[]> agents = new ArrayList<>(2);
    String field;
    while ((field = p.nextFieldName()) != null) {
      p.nextToken();
      switch (field) {
        case "id": v[CHAT_ID] = chatId(p); break;
        case "status": v[STATUS] = text(p, field); break;
        case "closedBy": v[CLOSED_BY] = text(p, field); break;
        case "rating": v[RATING] = text(p, field); break;
        case "createdAt": v[CREATED_AT] = timestamp(p, field); break;
        case "closedAt": v[CLOSED_AT] = timestamp(p, field); break;
        case "lastMessageAt": v[LAST_MESSAGE_AT] = timestamp(p, field); break;
        case "lastCustomerMessageAt": v[LAST_CUSTOMER_MESSAGE_AT] = timestamp(p, field); break;
        case "snoozedUntil": v[SNOOZED_UNTIL] = timestamp(p, field); break;
        case "readByAgent": v[READ_BY_AGENT] = bool(p, field); break;
        case "readByCustomer": v[READ_BY_CUSTOMER] = bool(p, field); break;
        case "createdWith": v[CREATED_WITH] = text(p, field); break;
        case "lastMessageText": v[LAST_MESSAGE_TEXT] = text(p, field); break;
        case "lastMessageId": v[LAST_MESSAGE_ID] = id(p, field); break;
        case "applicationId": v[APPLICATION_ID] = id(p, field); break;
        case "lastCommunicatedAgentId": v[LAST_COMMUNICATED_AGENT_ID] = id(p, field); break;
        case "customer": customer(p, v); break;
        case "assignee": person(p, "assignee", v, ASSIGNEE); break;
        case "department": department(p, v); break;
        case "agents": agents(p, agents); break;
        default: skip(p);
      }
    }
    if (v[CHAT_ID] == null) {
      throw new BadRecordException(RejectReason.MISSING_ID, "record has no 'id'");
    }
    v[AGENTS] = agents;
    return v;
  }

  private static Long chatId(JsonParser p) throws IOException, BadRecordException {
    try {
      Long id = id(p, "id");
      if (id == null) {
        throw new BadRecordException(RejectReason.MISSING_ID, "'id' is null or empty");
      }
      return id;
    } catch (BadRecordException e) {
      throw e.code().equals(RejectReason.MISSING_ID) ? e
          : new BadRecordException(RejectReason.MISSING_ID, "no usable id: " + e.getMessage());
    }
  }

  private static void customer(JsonParser p, Object[] v) throws IOException, BadRecordException {
    Arrays.fill(v, CUSTOMER, CUSTOMER + 4, null);
    if (!startObject(p, "customer")) {
      return;
    }
    String field;
    while ((field = p.nextFieldName()) != null) {
      p.nextToken();
      switch (field) {
        case "id": v[CUSTOMER] = id(p, "customer.id"); break;
        case "name": v[CUSTOMER + 1] = text(p, "customer.name"); break;
        case "email": v[CUSTOMER + 2] = text(p, "customer.email"); break;
        case "userId": v[CUSTOMER + 3] = text(p, "customer.userId"); break;
        default: skip(p);
      }
    }
  }

  /** An {id, name, email, role} object into four consecutive slots; false when null or absent. */
  private static boolean person(JsonParser p, String name, Object[] v, int at)
      throws IOException, BadRecordException {
    Arrays.fill(v, at, at + 4, null);
    if (!startObject(p, name)) {
      return false;
    }
    boolean any = false;
    String field;
    while ((field = p.nextFieldName()) != null) {
      p.nextToken();
      switch (field) {
        case "id": v[at] = id(p, name + ".id"); break;
        case "name": v[at + 1] = text(p, name + ".name"); break;
        case "email": v[at + 2] = text(p, name + ".email"); break;
        case "role": v[at + 3] = text(p, name + ".role"); break;
        default: skip(p); continue;
      }
      any |= v[at] != null || v[at + 1] != null || v[at + 2] != null || v[at + 3] != null;
    }
    return any;
  }

  private static void department(JsonParser p, Object[] v) throws IOException, BadRecordException {
    Arrays.fill(v, DEPARTMENT, DEPARTMENT + 2, null);
    if (!startObject(p, "department")) {
      return;
    }
    String field;
    while ((field = p.nextFieldName()) != null) {
      p.nextToken();
      switch (field) {
        case "id": v[DEPARTMENT] = id(p, "department.id"); break;
        case "name": v[DEPARTMENT + 1] = text(p, "department.name"); break;
        default: skip(p);
      }
    }
  }

  /** Whether an agent with this id is listed already; agents without an id are all kept. */
  private static boolean hasAgent(List<Object[]> agents, Long id) {
    if (id == null) {
      return false;
    }
    for (Object[] a : agents) {
      if (id.equals(a[0])) {
        return true;
      }
    }
    return false;
  }

  private static void agents(JsonParser p, List<Object[]> agents) throws IOException, BadRecordException {
    agents.clear();
    if (!startArray(p, "agents")) {
      return;
    }
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      Object[] agent = new Object[4];
      if (person(p, "agents[]", agent, 0) && !hasAgent(agents, (Long) agent[0])) {
        agents.add(agent);
      }
    }
  }
}
