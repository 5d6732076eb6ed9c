package org.chatlake.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL of {@link DuckDbSameWorkJob}: the chat exports read with an explicit schema, every chat
 * normalised as our {@code ChatNormaliser} does, the latest state per chat as our {@code LatestState}
 * keeps it (with {@code Reopens}' reopen_count and first_closed_at), and the rows of {@code chats}
 * and {@code chat_agents} in our tables' column order and types.
 */
final class SameWorkSql {
  private SameWorkSql() {}

  /** The chat object's fields as read: scalars as text (the macros parse them as our parser does). */
  private static final String[][] FIELDS = {
      {"id", "VARCHAR"}, {"status", "VARCHAR"}, {"closedBy", "VARCHAR"}, {"rating", "VARCHAR"},
      {"createdAt", "VARCHAR"}, {"closedAt", "VARCHAR"}, {"lastMessageAt", "VARCHAR"},
      {"lastCustomerMessageAt", "VARCHAR"}, {"snoozedUntil", "VARCHAR"}, {"readByAgent", "VARCHAR"},
      {"readByCustomer", "VARCHAR"}, {"createdWith", "VARCHAR"}, {"lastMessageText", "VARCHAR"},
      {"lastMessageId", "VARCHAR"}, {"applicationId", "VARCHAR"}, {"lastCommunicatedAgentId", "VARCHAR"},
      {"customer", "STRUCT(id VARCHAR, name VARCHAR, email VARCHAR, userId VARCHAR)"},
      {"assignee", "STRUCT(id VARCHAR, name VARCHAR, email VARCHAR, role VARCHAR)"},
      {"department", "STRUCT(id VARCHAR, name VARCHAR)"},
      {"agents", "STRUCT(id VARCHAR, name VARCHAR, email VARCHAR, role VARCHAR)[]"}};

  /** The value rules of our JsonValues and ChatNormaliser (input.md, output.md). */
  static final String[] MACROS = {
      "CREATE MACRO lt(s) AS NULLIF(lower(trim(s)), '')",
      // an id: integer or numeric string; null or "" absent
      "CREATE MACRO lid(s) AS TRY_CAST(trim(s) AS BIGINT)",
      // UNIX seconds, or milliseconds above 1e11, to the millisecond (truncated); null, "" and 0 absent.
      // Integers take the BIGINT path; only a value with a fraction or an exponent pays for DECIMAL.
      "CREATE MACRO ms_of(v) AS CASE WHEN v > 100000000000 THEN v WHEN v > 0 THEN v * 1000 END",
      "CREATE MACRO ts(s) AS make_timestamptz(1000 * CASE WHEN contains(s, '.') OR contains(lower(s), 'e')"
          + " THEN CAST(floor(ms_of(TRY_CAST(trim(s) AS DECIMAL(38, 9)))) AS BIGINT)"
          + " ELSE ms_of(TRY_CAST(trim(s) AS BIGINT)) END)",
      "CREATE MACRO bool(s) AS CASE lower(trim(s)) WHEN 'true' THEN true WHEN '1' THEN true"
          + " WHEN 'false' THEN false WHEN '0' THEN false END",
      "CREATE MACRO seconds_between(a, b) AS (epoch_us(b) - epoch_us(a)) / 1000000.0",
  };

  /** The type agents are read as (null or absent is an empty list, as in our parser). */
  private static String agentType() {
    return java.util.Arrays.stream(FIELDS).filter(f -> f[0].equals("agents")).findFirst().orElseThrow()[1];
  }

  /** read_json's {@code columns} for JSON Lines: one chat per line. */
  static String chatColumns() {
    List<String> cols = new ArrayList<>();
    for (String[] f : FIELDS) {
      cols.add("'" + f[0] + "': '" + f[1] + "'");
    }
    return "{" + String.join(", ", cols) + "}";
  }

  /** read_json's {@code columns} for API pages: the chats in {@code data}. */
  static String pageColumns() {
    String struct = java.util.Arrays.stream(FIELDS).map(f -> "\"" + f[0] + "\" " + f[1])
        .collect(Collectors.joining(", "));
    return "{'data': 'STRUCT(" + struct + ")[]'}";
  }

  /** Every chat record of the inputs, field names as in the export, with its file ({@code filename}). */
  static String records(ExportFiles in) {
    List<String> parts = new ArrayList<>();
    if (!in.jsonl().isEmpty()) {
      parts.add("SELECT * FROM read_json(" + ExportFiles.sqlList(in.jsonl()) + ", format = 'newline_delimited', "
          + "columns = " + chatColumns() + ", filename = true)");
    }
    if (!in.pages().isEmpty()) {
      parts.add("SELECT unnest(data, max_depth := 2), filename FROM read_json(" + ExportFiles.sqlList(in.pages())
          + ", format = 'unstructured', columns = " + pageColumns() + ", filename = true, maximum_object_size = "
          + in.maxObjectSize() + ")");
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no input files");
    }
    return String.join("\nUNION ALL BY NAME\n", parts);
  }

  /**
   * The normalised chat records, before dedup, in input order (each file's records in file order,
   * so a row's position in the table is its position in its file, for the tie-break). A record
   * without a usable id is dropped (ours rejects it).
   */
  static String normalised(ExportFiles in, String zone, String ingestedAt) {
    String reportDate = zone.equals("UTC") ? "CAST(created_at AS DATE)"
        : "CAST(timezone('" + zone.replace("'", "''") + "', created_at) AS DATE)";
    return "WITH r AS (" + records(in) + "),\n"
        + "p AS (SELECT lid(id) AS chat_id, lt(status) AS status_lt, status AS status_raw,\n"
        + "  lt(closedBy) AS closed_by, lt(rating) AS rating_lt, rating AS rating_raw,\n"
        + "  ts(createdAt) AS created_at, ts(closedAt) AS closed_at, ts(lastMessageAt) AS last_message_at,\n"
        + "  ts(lastCustomerMessageAt) AS last_customer_message_at, ts(snoozedUntil) AS snoozed_until,\n"
        + "  bool(readByAgent) AS read_by_agent, bool(readByCustomer) AS read_by_customer,\n"
        + "  createdWith AS created_with, lastMessageText AS last_message_text,\n"
        + "  lid(lastMessageId) AS last_message_id, lid(applicationId) AS application_id,\n"
        + "  lid(lastCommunicatedAgentId) AS last_communicated_agent_id,\n"
        + "  lid(customer.id) AS customer_id, customer.name AS customer_name, customer.email AS customer_email,\n"
        + "  customer.userId AS customer_user_id,\n"
        + "  lid(assignee.id) AS assignee_id, assignee.name AS assignee_name, assignee.email AS assignee_email,\n"
        + "  assignee.role AS assignee_role,\n"
        + "  lid(department.id) AS department_id, department.name AS department_name,\n"
        // agents: null entries and entries with no field set are not agents (our parser skips them)
        + "  list_filter(list_transform(coalesce(agents, CAST([] AS " + agentType() + ")), lambda a: {'id': lid(a.id), 'name': a.name, 'email': a.email,\n"
        + "    'role': a.role}), lambda a: a IS NOT NULL AND (a.id IS NOT NULL OR a.name IS NOT NULL\n"
        + "    OR a.email IS NOT NULL OR a.role IS NOT NULL)) AS agents_listed,\n"
        + "  'file:' || filename AS source_file\n"
        + "  FROM r),\n"
        + "n AS (SELECT * EXCLUDE (status_lt, rating_lt, agents_listed),\n"
        + "  CASE WHEN status_lt IN ('on hold', 'on-hold', 'on_hold') THEN 'onhold'\n"
        + "       WHEN status_lt IN ('no_communication', 'no-communication') THEN 'no communication'\n"
        + "       ELSE status_lt END AS status,\n"
        + "  CASE WHEN rating_lt IN ('great', 'average', 'poor') THEN rating_lt\n"
        + "       WHEN rating_lt = 'perfect' THEN 'great' END AS rating,\n"
        // each agent id once per chat, the first listing kept (as our parser does)
        + "  list_filter(agents_listed, lambda a, i: a.id IS NULL OR NOT list_contains(\n"
        + "    list_transform(list_slice(agents_listed, 1, i - 1), lambda b: b.id), a.id)) AS agents\n"
        + "  FROM p WHERE chat_id IS NOT NULL)\n"
        + "SELECT *,\n"
        + "  list_transform(list_filter(agents, lambda a: a.id IS NOT NULL), lambda a: a.id) AS agent_ids,\n"
        + "  CASE WHEN status = 'closed' AND closed_at >= created_at THEN seconds_between(created_at, closed_at) END\n"
        + "    AS resolution_seconds,\n"
        + "  CASE WHEN last_message_at > last_customer_message_at\n"
        + "    THEN seconds_between(last_customer_message_at, last_message_at) END AS last_reply_seconds,\n"
        + "  coalesce(status, '') NOT IN ('closed', 'empty') AND last_customer_message_at IS NOT NULL\n"
        + "    AND (last_message_at IS NULL OR last_message_at <= last_customer_message_at) AS awaiting_reply,\n"
        + "  TIMESTAMPTZ '" + ingestedAt + "' AS ingested_at,\n"
        + "  " + reportDate + " AS report_date\n"
        + "FROM n";
  }

  /**
   * Per chat id seen more than once: the position (rowid in {@code raw}) of its latest snapshot,
   * reopen_count and first_closed_at over its snapshots. Latest state: greatest last_message_at,
   * then greatest closed_at (absent times lose), then the file that sorts last, then the later
   * position. Only repeated ids are ranked, as ours does, so the wide rows of the others stay put.
   */
  static final String WINNERS = "WITH repeated AS (SELECT chat_id FROM raw GROUP BY chat_id HAVING count(*) > 1),\n"
      + "s AS (SELECT rowid AS pos, chat_id, closed_at, coalesce(status = 'closed', false) AS is_closed,\n"
      + "  last_message_at, source_file FROM raw SEMI JOIN repeated USING (chat_id)),\n"
      + "o AS (SELECT *, lag(is_closed) OVER w AS prev_closed, lag(closed_at) OVER w AS prev_closed_at,\n"
      + "  row_number() OVER w AS seq\n"
      + "  FROM s WINDOW w AS (PARTITION BY chat_id ORDER BY last_message_at ASC NULLS FIRST,\n"
      + "    closed_at ASC NULLS FIRST, source_file ASC NULLS FIRST, pos ASC NULLS FIRST))\n"
      + "SELECT chat_id, arg_max(pos, seq) AS pos,\n"
      + "  CAST(count(*) FILTER (WHERE coalesce(prev_closed, false) AND (NOT is_closed\n"
      + "    OR (prev_closed_at IS NOT NULL AND closed_at IS NOT NULL AND closed_at > prev_closed_at))) AS INTEGER)\n"
      + "    AS reopen_count,\n"
      + "  min(closed_at) FILTER (WHERE is_closed) AS first_closed_at\n"
      + "FROM o GROUP BY chat_id";

  /** One row per chat: a chat seen once as it is (no reopen yet), a repeated one's latest snapshot. */
  static final String LATEST = "SELECT r.*,\n"
      + "  CASE WHEN w.chat_id IS NULL THEN 0 ELSE w.reopen_count END AS reopen_count,\n"
      + "  CASE WHEN w.chat_id IS NULL THEN CASE WHEN r.status = 'closed' THEN r.closed_at END\n"
      + "       ELSE w.first_closed_at END AS first_closed_at\n"
      + "FROM raw r LEFT JOIN winners w ON r.chat_id = w.chat_id\n"
      + "WHERE w.chat_id IS NULL OR w.pos = r.rowid";

  /** The columns of our {@code chats} table in its order (ChatSchema.CHATS); message and SLA columns null. */
  static final String CHATS = "SELECT chat_id, status, status_raw, closed_by, rating, rating_raw,\n"
      + "  created_at, closed_at, last_message_at, last_customer_message_at, snoozed_until,\n"
      + "  read_by_agent, read_by_customer, created_with, last_message_text, last_message_id, application_id,\n"
      + "  last_communicated_agent_id, customer_id, customer_name, customer_email, customer_user_id,\n"
      + "  assignee_id, assignee_name, assignee_email, assignee_role, department_id, department_name,\n"
      + "  CAST(len(agent_ids) AS INTEGER) AS agent_count, agent_ids,\n"
      + "  resolution_seconds, last_reply_seconds, awaiting_reply, reopen_count, first_closed_at,\n"
      // without message exports ours has no message columns either (Conform writes them null)
      + "  CAST(NULL AS INTEGER) AS messages_total, CAST(NULL AS INTEGER) AS customer_messages,\n"
      + "  CAST(NULL AS INTEGER) AS agent_replies, CAST(NULL AS TIMESTAMPTZ) AS first_customer_message_at,\n"
      + "  CAST(NULL AS TIMESTAMPTZ) AS first_reply_at, CAST(NULL AS BIGINT) AS first_reply_agent_id,\n"
      + "  CAST(NULL AS DOUBLE) AS first_response_seconds, CAST(NULL AS INTEGER) AS response_turns,\n"
      + "  CAST(NULL AS DOUBLE) AS response_seconds_sum, CAST(NULL AS INTEGER) AS response_turns_answered,\n"
      + "  CAST(NULL AS BOOLEAN) AS unanswered, CAST(NULL AS BOOLEAN) AS one_touch,\n"
      + "  CAST(NULL AS BOOLEAN) AS handed_off,\n"
      + "  CAST(NULL AS DOUBLE) AS first_response_business_seconds,\n"
      + "  CAST(NULL AS DOUBLE) AS response_business_seconds_sum, CAST(NULL AS DOUBLE) AS resolution_business_seconds,\n"
      + "  CAST(NULL AS VARCHAR) AS sla_first_response, CAST(NULL AS INTEGER) AS sla_next_reply_turns,\n"
      + "  CAST(NULL AS INTEGER) AS sla_next_reply_breaches, CAST(NULL AS VARCHAR) AS sla_resolution,\n"
      + "  CAST(NULL AS TIMESTAMPTZ) AS sla_as_of,\n"
      + "  source_file, ingested_at, report_date\n"
      + "FROM latest";

  /** One row per chat and agent with an id (ChatAgents). */
  static final String CHAT_AGENTS = "SELECT chat_id, a.id AS agent_id, a.name AS agent_name, a.email AS agent_email,\n"
      + "  a.role AS agent_role, coalesce(a.id = assignee_id, false) AS is_assignee, report_date\n"
      + "FROM (SELECT chat_id, assignee_id, report_date, unnest(agents) AS a FROM latest)\n"
      + "WHERE a.id IS NOT NULL";
}
