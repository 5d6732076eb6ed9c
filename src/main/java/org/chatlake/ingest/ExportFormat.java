package org.chatlake.ingest;

/** How an export file lays out its records (input.md). */
public enum ExportFormat {
  /** {@code {"data": [record, ...], "meta": {...}}}, as the API returns a page. */
  API_PAGE("api_page"),
  /** {@code [record, record, ...]}. */
  ARRAY("array"),
  /** One record object per line. */
  JSON_LINES("json_lines"),
  /** Nothing but white space: a quiet day, zero records. */
  EMPTY("empty"),
  /** Not JSON at all. */
  UNKNOWN("unknown");

  private final String label;
  private final org.apache.spark.unsafe.types.UTF8String utf8Label;

  ExportFormat(String label) {
    this.label = label;
    this.utf8Label = org.apache.spark.unsafe.types.UTF8String.fromString(label);
  }

  public String label() {
    return label;
  }

  /** The label as Spark's internal string (a row field). */
  org.apache.spark.unsafe.types.UTF8String utf8Label() {
    return utf8Label;
  }
}
