package org.chatlake.bench;

/**
 * department_daily (output.md, metrics.md) in DuckDB SQL over a relation of normalised chats, one
 * row per chat, with the columns report_date, department_id, department_name, chat_id, status,
 * rating, closed_by, resolution_seconds, last_reply_seconds, awaiting_reply and a creation time.
 * Shared by both DuckDB contenders so that they compute the metrics alike.
 */
final class DepartmentDailySql {
  private DepartmentDailySql() {}

  /**
   * The CTEs {@code names} and {@code g} and the final SELECT, to follow {@code WITH } (or the
   * caller's own CTEs and a comma).
   *
   * @param chats the relation (a table, view or earlier CTE) of normalised chats
   * @param created its creation-time column: the department's name is the one on its latest chat
   */
  static String over(String chats, String created) {
    return "names AS (SELECT department_id, arg_max(department_name, (" + created + ", chat_id)) AS department_name\n"
        + "  FROM " + chats + " WHERE department_id IS NOT NULL GROUP BY department_id),\n"
        + "g AS (SELECT report_date, department_id,\n"
        + "  count(*) AS chats_total,\n"
        + "  count(*) FILTER (WHERE status = 'empty') AS chats_empty,\n"
        + "  count(*) FILTER (WHERE status IN ('new', 'opened', 'pending', 'onhold')) AS chats_open,\n"
        + "  count(*) FILTER (WHERE status = 'no communication') AS chats_no_communication,\n"
        + "  count(*) FILTER (WHERE status = 'closed') AS chats_closed,\n"
        + "  count(*) FILTER (WHERE status = 'closed' AND closed_by = 'agent') AS closed_by_agent,\n"
        + "  count(*) FILTER (WHERE status = 'closed' AND closed_by = 'customer') AS closed_by_customer,\n"
        + "  count(rating) AS chats_rated,\n"
        + "  count(*) FILTER (WHERE rating = 'great') AS rating_great,\n"
        + "  count(*) FILTER (WHERE rating = 'average') AS rating_average,\n"
        + "  count(*) FILTER (WHERE rating = 'poor') AS rating_poor,\n"
        + "  avg(resolution_seconds) AS resolution_seconds_avg,\n"
        + "  quantile_cont(resolution_seconds, 0.5) AS resolution_seconds_p50,\n"
        + "  quantile_cont(resolution_seconds, 0.9) AS resolution_seconds_p90,\n"
        + "  avg(last_reply_seconds) AS last_reply_seconds_avg,\n"
        + "  quantile_cont(last_reply_seconds, 0.5) AS last_reply_seconds_p50,\n"
        + "  quantile_cont(last_reply_seconds, 0.9) AS last_reply_seconds_p90,\n"
        + "  count(*) FILTER (WHERE awaiting_reply) AS chats_awaiting_reply\n"
        + "  FROM " + chats + " GROUP BY report_date, department_id)\n"
        + "SELECT g.report_date, g.department_id,\n"
        + "  CASE WHEN g.department_id IS NULL THEN 'No department' ELSE names.department_name END AS department_name,\n"
        + "  chats_total, chats_empty, chats_open, chats_no_communication, chats_closed, closed_by_agent,\n"
        + "  closed_by_customer,\n"
        + "  CASE WHEN chats_total - chats_empty > 0 THEN chats_closed / (chats_total - chats_empty) END AS closure_rate,\n"
        + "  chats_rated, rating_great, rating_average, rating_poor,\n"
        + "  CASE WHEN chats_rated > 0 THEN rating_great / chats_rated END AS csat,\n"
        + "  resolution_seconds_avg, resolution_seconds_p50, resolution_seconds_p90,\n"
        + "  last_reply_seconds_avg, last_reply_seconds_p50, last_reply_seconds_p90, chats_awaiting_reply\n"
        + "FROM g LEFT JOIN names ON g.department_id = names.department_id\n"
        + "ORDER BY g.report_date, g.department_id NULLS FIRST";
  }
}
