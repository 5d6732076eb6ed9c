package org.chatlake.ingest;

/** Stable reason codes of the {@code rejects/} table; the run summary counts rejects by these. */
public final class RejectReason {
  private RejectReason() {}

  /** The record has no usable id (or, for messages, no chat id). */
  public static final String MISSING_ID = "missing_id";
  /** A field holds a value of the wrong JSON type or an unusable value. */
  public static final String WRONG_TYPE = "wrong_type";
  /** A record is not a JSON object (e.g. a number inside an array). */
  public static final String NOT_AN_OBJECT = "not_an_object";
  /** A record is not valid JSON, or passes one of the parser's limits (nesting depth, number length). */
  public static final String INVALID_JSON = "invalid_json";
  /**
   * A file cannot be parsed or decompressed from some point on (truncated or corrupt); the rest of
   * the file is one reject.
   */
  public static final String TRUNCATED = "unparseable_rest_of_file";
  /** The file does not start like JSON. */
  public static final String NOT_JSON = "not_json";
  /**
   * The file does not exist (any more), may not be read, or its gzip header is corrupt. Other I/O
   * errors are not rejects: they fail the task, which Spark retries.
   */
  public static final String UNREADABLE = "unreadable_file";
}
