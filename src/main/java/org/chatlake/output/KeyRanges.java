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

  /** Every key: a condition that skips nothing. */
  public static final KeyRanges ALL = new KeyRanges(null);

  /** Sorted, disjoint [low, high] pairs; null for {@link #ALL}; empty when there are no keys. */
  private final List<long[]> intervals;

  private KeyRanges(List<long[]> intervals) {
    this.intervals = intervals;
  }

  /**
   * The intervals of the non-null values of {@code key} in {@code rows}, in one Spark job: each
   * task sums its keys up as at most {@link #MAX_INTERVALS} intervals, the driver merges those.
   */
  public static KeyRanges of(Dataset<Row> rows, String key) {
    List<long[]> perTask = rows.select(col(key).cast("long")).javaRDD()
        .mapPartitions(KeyRanges::ofTask).collect();
    return new KeyRanges(merge(perTask, MAX_INTERVALS));
  }

  private static java.util.Iterator<long[]> ofTask(java.util.Iterator<Row> keys) {
    long[] buffer = new long[1024];
    int n = 0;
    while (keys.hasNext()) {
      Row r = keys.next();
      if (r.isNullAt(0)) {
        continue;
      }
      if (n == buffer.length) {
        buffer = Arrays.copyOf(buffer, n * 2);
      }
      buffer[n++] = r.getLong(0);
    }
    return intervals(Arrays.copyOf(buffer, n), MAX_INTERVALS).iterator();
  }

  /** These keys as at most {@link #MAX_INTERVALS} intervals. */
  static KeyRanges ofKeys(long... keys) {
    return new KeyRanges(intervals(keys, MAX_INTERVALS));
  }

  /** The keys as at most {@code maxIntervals} intervals (see {@link #merge}). */
  static List<long[]> intervals(long[] keys, int maxIntervals) {
    return merge(Arrays.stream(keys).mapToObj(k -> new long[] {k, k}).toList(), maxIntervals);
  }

  /**
   * Intervals merged into at most {@code maxIntervals} that cover them: overlapping ones joined,
   * then the rest cut at the widest gaps between neighbours (the earlier gap first among equal ones).
   */
  static List<long[]> merge(List<long[]> intervals, int maxIntervals) {
    List<long[]> joined = new ArrayList<>();
    intervals.stream().sorted(java.util.Comparator.comparingLong(i -> i[0])).forEach(i -> {
      long[] last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
      if (last != null && i[0] <= last[1]) {
        last[1] = Math.max(last[1], i[1]);
      } else {
        joined.add(new long[] {i[0], i[1]});
      }
    });
    List<long[]> out = new ArrayList<>();
    if (joined.isEmpty()) {
      return out;
    }
    Integer[] gapAfter = new Integer[joined.size() - 1];
    for (int i = 0; i < gapAfter.length; i++) {
      gapAfter[i] = i;
    }
    // Widest gaps first; compared as unsigned, so ids spanning the whole long range still order.
    Arrays.sort(gapAfter, (a, b) -> {
      int byWidth = Long.compareUnsigned(joined.get(b + 1)[0] - joined.get(b)[1], joined.get(a + 1)[0] - joined.get(a)[1]);
      return byWidth != 0 ? byWidth : Integer.compare(a, b);
    });
    int cuts = Math.min(gapAfter.length, maxIntervals - 1);
    int[] cutAfter = Arrays.stream(gapAfter, 0, cuts).mapToInt(Integer::intValue).sorted().toArray();
    int start = 0;
    for (int cut : cutAfter) {
      out.add(new long[] {joined.get(start)[0], joined.get(cut)[1]});
      start = cut + 1;
    }
    out.add(new long[] {joined.get(start)[0], joined.get(joined.size() - 1)[1]});
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
