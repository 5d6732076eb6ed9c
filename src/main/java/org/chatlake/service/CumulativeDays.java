package org.chatlake.service;

import java.util.Arrays;
import java.util.function.LongUnaryOperator;

/**
 * Sums of per-day values over ranges of days in O(1), from prefix sums around an anchor day that
 * grow lazily, in both directions, to cover the days asked for. Growth copies the arrays and
 * publishes a new table, so readers never lock; writers take turns.
 *
 * <p>The table spans the dates actually queried: the job's timestamps lie in 1970..9999, so at
 * worst about three million longs.
 */
final class CumulativeDays {
  private static final int MIN_GROWTH = 366;

  /** {@code up[i]} sums days [anchor, anchor + i); {@code down[i]} sums days [anchor - i, anchor). */
  private record Table(long anchor, long[] up, long[] down) {
    boolean covers(long day) {
      long i = day - anchor;
      return i >= 0 ? i < up.length : -i < down.length;
    }

    long prefix(long day) {
      long i = day - anchor;
      return i >= 0 ? up[(int) i] : -down[(int) -i];
    }
  }

  private final LongUnaryOperator valueOfDay;
  private volatile Table table;

  /** @param valueOfDay the value of one day, by epoch day; called once per day covered */
  CumulativeDays(LongUnaryOperator valueOfDay) {
    this.valueOfDay = valueOfDay;
  }

  /** The sum over days [fromDay, toDay); requires fromDay ≤ toDay. */
  long sum(long fromDay, long toDay) {
    Table t = table;
    if (t == null || !t.covers(fromDay) || !t.covers(toDay)) {
      t = grow(fromDay, toDay);
    }
    return t.prefix(toDay) - t.prefix(fromDay);
  }

  private synchronized Table grow(long fromDay, long toDay) {
    Table t = table != null ? table : new Table(fromDay, new long[] {0}, new long[] {0});
    long[] up = t.up;
    long[] down = t.down;
    long upNeeded = toDay - t.anchor + 1;
    if (upNeeded > up.length) {
      up = extend(up, upNeeded, i -> t.anchor + i - 1);
    }
    long downNeeded = t.anchor - fromDay + 1;
    if (downNeeded > down.length) {
      down = extend(down, downNeeded, i -> t.anchor - i);
    }
    Table grown = new Table(t.anchor, up, down);
    table = grown;
    return grown;
  }

  /** Longer prefix sums; entry i adds the value of day {@code dayOfEntry(i)}. */
  private long[] extend(long[] sums, long needed, LongUnaryOperator dayOfEntry) {
    int length = Math.toIntExact(Math.max(needed + MIN_GROWTH, sums.length + (long) sums.length / 2));
    long[] longer = Arrays.copyOf(sums, length);
    for (int i = sums.length; i < length; i++) {
      longer[i] = longer[i - 1] + valueOfDay.applyAsLong(dayOfEntry.applyAsLong(i));
    }
    return longer;
  }
}
