package org.chatlake.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a run's keys become the intervals of a skipping condition; values worked by hand. */
class KeyRangesTest {
  private static String show(List<long[]> intervals) {
    StringBuilder s = new StringBuilder();
    for (long[] i : intervals) {
      s.append('[').append(i[0]).append(',').append(i[1]).append(']');
    }
    return s.toString();
  }

  @Test
  void cutsAtTheWidestGaps() {
    // Sorted 1 3 5 100 101 102 1000; gaps 2 2 95 1 1 898: the two widest are 898 and 95.
    long[] keys = {5, 1000, 3, 101, 100, 1, 102};
    assertEquals("[1,5][100,102][1000,1000]", show(KeyRanges.intervals(keys, 3)));
    assertEquals("[1,1000]", show(KeyRanges.intervals(keys, 1)));
    assertEquals("[1,1][3,3][5,5][100,100][101,101][102,102][1000,1000]", show(KeyRanges.intervals(keys, 32)));
  }

  @Test
  void aRecentRunAndAnOldChatStaySeparate() {
    // A day's new chats 2000001-2000004 and one old chat, 1000007, that changed again.
    assertEquals("[1000007,1000007][2000001,2000004]",
        show(KeyRanges.intervals(new long[] {2000003, 1000007, 2000001, 2000004, 2000002}, 2)));
  }

  @Test
  void equalGapsCutTheEarlierFirst() {
    assertEquals("[1,1][2,4]", show(KeyRanges.intervals(new long[] {4, 3, 2, 1}, 2)));
  }

  @Test
  void repeatedAndNoKeys() {
    assertEquals("[7,7]", show(KeyRanges.intervals(new long[] {7, 7, 7}, 4)));
    assertEquals("", show(KeyRanges.intervals(new long[] {}, 4)));
  }

  @Test
  void gapsWiderThanALongCompareUnsigned() {
    // 0 - MIN_VALUE overflows a long: as unsigned it is 2^63, wider than MAX_VALUE - 0.
    assertEquals("[" + Long.MIN_VALUE + "," + Long.MIN_VALUE + "][0," + Long.MAX_VALUE + "]",
        show(KeyRanges.intervals(new long[] {Long.MAX_VALUE, 0, Long.MIN_VALUE}, 2)));
  }

  @Test
  void tasksIntervalsMergeOnTheDriver() {
    // Two tasks' intervals: [1,5] [100,102] and [4,8] [1000,1000]; [1,5] and [4,8] overlap.
    List<long[]> merged = KeyRanges.merge(List.of(new long[] {1, 5}, new long[] {100, 102},
        new long[] {4, 8}, new long[] {1000, 1000}), 2);
    // Joined: [1,8] [100,102] [1000,1000]; gaps 92 and 898: one cut, after [100,102].
    assertEquals("[1,102][1000,1000]", show(merged));
  }

  @Test
  void conditions() {
    KeyRanges ranges = KeyRanges.ofKeys(2000003, 1000007, 2000001);
    assertEquals("(t.chat_id BETWEEN 1000007 AND 1000007 OR t.chat_id BETWEEN 2000001 AND 2000001"
        + " OR t.chat_id BETWEEN 2000003 AND 2000003)", ranges.coversSql("t.chat_id"));
    assertEquals("false", KeyRanges.ofKeys().coversSql("t.chat_id"));
    assertEquals("true", KeyRanges.ALL.coversSql("t.chat_id"));
  }
}
