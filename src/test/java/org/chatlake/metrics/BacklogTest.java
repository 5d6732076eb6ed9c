package org.chatlake.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chatlake.SparkTestSession;
import org.chatlake.model.BacklogSchema;
import org.junit.jupiter.api.Test;

/**
 * backlog_daily over the week 2026-03-26 .. 2026-04-01 in Europe/Warsaw, which moves to summer
 * time on 2026-03-29 (01:00Z): that day has 23 hours. Ends of the local days, in UTC:
 * <pre>
 * end(26) = 26 23:00   end(27) = 27 23:00   end(28) = 28 23:00   end(29) = 29 22:00
 * end(30) = 30 22:00   end(31) = 31 22:00   end(Apr 1) = Apr 1 22:00
 * </pre>
 * Chats (times UTC):
 * <pre>
 * id dept status            created     closed_at   assignee  open at end of (age in hours)
 * A  1    closed            26 08:00    28 10:00    5         26 (15), 27 (39)
 * B  1    opened            27 22:30    -           -         27 (0.5), 28 (24.5), 29 (47.5), 30 (71.5), 31 (95.5), Apr 1 (119.5)
 * C  1    closed            28 23:30    -           5         never (closed without closed_at); opened on the 29th (00:30 local)
 * D  1    pending           29 06:00    -           5         29 (16), 30 (40), 31 (64), Apr 1 (88)
 * E  1    empty             29 10:00    -           5         not counted
 * F  2    no communication  30 08:00    -           5         not counted: department 2 gets no row
 * G  -    closed            31 21:30    31 22:00    -         never (closed exactly at end(31)); closed on Apr 1 (00:00 local)
 * H  1    closed            26 07:00    29 22:30    -         26 (16), 27 (40), 28 (64), 29 (87); closed on the 30th (00:30 local)
 * J  1    opened            24 12:00    -           6         every day: 59, 83, 107, 130, 154, 178, 202
 * </pre>
 * H and B tell the 23-hour day apart: in winter time end(29) would be 23:00, H closed by then
 * and B 48.5 hours old.
 */
class BacklogTest {
  private static final double TOLERANCE = 1e-9;
  private static final String ZONE = "Europe/Warsaw";

  private static Timestamp utc(String dayHhmm) {
    if (dayHhmm == null) {
      return null;
    }
    String[] p = dayHhmm.split(" ");
    String date = p[0].startsWith("Apr") ? "2026-04-0" + p[1].charAt(0) : "2026-03-" + p[0];
    String time = p[0].startsWith("Apr") ? p[2] : p[1];
    return Timestamp.from(Instant.parse(date + "T" + time + ":00Z"));
  }

  private static Row chat(long id, Long dept, String status, String created, String closed, Long assignee) {
    return RowFactory.create(id, dept, utc(created), utc(closed), status, assignee);
  }

  private static Dataset<Row> chats() {
    return SparkTestSession.get().createDataFrame(List.of(
        chat(1, 1L, "closed", "26 08:00", "28 10:00", 5L),          // A
        chat(2, 1L, "opened", "27 22:30", null, null),               // B
        chat(3, 1L, "closed", "28 23:30", null, 5L),                 // C
        chat(4, 1L, "pending", "29 06:00", null, 5L),                // D
        chat(5, 1L, "empty", "29 10:00", null, 5L),                  // E
        chat(6, 2L, "no communication", "30 08:00", null, 5L),       // F
        chat(7, null, "closed", "31 21:30", "31 22:00", null),       // G
        chat(8, 1L, "closed", "26 07:00", "29 22:30", null),         // H
        chat(9, 1L, "opened", "24 12:00", null, 6L)), BacklogSchema.INPUT); // J
  }

  private static Dataset<Row> names() {
    StructType schema = new StructType().add("_id", DataTypes.LongType).add("department_name", DataTypes.StringType);
    return SparkTestSession.get().createDataFrame(List.of(RowFactory.create(1L, "Sales"),
        RowFactory.create(2L, "Support")), schema);
  }

  /** [department_name, open_at_end, opened, closed, p50, p90, open_unassigned] */
  private static List<Object> row(String name, long open, long opened, long closed, Double p50, Double p90,
      long unassigned) {
    return Arrays.asList(name, open, opened, closed, p50, p90, unassigned);
  }

  @Test
  void aWeekAcrossTheSpringDstChange() {
    Map<String, List<Object>> expected = new TreeMap<>();
    // [15, 16, 59]: p50 16, p90 at rank 1.8: 16 + 0.8 * 43 = 50.4; unassigned H; opened A, H
    expected.put("2026-03-26|1", row("Sales", 3, 2, 0, 16.0, 50.4, 1));
    // [0.5, 39, 40, 83]: p50 at 1.5: 39.5; p90 at 2.7: 40 + 0.7 * 43 = 70.1; unassigned B, H; opened B
    expected.put("2026-03-27|1", row("Sales", 4, 1, 0, 39.5, 70.1, 2));
    // [24.5, 64, 107]: p90 64 + 0.8 * 43 = 98.4; closed A
    expected.put("2026-03-28|1", row("Sales", 3, 0, 1, 64.0, 98.4, 2));
    // [16, 47.5, 87, 130]: p50 47.5 + 0.5 * 39.5 = 67.25; p90 87 + 0.7 * 43 = 117.1; opened C, D
    expected.put("2026-03-29|1", row("Sales", 4, 2, 0, 67.25, 117.1, 2));
    // [40, 71.5, 154]: p90 71.5 + 0.8 * 82.5 = 137.5; closed H
    expected.put("2026-03-30|1", row("Sales", 3, 0, 1, 71.5, 137.5, 1));
    expected.put("2026-03-31|1", row("Sales", 3, 0, 0, 95.5, 161.5, 1));
    expected.put("2026-04-01|1", row("Sales", 3, 0, 0, 119.5, 185.5, 1));
    // no department: rows from the day its first counted chat (G) was created
    expected.put("2026-03-31|null", row("No department", 0, 1, 0, null, null, 0));
    expected.put("2026-04-01|null", row("No department", 0, 0, 1, null, null, 0));

    Dataset<Row> out = Backlog.daily(chats(), names(), LocalDate.parse("2026-03-26"), LocalDate.parse("2026-04-01"),
        ZONE);
    assertEquals(Arrays.asList(BacklogSchema.BACKLOG_DAILY.fieldNames()), Arrays.asList(out.columns()));
    Map<String, List<Object>> actual = new TreeMap<>();
    for (Row r : out.collectAsList()) {
      List<Object> values = new ArrayList<>();
      for (String c : List.of("department_name", "open_at_end", "opened", "closed", "open_age_hours_p50",
          "open_age_hours_p90", "open_unassigned")) {
        values.add(r.getAs(c));
      }
      assertNull(actual.put(r.getAs(BacklogSchema.AS_OF_DATE) + "|" + r.getAs("department_id"), values));
    }
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((k, want) -> {
      List<Object> got = actual.get(k);
      for (int i = 0; i < want.size(); i++) {
        if (want.get(i) instanceof Double w) {
          assertEquals(w, (Double) got.get(i), TOLERANCE, k + " column " + i);
        } else {
          assertEquals(want.get(i), got.get(i), k + " column " + i);
        }
      }
    });
  }

  @Test
  void aRangeStartingLaterKeepsTheOlderChatsOpen() {
    // only Apr 1: J (created before the range) and B, D still open; department 1 has a row
    List<Row> rows = Backlog.daily(chats(), names(), LocalDate.parse("2026-04-01"), LocalDate.parse("2026-04-01"),
        ZONE).orderBy("department_id").collectAsList();
    assertEquals(2, rows.size());
    assertNull(rows.get(0).getAs("department_id"));
    assertEquals(3L, rows.get(1).<Long>getAs("open_at_end"));
    assertEquals(185.5, rows.get(1).<Double>getAs("open_age_hours_p90"), TOLERANCE);
  }

  @Test
  void dataHorizonIsTheGreatestLastMessageOrMessageTime() {
    SparkSession spark = SparkTestSession.get();
    StructType lastMessage = new StructType().add("last_message_at", DataTypes.TimestampType);
    StructType created = new StructType().add("created_at", DataTypes.TimestampType);
    Dataset<Row> chats = spark.createDataFrame(List.of(RowFactory.create(utc("30 10:00")),
        RowFactory.create((Object) null), RowFactory.create(utc("31 09:00"))), lastMessage);
    Dataset<Row> messages = spark.createDataFrame(List.of(RowFactory.create(utc("31 21:00"))), created);
    assertEquals(Instant.parse("2026-03-31T21:00:00Z"), DataHorizon.of(chats, messages));
    assertEquals(Instant.parse("2026-03-31T09:00:00Z"), DataHorizon.of(chats, null));
    assertEquals(Instant.parse("2026-03-31T21:00:00Z"), DataHorizon.of(chats.limit(0), messages));
    assertNull(DataHorizon.of(chats.limit(0), null));
    // A time known to belong to the horizon's rows: the rows from it on decide, or it is the horizon.
    assertEquals(Instant.parse("2026-03-31T21:00:00Z"),
        DataHorizon.of(chats, messages, Instant.parse("2026-03-30T10:00:00Z")));
    assertEquals(Instant.parse("2026-03-31T21:00:00Z"),
        DataHorizon.of(chats, messages, Instant.parse("2026-03-31T21:00:00Z")));
    assertEquals(Instant.parse("2026-03-31T09:00:00Z"),
        DataHorizon.of(chats, null, Instant.parse("2026-03-31T08:59:59.999999Z")));
    assertEquals(Instant.parse("2026-04-01T00:00:00Z"),
        DataHorizon.of(chats, messages, Instant.parse("2026-04-01T00:00:00Z")));
    assertEquals(Instant.parse("2026-03-29T00:00:00Z"),
        DataHorizon.of(chats.limit(0), null, Instant.parse("2026-03-29T00:00:00Z")));
  }
}
