package org.chatlake.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The queue of each department at the end of each day, from the days each chat is open: one sweep
 * over the days per department instead of one row per chat and open day. Chats enter an order
 * statistic tree (a Fenwick tree over their created_at ranks) on their first open day and leave
 * it after their last, so the ages at the percentile ranks are found without listing every age.
 *
 * <p>Input rows, sorted by department: department_id, created_at as epoch microseconds, the first
 * and the last open day as indices into {@code dayEndMicros}, and whether the chat is unassigned.
 * Output: one row per day and department with at least one open chat, see {@link #SCHEMA}.
 */
final class OpenDays implements MapPartitionsFunction<Row, Row> {
  private static final double MICROS_PER_HOUR = 3_600_000_000.0;

  static final StructType SCHEMA = new StructType()
      .add("_day", DataTypes.IntegerType, false)
      .add("department_id", DataTypes.LongType, true)
      .add("open_at_end", DataTypes.LongType, false)
      .add("open_age_hours_p50", DataTypes.DoubleType, false)
      .add("open_age_hours_p90", DataTypes.DoubleType, false)
      .add("open_unassigned", DataTypes.LongType, false);

  /** The end of each day of the range (the next local day's start), as epoch microseconds. */
  private final long[] dayEndMicros;

  OpenDays(long[] dayEndMicros) {
    this.dayEndMicros = dayEndMicros.clone();
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    List<Row> out = new ArrayList<>();
    List<Row> department = new ArrayList<>();
    while (rows.hasNext()) {
      Row row = rows.next();
      if (!department.isEmpty() && !Objects.equals(department.get(0).get(0), row.get(0))) {
        sweep(department, out);
        department.clear();
      }
      department.add(row);
    }
    if (!department.isEmpty()) {
      sweep(department, out);
    }
    return out.iterator();
  }

  /** The rows of one department's open days. */
  private void sweep(List<Row> chats, List<Row> out) {
    Long departmentId = chats.get(0).isNullAt(0) ? null : chats.get(0).getLong(0);
    int n = chats.size();
    // Ranks by created_at: the oldest open chat has the greatest age.
    Integer[] byCreated = new Integer[n];
    for (int i = 0; i < n; i++) {
      byCreated[i] = i;
    }
    Arrays.sort(byCreated, (a, b) -> Long.compare(chats.get(a).getLong(1), chats.get(b).getLong(1)));
    long[] createdByRank = new long[n];
    int[] rank = new int[n];
    for (int r = 0; r < n; r++) {
      createdByRank[r] = chats.get(byCreated[r]).getLong(1);
      rank[byCreated[r]] = r;
    }
    int days = dayEndMicros.length;
    List<List<Integer>> opens = new ArrayList<>();
    List<List<Integer>> closes = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      opens.add(new ArrayList<>());
      closes.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      opens.get(chats.get(i).getInt(2)).add(i);
      closes.get(chats.get(i).getInt(3)).add(i);
    }
    long[] tree = new long[n + 1];
    long open = 0;
    long unassigned = 0;
    for (int d = 0; d < days; d++) {
      for (int i : opens.get(d)) {
        add(tree, rank[i], 1);
        open++;
        unassigned += chats.get(i).getBoolean(4) ? 1 : 0;
      }
      if (open > 0) {
        out.add(RowFactory.create(d, departmentId, open, ageAt(tree, createdByRank, open, d, 0.5),
            ageAt(tree, createdByRank, open, d, 0.9), unassigned));
      }
      for (int i : closes.get(d)) {
        add(tree, rank[i], -1);
        open--;
        unassigned -= chats.get(i).getBoolean(4) ? 1 : 0;
      }
    }
  }

  /**
   * The percentile of the open chats' ages at the end of day {@code d}, interpolated between the
   * closest ranks exactly as {@link ChatMetrics#interpolated} does over the sorted ages.
   */
  private double ageAt(long[] tree, long[] createdByRank, long open, int d, double fraction) {
    double position = (open - 1) * fraction;
    int below = (int) Math.floor(position);
    int above = (int) Math.ceil(position);
    double low = age(tree, createdByRank, open, d, below);
    double high = age(tree, createdByRank, open, d, above);
    return low + (high - low) * (position - below);
  }

  /** The age in hours of the open chat at ascending-age index {@code k}: the (open - k)-th oldest. */
  private double age(long[] tree, long[] createdByRank, long open, int d, int k) {
    long created = createdByRank[select(tree, open - k)];
    return (dayEndMicros[d] - created) / MICROS_PER_HOUR;
  }

  private static void add(long[] tree, int rank, int delta) {
    for (int i = rank + 1; i < tree.length; i += i & -i) {
      tree[i] += delta;
    }
  }

  /** The rank of the {@code count}-th open chat by created_at (1-based count). */
  private static int select(long[] tree, long count) {
    int position = 0;
    for (int step = Integer.highestOneBit(tree.length - 1); step > 0; step >>= 1) {
      int next = position + step;
      if (next < tree.length && tree[next] < count) {
        position = next;
        count -= tree[next];
      }
    }
    return position;
  }
}
