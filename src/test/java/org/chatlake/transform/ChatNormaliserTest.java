package org.chatlake.transform;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chatlake.SparkTestSession;
import org.chatlake.model.ChatSchema;
import org.junit.jupiter.api.Test;

/** Normalisation and the latest-state rule, on in-memory rows (no files). */
class ChatNormaliserTest {
  static final StructType RECORDS = ChatSchema.PARSED
      .add("source_file", DataTypes.StringType).add("source_offset", DataTypes.LongType);

  /** A parsed record with the given fields set (names of ChatSchema.PARSED), the rest null. */
  static Row record(Map<String, Object> fields, String file, long offset) {
    Object[] v = new Object[RECORDS.size()];
    v[RECORDS.fieldIndex("agents")] = scala.jdk.javaapi.CollectionConverters.asScala(List.<Row>of()).toSeq();
    fields.forEach((k, value) -> v[RECORDS.fieldIndex(k)] = value instanceof Instant i ? Timestamp.from(i) : value);
    v[RECORDS.fieldIndex("source_file")] = file;
    v[RECORDS.fieldIndex("source_offset")] = offset;
    return RowFactory.create(v);
  }

  static Dataset<Row> normalised(String zone, Row... rows) {
    SparkSession spark = SparkTestSession.get();
    return ChatNormaliser.normalise(spark.createDataFrame(Arrays.asList(rows), RECORDS), zone,
            Instant.parse("2026-11-01T00:00:00Z"))
        .withColumnRenamed("source_offset", LatestState.POSITION);
  }

  static Instant t(String iso) {
    return Instant.parse(iso);
  }

  @Test
  void statusSpellingsAndCaseMapToTheDocumentedValue() {
    String[][] cases = {
        {" Closed ", "closed"}, {"OPENED", "opened"}, {"on hold", "onhold"}, {"On-Hold", "onhold"},
        {"on_hold", "onhold"}, {"onhold", "onhold"}, {"no_communication", "no communication"},
        {"No-Communication", "no communication"}, {"no communication", "no communication"},
        {"Archived", "archived"}, {"  ", null}};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < cases.length; i++) {
      rows.add(record(Map.of("chat_id", (long) i, "status_raw", cases[i][0]), "f", i));
    }
    List<Row> out = normalised("UTC", rows.toArray(new Row[0])).orderBy("chat_id").collectAsList();
    for (int i = 0; i < cases.length; i++) {
      assertEquals(cases[i][1], out.get(i).getAs("status"), "status " + cases[i][0]);
      assertEquals(cases[i][0], out.get(i).getAs("status_raw"));
    }
  }

  @Test
  void ratingsNormaliseToThreeValuesAndKeepTheRawOne() {
    String[][] cases = {{"great", "great"}, {" GREAT ", "great"}, {"average", "average"}, {"Poor", "poor"},
        {"perfect", "great"}, {"excellent", null}, {"very poor", null}, {"good", null}};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < cases.length; i++) {
      rows.add(record(Map.of("chat_id", (long) i, "rating_raw", cases[i][0]), "f", i));
    }
    Dataset<Row> ds = normalised("UTC", rows.toArray(new Row[0]));
    List<Row> out = ds.orderBy("chat_id").collectAsList();
    for (int i = 0; i < cases.length; i++) {
      assertEquals(cases[i][1], out.get(i).getAs("rating"), "rating " + cases[i][0]);
      assertEquals(cases[i][0], out.get(i).getAs("rating_raw"));
    }
    assertEquals(Map.of("rating", Map.of("excellent", 1L, "very poor", 1L, "good", 1L)), Unrecognised.count(ds));
  }

  @Test
  void derivedDurationsAndAwaitingReply() {
    Row closed = record(Map.of("chat_id", 1L, "status_raw", "closed", "created_at", t("2026-10-01T10:00:00Z"),
        "closed_at", t("2026-10-01T10:30:00.500Z"), "last_message_at", t("2026-10-01T10:20:00Z"),
        "last_customer_message_at", t("2026-10-01T10:05:00Z")), "f", 1);
    Row skewed = record(Map.of("chat_id", 2L, "status_raw", "closed", "created_at", t("2026-10-01T10:00:00Z"),
        "closed_at", t("2026-10-01T09:00:00Z")), "f", 2);
    Row customerLast = record(Map.of("chat_id", 3L, "status_raw", "opened", "created_at", t("2026-10-01T10:00:00Z"),
        "last_message_at", t("2026-10-01T10:05:00Z"), "last_customer_message_at", t("2026-10-01T10:05:00Z")), "f", 3);
    Row noLastMessage = record(Map.of("chat_id", 4L, "status_raw", "pending",
        "last_customer_message_at", t("2026-10-01T10:05:00Z")), "f", 4);
    Row closedCustomerLast = record(Map.of("chat_id", 5L, "status_raw", "closed",
        "last_message_at", t("2026-10-01T10:05:00Z"), "last_customer_message_at", t("2026-10-01T10:05:00Z")), "f", 5);
    Row emptyChat = record(Map.of("chat_id", 6L, "status_raw", "empty",
        "last_customer_message_at", t("2026-10-01T10:05:00Z")), "f", 6);
    Row openNotClosed = record(Map.of("chat_id", 7L, "status_raw", "opened", "created_at", t("2026-10-01T10:00:00Z"),
        "closed_at", t("2026-10-01T11:00:00Z")), "f", 7);
    List<Row> out = normalised("UTC", closed, skewed, customerLast, noLastMessage, closedCustomerLast, emptyChat,
        openNotClosed).orderBy("chat_id").collectAsList();
    assertEquals(1800.5, (Double) out.get(0).getAs("resolution_seconds"), 1e-9);
    assertEquals(900.0, (Double) out.get(0).getAs("last_reply_seconds"), 1e-9);
    assertEquals(false, out.get(0).getAs("awaiting_reply"));
    assertNull(out.get(1).getAs("resolution_seconds"), "closed before created");
    assertNull(out.get(2).getAs("last_reply_seconds"), "equal times: the customer spoke last");
    assertEquals(true, out.get(2).getAs("awaiting_reply"));
    assertEquals(true, out.get(3).getAs("awaiting_reply"), "no last message at all");
    assertEquals(false, out.get(4).getAs("awaiting_reply"), "closed chats never await");
    assertEquals(false, out.get(5).getAs("awaiting_reply"), "empty chats never await");
    assertNull(out.get(6).getAs("resolution_seconds"), "only closed chats have a resolution time");
  }

  @Test
  void reportDateFollowsTheTimeZone() {
    Row lateEvening = record(Map.of("chat_id", 1L, "created_at", t("2026-03-11T02:30:00Z")), "f", 1);
    Row noCreatedAt = record(Map.of("chat_id", 2L), "f", 2);
    List<Row> utc = normalised("UTC", lateEvening, noCreatedAt).orderBy("chat_id").collectAsList();
    List<Row> ny = normalised("America/New_York", lateEvening, noCreatedAt).orderBy("chat_id").collectAsList();
    assertEquals(java.sql.Date.valueOf("2026-03-11"), utc.get(0).getAs("report_date"));
    assertEquals(java.sql.Date.valueOf("2026-03-10"), ny.get(0).getAs("report_date"));
    assertNull(utc.get(1).getAs("report_date"));
  }

  @Test
  void latestStateOrder() {
    // chat 1: greatest last_message_at wins even from an earlier file
    Row a1 = record(Map.of("chat_id", 1L, "status_raw", "A", "last_message_at", t("2026-10-01T12:00:00Z")), "b.json", 5);
    Row a2 = record(Map.of("chat_id", 1L, "status_raw", "B", "last_message_at", t("2026-10-01T11:00:00Z")), "c.json", 9);
    Row a3 = record(Map.of("chat_id", 1L, "status_raw", "C"), "d.json", 9);
    // chat 2: same last_message_at, greatest closed_at wins
    Row b1 = record(Map.of("chat_id", 2L, "status_raw", "A", "last_message_at", t("2026-10-01T11:00:00Z"),
        "closed_at", t("2026-10-01T12:00:00Z")), "a.json", 1);
    Row b2 = record(Map.of("chat_id", 2L, "status_raw", "B", "last_message_at", t("2026-10-01T11:00:00Z")), "z.json", 1);
    // chat 3: same times, the file that sorts last wins
    Row c1 = record(Map.of("chat_id", 3L, "status_raw", "A"), "exports/2026-10-02.json", 1);
    Row c2 = record(Map.of("chat_id", 3L, "status_raw", "B"), "exports/2026-10-01.json", 100);
    // chat 4: same file, the later position wins
    Row d1 = record(Map.of("chat_id", 4L, "status_raw", "A"), "x.json", 200);
    Row d2 = record(Map.of("chat_id", 4L, "status_raw", "B"), "x.json", 100);
    List<Row> out = LatestState.latestChats(normalised("UTC", a1, a2, a3, b1, b2, c1, c2, d1, d2))
        .orderBy("chat_id").collectAsList();
    assertEquals(List.of("A", "A", "A", "A"), out.stream().map(r -> (String) r.getAs("status_raw")).toList());
    assertFalse(Arrays.asList(out.get(0).schema().fieldNames()).contains(LatestState.POSITION));
  }
}
