package org.chatlake.bench;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that the same-work DuckDB contender wrote the rows ours wrote: {@code chats} and
 * {@code chat_agents} have the same row counts, every chat the same values in every column
 * but ingested_at (times of day differ by run), and chat_agents the same rows. Ours is read from the
 * current version of its Delta tables (symlink manifests), the contender's from its Parquet
 * partitions. Appends a markdown summary; {@link #ok()} says whether everything agreed.
 */
final class SameWorkCheck {
  /** Our chats columns (ChatSchema.CHATS) but report_date, ingested_at and the doubles. */
  static final List<String> EXACT = List.of("status", "status_raw", "closed_by", "rating", "rating_raw",
      "created_at", "closed_at", "last_message_at", "last_customer_message_at", "snoozed_until", "read_by_agent",
      "read_by_customer", "created_with", "last_message_text", "last_message_id", "application_id",
      "last_communicated_agent_id", "customer_id", "customer_name", "customer_email", "customer_user_id",
      "assignee_id", "assignee_name", "assignee_email", "assignee_role", "department_id", "department_name",
      "agent_count", "agent_ids", "awaiting_reply", "reopen_count", "first_closed_at", "messages_total",
      "customer_messages", "agent_replies", "first_customer_message_at", "first_reply_at", "first_reply_agent_id",
      "response_turns", "response_turns_answered", "unanswered", "one_touch", "handed_off", "sla_first_response",
      "sla_next_reply_turns", "sla_next_reply_breaches", "sla_resolution", "sla_as_of", "source_file",
      "report_date");
  static final List<String> DOUBLES = List.of("resolution_seconds", "last_reply_seconds", "first_response_seconds",
      "response_seconds_sum", "first_response_business_seconds", "response_business_seconds_sum",
      "resolution_business_seconds");

  private final Statement s;
  private final StringBuilder md;
  private boolean ok = true;

  SameWorkCheck(Statement s, StringBuilder md) {
    this.s = s;
    this.md = md;
  }

  boolean ok() {
    return ok;
  }

  void run(Path ours, Path sameWork) throws SQLException {
    s.execute("SET TimeZone = 'UTC'");
    for (String t : List.of("chats", "chat_agents")) {
      s.execute("CREATE VIEW ours_" + t + " AS SELECT * FROM " + Bench.readDeltaTable(ours.resolve(t)));
      s.execute("CREATE VIEW sw_" + t + " AS SELECT * FROM read_parquet('"
          + sameWork.resolve(t).toString().replace("'", "''") + "/*/*.parquet', hive_partitioning = true, "
          + "hive_types = {'report_date': DATE})");
    }
    long[][] rows = new long[2][];
    for (int i = 0; i < 2; i++) {
      String t = i == 0 ? "chats" : "chat_agents";
      rows[i] = new long[] {count("SELECT count(*) FROM ours_" + t), count("SELECT count(*) FROM sw_" + t)};
    }
    md.append("\n| table | rows ours | rows duckdb-same-work |\n|---|---:|---:|\n");
    md.append("| chats | ").append(rows[0][0]).append(" | ").append(rows[0][1]).append(" |\n");
    md.append("| chat_agents | ").append(rows[1][0]).append(" | ").append(rows[1][1]).append(" |\n\n");
    verdict(rows[0][0] == rows[0][1], "chats row count", rows[0][0] == rows[0][1] ? "equal" : "differs");
    verdict(rows[1][0] == rows[1][1], "chat_agents row count", rows[1][0] == rows[1][1] ? "equal" : "differs");
    compareChats();
    String agents = "chat_id, agent_id, agent_name, agent_email, agent_role, is_assignee, report_date FROM ";
    long agentRows = count("SELECT count(*) FROM ((SELECT " + agents + "ours_chat_agents EXCEPT ALL SELECT " + agents
        + "sw_chat_agents) UNION ALL (SELECT " + agents + "sw_chat_agents EXCEPT ALL SELECT " + agents
        + "ours_chat_agents))");
    verdict(agentRows == 0, "chat_agents rows", agentRows == 0 ? "the same rows"
        : agentRows + " row(s) in one and not the other");
  }

  /** Per chat_id, every column but ingested_at; doubles within 1e-9 relative. */
  private void compareChats() throws SQLException {
    String on = " FROM ours_chats o FULL OUTER JOIN sw_chats x ON o.chat_id = x.chat_id";
    long unmatched = count("SELECT count(*)" + on + " WHERE o.chat_id IS NULL OR x.chat_id IS NULL");
    verdict(unmatched == 0, "chat ids", unmatched == 0 ? "the same" : unmatched + " in one table only");
    List<String> diffs = new ArrayList<>();
    for (String col : EXACT) {
      long n = count("SELECT count(*)" + on + " WHERE o." + col + " IS DISTINCT FROM x." + col);
      if (n > 0) {
        diffs.add(col + " (" + n + " chats, e.g. " + example(on, "o." + col + " IS DISTINCT FROM x." + col, col) + ")");
      }
    }
    for (String col : DOUBLES) {
      String differs = "(o." + col + " IS NULL) <> (x." + col + " IS NULL) OR abs(o." + col + " - x." + col
          + ") > 1e-9 * greatest(1, abs(o." + col + "))";
      long n = count("SELECT count(*)" + on + " WHERE " + differs);
      if (n > 0) {
        diffs.add(col + " (" + n + " chats, e.g. " + example(on, differs, col) + ")");
      }
    }
    verdict(diffs.isEmpty(), "chats columns", diffs.isEmpty()
        ? "every column but ingested_at equal per chat_id (doubles within 1e-9 relative)"
        : "differ: " + String.join(", ", diffs));
  }

  private String example(String on, String where, String col) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT o.chat_id, CAST(o." + col + " AS VARCHAR), CAST(x." + col
        + " AS VARCHAR)" + on + " WHERE " + where + " LIMIT 1")) {
      r.next();
      return "chat " + r.getString(1) + ": ours " + r.getString(2) + ", same-work " + r.getString(3);
    }
  }

  private void verdict(boolean good, String what, String detail) {
    ok &= good;
    md.append("- ours vs duckdb-same-work, ").append(what).append(": ").append(good ? "" : "**MISMATCH** ")
        .append(detail).append('\n');
    System.out.println("CHECK ours vs duckdb-same-work " + what + ": " + (good ? "ok" : "MISMATCH") + " (" + detail + ")");
  }

  private long count(String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
