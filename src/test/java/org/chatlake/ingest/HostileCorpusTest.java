package org.chatlake.ingest;

import static org.chatlake.ingest.IngestTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.chatlake.output.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files no export should look like, generated here and read through Spark tasks as the job reads
 * them. For each file: what is kept, what is rejected and why, and that the records the file row
 * counts are exactly the kept records plus the rejects. Expected values are worked out by hand from
 * the bytes written.
 */
class HostileCorpusTest {
  @TempDir Path dir;

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** What reading gave for one file. */
  private record Result(List<Row> records, List<Row> rejects, Row file) {
    List<Long> ids() {
      return records.stream().map(r -> (Long) r.getAs("chat_id")).sorted().toList();
    }

    /** Reject codes by line (or by offset where a line is unknown). */
    Map<Long, String> codes() {
      return rejects.stream().collect(Collectors.toMap(
          r -> r.getAs(IngestSchema.SOURCE_LINE) != null ? (Long) r.getAs(IngestSchema.SOURCE_LINE)
              : (Long) r.getAs(IngestSchema.SOURCE_OFFSET),
          r -> r.getAs(IngestSchema.REJECT_CODE), (a, b) -> a + "," + b, TreeMap::new));
    }

    Row reject(long line) {
      return rejects.stream().filter(r -> Long.valueOf(line).equals(r.getAs(IngestSchema.SOURCE_LINE)))
          .findFirst().orElseThrow();
    }

    String format() {
      return file.getAs(IngestSchema.SOURCE_FORMAT);
    }

    long lost() {
      return file.getAs(IngestSchema.FILE_RECORDS_LOST);
    }

    Row record(long id) {
      return records.stream().filter(r -> (Long) r.getAs("chat_id") == id).findFirst().orElseThrow();
    }
  }

  /** Splits what the reader yielded by file, and checks read = kept + rejected for each. */
  private static Map<String, Result> byFile(List<Row> rows) {
    Map<String, Result> out = new TreeMap<>();
    for (Row f : ofKind(rows, IngestSchema.KIND_FILE)) {
      String file = f.getAs(IngestSchema.SOURCE_FILE);
      List<Row> mine = rows.stream().filter(r -> file.equals(r.getAs(IngestSchema.SOURCE_FILE))).toList();
      Result result = new Result(records(mine), rejects(mine), f);
      String name = file.substring(file.lastIndexOf('/') + 1);
      assertNull(out.put(name, result), "one file row per file: " + name);
      assertEquals((long) result.records.size() + result.rejects.size(), (Long) f.getAs(IngestSchema.FILE_RECORDS),
          name + ": read = kept + rejected");
    }
    return out;
  }

  private Path write(String name, byte[]... parts) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      for (byte[] p : parts) {
        out.write(p);
      }
    }
    return file;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String reason(Row reject) {
    return reject.getAs(IngestSchema.REJECT_REASON);
  }

  private static String raw(Row reject) {
    return reject.getAs(IngestSchema.REJECT_RAW);
  }

  @Test
  void byteOrderMarksCrlfLinesAndThirtyMegabyteStrings() throws Exception {
    write("bom-page.json", BOM, utf8("{\"data\":[{\"id\":1},{\"id\":2}],\"meta\":{\"total\":2}}"));
    write("bom-lines.json", BOM, utf8("{\"id\":3}\n{\"id\":4}\n"));
    write("crlf.jsonl", utf8("{\"id\":5}\r\n\r\n{\"id\":6}\r\n"));
    write("crlf-page.json", utf8("{\r\n\"data\": [\r\n{\"id\":7},\r\n{\"id\":8}\r\n],\r\n\"meta\": {\"total\": 2}\r\n}\r\n"));
    String x30m = "x".repeat(30_000_000);
    String e30mb = "é".repeat(15_000_000); // 30 MB of UTF-8
    write("huge.jsonl", utf8("{\"id\":9,\"lastMessageText\":\"" + x30m + "\"}\n{\"id\":10}\n"));
    String rejectedHead = "{\"id\":12,\"readByAgent\":\"maybe\",\"lastMessageText\":\"";
    write("huge-page.json", utf8("{\"data\":[{\"id\":11,\"lastMessageText\":\"" + e30mb + "\"},"
        + rejectedHead + x30m + "\"},{\"id\":13}]}"));
    Map<String, Result> files = byFile(readChats(dir.toString()));

    Result bomPage = files.get("bom-page.json");
    assertEquals("api_page", bomPage.format());
    assertEquals(List.of(1L, 2L), bomPage.ids());
    Result bomLines = files.get("bom-lines.json");
    assertEquals("json_lines", bomLines.format());
    assertEquals(List.of(3L, 4L), bomLines.ids());
    assertEquals(12L, (Long) bomLines.record(4).getAs(IngestSchema.SOURCE_OFFSET), "3 BOM bytes + {\"id\":3}\\n");
    Result crlf = files.get("crlf.jsonl");
    assertEquals(List.of(5L, 6L), crlf.ids());
    assertEquals(3L, (Long) crlf.record(6).getAs(IngestSchema.SOURCE_LINE));
    assertEquals(12L, (Long) crlf.record(6).getAs(IngestSchema.SOURCE_OFFSET));
    Result crlfPage = files.get("crlf-page.json");
    assertEquals(List.of(7L, 8L), crlfPage.ids());
    assertEquals(4L, (Long) crlfPage.record(8).getAs(IngestSchema.SOURCE_LINE));
    for (String name : List.of("bom-page.json", "bom-lines.json", "crlf.jsonl", "crlf-page.json")) {
      assertTrue(files.get(name).rejects().isEmpty(), name);
    }

    Result huge = files.get("huge.jsonl");
    assertEquals(List.of(9L, 10L), huge.ids());
    assertEquals(x30m, huge.record(9).getAs("last_message_text"));
    Result hugePage = files.get("huge-page.json");
    assertEquals(List.of(11L, 13L), hugePage.ids());
    assertEquals(e30mb, hugePage.record(11).getAs("last_message_text"));
    assertEquals(1, hugePage.rejects().size());
    Row maybe = hugePage.rejects().get(0);
    assertEquals(RejectReason.WRONG_TYPE, maybe.getAs(IngestSchema.REJECT_CODE));
    assertTrue(reason(maybe).contains("readByAgent"), reason(maybe));
    // the record's first 4 KiB, copied while the parser read it
    assertEquals(rejectedHead + "x".repeat(4096 - rejectedHead.length()), raw(maybe));
  }

  @Test
  void invalidUtf8AndNulBytes() throws Exception {
    byte[] ff = {(byte) 0xFF};
    byte[] badContinuation = {(byte) 0xC3, 0x28};
    write("bytes.jsonl",
        utf8("{\"id\":14,\"lastMessageText\":\"a"), ff, utf8("b\"}\n"),
        utf8("{\"id\":15,\"lastMessageText\":\"a\u0000b\"}\n"),
        utf8("{\"id\":16,\"unknown\":\""), badContinuation, utf8("\"}\n"),
        utf8("{\"id\":17,\"lastMessageText\":\"NUL escaped \\u0000 is fine\"}\n"));
    write("bytes.json", utf8("[{\"id\":18},{\"id\":19,\"lastMessageText\":\"a"), ff, utf8("b\"},{\"id\":20}]"));
    Map<String, Result> files = byFile(readChats(dir.toString()));

    Result lines = files.get("bytes.jsonl");
    assertEquals(List.of(17L), lines.ids());
    assertEquals("NUL escaped \u0000 is fine", lines.record(17).getAs("last_message_text"));
    assertEquals(Map.of(1L, RejectReason.INVALID_JSON, 2L, RejectReason.INVALID_JSON, 3L, RejectReason.INVALID_JSON),
        lines.codes());
    assertTrue(reason(lines.reject(1)).contains("Invalid UTF-8"), reason(lines.reject(1)));
    assertEquals("{\"id\":14,\"lastMessageText\":\"a\uFFFDb\"}", raw(lines.reject(1)));
    assertTrue(reason(lines.reject(2)).contains("CTRL-CHAR, code 0"), reason(lines.reject(2)));
    assertEquals("{\"id\":15,\"lastMessageText\":\"a\u0000b\"}", raw(lines.reject(2)));
    assertTrue(reason(lines.reject(3)).contains("UTF-8"), reason(lines.reject(3)));

    // Jackson cannot resume after a byte that is not UTF-8: in an array the rest of the file is lost
    Result array = files.get("bytes.json");
    assertEquals(List.of(18L), array.ids());
    assertEquals(1, array.rejects().size());
    Row rest = array.rejects().get(0);
    assertEquals(RejectReason.TRUNCATED, rest.getAs(IngestSchema.REJECT_CODE));
    assertEquals(11L, (Long) rest.getAs(IngestSchema.SOURCE_OFFSET), "[ + {\"id\":18} + ,");
    assertTrue(reason(rest).contains("Invalid UTF-8") && reason(rest).contains("1 records read before"), reason(rest));
  }

  @Test
  void numbersThatDoNotFitTheirField() throws Exception {
    List<String> values = List.of(
        "{\"id\":9223372036854775808}",
        "{\"id\":21,\"lastMessageId\":9223372036854775808}",
        "{\"id\":22,\"applicationId\":\"12a\"}",
        "{\"id\":23,\"customer\":{\"id\":NaN}}",
        "{\"id\":24,\"createdAt\":Infinity}",
        "{\"id\":25,\"createdAt\":9999999999999999}",
        "{\"id\":26,\"createdAt\":\"1e-99999999\"}",
        "{\"id\":27,\"createdAt\":\"0.0001\"}",
        "{\"id\":28,\"readByAgent\":123456789012345678901234567890}",
        "{\"id\":\"NaN\"}",
        "{\"id\":29,\"createdAt\":\"253402300799999\",\"lastMessageId\":\"9223372036854775807\",\"score\":NaN,\"x\":-Infinity}",
        "{\"id\":30,\"createdAt\":\"3e9\"}",
        "{\"id\":31,\"lastMessageId\":" + "9".repeat(2000) + "}",
        "{\"id\":32,\"unknown\":" + "9".repeat(2000) + ".5e-7}");
    write("values.jsonl", utf8(String.join("\n", values) + "\n"));
    List<String> elements = List.of(values.get(1), values.get(5), values.get(8), values.get(12), values.get(13));
    write("values.json", utf8("[" + String.join(",\n", elements) + "]"));
    Map<String, Result> files = assertTimeoutPreemptively(Duration.ofSeconds(120),
        () -> byFile(readChats(dir.toString())));

    Result lines = files.get("values.jsonl");
    assertEquals(List.of(29L, 30L, 32L), lines.ids());
    Map<Long, String> expected = new TreeMap<>();
    expected.put(1L, RejectReason.MISSING_ID); // the record's own id: no usable id
    for (long line = 2; line <= 9; line++) {
      expected.put(line, RejectReason.WRONG_TYPE);
    }
    expected.put(10L, RejectReason.MISSING_ID);
    expected.put(13L, RejectReason.WRONG_TYPE);
    assertEquals(expected, lines.codes());
    assertTrue(reason(lines.reject(6)).contains("out of range"), reason(lines.reject(6)));
    assertTrue(reason(lines.reject(8)).contains("millisecond"), reason(lines.reject(8)));
    Row max = lines.record(29);
    assertEquals(Instant.parse("9999-12-31T23:59:59.999Z"), ((Timestamp) max.getAs("created_at")).toInstant());
    assertEquals(Long.MAX_VALUE, (Long) max.getAs("last_message_id"));
    assertEquals(Instant.ofEpochSecond(3_000_000_000L), ((Timestamp) lines.record(30).getAs("created_at")).toInstant());

    // in an array each of them rejects its own record only, and the file reads on
    Result array = files.get("values.json");
    assertEquals(List.of(32L), array.ids());
    assertEquals(Map.of(1L, RejectReason.WRONG_TYPE, 2L, RejectReason.WRONG_TYPE, 3L, RejectReason.WRONG_TYPE,
        4L, RejectReason.WRONG_TYPE), array.codes());
    for (long line = 1; line <= 4; line++) {
      assertEquals(elements.get((int) line - 1), raw(array.reject(line)));
    }
  }

  @Test
  void deepNestingInsideUnknownFieldsAndDuplicateKeys() throws Exception {
    String deepArrays = "[".repeat(5000) + "]".repeat(5000);
    String deepObjects = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
    write("deep.jsonl", utf8("{\"id\":32,\"x\":" + deepArrays + "}\n{\"id\":33}\n"));
    write("deep.json", utf8("[{\"id\":34,\"x\":" + deepArrays + "},{\"id\":35}]"));
    write("deep-page.json", utf8("{\"data\":[{\"id\":36,\"customer\":{\"x\":" + deepObjects + "}},{\"id\":37}]}"));
    write("dupkeys.jsonl", utf8(String.join("\n",
        "{\"id\":38,\"status\":\"new\",\"status\":\"closed\",\"id\":39}",
        "{\"id\":40,\"assignee\":{\"id\":7,\"name\":\"Ann\"},\"assignee\":null,\"agents\":[{\"id\":1}],\"agents\":[{\"id\":2}]}",
        "{\"id\":40,\"status\":\"closed\"}") + "\n"));
    Map<String, Result> files = byFile(readChats(dir.toString()));

    for (String name : List.of("deep.jsonl", "deep.json", "deep-page.json")) {
      Result r = files.get(name);
      assertEquals(1, r.rejects().size(), name);
      Row deep = r.rejects().get(0);
      assertEquals(RejectReason.INVALID_JSON, deep.getAs(IngestSchema.REJECT_CODE), name);
      assertTrue(reason(deep).contains("nesting depth 1001 exceeds the maximum allowed (1000)"), reason(deep));
    }
    assertEquals(List.of(33L), files.get("deep.jsonl").ids());
    assertEquals(List.of(35L), files.get("deep.json").ids());
    assertEquals(List.of(37L), files.get("deep-page.json").ids());
    String head = "{\"id\":34,\"x\":";
    assertEquals(head + "[".repeat(4096 - head.length()), raw(files.get("deep.json").rejects().get(0)));

    // a repeated key counts with its last value; the same chat twice is a duplicate, not a reject
    Result dup = files.get("dupkeys.jsonl");
    assertEquals(List.of(39L, 40L, 40L), dup.ids());
    assertTrue(dup.rejects().isEmpty());
    assertEquals("closed", dup.record(39).getAs("status_raw"));
    Row forty = dup.records().stream().filter(r -> (Long) r.getAs(IngestSchema.SOURCE_LINE) == 2L).findFirst().orElseThrow();
    assertNull(forty.getAs("assignee_id"));
    assertNull(forty.getAs("assignee_name"));
    assertEquals(List.of(2L), ExportReaderTest.agentIds(forty));
    long read = dup.file().getAs(IngestSchema.FILE_RECORDS);
    long kept = dup.ids().stream().distinct().count();
    assertEquals(3, read);
    assertEquals(read, kept + dup.rejects().size() + 1, "read 3 = kept 2 + rejected 0 + duplicates 1");
  }

  /**
   * A gzip stream cut right after a flush: the decompressor gives exactly the bytes before the
   * flush, then fails.
   */
  private static byte[] gzipCutAfter(String kept, String lost) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes, true)) {
      out.write(utf8(kept));
      out.flush();
      int cut = bytes.size();
      out.write(utf8(lost));
      out.finish();
      return Arrays.copyOf(bytes.toByteArray(), cut);
    }
  }

  @Test
  void truncatedAndCorruptGzip() throws Exception {
    write("cut.jsonl.gz", gzipCutAfter("{\"id\":42}\n{\"id\":43}\n{\"id\":44,\"sta", "tus\":\"new\"}\n{\"id\":45}\n"));
    write("cut.json.gz", gzipCutAfter("[{\"id\":46},{\"id\":47},{\"id\":48,\"sta", "tus\":\"new\"},{\"id\":49}]"));
    write("bad-header.json.gz", new byte[] {0x1f, (byte) 0x8b, 0x63, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
    Map<String, Result> files = byFile(readChats(dir.toString()));

    Result lines = files.get("cut.jsonl.gz");
    assertEquals(List.of(42L, 43L), lines.ids());
    assertEquals(Map.of(3L, RejectReason.TRUNCATED), lines.codes());
    Row cutLine = lines.reject(3);
    assertEquals(20L, (Long) cutLine.getAs(IngestSchema.SOURCE_OFFSET));
    assertEquals("{\"id\":44,\"sta", raw(cutLine));
    assertTrue(reason(cutLine).contains("2 records read before"), reason(cutLine));
    assertEquals(0, lines.lost(), "nothing after the cut line: the file ends there");

    Result array = files.get("cut.json.gz");
    assertEquals(List.of(46L, 47L), array.ids());
    assertEquals(1, array.rejects().size());
    Row cutRecord = array.rejects().get(0);
    assertEquals(RejectReason.TRUNCATED, cutRecord.getAs(IngestSchema.REJECT_CODE));
    assertEquals(21L, (Long) cutRecord.getAs(IngestSchema.SOURCE_OFFSET), "[ + 2 x ({\"id\":4N} + ,)");
    assertEquals("{\"id\":48,\"sta", raw(cutRecord));
    // 13 bytes after the break, records of 10 bytes: the cut record and nothing more
    assertEquals(0, array.lost());

    Result badHeader = files.get("bad-header.json.gz");
    assertTrue(badHeader.records().isEmpty());
    assertEquals(1, badHeader.rejects().size());
    Row unreadable = badHeader.rejects().get(0);
    assertEquals(RejectReason.UNREADABLE, unreadable.getAs(IngestSchema.REJECT_CODE));
    assertTrue(reason(unreadable).contains("bad gzip header"), reason(unreadable));
  }

  @Test
  void aGzipOfThreeHundredMegabytesOfBlanksIsAnEmptyFileReadInSeconds() throws Exception {
    Path blanks = dir.resolve("blanks.json.gz");
    byte[] chunk = utf8((" ".repeat(99) + "\n").repeat(10_000)); // 1,000,000 bytes
    try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(blanks), 1 << 16) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      for (int i = 0; i < 300; i++) {
        out.write(chunk);
      }
    }
    assertTrue(Files.size(blanks) < 10_000_000, Files.size(blanks) + " bytes");
    long start = System.nanoTime();
    Map<String, Result> files = byFile(readChats(blanks.toString()));
    long seconds = (System.nanoTime() - start) / 1_000_000_000;
    Result r = files.get("blanks.json.gz");
    assertEquals("empty", r.format());
    assertTrue(r.records().isEmpty());
    assertTrue(r.rejects().isEmpty());
    assertTrue(seconds < 30, seconds + " s");
  }

  @Test
  void fileNamesWithColonPercentHashAndNonAsciiLetters() throws Exception {
    write("names/chats 2026:11:01.jsonl", utf8("{\"id\":50}\n"));
    write("names/100% done.jsonl", utf8("{\"id\":51}\n"));
    write("names/a#b.jsonl", utf8("{\"id\":52}\n"));
    write("names/zażółć 日本.jsonl", utf8("{\"id\":53}\n"));
    write("names/strona:1 #2 %3.json", utf8("{\"data\":[{\"id\":54}]}"));
    Map<String, Result> files = byFile(readChats(dir.resolve("names").toString()));
    assertEquals(Map.of("chats 2026:11:01.jsonl", List.of(50L), "100% done.jsonl", List.of(51L),
            "a#b.jsonl", List.of(52L), "zażółć 日本.jsonl", List.of(53L), "strona:1 #2 %3.json", List.of(54L)),
        files.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().ids())));
    assertTrue(files.values().stream().allMatch(r -> r.rejects().isEmpty()));
    String source = files.get("chats 2026:11:01.jsonl").record(50).getAs(IngestSchema.SOURCE_FILE);
    assertEquals("file:" + dir.resolve("names/chats 2026:11:01.jsonl"), source);
    assertEquals(List.of(50L, 51L, 52L, 53L), ids(readChats(dir + "/names/*.jsonl")));
    assertEquals(List.of(50L), ids(readChats(dir + "/names/chats 2026:11:01.jsonl")));
  }

  private static List<Long> ids(List<Row> rows) {
    return records(rows).stream().map(r -> (Long) r.getAs("chat_id")).sorted().toList();
  }

  @Test
  void htmlAndCsvSavedAsJson() throws Exception {
    String html = "<!DOCTYPE html>\n<html><body><h1>502 Bad Gateway</h1></body></html>\n";
    write("error.json", utf8(html));
    write("export.json", BOM, utf8("id,status\r\n1,closed\r\n"));
    write("error.jsonl", utf8("<html>\n<body>oops</body>\n\n</html>\n"));
    Map<String, Result> files = byFile(readChats(dir.toString()));

    Row error = files.get("error.json").rejects().get(0);
    assertEquals(RejectReason.NOT_JSON, error.getAs(IngestSchema.REJECT_CODE));
    assertTrue(reason(error).contains("first character is '<'"), reason(error));
    assertEquals(html, raw(error));
    Row csv = files.get("export.json").rejects().get(0);
    assertEquals(RejectReason.NOT_JSON, csv.getAs(IngestSchema.REJECT_CODE));
    assertTrue(reason(csv).contains("first character is 'i'"), reason(csv));
    assertEquals("id,status\r\n1,closed\r\n", raw(csv), "the text after the byte order mark");
    assertEquals(3L, (Long) csv.getAs(IngestSchema.SOURCE_OFFSET));
    // named JSON Lines: judged line by line, the blank line is no record
    assertEquals(Map.of(1L, RejectReason.INVALID_JSON, 2L, RejectReason.INVALID_JSON, 4L, RejectReason.INVALID_JSON),
        files.get("error.jsonl").codes());
    for (String name : List.of("error.json", "export.json", "error.jsonl")) {
      assertTrue(files.get(name).records().isEmpty(), name);
    }
  }

  @Test
  void aSymlinkLoopInTheInputTreeIsReadOnce() throws Exception {
    write("tree/a/x.jsonl", utf8("{\"id\":60}\n"));
    write("tree/b/y.jsonl", utf8("{\"id\":61}\n"));
    write("tree/_SUCCESS", utf8("not json"));
    write("tree/.y.jsonl.crc", utf8("not json"));
    Files.createSymbolicLink(dir.resolve("tree/a/loop"), Path.of(".."));
    Files.createSymbolicLink(dir.resolve("tree/b/again"), Path.of("../a"));
    Files.createSymbolicLink(dir.resolve("tree/b/link.jsonl"), Path.of("../a/x.jsonl"));
    for (String input : List.of(dir.resolve("tree").toString(), dir + "/tree/*")) {
      Map<String, Result> files = assertTimeoutPreemptively(Duration.ofSeconds(120),
          () -> byFile(readChats(input)));
      assertEquals(List.of("x.jsonl", "y.jsonl"), List.copyOf(files.keySet()), input);
      assertEquals(List.of(60L), files.get("x.jsonl").ids());
      assertEquals(List.of(61L), files.get("y.jsonl").ids());
      // under the paths a reader would expect, not through the links
      assertEquals("file:" + dir.resolve("tree/a/x.jsonl"), files.get("x.jsonl").file().getAs(IngestSchema.SOURCE_FILE));
      assertEquals("file:" + dir.resolve("tree/b/y.jsonl"), files.get("y.jsonl").file().getAs(IngestSchema.SOURCE_FILE));
    }
  }

  @Test
  void recordsLostInAnUnparseableRestAreEstimated() throws Exception {
    // 10 records of 11 bytes at offsets 1, 13, ..., 109; the 10th ends at byte 120, then ",@@@@@@@@"
    // and 10 more (each ",{...}", 12 bytes) and "]": 250 bytes. After the break: 130 bytes at a mean of
    // (120 - 1) / 10 = 11.9 bytes a record: 11 records, 10 of them beyond the reject.
    StringBuilder garbled = new StringBuilder("[");
    for (int i = 0; i < 10; i++) {
      garbled.append(i == 0 ? "" : ",").append("{\"id\":").append(1000 + i).append('}');
    }
    garbled.append(",@@@@@@@@");
    for (int i = 0; i < 10; i++) {
      garbled.append(",{\"id\":").append(2000 + i).append('}');
    }
    garbled.append(']');
    assertEquals(250, garbled.length());
    write("garbled.json", utf8(garbled.toString()));
    // meta first: 30 on the page, 2 read: 28 in the rest, 27 beyond the reject
    write("meta-first.json", utf8("{\"meta\":{\"total\":30},\"data\":[{\"id\":3001},{\"id\":3002},@@@]}"));
    // records 201-250 of 250, at most 100 a page: 50 on this one, 1 read, 48 beyond the reject
    write("meta-paged.json", utf8("{\"meta\":{\"total\":250,\"offset\":200,\"limit\":100},\"data\":[{\"id\":3101},@@]}"));
    // page 3 of pages of unknown size: by bytes; 8 bytes of a cut 12-byte record and nothing more
    write("meta-page-3.json", utf8("{\"meta\":{\"total\":5000,\"page\":3},\"data\":[{\"id\":3201},{\"id\":3202},{\"id\":32"));
    Map<String, Result> files = byFile(readChats(dir.toString()));
    assertEquals(10, files.get("garbled.json").lost());
    assertEquals(120L, (Long) files.get("garbled.json").rejects().get(0).getAs(IngestSchema.SOURCE_OFFSET));
    assertTrue(reason(files.get("garbled.json").rejects().get(0)).contains("about 10 more records lost"));
    assertEquals(27, files.get("meta-first.json").lost());
    assertEquals(48, files.get("meta-paged.json").lost());
    assertEquals(0, files.get("meta-page-3.json").lost());
    assertEquals(List.of(3201L, 3202L), files.get("meta-page-3.json").ids());

    RunSummary.InputCounts counts = countChats(dir.toString());
    assertEquals(10 + 27 + 48, counts.recordsLostEstimate);
    assertEquals(11 + 3 + 2 + 3, counts.read);
    assertEquals(4, counts.rejected);
    assertEquals(Map.of("array", 1L, "api_page", 3L), counts.filesByFormat);
  }

  @Test
  void contentAfterTheArrayOrPageIsNotDroppedSilently() throws Exception {
    write("two-arrays.json", utf8("[{\"id\":70},{\"id\":71}][{\"id\":72},{\"id\":73}]"));
    write("page-then-html.json", utf8("{\"data\":[{\"id\":74}],\"meta\":{\"total\":1}}\n<html>oops</html>\n"));
    Map<String, Result> files = byFile(readChats(dir.toString()));
    Result arrays = files.get("two-arrays.json");
    assertEquals(List.of(70L, 71L), arrays.ids());
    Row second = arrays.rejects().get(0);
    assertEquals(RejectReason.TRUNCATED, second.getAs(IngestSchema.REJECT_CODE));
    assertEquals(21L, (Long) second.getAs(IngestSchema.SOURCE_OFFSET), "[ + 2 records of 9 bytes + , + ]");
    assertTrue(reason(second).contains("unexpected content after the array"), reason(second));
    assertEquals("[{\"id\":72},{\"id\":73}]", raw(second));
    // 21 bytes after the break at 10 bytes a record: 2 records, 1 beyond the reject
    assertEquals(1, arrays.lost());
    Result page = files.get("page-then-html.json");
    assertEquals(List.of(74L), page.ids());
    Row html = page.rejects().get(0);
    assertEquals(RejectReason.TRUNCATED, html.getAs(IngestSchema.REJECT_CODE));
    assertEquals(39L, (Long) html.getAs(IngestSchema.SOURCE_OFFSET), "the end of the page object");
    assertTrue(reason(html).contains("Unexpected character ('<'"), reason(html));
  }

  @Test
  void quietDayFilesCountAsFilesWithNoRecords() throws Exception {
    write("empty.json");
    write("blank.json.gz", gzip(" \n\t\r\n"));
    write("page.json", utf8("{\"data\":[],\"meta\":{\"total\":0}}"));
    write("array.json", utf8("[]"));
    write("messages-page.json", utf8("{\"data\":[],\"total\":0}"));
    RunSummary.InputCounts counts = countChats(dir.toString());
    assertEquals(0, counts.read);
    assertEquals(0, counts.rejected);
    assertEquals(0, counts.recordsLostEstimate);
    assertEquals(Map.of("empty", 2L, "api_page", 2L, "array", 1L), counts.filesByFormat);
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(utf8(text));
    }
    return bytes.toByteArray();
  }
}
