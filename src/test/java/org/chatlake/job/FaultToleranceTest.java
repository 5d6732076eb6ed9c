package org.chatlake.job;

import static org.chatlake.OutputTables.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.chatlake.SparkTestSession;
import org.chatlake.cli.ChatJob;
import org.chatlake.model.Tables;
import org.chatlake.output.RunLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills, crashes, concurrent runs and failing writes: the previous output stays readable and
 * whole, and the next run repairs what a dead run left.
 */
class FaultToleranceTest {
  @TempDir Path dir;
  Path day1;
  Path bothDays;

  @BeforeEach
  void exports() throws Exception {
    day1 = dir.resolve("in/day1");
    Path day2 = dir.resolve("in/day2");
    Files.createDirectories(day1);
    Files.createDirectories(day2);
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      long created = 1_790_000_000L + i * 3_000L; // about 10 days
      a.append(chat(i, "opened", created, created + 60)).append('\n');
      b.append(chat(i, "closed", created, created + 900)).append('\n');
      b.append(chat(1000 + i, "new", created + 100_000, created + 100_050)).append('\n');
    }
    Files.writeString(day1.resolve("chats.jsonl"), a);
    Files.writeString(day2.resolve("chats.jsonl"), b);
    bothDays = dir.resolve("in");
  }

  private static String chat(int id, String status, long created, long last) {
    return String.format("{\"id\": %d, \"status\": \"%s\", \"createdAt\": %d, \"lastMessageAt\": %d,"
        + " \"closedAt\": %s, \"rating\": \"great\", \"department\": {\"id\": %d, \"name\": \"D%d\"}}",
        id, status, created, last, status.equals("closed") ? String.valueOf(last) : "null", id % 3, id % 3);
  }

  private List<List<String>> allTables(Path out) {
    List<List<String>> all = new ArrayList<>();
    for (String t : Tables.BY_DATE) {
      if (hasPartitions(out.resolve(t))) {
        all.add(rows(out, t, "ingested_at"));
      }
    }
    return all;
  }

  private static boolean hasPartitions(Path table) {
    try (Stream<Path> s = Files.list(table)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith("report_date="));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The output of one clean run over both days, to compare repaired outputs with. */
  private List<List<String>> expectedAfterBothDays() {
    Path clean = dir.resolve("clean");
    assertEquals(0, ChatJob.run("--input", day1.toString(), "--output", clean.toString()));
    assertEquals(0, ChatJob.run("--input", bothDays.resolve("day2").toString(), "--output", clean.toString()));
    return allTables(clean);
  }

  private Process startJob(Path log, List<String> jvmOptions, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.addAll(Arrays.asList(System.getProperty("chatlake.jvm.flags", "").trim().split("\\s+")));
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ChatJob.class.getName());
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  private static boolean stagingStarted(Path out) throws Exception {
    Path staging = out.resolve("_staging");
    if (!Files.exists(staging)) {
      return false;
    }
    // the run's staging holds the chats table as soon as Spark starts writing it
    try (Stream<Path> runs = Files.list(staging)) {
      return runs.anyMatch(run -> Files.exists(run.resolve(Tables.CHATS)));
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return false;
    }
  }

  @Test
  void killMinus9DuringTheWriteLeavesThePreviousOutputAndTheNextRunRepairs() throws Exception {
    Path out = dir.resolve("out");
    assertEquals(0, ChatJob.run("--input", day1.toString(), "--output", out.toString()));
    List<List<String>> before = allTables(out);

    Process job = startJob(dir.resolve("killed.log"), List.of(), "--input", bothDays.resolve("day2").toString(),
        "--output", out.toString());
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!stagingStarted(out) && job.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(job.isAlive(), "the job was still writing when killed: " + Files.readString(dir.resolve("killed.log")));
    job.destroyForcibly(); // SIGKILL
    assertTrue(job.waitFor(1, TimeUnit.MINUTES));
    assertEquals(137, job.exitValue());

    assertEquals(before, allTables(out), "readers still see the previous output, every table");
    assertTrue(Files.exists(out.resolve("_lock")), "the dead run's lock is left behind");
    assertTrue(Files.exists(out.resolve("_staging")), "and its half-written staging");

    // The next run takes over the stale lock, discards the staging and does its work.
    assertEquals(0, ChatJob.run("--input", bothDays.resolve("day2").toString(), "--output", out.toString()));
    assertEquals(expectedAfterBothDays(), allTables(out));
    assertFalse(Files.exists(out.resolve("_staging")) && Files.list(out.resolve("_staging")).findAny().isPresent());
  }

  @Test
  void aCrashBetweenPartitionSwapsIsCompletedByTheNextRun() throws Exception {
    Path out = dir.resolve("out");
    assertEquals(0, ChatJob.run("--input", day1.toString(), "--output", out.toString()));
    Process job = startJob(dir.resolve("halted.log"), List.of("-Dchatlake.fault.halt=swap:3"),
        "--input", bothDays.resolve("day2").toString(), "--output", out.toString());
    assertTrue(job.waitFor(5, TimeUnit.MINUTES));
    assertEquals(137, job.exitValue(), Files.readString(dir.resolve("halted.log")));
    // Mid-commit every partition is still whole and readable (old or new, never half-written).
    for (String t : List.of(Tables.CHATS, Tables.STATUS_DAILY, Tables.DEPARTMENT_DAILY)) {
      assertTrue(hasPartitions(out.resolve(t)), t + ": " + Files.readString(dir.resolve("halted.log")));
      assertTrue(table(out, t).count() > 0, t);
    }
    // The next run (here: the same input again) first completes the interrupted commit.
    assertEquals(0, ChatJob.run("--input", bothDays.resolve("day2").toString(), "--output", out.toString()));
    assertEquals(expectedAfterBothDays(), allTables(out));
  }

  @Test
  void aSecondRunAgainstALockedOutputFailsFast() throws Exception {
    Path out = dir.resolve("out");
    assertEquals(0, ChatJob.run("--input", day1.toString(), "--output", out.toString()));
    List<List<String>> before = allTables(out);
    FileSystem fs = FileSystem.getLocal(SparkTestSession.get().sparkContext().hadoopConfiguration());
    try (RunLock held = RunLock.acquire(fs, new org.apache.hadoop.fs.Path(out.resolve("_lock").toString()), "other")) {
      String err = stderrOf(1, "--input", bothDays.toString(), "--output", out.toString());
      assertTrue(err.contains("output is locked by run other"), err);
      assertEquals(1, err.lines().filter(l -> l.startsWith("chatlake:")).count());
    }
    assertEquals(before, allTables(out));
  }

  @Test
  void anOutputThatCannotBeWrittenIsAOneLineError() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    String err = stderrOf(1, "--input", day1.toString(), "--output", notADirectory.resolve("out").toString());
    assertTrue(err.lines().anyMatch(l -> l.startsWith("chatlake: ")), err);
  }

  @Test
  void aDiskThatFillsUpMidRunLeavesThePreviousOutput() throws Exception {
    org.apache.hadoop.conf.Configuration conf = SparkTestSession.get().sparkContext().hadoopConfiguration();
    conf.set("fs." + FullDiskFileSystem.SCHEME + ".impl", FullDiskFileSystem.class.getName());
    conf.setBoolean("fs." + FullDiskFileSystem.SCHEME + ".impl.disable.cache", true);
    String out = FullDiskFileSystem.SCHEME + "://" + dir.resolve("out");
    try {
      assertEquals(0, ChatJob.run("--input", day1.toString(), "--output", out));
      List<List<String>> before = allTables(dir.resolve("out"));
      FullDiskFileSystem.full = true;
      String err = stderrOf(1, "--input", bothDays.toString(), "--output", out);
      assertTrue(err.contains("No space left on device"), err);
      FullDiskFileSystem.full = false;
      assertEquals(before, allTables(dir.resolve("out")));
      assertFalse(Files.exists(dir.resolve("out/_lock")));
      // Spark may still be tearing down a task when the run gives up: whatever staging is left
      // is never committed (no marker), and the next run clears it.
      try (Stream<Path> left = Files.walk(dir.resolve("out/_staging"))) {
        assertTrue(left.noneMatch(p -> p.getFileName().toString().equals("_COMMIT")));
      }
      assertEquals(0, ChatJob.run("--input", bothDays.toString(), "--output", out));
      assertEquals(List.of(), Files.list(dir.resolve("out/_staging")).toList());
    } finally {
      FullDiskFileSystem.full = false;
    }
  }

  private static String stderrOf(int expectedExit, String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(expectedExit, ChatJob.run(args), () -> err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(old);
    }
    return err.toString(StandardCharsets.UTF_8);
  }
}
