package org.chatlake.ingest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.catalyst.InternalRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One file through {@link ExportFileReader} directly (no Spark), on a file system that counts open
 * streams and can drop the connection: which I/O errors fail the task and which are rejects, and
 * that every path closes what it opened.
 */
class ExportFileReaderTest {
  @TempDir Path dir;

  @AfterEach
  void everyStreamIsClosed() {
    assertEquals(0, TrackingFileSystem.OPEN.get(), "streams left open");
    TrackingFileSystem.OPEN.set(0);
  }

  private static String lines(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> "{\"id\": " + i + "}").collect(Collectors.joining("\n")) + "\n";
  }

  private Path file(String name, byte[] content) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, content);
    return f;
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static ExportFileReader reader(Path file) throws IOException {
    return new ExportFileReader(ReadUnit.wholeFile("tracking:" + file, Files.size(file)), new ChatRecordParser(),
        TrackingFileSystem.conf(), Jackson.factory());
  }

  /** kind, or kind:code for a reject. */
  private static List<String> read(ExportFileReader reader) {
    List<String> out = new ArrayList<>();
    while (reader.hasNext()) {
      InternalRow r = reader.next();
      String kind = r.getUTF8String(0).toString();
      out.add(kind.equals(IngestSchema.KIND_REJECT) ? kind + ":" + r.getUTF8String(5) : kind);
    }
    return out;
  }

  @Test
  void aDroppedConnectionFailsTheTaskSoSparkRetriesIt() throws IOException {
    // 2,000 records of 10-13 bytes (gzip: a few KB): the connection drops after 100 bytes, in every format
    String array = "[" + lines(2000).trim().replace("\n", ",") + "]";
    for (Path f : List.of(file("reset-after-100.jsonl", lines(2000).getBytes(StandardCharsets.UTF_8)),
        file("reset-after-100.json", array.getBytes(StandardCharsets.UTF_8)),
        file("reset-after-100.json.gz", gzip(lines(2000))))) {
      ExportFileReader reader = reader(f);
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> read(reader), f.toString());
      assertInstanceOf(SocketException.class, e.getCause());
      assertTrue(e.getMessage().contains("reset-after-100"), e.getMessage());
    }
  }

  @Test
  void aFileThatIsGoneIsOneUnreadableReject() throws IOException {
    Path gone = dir.resolve("gone.json");
    ExportFileReader reader = new ExportFileReader(ReadUnit.wholeFile("tracking:" + gone, 10), new ChatRecordParser(),
        TrackingFileSystem.conf(), Jackson.factory());
    assertEquals(List.of("reject:" + RejectReason.UNREADABLE, "file"), read(reader));
  }

  @Test
  void everyWayThroughAFileClosesItsStreams() throws IOException {
    byte[] badHeader = {0x1f, (byte) 0x8b, 0x63, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
    byte[] cut = gzip(lines(200));
    cut = java.util.Arrays.copyOf(cut, cut.length / 2);
    assertEquals(List.of("reject:" + RejectReason.UNREADABLE, "file"), read(reader(file("bad.json.gz", badHeader))));
    List<String> cutRows = read(reader(file("cut.jsonl.gz", cut)));
    assertEquals("reject:" + RejectReason.TRUNCATED, cutRows.get(cutRows.size() - 2));
    // the first object is a record: the file is opened a second time to read it line by line
    assertEquals(List.of("record", "record", "file"), read(reader(file("two.json", lines(2).getBytes(StandardCharsets.UTF_8)))));
    assertEquals(List.of("reject:" + RejectReason.NOT_JSON, "file"),
        read(reader(file("page.json", "<html>".getBytes(StandardCharsets.UTF_8)))));
    assertEquals(List.of("file"), read(reader(file("empty.json", new byte[0]))));
  }

  @Test
  void closingMidFileAsAKilledTaskDoesClosesTheFile() throws IOException {
    for (Path f : List.of(file("a.jsonl", lines(5).getBytes(StandardCharsets.UTF_8)),
        file("b.json", ("[" + lines(5).trim().replace("\n", ",") + "]").getBytes(StandardCharsets.UTF_8)),
        file("c.jsonl.gz", gzip(lines(5))))) {
      ExportFileReader reader = reader(f);
      assertTrue(reader.hasNext());
      reader.next();
      assertEquals(1, TrackingFileSystem.OPEN.get(), f.toString());
      reader.close();
      assertEquals(0, TrackingFileSystem.OPEN.get(), f.toString());
    }
  }
}
