package org.chatlake.model;

import java.util.List;

/** Names of the tables under the output root (output.md, messages.md). */
public final class Tables {
  private Tables() {}

  public static final String CHATS = "chats";
  public static final String CHAT_AGENTS = "chat_agents";
  public static final String MESSAGES = "messages";
  public static final String DEPARTMENT_DAILY = "department_daily";
  public static final String AGENT_DAILY = "agent_daily";
  public static final String RATING_DAILY = "rating_daily";
  public static final String STATUS_DAILY = "status_daily";
  public static final String HOURLY_VOLUME = "hourly_volume";
  /** Partitioned by as_of_date, not report_date (history.md). */
  public static final String BACKLOG_DAILY = "backlog_daily";
  public static final String DEPARTMENTS = "departments";
  public static final String AGENTS = "agents";
  public static final String REJECTS = "rejects";

  /** The tables partitioned by report_date, in the order a run writes them. */
  public static final List<String> BY_DATE = List.of(CHATS, CHAT_AGENTS, MESSAGES, DEPARTMENT_DAILY,
      AGENT_DAILY, RATING_DAILY, STATUS_DAILY, HOURLY_VOLUME);

  /** The daily tables: recomputed from the stored chats, names from the dimension tables. */
  public static final List<String> DAILY = List.of(DEPARTMENT_DAILY, AGENT_DAILY, RATING_DAILY, STATUS_DAILY,
      HOURLY_VOLUME, BACKLOG_DAILY);

  /** Every table a run commits to, in commit order (rejects aside). */
  public static final List<String> RUN_TABLES = List.of(CHATS, CHAT_AGENTS, MESSAGES, DEPARTMENTS, AGENTS,
      DEPARTMENT_DAILY, AGENT_DAILY, RATING_DAILY, STATUS_DAILY, HOURLY_VOLUME, BACKLOG_DAILY);
}
