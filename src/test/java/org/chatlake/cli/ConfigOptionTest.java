package org.chatlake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.chatlake.job.JobFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A bad --config or --as-of is a usage error found before any input is read or output written. */
class ConfigOptionTest {
  @TempDir
  Path dir;

  private String runAndCaptureError(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Chatlake()).setErr(new PrintWriter(err, true));
    int code = Chatlake.execute(cli, args);
    assertEquals(JobFailure.USAGE, code, err.toString());
    assertEquals(1, err.toString().lines().count(), err.toString());
    return err.toString().strip();
  }

  @Test
  void overlappingIntervalsExitTwoWithOneLineAndWriteNothing() throws Exception {
    Path config = dir.resolve("service.yaml");
    Files.writeString(config, "time_zone: Europe/Warsaw\nhours:\n  mon: [\"09:00-13:00\", \"12:00-18:00\"]\n");
    Path input = Files.writeString(dir.resolve("chats.jsonl"), "{}\n");
    Path output = dir.resolve("out");
    String line = runAndCaptureError("run", "--input", input.toString(), "--output", output.toString(),
        "--config", config.toString());
    assertEquals("chatlake: service.yaml: hours.mon: intervals 09:00-13:00 and 12:00-18:00 overlap", line);
    assertFalse(Files.exists(output));
  }

  @Test
  void aMissingConfigFileIsNamed() {
    Path output = dir.resolve("out");
    String line = runAndCaptureError("run", "--input", dir.toString(), "--output", output.toString(),
        "--config", dir.resolve("absent.yaml").toString());
    assertEquals("chatlake: absent.yaml: no such file", line);
    assertFalse(Files.exists(output));
  }

  @Test
  void aBadAsOfIsAUsageError() throws Exception {
    Path config = Files.writeString(dir.resolve("service.yaml"), "time_zone: UTC\n");
    String line = runAndCaptureError("run", "--input", dir.toString(), "--output", dir.resolve("out").toString(),
        "--config", config.toString(), "--as-of", "yesterday");
    assertEquals("chatlake: --as-of: not an ISO-8601 instant: 'yesterday' (e.g. 2026-03-02T09:00:00Z)", line);
  }
}
