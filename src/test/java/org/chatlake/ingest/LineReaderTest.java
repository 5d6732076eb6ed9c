package org.chatlake.ingest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {
  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String line(LineReader r) {
    return new String(r.bytes(), 0, r.length(), StandardCharsets.UTF_8);
  }

  @Test
  void theBufferOfAHugeLineIsDroppedBeforeTheNextLine() throws IOException {
    LineReader r = new LineReader(bytes("x".repeat(5 << 20) + "\n{}\n"), 0, 1 << 30);
    assertTrue(r.next());
    assertEquals(5 << 20, r.length());
    assertTrue(r.next());
    assertEquals("{}", line(r));
    assertTrue(r.bytes().length <= 1 << 20, "buffer of " + r.bytes().length + " bytes kept");
  }

  @Test
  void aLineBeyondTheLimitIsCutWithoutGrowingPastIt() throws IOException {
    LineReader r = new LineReader(bytes("y".repeat(10_000) + "\nz\n"), 0, 3_000);
    assertTrue(r.next());
    assertTrue(r.truncated());
    assertEquals(3_000, r.length());
    assertTrue(r.bytes().length <= 3_000);
    assertTrue(r.next());
    assertEquals("z", line(r));
    assertEquals(10_001, r.lineStart());
  }

  @Test
  void leadingBlanksAreNotKeptButTheLineStartsWhereItStarts() throws IOException {
    LineReader r = new LineReader(bytes("a\n" + " \t".repeat(1 << 20) + "{}\r\n \r\n"), 100, 1 << 10);
    assertTrue(r.next());
    assertTrue(r.next());
    assertEquals("{}", line(r));
    assertFalse(r.truncated(), "2 MiB of blanks do not count towards the 1 KiB limit");
    assertEquals(102, r.lineStart());
    assertTrue(r.next());
    assertEquals(0, r.length());
    assertFalse(r.next());
  }

  @Test
  void theLineReadSoFarStaysWhenTheInputFails() {
    InputStream failing = new SequenceInputStream(bytes("ab\ncd"), new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("cut");
      }
    });
    LineReader r = new LineReader(failing, 0, 1 << 10);
    assertThrows(IOException.class, () -> {
      assertTrue(r.next());
      assertEquals("ab", line(r));
      r.next();
    });
    assertEquals("cd", line(r));
    assertEquals(3, r.lineStart());
  }
}
