package org.chatlake.model;

/** Column names shared by several tables. */
public final class Columns {
  private Columns() {}

  public static final String REPORT_DATE = "report_date";
  public static final String CHAT_ID = "chat_id";
  public static final String SOURCE_FILE = "source_file";
  public static final String INGESTED_AT = "ingested_at";
  public static final String RUN_ID = "run_id";
}
