package org.chatlake.job;

import static org.chatlake.OutputTables.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.chatlake.DeltaFiles;
import org.chatlake.SparkTestSession;
import org.chatlake.cli.ChatJob;
import org.chatlake.model.Tables;
import org.chatlake.tools.DuckSql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills, concurrent runs and failing writes: every table stays readable and whole (through Delta
 * and through the symlink manifest), nothing is lost or doubled, and the next run completes what a
 * dead run left.
 */
class FaultToleranceTest {
  @TempDir static Path dir;
  static Path day1;
  static Path day2;

  static Path other;
  /** The output of day 1, written once: each test works on a copy. */
  static Path day1Output;

  /** The exports, written once: the expected tables hold their paths (source_file). */
  @BeforeAll
  static void exportsAndDay1() throws Exception {
    writeExports(dir);
    day1Output = dir.resolve("day1-output");
    assertEquals(0, ChatJob.run(args(day1, day1Output)));
  }

  /** A copy of the day-1 output, its symlink manifests pointed at the copy's files. */
  private static Path copyOfDay1(Path target) throws Exception {
    // as the manifests write them: file:/abs/path/
    String from = "file:" + day1Output.toAbsolutePath() + "/";
    String to = "file:" + target.toAbsolutePath() + "/";
    try (var files = Files.walk(day1Output)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path copy = target.resolve(day1Output.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(copy);
        } else if (f.getFileName().toString().equals("manifest")) {
          Files.writeString(copy, Files.readString(f).replace(from, to));
        } else if (!f.getFileName().toString().equals(".manifest.crc")) {
          Files.copy(f, copy);
        }
      }
    }
    return target;
  }

  static void writeExports(Path base) throws Exception {
    day1 = base.resolve("in/day1");
    day2 = base.resolve("in/day2");
    other = base.resolve("in/other");
    write(other.resolve("chats/c.jsonl"), chat(5000, "new", 1_791_000_000L, 1_791_000_060L) + "\n");
    write(other.resolve("messages/m.jsonl"), message(50_000, 5000, "customer", 1_791_000_010L) + "\n");
    StringBuilder chats1 = new StringBuilder();
    StringBuilder chats2 = new StringBuilder();
    StringBuilder messages1 = new StringBuilder();
    StringBuilder messages2 = new StringBuilder();
    for (int i = 0; i < 120; i++) {
      long created = 1_790_000_000L + i * 7_000L; // about 10 days
      chats1.append(chat(i, "opened", created, created + 60)).append('\n');
      chats2.append(chat(i, "closed", created, created + 900)).append('\n');
      chats2.append(chat(1000 + i, "new", created + 100_000, created + 100_050)).append('\n');
      messages1.append(message(10 * i, i, "customer", created + 10)).append('\n');
      messages2.append(message(10 * i + 1, i, "agent", created + 900)).append('\n');
    }
    write(day1.resolve("chats/chats.jsonl"), chats1);
    write(day1.resolve("messages/messages.jsonl"), messages1);
    write(day2.resolve("chats/chats.jsonl"), chats2);
    write(day2.resolve("messages/messages.jsonl"), messages2);
  }

  static void write(Path file, CharSequence content) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  static String chat(int id, String status, long created, long last) {
    return String.format("{\"id\": %d, \"status\": \"%s\", \"createdAt\": %d, \"lastMessageAt\": %d,"
        + " \"closedAt\": %s, \"rating\": \"great\", \"department\": {\"id\": %d, \"name\": \"D%d\"},"
        + " \"agents\": [{\"id\": %d, \"name\": \"A%d\"}]}",
        id, status, created, last, status.equals("closed") ? String.valueOf(last) : "null", id % 3, id % 3,
        id % 4, id % 4);
  }

  static String message(long id, long chat, String from, long at) {
    return String.format("{\"id\": %d, \"chat\": %d, \"from\": \"%s\", \"type\": \"message\", \"text\": \"m%d\","
        + " \"createdAt\": %d, \"updatedAt\": %d%s}", id, chat, from, id, at, at,
        from.equals("agent") ? ", \"agent\": {\"id\": 1}" : "");
  }

  static String[] args(Path day, Path out) {
    return new String[] {"--input", day.resolve("chats").toString(), "--messages", day.resolve("messages").toString(),
        "--output", out.toString()};
  }

  /** Every table's rows (without ingested_at), read through Delta. */
  static List<List<String>> allTables(Path out) {
    List<List<String>> all = new ArrayList<>();
    for (String t : Tables.RUN_TABLES) {
      all.add(DeltaFiles.isDeltaTable(out.resolve(t)) ? rows(out, t, "ingested_at") : List.of());
    }
    return all;
  }

  /** The rows per table a reader without Delta sees through the symlink manifests (DuckDB). */
  private static List<Long> manifestCounts(Path out) throws Exception {
    List<Long> counts = new ArrayList<>();
    for (String t : Tables.RUN_TABLES) {
      counts.add(DeltaFiles.isDeltaTable(out.resolve(t))
          ? duckCount(DeltaFiles.readTable(out, t)) : 0L);
    }
    return counts;
  }

  private static long duckCount(String relation) throws Exception {
    try (java.sql.Connection c = DuckSql.connect()) {
      return ((Number) DuckSql.query(c, "SELECT count(*) FROM " + relation).get(1).get(0)).longValue();
    }
  }

  private static List<Long> deltaCounts(Path out) {
    return Tables.RUN_TABLES.stream()
        .map(t -> DeltaFiles.isDeltaTable(out.resolve(t)) ? table(out, t).count() : 0L).toList();
  }


  static Process startJob(Path log, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    // One run per JVM: C2's compilations cost more CPU than they win back (a cold run took 84 s
    // of CPU with C1 alone, 111 s with both tiers), and the test forks share two cores.
    cmd.add("-XX:TieredStopAtLevel=1");
    // Nor does Spark's code generation pay back in one small run: interpreted expressions took 99 s
    // of CPU against 126 s with generated code (a cold run of day 1, side by side). What these
    // tests check (kills, concurrent commits) does not depend on how expressions are evaluated.
    cmd.add("-Dspark.sql.codegen.wholeStage=false");
    cmd.add("-Dspark.sql.codegen.factoryMode=NO_CODEGEN");
    cmd.addAll(Arrays.asList(System.getProperty("chatlake.jvm.flags", "").trim().split("\\s+")));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ChatJob.class.getName());
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  /** Whether a table has a commit after {@code version}. */
  private static boolean committedAfter(Path out, String table, long version) {
    return Files.exists(out.resolve(table).resolve("_delta_log").resolve(String.format("%020d.json", version + 1)));
  }

  /**
   * Runs day 1, starts the day-2 run and kills it (SIGKILL) as soon as it has committed to
   * {@code table}, checks that every table still reads, then runs an unrelated export: that run
   * completes the dead run first. Returns the tables afterwards.
   */
  private List<List<String>> killAt(String name, String table) throws Exception {
    Path out = copyOfDay1(dir.resolve("out-" + name));
    long before = latestVersion(out, table);
    Predicate<Path> killPoint = o -> committedAfter(o, table, before);
    Path log = dir.resolve(name + ".log");
    Process job = startJob(log, args(day2, out));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!killPoint.test(out) && job.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(job.isAlive(), name + ": the job was still running when killed: " + Files.readString(log));
    job.destroyForcibly();
    assertTrue(job.waitFor(1, TimeUnit.MINUTES));
    JsonNode ledger = lastSummary(out);
    String dead = ledger.get("run_id").asText();
    assertEquals("committing", ledger.get("status").asText(), name + ": killed between two commits");

    // Every table reads, through Delta and through the manifest (which the job updates after each
    // commit: a kill in between leaves it a commit behind until the next run).
    assertEquals(Tables.RUN_TABLES.size(), deltaCounts(out).size());
    assertEquals(Tables.RUN_TABLES.size(), manifestCounts(out).size());
    assertEquals(0, ChatJob.run(args(other, out)));
    assertEquals(List.of(dead), list(lastSummary(out).get("completed_runs")), name);
    assertEquals(manifestCounts(out), deltaCounts(out), name + ": the manifests are current again");
    assertFalse(Files.exists(out.resolve("_runs").resolve(dead)), name + ": its staged changes are gone");

    // Day 1, day 2 (completed) and the unrelated export, counted by hand: chats 0-119 closed on day 2,
    // 1000-1119 new on day 2, 5000 new; a customer and an agent message for each of 0-119, one for 5000.
    assertEquals(241, table(out, Tables.CHATS).count(), name);
    assertEquals(120, table(out, Tables.CHATS).where("chat_id < 1000 AND status = 'closed'").count(), name);
    assertEquals(241, table(out, Tables.CHAT_AGENTS).count(), name);
    assertEquals(241, table(out, Tables.MESSAGES).count(), name);
    assertEquals(2, (int) table(out, Tables.CHATS).where("chat_id = 7").first().<Integer>getAs("messages_total"));
    assertEquals(241L, table(out, Tables.DEPARTMENT_DAILY).selectExpr("sum(chats_total)").first().getLong(0), name);
    assertEquals(120L, table(out, Tables.DEPARTMENT_DAILY).selectExpr("sum(chats_closed)").first().getLong(0), name);
    return allTables(out);
  }

  private static long latestVersion(Path out, String table) throws Exception {
    try (var files = Files.list(out.resolve(table).resolve("_delta_log"))) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json"))
          .mapToLong(n -> Long.parseLong(n.substring(0, 20))).max().orElseThrow();
    }
  }

  @Test
  void killMinus9BetweenCommitsLeavesReadableTablesAndTheNextRunCompletes() throws Exception {
    List<List<String>> betweenRowTables = killAt("after-chats", Tables.CHATS);
    List<List<String>> betweenDailyTables = killAt("between-daily-tables", Tables.DEPARTMENT_DAILY);
    assertEquals(betweenRowTables.size(), betweenDailyTables.size());
    // source_file and the message rows are the same files; only ingested_at (dropped) differs
    assertEquals(betweenRowTables, betweenDailyTables, "every table and column, whichever commit the kill cut");
  }

  /**
   * A run that died between its ledger's "committing" and its chats commit (its chats are committed
   * from memory, not staged) left staged chat_agents that must never be applied: the next run marks
   * it failed, drops what it staged and leaves every table as it found it.
   */
  @Test
  void aRunThatDiedBeforeItsChatsCommitChangedNothingAndIsNotCompleted() throws Exception {
    Path out = copyOfDay1(dir.resolve("out-before-chats"));
    Path reference = copyOfDay1(dir.resolve("out-before-chats-reference"));
    assertEquals(0, ChatJob.run(args(other, reference)));
    org.apache.spark.sql.SparkSession spark = SparkTestSession.get();
    org.chatlake.output.OutputLayout layout = new org.chatlake.output.OutputLayout(out.toString());
    org.apache.hadoop.fs.FileSystem fs = layout.root().getFileSystem(spark.sparkContext().hadoopConfiguration());
    String dead = "20260101T000000Z-dead";
    org.chatlake.output.RunSummary ledger = new org.chatlake.output.RunSummary(dead);
    ledger.status = ChatPipeline.COMMITTING;
    ledger.baseVersions.putAll(new org.chatlake.output.DeltaTables(spark, layout).versions(Tables.RUN_TABLES));
    ledger.stagedTables.add(Tables.CHAT_AGENTS);
    ledger.datesWritten.add("2026-09-21");
    ledger.write(fs, layout.runSummary(dead));
    // Had it been applied, chat 0 would have gained agent 99.
    spark.read().format("delta").load(out.resolve(Tables.CHAT_AGENTS).toString()).where("chat_id = 0")
        .withColumn("agent_id", org.apache.spark.sql.functions.lit(99L))
        .write().parquet(layout.stagedChanges(dead, Tables.CHAT_AGENTS).toString());
    spark.range(1).toDF("chat_id").write().parquet(layout.stagedChatIds(dead).toString());

    assertEquals(0, ChatJob.run(args(other, out)));
    assertEquals(List.of(), list(lastSummary(out).get("completed_runs")));
    JsonNode after = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(out.resolve("_runs").resolve(dead + ".json").toFile());
    assertEquals("failed", after.get("status").asText());
    assertFalse(Files.exists(out.resolve("_runs").resolve(dead)), "its staged changes are gone");
    assertEquals(0, table(out, Tables.CHAT_AGENTS).where("agent_id = 99").count());
    // Day 1 (120 chats, 120 agent rows, 120 messages) and the unrelated export's chat 5000.
    assertEquals(121, table(out, Tables.CHATS).count());
    assertEquals(121, table(out, Tables.CHAT_AGENTS).count());
    assertEquals(121, table(out, Tables.MESSAGES).count());
    assertEquals(allTables(reference), allTables(out), "as if the dead run had never been");
  }

  /**
   * A first run killed right after its chats create commit, before the commits that add the
   * chat_id constraint and the report time zone to chats: the run that completes it adds both, so
   * the dead run's daily tables (and every later run's) are in its time zone, not in UTC.
   */
  @Test
  void aFirstRunKilledRightAfterCreatingChatsIsCompletedInItsTimeZone() throws Exception {
    String zone = "Asia/Tokyo";
    Path reference = dir.resolve("out-created-reference");
    assertEquals(0, ChatJob.run(inZone(args(day1, reference), zone)));
    Path out = dir.resolve("out-created");
    org.apache.spark.sql.SparkSession spark = SparkTestSession.get();
    org.chatlake.output.OutputLayout layout = new org.chatlake.output.OutputLayout(out.toString());
    org.apache.hadoop.fs.FileSystem fs = layout.root().getFileSystem(spark.sparkContext().hadoopConfiguration());
    org.chatlake.output.DeltaTables tables = new org.chatlake.output.DeltaTables(spark, layout);
    String dead = "20260101T000000Z-created";
    org.chatlake.output.RunSummary ledger = new org.chatlake.output.RunSummary(dead);
    ledger.status = ChatPipeline.COMMITTING;
    ledger.options.put("timezone", zone);
    ledger.baseVersions.putAll(tables.versions(Tables.RUN_TABLES));
    ledger.stagedTables.addAll(List.of(Tables.CHAT_AGENTS, Tables.MESSAGES));
    table(reference, Tables.CHATS).select("report_date").distinct().collectAsList()
        .forEach(r -> ledger.datesWritten.add(r.get(0).toString()));
    ledger.write(fs, layout.runSummary(dead));
    for (String staged : List.of(Tables.CHAT_AGENTS, Tables.MESSAGES)) {
      table(reference, staged).write().parquet(layout.stagedChanges(dead, staged).toString());
    }
    table(reference, Tables.CHATS).select("chat_id").write().parquet(layout.stagedChatIds(dead).toString());
    // Its create commit, as the run made it (with its marker), and nothing after it.
    spark.conf().set(org.chatlake.output.DeltaTables.USER_METADATA, org.chatlake.output.DeltaTables.commitMarker(dead));
    try {
      table(reference, Tables.CHATS).write().format("delta").partitionBy("report_date").save(tables.path(Tables.CHATS));
    } finally {
      spark.conf().unset(org.chatlake.output.DeltaTables.USER_METADATA);
    }
    assertNull(tables.property(Tables.CHATS, org.chatlake.output.DeltaTables.TIMEZONE_PROPERTY));

    // A quiet day: the run completes the dead one and has nothing of its own.
    Path quiet = dir.resolve("in/quiet");
    write(quiet.resolve("chats/c.jsonl"), "");
    write(quiet.resolve("messages/m.jsonl"), "");
    assertEquals(0, ChatJob.run(inZone(args(quiet, out), zone)));
    JsonNode after = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(out.resolve("_runs").resolve(dead + ".json").toFile());
    assertEquals("completed_by_later_run", after.get("status").asText());
    assertEquals(zone, tables.property(Tables.CHATS, org.chatlake.output.DeltaTables.TIMEZONE_PROPERTY));
    assertEquals("`chat_id` IS NOT NULL", tables.property(Tables.CHATS, "delta.constraints.chat_id_present"));
    assertEquals(allTables(reference), allTables(out), "as if the first run had not been killed");
  }

  private static String[] inZone(String[] args, String zone) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--timezone", zone));
    return all.toArray(new String[0]);
  }

  private static List<String> list(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void anOutputThatCannotBeWrittenIsAOneLineError() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    String err = stderrOf(1, args(day1, notADirectory.resolve("out")));
    assertEquals(1, err.lines().filter(l -> l.startsWith("chatlake: ")).count(), err);
  }

  @Test
  void aDiskThatFillsUpMidRunLeavesThePreviousOutput() throws Exception {
    org.apache.hadoop.conf.Configuration conf = SparkTestSession.get().sparkContext().hadoopConfiguration();
    conf.set("fs." + FullDiskFileSystem.SCHEME + ".impl", FullDiskFileSystem.class.getName());
    conf.setBoolean("fs." + FullDiskFileSystem.SCHEME + ".impl.disable.cache", true);
    conf.set("fs.AbstractFileSystem." + FullDiskFileSystem.SCHEME + ".impl", FullDiskFs.class.getName());
    String out = FullDiskFileSystem.SCHEME + "://" + copyOfDay1(dir.resolve("out"));
    try {
      List<List<String>> before = allTables(dir.resolve("out"));
      FullDiskFileSystem.full = true;
      String err = stderrOf(1, args(day2, Path.of(out)));
      assertTrue(err.contains("No space left on device"), err);
      FullDiskFileSystem.full = false;
      assertEquals(before, allTables(dir.resolve("out")));
      assertEquals(0, ChatJob.run(args(day2, Path.of(out))));
      // chats 0-119 closed by day 2, 1000-1119 new on day 2; one customer and one agent message each of 0-119
      Path done = dir.resolve("out");
      assertEquals(240, table(done, Tables.CHATS).count());
      assertEquals(120, table(done, Tables.CHATS).where("status = 'closed' AND chat_id < 1000").count());
      assertEquals(240, table(done, Tables.MESSAGES).count());
      assertEquals(240L, table(done, Tables.DEPARTMENT_DAILY).selectExpr("sum(chats_total)").first().getLong(0));
    } finally {
      FullDiskFileSystem.full = false;
    }
  }

  private static String stderrOf(int expectedExit, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(expectedExit, runWithStderrTo(err, args), () -> err.toString(StandardCharsets.UTF_8));
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Runs the job in this JVM with what it prints to stderr going to {@code err}; returns its exit code. */
  static int runWithStderrTo(ByteArrayOutputStream err, String... args) {
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return ChatJob.run(args);
    } finally {
      System.setErr(old);
    }
  }
}
