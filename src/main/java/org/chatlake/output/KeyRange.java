package org.chatlake.output;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The least and greatest value of a numeric key in some rows. A read or MERGE that looks up those
 * keys in a stored table adds {@link #covers} to its condition: the condition means the same, and
 * Delta skips every file whose statistics say its keys lie outside the range. Chat and message ids
 * grow with time, so a daily run's keys cover a few recent files, not the whole table.
 */
public record KeyRange(long min, long max) {
  /** Every key: a condition that skips nothing. */
  public static final KeyRange ALL = new KeyRange(Long.MIN_VALUE, Long.MAX_VALUE);
  /** No key (no rows): a condition no row meets. */
  public static final KeyRange NONE = new KeyRange(Long.MAX_VALUE, Long.MIN_VALUE);

  /** The range of {@code key} in {@code rows} (one Spark job); {@link #NONE} when they hold no key. */
  public static KeyRange of(Dataset<Row> rows, String key) {
    Row r = rows.agg(functions.min(col(key)).cast("long"), functions.max(col(key)).cast("long")).first();
    return r.isNullAt(0) ? NONE : new KeyRange(r.getLong(0), r.getLong(1));
  }

  /** Whether {@code key} lies in the range. */
  public Column covers(Column key) {
    return equals(ALL) ? lit(true) : key.between(min, max);
  }

  /** The same condition in SQL, for a MERGE condition ({@code qualifiedKey} such as {@code t.chat_id}). */
  public String coversSql(String qualifiedKey) {
    return equals(ALL) ? "true" : qualifiedKey + " BETWEEN " + min + " AND " + max;
  }
}
