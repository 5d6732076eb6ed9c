package org.chatlake.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chatlake.SparkTestSession;
import org.junit.jupiter.api.Test;

/**
 * reopen_count and first_closed_at through LatestState.latestChats, on hand-worked snapshot
 * sequences (history.md). Times are on 2026-10-01 UTC; "stored" rows are what an earlier run kept.
 */
class ReopensTest {
  private static final StructType SNAPSHOT = new StructType()
      .add("chat_id", DataTypes.LongType, false)
      .add("status", DataTypes.StringType)
      .add("last_message_at", DataTypes.TimestampType)
      .add("closed_at", DataTypes.TimestampType)
      .add("source_file", DataTypes.StringType)
      .add(LatestState.POSITION, DataTypes.LongType);
  private static final StructType STORED = SNAPSHOT
      .add("reopen_count", DataTypes.IntegerType)
      .add("first_closed_at", DataTypes.TimestampType);

  private static Timestamp at(String hhmm) {
    return hhmm == null ? null : Timestamp.from(Instant.parse("2026-10-01T" + hhmm + ":00Z"));
  }

  private static Row snap(long id, String status, String lastMessage, String closed, String file, long position) {
    return RowFactory.create(id, status, at(lastMessage), at(closed), file, position);
  }

  private static Row stored(long id, String status, String lastMessage, String closed, String file,
      Integer reopens, String firstClosed) {
    return RowFactory.create(id, status, at(lastMessage), at(closed), file, LatestState.EXISTING_ROW_POSITION,
        reopens, at(firstClosed));
  }

  private static Dataset<Row> records(Row... rows) {
    return SparkTestSession.get().createDataFrame(Arrays.asList(rows), SNAPSHOT);
  }

  private static Dataset<Row> storedRows(Row... rows) {
    return SparkTestSession.get().createDataFrame(Arrays.asList(rows), STORED);
  }

  /** chat_id -> [status, reopen_count, first_closed_at] of the kept rows. */
  private static Map<Long, List<Object>> latest(Dataset<Row> candidates) {
    Map<Long, List<Object>> out = new TreeMap<>();
    for (Row r : LatestState.latestChats(candidates).collectAsList()) {
      out.put(r.getAs("chat_id"), Arrays.asList(r.getAs("status"), r.getAs("reopen_count"), r.getAs("first_closed_at")));
    }
    return out;
  }

  private static List<Object> expected(String status, int reopens, String firstClosed) {
    return Arrays.asList(status, reopens, at(firstClosed));
  }

  @Test
  void snapshotSequencesOfOneRun() {
    Dataset<Row> in = records(
        // 1: closed -> opened -> closed later: one reopen
        snap(1, "closed", "10:00", "10:00", "day1.json", 0),
        snap(1, "opened", "11:00", null, "day2.json", 0),
        snap(1, "closed", "12:00", "12:00", "day3.json", 0),
        // 2: closed -> closed with a later closed_at: one reopen
        snap(2, "closed", "10:00", "10:00", "day1.json", 10),
        snap(2, "closed", "11:00", "11:00", "day2.json", 10),
        // 3: the same closed chat re-exported unchanged three times: none
        snap(3, "closed", "10:00", "10:00", "day1.json", 20),
        snap(3, "closed", "10:00", "10:00", "day2.json", 20),
        snap(3, "closed", "10:00", "10:00", "day3.json", 20),
        // 4: pending -> closed -> closed (identical, two positions) -> opened -> closed -> closed
        // later: two reopens (closed -> opened, closed -> closed later), listed out of order
        snap(4, "opened", "13:00", null, "day3.json", 30),
        snap(4, "closed", "12:00", "12:00", "day2.json", 40),
        snap(4, "pending", "09:00", null, "day1.json", 30),
        snap(4, "closed", "12:00", "12:00", "day2.json", 30),
        snap(4, "closed", "14:00", "14:00", "day4.json", 30),
        snap(4, "closed", "15:00", "15:00", "day5.json", 30),
        // 5: closed without closed_at twice, with a later last message: no reopen (neither has a
        // closed_at), never seen closed with a closed_at
        snap(5, "closed", "10:00", null, "day1.json", 50),
        snap(5, "closed", "11:00", null, "day2.json", 50),
        // 6, 7: seen once
        snap(6, "opened", "10:00", null, "day1.json", 60),
        snap(7, "closed", "10:00", "09:30", "day1.json", 70));
    Map<Long, List<Object>> out = latest(in);
    assertEquals(expected("closed", 1, "10:00"), out.get(1L));
    assertEquals(expected("closed", 1, "10:00"), out.get(2L));
    assertEquals(expected("closed", 0, "10:00"), out.get(3L));
    assertEquals(expected("closed", 2, "12:00"), out.get(4L));
    assertEquals(expected("closed", 0, null), out.get(5L));
    assertEquals(expected("opened", 0, null), out.get(6L));
    assertEquals(expected("closed", 0, "09:30"), out.get(7L));
    assertEquals(7, out.size());
  }

  @Test
  void storedRowCarriesItsCountsAndOlderRecordsAreIgnored() {
    Dataset<Row> stored = storedRows(
        // 8: two reopens so far, first closed at 08:00; now reopened again
        stored(8, "closed", "10:00", "10:00", "day2.json", 2, "08:00"),
        // 9: stored by a release without the columns, carried alone (its messages changed)
        stored(9, "closed", "10:00", "10:00", "day1.json", null, null),
        // 10: stored closed; the run re-reads the very file it came from, and an older one
        stored(10, "closed", "10:00", "10:00", "day2.json", 0, "10:00"));
    Dataset<Row> in = records(
        snap(8, "closed", "07:00", "07:00", "day1.json", 0),  // sorts before the stored row: ignored
        snap(8, "opened", "11:00", null, "day3.json", 0),
        snap(10, "closed", "10:00", "10:00", "day2.json", 5),
        snap(10, "opened", "09:00", null, "day1.json", 5));
    Map<Long, List<Object>> out = latest(in.unionByName(stored, true));
    assertEquals(expected("opened", 3, "08:00"), out.get(8L));
    assertEquals(expected("closed", 0, "10:00"), out.get(9L));
    assertEquals(expected("closed", 0, "10:00"), out.get(10L));
  }

  /** A reopen split across three daily runs counts as in one run over the three exports. */
  @Test
  void reopenSplitAcrossIncrementalRuns() {
    Row day1 = snap(11, "closed", "10:00", "10:00", "day1.json", 0);
    Row day2 = snap(11, "opened", "11:00", "10:00", "day2.json", 0); // reopened; closedAt still set
    Row day3 = snap(11, "closed", "12:00", "12:00", "day3.json", 0);
    assertEquals(expected("closed", 1, "10:00"), latest(records(day1, day2, day3)).get(11L));

    Dataset<Row> kept = LatestState.latestChats(records(day1));
    kept = LatestState.latestChats(records(day2).unionByName(asStored(kept), true));
    assertEquals(expected("opened", 1, "10:00"), latest(records().unionByName(asStored(kept), true)).get(11L));
    // the third run also re-reads day 1's export
    Map<Long, List<Object>> third = latest(records(day3, day1).unionByName(asStored(kept), true));
    assertEquals(expected("closed", 1, "10:00"), third.get(11L));
  }

  private static Dataset<Row> asStored(Dataset<Row> kept) {
    List<String> columns = new ArrayList<>(Arrays.asList(STORED.fieldNames()));
    columns.remove(LatestState.POSITION);
    return kept.select(columns.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new))
        .withColumn(LatestState.POSITION, lit(LatestState.EXISTING_ROW_POSITION));
  }
}
