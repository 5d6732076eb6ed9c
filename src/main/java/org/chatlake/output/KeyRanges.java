package org.chatlake.output;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The keys of some rows, summed up as a few closed intervals. A read or MERGE that looks up those
 * keys in a stored table adds {@link #covers} to its condition: the condition means the same, and
 * Delta skips every file whose min/max statistics put its keys outside every interval.
 *
 * <p>Chat and message ids grow with time, so a daily run's keys are mostly a run of recent ids
 * plus a tail of older chats that changed again. One min/max range would stretch from the oldest
 * of those to the newest and skip nothing; cutting at the widest gaps between the sorted keys
 * keeps the recent run as one interval and each old chat as a narrow one.
 */
public final class KeyRanges {
  /** At most this many intervals in a condition. */
  static final int MAX_INTERVALS = 32;
  /** Up to this many keys are collected to the driver; beyond it one min/max interval is used. */
  static final int MAX_COLLECTED_KEYS = 200_000;

  /** Every key: a condition that skips nothing. */
  public static final KeyRanges ALL = new KeyRanges(null);

  /** Sorted, disjoint [low, high] pairs; null for {@link #ALL}; empty when there are no keys. */
  private final List<long[]> intervals;

  private KeyRanges(List<long[]> intervals) {
    this.intervals = intervals;
  }

  /** The intervals of the non-null values of {@code key} in {@code rows} (one or two Spark jobs). */
  public static KeyRanges of(Dataset<Row> rows, String key) {
    Dataset<Row> keys = rows.select(col(key).cast("long").as(key)).where(col(key).isNotNull());
    List<Row> collected = keys.limit(MAX_COLLECTED_KEYS + 1).collectAsList();
    if (collected.size() <= MAX_COLLECTED_KEYS) {
      return ofKeys(collected.stream().mapToLong(r -> r.getLong(0)).toArray());
    }
    Row r = keys.agg(functions.min(col(key)), functions.max(col(key))).first();
    List<long[]> one = new ArrayList<>();
    one.add(new long[] {r.getLong(0), r.getLong(1)});
    return new KeyRanges(one);
  }

  /** These keys as at most {@link #MAX_INTERVALS} intervals. */
  static KeyRanges ofKeys(long... keys) {
    return new KeyRanges(intervals(keys, MAX_INTERVALS));
  }

  /**
   * The keys as at most {@code maxIntervals} intervals: the sorted keys cut at the widest gaps
   * between neighbours (the earlier gap first among equal ones).
   */
  static List<long[]> intervals(long[] keys, int maxIntervals) {
    long[] sorted = Arrays.stream(keys).sorted().distinct().toArray();
    List<long[]> out = new ArrayList<>();
    if (sorted.length == 0) {
      return out;
    }
    Integer[] gapAfter = new Integer[sorted.length - 1];
    for (int i = 0; i < gapAfter.length; i++) {
      gapAfter[i] = i;
    }
    // Widest gaps first; gaps are compared as unsigned, so ids spanning the whole long range still order.
    Arrays.sort(gapAfter, (a, b) -> {
      int byWidth = Long.compareUnsigned(sorted[b + 1] - sorted[b], sorted[a + 1] - sorted[a]);
      return byWidth != 0 ? byWidth : Integer.compare(a, b);
    });
    int cuts = Math.min(gapAfter.length, maxIntervals - 1);
    int[] cutAfter = Arrays.stream(gapAfter, 0, cuts).mapToInt(Integer::intValue).sorted().toArray();
    int start = 0;
    for (int cut : cutAfter) {
      out.add(new long[] {sorted[start], sorted[cut]});
      start = cut + 1;
    }
    out.add(new long[] {sorted[start], sorted[sorted.length - 1]});
    return out;
  }

  /** Whether {@code key} lies in one of the intervals. */
  public Column covers(Column key) {
    if (intervals == null) {
      return lit(true);
    }
    return intervals.stream().map(i -> key.between(i[0], i[1])).reduce(Column::or).orElse(lit(false));
  }

  /** The same condition in SQL, for a MERGE condition ({@code qualifiedKey} such as {@code t.chat_id}). */
  public String coversSql(String qualifiedKey) {
    if (intervals == null) {
      return "true";
    }
    if (intervals.isEmpty()) {
      return "false";
    }
    return intervals.stream().map(i -> qualifiedKey + " BETWEEN " + i[0] + " AND " + i[1])
        .collect(Collectors.joining(" OR ", "(", ")"));
  }

  @Override
  public String toString() {
    return intervals == null ? "all" : intervals.stream().map(i -> "[" + i[0] + ", " + i[1] + "]")
        .collect(Collectors.joining(" "));
  }
}
