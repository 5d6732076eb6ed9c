package org.chatlake.ingest;

import static org.chatlake.ingest.IngestTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three export formats, gzip, and every quirk of input.md, read through real Spark tasks. */
class ExportReaderTest {
  @TempDir Path dir;

  private static final String CHAT_1 = "{\"id\": 1, \"status\": \"closed\", \"createdAt\": \"1603885746\"}";
  private static final String CHAT_2 = "{\"id\": 2, \"status\": \"new\", \"createdAt\": \"1603885800\"}";

  private static List<Long> ids(List<Row> rows) {
    return records(rows).stream().map(r -> (Long) r.getAs("chat_id")).sorted().toList();
  }

  private static Row fileRow(List<Row> rows) {
    List<Row> files = ofKind(rows, IngestSchema.KIND_FILE);
    assertEquals(1, files.size());
    return files.get(0);
  }

  @Test
  void apiPageWithMetaAfterData() throws Exception {
    write(dir, "page.json", "{\"data\": [" + CHAT_1 + ", " + CHAT_2 + "], \"meta\": {\"total\": 435}}");
    List<Row> rows = readChats(dir.toString());
    assertEquals(List.of(1L, 2L), ids(rows));
    assertEquals("api_page", fileRow(rows).getAs(IngestSchema.SOURCE_FORMAT));
    assertEquals(2L, (Long) fileRow(rows).getAs(IngestSchema.FILE_RECORDS));
  }

  @Test
  void apiPageWithMetaBeforeDataAndUnknownRootFields() throws Exception {
    write(dir, "page.json", "{\"meta\": {\"total\": 2, \"x\": [1,{\"data\":[]}]}, \"links\": null,\n"
        + "\"data\": [\n" + CHAT_1 + ",\n" + CHAT_2 + "\n]}");
    List<Row> rows = readChats(dir.toString());
    assertEquals(List.of(1L, 2L), ids(rows));
    assertEquals("api_page", fileRow(rows).getAs(IngestSchema.SOURCE_FORMAT));
    // Jackson's line numbers: chat 2 starts on line 4
    Row second = records(rows).stream().filter(r -> (Long) r.getAs("chat_id") == 2L).findFirst().orElseThrow();
    assertEquals(4L, (Long) second.getAs(IngestSchema.SOURCE_LINE));
  }

  @Test
  void bareArray() throws Exception {
    write(dir, "export.json", "  \n[" + CHAT_1 + "," + CHAT_2 + "]");
    List<Row> rows = readChats(dir.toString());
    assertEquals(List.of(1L, 2L), ids(rows));
    assertEquals("array", fileRow(rows).getAs(IngestSchema.SOURCE_FORMAT));
  }

  @Test
  void jsonLinesByContentAndByName() throws Exception {
    write(dir, "a/chats.json", CHAT_1 + "\n\n" + CHAT_2 + "\r\n");
    write(dir, "b/chats.ndjson", CHAT_1 + "\n");
    List<Row> rows = readChats(dir.resolve("a").toString(), dir.resolve("b").toString());
    assertEquals(List.of(1L, 1L, 2L), ids(rows));
    assertTrue(ofKind(rows, IngestSchema.KIND_FILE).stream()
        .allMatch(r -> "json_lines".equals(r.getAs(IngestSchema.SOURCE_FORMAT))));
    Row two = records(rows).stream().filter(r -> (Long) r.getAs("chat_id") == 2L).findFirst().orElseThrow();
    assertEquals(3L, (Long) two.getAs(IngestSchema.SOURCE_LINE));
    assertEquals((long) CHAT_1.length() + 2, (Long) two.getAs(IngestSchema.SOURCE_OFFSET));
  }

  @Test
  void gzipOfEveryFormatDetectedByContent() throws Exception {
    write(dir, "page.json.gz", "{\"data\": [" + CHAT_1 + "], \"meta\": {}}");
    write(dir, "array.json.gz", "[" + CHAT_2 + "]");
    write(dir, "lines.jsonl.gz", "{\"id\": 3}\n{\"id\": 4}\n");
    // gzip without the .gz name is still detected by its magic bytes
    write(dir, "misnamed.json.gz", "{\"id\": 5}\n");
    java.nio.file.Files.move(dir.resolve("misnamed.json.gz"), dir.resolve("misnamed.json"));
    List<Row> rows = readChats(dir.toString());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids(rows));
    assertTrue(rejects(rows).isEmpty());
  }

  @Test
  void globsAndHiddenFiles() throws Exception {
    write(dir, "2026-10-01/chats.jsonl", CHAT_1 + "\n");
    write(dir, "2026-10-02/chats.jsonl", CHAT_2 + "\n");
    write(dir, "2026-10-02/_SUCCESS", "");
    write(dir, "2026-10-02/.chats.jsonl.crc", "garbage");
    List<Row> rows = readChats(dir + "/2026-10-0*");
    assertEquals(List.of(1L, 2L), ids(rows));
    assertTrue(rejects(rows).isEmpty());
  }

  @Test
  void missingInputPathIsAClearError() {
    InputPlanner.InputNotFoundException e = assertThrows(InputPlanner.InputNotFoundException.class,
        () -> readChats(dir.resolve("nope").toString()));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void everyTimestampShape() throws Exception {
    write(dir, "t.jsonl", String.join("\n",
        "{\"id\": 1, \"createdAt\": \"1603885746\", \"closedAt\": 1603885800, \"lastMessageAt\": \"1603885746.0\","
            + " \"lastCustomerMessageAt\": \"1607542030.713\", \"snoozedUntil\": 1607542030713}",
        "{\"id\": 2, \"createdAt\": null, \"closedAt\": \"\", \"lastMessageAt\": \"0\", \"lastCustomerMessageAt\": 0}",
        "{\"id\": 3}"));
    List<Row> rows = records(readChats(dir.toString()));
    Row one = byId(rows, 1);
    assertEquals(Instant.parse("2020-10-28T11:49:06Z"), ts(one, "created_at"));
    assertEquals(Instant.parse("2020-10-28T11:50:00Z"), ts(one, "closed_at"));
    assertEquals(Instant.parse("2020-10-28T11:49:06Z"), ts(one, "last_message_at"));
    assertEquals(Instant.parse("2020-12-09T19:27:10.713Z"), ts(one, "last_customer_message_at"));
    assertEquals(Instant.parse("2020-12-09T19:27:10.713Z"), ts(one, "snoozed_until"));
    for (long id : new long[] {2, 3}) {
      Row r = byId(rows, id);
      for (String f : List.of("created_at", "closed_at", "last_message_at", "last_customer_message_at")) {
        assertNull(r.getAs(f), id + "." + f);
      }
    }
  }

  @Test
  void idsAsNumericStringsEverywhere() throws Exception {
    write(dir, "ids.jsonl", "{\"id\": \"77\", \"lastMessageId\": \"5\", \"applicationId\": 9,"
        + " \"customer\": {\"id\": \"11\"}, \"assignee\": {\"id\": \"12\", \"name\": \"Ann\"},"
        + " \"department\": {\"id\": \"13\", \"name\": \"Sales\"}, \"agents\": [{\"id\": \"12\"}, {\"id\": 14}]}\n");
    Row r = byId(records(readChats(dir.toString())), 77);
    assertEquals(5L, (Long) r.getAs("last_message_id"));
    assertEquals(9L, (Long) r.getAs("application_id"));
    assertEquals(11L, (Long) r.getAs("customer_id"));
    assertEquals(12L, (Long) r.getAs("assignee_id"));
    assertEquals(13L, (Long) r.getAs("department_id"));
    assertEquals(List.of(12L, 14L), agentIds(r));
  }

  @Test
  void objectsNullMissingOrEmptyAndAgentsNullMissingOrEmpty() throws Exception {
    write(dir, "o.jsonl", String.join("\n",
        "{\"id\": 1, \"customer\": null, \"assignee\": null, \"department\": null, \"agents\": null}",
        "{\"id\": 2}",
        "{\"id\": 3, \"customer\": {}, \"assignee\": {}, \"department\": {}, \"agents\": []}",
        "{\"id\": 4, \"agents\": [null, {}, {\"id\": 8, \"name\": \"Bo\", \"email\": \"bo@x\", \"role\": \"admin\"},"
            + " {\"id\": 8, \"name\": \"Bo again\"}]}"));
    List<Row> rows = records(readChats(dir.toString()));
    assertEquals(4, rows.size());
    for (long id : new long[] {1, 2, 3}) {
      Row r = byId(rows, id);
      for (String f : List.of("customer_id", "customer_name", "assignee_id", "assignee_name", "department_id",
          "department_name")) {
        assertNull(r.getAs(f), id + "." + f);
      }
      assertEquals(List.of(), agentIds(r));
    }
    Row four = byId(rows, 4);
    List<Row> agents = four.getList(four.fieldIndex("agents"));
    assertEquals(1, agents.size(), "{} and null skipped, the repeated id kept once");
    assertEquals("Bo", agents.get(0).getString(1));
    assertEquals("admin", agents.get(0).getString(3));
  }

  @Test
  void unknownFieldsAnywhereAreIgnored() throws Exception {
    write(dir, "u.json", "{\"data\":[{\"tags\": [{\"a\": [1, 2, {\"b\": null}]}], \"id\": 1, \"status\": \"new\","
        + " \"customer\": {\"id\": 2, \"custom\": {\"x\": [1]}, \"name\": \"C\"}, \"agents\": [{\"id\": 3, \"avatar\": {\"u\": 1}}],"
        + " \"department\": {\"id\": 4, \"color\": \"red\", \"name\": \"D\"}, \"future\": 1.5e10}], \"meta\": {}}");
    Row r = byId(records(readChats(dir.toString())), 1);
    assertEquals("new", r.getAs("status_raw"));
    assertEquals("C", r.getAs("customer_name"));
    assertEquals("D", r.getAs("department_name"));
    assertEquals(List.of(3L), agentIds(r));
  }

  @Test
  void unicodeEscapedOrNotAndVeryLongText() throws Exception {
    String longText = "ą".repeat(300_000);
    write(dir, "text.jsonl", String.join("\n",
        "{\"id\": 1, \"lastMessageText\": \"Zażółć gęślą jaźń 🙂 \\u017c\\u00f3\\u0142w \\ud83d\\ude00 \\\"q\\\"\"}",
        "{\"id\": 2, \"lastMessageText\": \"" + longText + "\"}"));
    List<Row> rows = records(readChats(dir.toString()));
    assertEquals("Zażółć gęślą jaźń 🙂 żółw 😀 \"q\"", byId(rows, 1).getAs("last_message_text"));
    assertEquals(longText, byId(rows, 2).getAs("last_message_text"));
  }

  @Test
  void badLinesGoToRejectsAndGoodLinesOfTheFileAreKept() throws Exception {
    write(dir, "mixed.jsonl", String.join("\n",
        CHAT_1,
        "this is not json",
        "{\"id\": 3, \"createdAt\": {\"x\": 1}}",
        "{\"status\": \"new\"}",
        "{\"id\": \"abc\"}",
        "[1, 2]",
        "{\"id\": 4} trailing",
        "{\"id\": 5, \"createdAt\": \"1603885",
        CHAT_2));
    List<Row> rows = readChats(dir.toString());
    assertEquals(List.of(1L, 2L), ids(rows));
    List<Row> rejects = rejects(rows).stream()
        .sorted(Comparator.comparing(r -> (Long) r.getAs(IngestSchema.SOURCE_LINE))).toList();
    assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L),
        rejects.stream().map(r -> (Long) r.getAs(IngestSchema.SOURCE_LINE)).toList());
    assertEquals(List.of(RejectReason.INVALID_JSON, RejectReason.WRONG_TYPE, RejectReason.MISSING_ID,
            RejectReason.MISSING_ID, RejectReason.NOT_AN_OBJECT, RejectReason.INVALID_JSON, RejectReason.INVALID_JSON),
        rejects.stream().map(r -> (String) r.getAs(IngestSchema.REJECT_CODE)).toList());
    assertEquals("{\"id\": 3, \"createdAt\": {\"x\": 1}}", rejects.get(1).getAs(IngestSchema.REJECT_RAW));
    assertTrue(((String) rejects.get(1).getAs(IngestSchema.REJECT_REASON)).contains("createdAt"));
    assertTrue(((String) rejects.get(0).getAs(IngestSchema.SOURCE_FILE)).endsWith("mixed.jsonl"));
    assertEquals(9L, (Long) fileRow(rows).getAs(IngestSchema.FILE_RECORDS));
  }

  @Test
  void wrongTypeInsideAnArrayRejectsOnlyThatRecord() throws Exception {
    write(dir, "page.json", "{\"data\": [\n" + CHAT_1 + ",\n{\"id\": 3, \"agents\": {\"id\": 1}, \"createdAt\": {\"x\": [1, {}]}},\n"
        + "42,\n" + CHAT_2 + "\n], \"meta\": {\"total\": 4}}");
    List<Row> rows = readChats(dir.toString());
    assertEquals(List.of(1L, 2L), ids(rows));
    List<Row> rejects = rejects(rows);
    assertEquals(2, rejects.size());
    Row wrongType = rejects.stream().filter(r -> RejectReason.WRONG_TYPE.equals(r.getAs(IngestSchema.REJECT_CODE)))
        .findFirst().orElseThrow();
    assertEquals(3L, (Long) wrongType.getAs(IngestSchema.SOURCE_LINE));
    // the raw text is the record as it stands in the file
    assertEquals("{\"id\": 3, \"agents\": {\"id\": 1}, \"createdAt\": {\"x\": [1, {}]}}",
        wrongType.getAs(IngestSchema.REJECT_RAW));
    Row notObject = rejects.stream().filter(r -> RejectReason.NOT_AN_OBJECT.equals(r.getAs(IngestSchema.REJECT_CODE)))
        .findFirst().orElseThrow();
    assertEquals(4L, (Long) notObject.getAs(IngestSchema.SOURCE_LINE));
  }

  @Test
  void truncatedPageKeepsRecordsBeforeTheCutAndRejectsTheRestOnce() throws Exception {
    String page = "{\"data\": [" + CHAT_1 + ", " + CHAT_2 + ", {\"id\": 3, \"status\": \"clo";
    write(dir, "cut.json", page);
    write(dir, "cut.json.gz", page.replace("\"id\": 1", "\"id\": 11").replace("\"id\": 2", "\"id\": 12"));
    List<Row> rows = readChats(dir.toString());
    assertEquals(List.of(1L, 2L, 11L, 12L), ids(rows));
    List<Row> rejects = rejects(rows);
    assertEquals(2, rejects.size());
    for (Row r : rejects) {
      assertEquals(RejectReason.TRUNCATED, r.getAs(IngestSchema.REJECT_CODE));
      assertTrue(((String) r.getAs(IngestSchema.REJECT_REASON)).contains("2 records read before"),
          (String) r.getAs(IngestSchema.REJECT_REASON));
      assertEquals("{\"id\": 3, \"status\": \"clo", r.getAs(IngestSchema.REJECT_RAW));
      boolean gz = ((String) r.getAs(IngestSchema.SOURCE_FILE)).endsWith(".gz");
      // the gzip copy has two more bytes before the cut (ids 11 and 12)
      assertEquals(page.indexOf("{\"id\": 3") + (gz ? 2L : 0L), (Long) r.getAs(IngestSchema.SOURCE_OFFSET));
    }
    assertEquals(List.of(3L, 3L), ofKind(rows, IngestSchema.KIND_FILE).stream()
        .map(r -> (Long) r.getAs(IngestSchema.FILE_RECORDS)).toList());
  }

  @Test
  void arrayCutBetweenRecords() throws Exception {
    write(dir, "cut.json", "[" + CHAT_1 + ", " + CHAT_2);
    List<Row> rows = readChats(dir.toString());
    assertEquals(List.of(1L, 2L), ids(rows));
    assertEquals(RejectReason.TRUNCATED, rejects(rows).get(0).getAs(IngestSchema.REJECT_CODE));
  }

  @Test
  void emptyFilesPagesAndArraysAreQuietDaysNotRejects() throws Exception {
    write(dir, "empty.json", "");
    write(dir, "blank.json", "  \n\n ");
    write(dir, "empty.jsonl", "\n\n");
    write(dir, "page.json", "{\"data\":[],\"meta\":{\"total\":0}}");
    write(dir, "array.json", "[ ]");
    List<Row> rows = readChats(dir.toString());
    assertTrue(records(rows).isEmpty());
    assertTrue(rejects(rows).isEmpty());
    java.util.Map<String, String> formatByFile = ofKind(rows, IngestSchema.KIND_FILE).stream().collect(
        Collectors.toMap(r -> fileName(r), r -> r.getAs(IngestSchema.SOURCE_FORMAT)));
    assertEquals(java.util.Map.of("empty.json", "empty", "blank.json", "empty", "empty.jsonl", "json_lines",
        "page.json", "api_page", "array.json", "array"), formatByFile);
    assertTrue(ofKind(rows, IngestSchema.KIND_FILE).stream()
        .allMatch(r -> (Long) r.getAs(IngestSchema.FILE_RECORDS) == 0L));
  }

  @Test
  void fileThatIsNotJson() throws Exception {
    write(dir, "report.csv", "id,status\n1,closed\n");
    write(dir, "page.html", "<html><body>502 Bad Gateway</body></html>");
    List<Row> rows = readChats(dir.toString());
    assertTrue(records(rows).isEmpty());
    java.util.Map<String, String> codeByFile = rejects(rows).stream().collect(Collectors.toMap(
        r -> fileName(r), r -> r.getAs(IngestSchema.REJECT_CODE)));
    assertEquals(java.util.Map.of("report.csv", RejectReason.NOT_JSON, "page.html", RejectReason.NOT_JSON), codeByFile);
    Row html = rejects(rows).stream().filter(r -> ((String) r.getAs(IngestSchema.SOURCE_FILE)).endsWith("page.html"))
        .findFirst().orElseThrow();
    assertEquals("<html><body>502 Bad Gateway</body></html>", html.getAs(IngestSchema.REJECT_RAW));
  }

  private static String fileName(Row r) {
    return Path.of(((String) r.getAs(IngestSchema.SOURCE_FILE)).replace("file:", "")).getFileName().toString();
  }

  @Test
  void rawTextIsCutTo4KiB() throws Exception {
    String big = "{\"id\": {\"x\": \"" + "é".repeat(5000) + "\"}}";
    write(dir, "big.jsonl", big + "\n");
    Row reject = rejects(readChats(dir.toString())).get(0);
    String raw = reject.getAs(IngestSchema.REJECT_RAW);
    assertTrue(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 4096);
    assertTrue(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= 4094);
    assertTrue(big.startsWith(raw), "cut on a character boundary");
  }

  @Test
  void splitJsonLinesReadsEveryLineExactlyOnce() throws Exception {
    String lines = IntStream.rangeClosed(1, 20_000)
        .mapToObj(i -> "{\"id\": " + i + ", \"lastMessageText\": \"" + "x".repeat(i % 300) + "\"}")
        .collect(Collectors.joining("\n")) + "\n";
    write(dir, "big.jsonl", lines);
    // 1 MiB pieces of a ~3.4 MiB file: several tasks, boundaries inside lines
    List<Row> rows = readAll(new ChatRecordParser(), 1L << 20, dir.toString());
    assertTrue(ofKind(rows, IngestSchema.KIND_FILE).size() >= 3, "the file was split");
    assertEquals(LongStreamRange.of(1, 20_000), ids(rows));
    assertTrue(rejects(rows).isEmpty());
    long recordsFromFileRows = ofKind(rows, IngestSchema.KIND_FILE).stream()
        .mapToLong(r -> r.getAs(IngestSchema.FILE_RECORDS)).sum();
    assertEquals(20_000L, recordsFromFileRows);
  }

  private static final class LongStreamRange {
    static List<Long> of(long from, long to) {
      return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }
  }

  static Row byId(List<Row> rows, long id) {
    return rows.stream().filter(r -> (Long) r.getAs("chat_id") == id).findFirst().orElseThrow();
  }

  static Instant ts(Row r, String field) {
    Object v = r.getAs(field);
    return v == null ? null : ((Timestamp) v).toInstant();
  }

  static List<Long> agentIds(Row r) {
    List<Row> agents = r.getList(r.fieldIndex("agents"));
    return agents.stream().map(a -> (Long) a.get(0)).toList();
  }
}
