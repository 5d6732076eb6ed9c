package org.chatlake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** The one line a failed command prints is a sentence: the root cause, never a Java class name. */
class ErrorWordingTest {
  @Test
  void theRootCauseFirstLineOnly() {
    Exception e = new IllegalStateException("wrapper",
        new UncheckedIOException(new IOException("No space left on device\n  at some.Frame(Frame.java:1)")));
    assertEquals("No space left on device", Chatlake.describe(e));
  }

  @Test
  void classNamesQuotedInAMessageAreDropped() {
    Exception e = new RuntimeException(new RuntimeException(
        "org.apache.spark.SparkException: Job aborted due to stage failure: java.io.FileNotFoundException: /x/y.parquet"));
    assertEquals("Job aborted due to stage failure: /x/y.parquet", Chatlake.describe(e));
    assertEquals("output is locked by run 20261129T000000Z-0001",
        Chatlake.describe(new RuntimeException("org.chatlake.output.RunLock$LockedException: output is locked by run"
            + " 20261129T000000Z-0001")));
  }

  @Test
  void aCauseWithoutMessageStillReadsAsASentence() {
    assertEquals("unexpected internal error (the stack trace is in the log above)",
        Chatlake.describe(new RuntimeException(new NullPointerException())));
  }

  @Test
  void theExitCodeAndLineOfAnUnexpectedFailure() {
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli = new picocli.CommandLine(new Chatlake()).setErr(new java.io.PrintWriter(err, true));
    int code = Chatlake.execute(cli, "restore", "--output", "/nonexistent/chatlake-out", "--before-run", "x");
    assertEquals(org.chatlake.job.JobFailure.USAGE, code, err.toString());
    assertEquals(1, err.toString().lines().count(), err.toString());
    assertEquals(true, err.toString().startsWith("chatlake: "), err.toString());
    assertEquals(false, err.toString().matches("(?s).*\\b[a-z]+\\.[a-z.]+\\.[A-Z]\\w+.*"), err.toString());
  }
}
