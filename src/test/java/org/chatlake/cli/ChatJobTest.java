package org.chatlake.cli;

import static org.chatlake.OutputTables.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.chatlake.model.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job end to end through its CLI: exit codes, the summary's counts, re-runs. */
class ChatJobTest {
  @TempDir Path dir;

  static final String DAY1 = String.join("\n",
      "{\"id\": 1, \"status\": \"opened\", \"createdAt\": \"1790000000\", \"lastMessageAt\": \"1790000100\","
          + " \"department\": {\"id\": 5, \"name\": \"Sales\"}, \"assignee\": {\"id\": 7, \"name\": \"Ann\"}, \"agents\": [{\"id\": 7}]}",
      "{\"id\": 2, \"status\": \"closed\", \"closedBy\": \"agent\", \"rating\": \"poor\", \"createdAt\": \"1790000000\","
          + " \"closedAt\": \"1790003600\", \"lastMessageAt\": \"1790003000\"}",
      "{\"id\": 2, \"status\": \"closed\", \"closedBy\": \"agent\", \"rating\": \"poor\", \"createdAt\": \"1790000000\","
          + " \"closedAt\": \"1790003600\", \"lastMessageAt\": \"1790003000\"}",
      "this line is broken");
  static final String DAY2 = String.join("\n",
      // chat 1 again, now closed and rated: the later state
      "{\"id\": 1, \"status\": \"closed\", \"closedBy\": \"customer\", \"rating\": \"great\", \"createdAt\": \"1790000000\","
          + " \"closedAt\": \"1790090000\", \"lastMessageAt\": \"1790089000\","
          + " \"department\": {\"id\": 5, \"name\": \"Sales\"}, \"assignee\": {\"id\": 7, \"name\": \"Ann\"}, \"agents\": [{\"id\": 7}, {\"id\": 8}]}",
      "{\"id\": 3, \"status\": \"new\", \"createdAt\": \"1790086400\"}");

  private Path input(String name, String content) throws Exception {
    Path f = dir.resolve("in").resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, content + "\n");
    return f;
  }

  private int run(String... args) {
    return ChatJob.run(args);
  }

  /** Runs with stderr captured; returns what it printed. */
  private String stderrOf(int expectedExit, String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(expectedExit, run(args));
    } finally {
      System.setErr(old);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpAndUsageErrors() throws Exception {
    assertEquals(0, run("--help"));
    String out = dir.resolve("out").toString();
    assertTrue(stderrOf(2, "--output", out).contains("--input"));
    assertTrue(stderrOf(2, "--input", "x", "--output", out, "--bogus").contains("--bogus"));
    assertTrue(stderrOf(2, "--input", dir.toString(), "--output", out, "--timezone", "Mars/Olympus")
        .contains("unknown time zone"));
    assertTrue(stderrOf(2, "--input", dir.resolve("missing").toString(), "--output", out)
        .contains("input path does not exist"));
    Files.createDirectories(dir.resolve("emptydir"));
    assertTrue(stderrOf(2, "--input", dir.resolve("emptydir").toString(), "--output", out)
        .contains("no chats files found"));
    assertFalse(Files.exists(dir.resolve("out")), "a usage error writes nothing");
  }

  @Test
  void unsafeOutputPathsAreRefusedBeforeAnythingIsWritten() throws Exception {
    input("day1.jsonl", DAY1);
    Path in = dir.resolve("in");
    assertTrue(stderrOf(2, "--input", in.toString(), "--output", in.resolve("out").toString())
        .contains("is inside the input"));
    assertFalse(Files.exists(in.resolve("out")));
    assertTrue(stderrOf(2, "--input", dir + "/*", "--output", dir.resolve("o2").toString())
        .contains("is inside the input"), "a glob's directory counts as the input");
    assertTrue(stderrOf(2, "--input", in.toString(), "--output", dir.getParent().toString(), "--messages", in.toString())
        .contains("is inside --output"));
    assertTrue(stderrOf(2, "--input", in.toString(), "--output", "/").contains("root of its file system"));
    assertTrue(stderrOf(2, "--input", in.toString(), "--output", System.getProperty("user.home"))
        .contains("home directory"));
    assertFalse(Files.exists(dir.resolve("o2")));
  }

  @Test
  void summaryCountsAddUpAndARerunWithTheSameInputChangesNothing() throws Exception {
    input("day1.jsonl", DAY1);
    input("day2.jsonl", DAY2);
    // a relative --output, as jobs/run-local.sh passes by default (out)
    Path out = Path.of("").toAbsolutePath().relativize(dir.resolve("out"));
    assertFalse(out.isAbsolute());
    String[] args = {"--input", dir.resolve("in").toString(), "--output", out.toString(), "--max-reject-ratio", "0.5"};
    assertEquals(0, run(args));
    JsonNode s = lastSummary(out);
    assertEquals("succeeded", s.get("status").asText());
    JsonNode chats = s.get("chats");
    // 7 records: 6 chats (ids 1,2,2,1,3 + ... ) - see the files: day1 has 3 chats + 1 broken line, day2 2 chats
    assertEquals(6, chats.get("read").asLong());
    assertEquals(1, chats.get("rejected").asLong());
    assertEquals(1, chats.get("rejected_by_reason").get("invalid_json").asLong());
    assertEquals(2, chats.get("duplicates").asLong());
    assertEquals(3, chats.get("kept").asLong());
    assertEquals(chats.get("read").asLong(),
        chats.get("kept").asLong() + chats.get("rejected").asLong() + chats.get("duplicates").asLong());
    assertEquals(2, chats.get("files_by_format").get("json_lines").asLong());
    assertEquals(3, s.get("rows_written").get(Tables.CHATS).asLong());
    assertEquals(3, table(out, Tables.CHATS).count());
    assertEquals(1, s.get("rows_written").get(Tables.REJECTS).asLong());
    // chat 1 is the later, closed state with both agents
    List<String> one = table(out, Tables.CHATS).where("chat_id = 1")
        .selectExpr("status", "rating", "closed_by", "agent_count", "cast(agent_ids as string)")
        .collectAsList().stream().map(Object::toString).toList();
    assertEquals(List.of("[closed,great,customer,2,[7, 8]]"), one);

    List<List<String>> first = Tables.RUN_TABLES.stream().filter(t -> !t.equals(Tables.MESSAGES))
        .map(t -> rows(out, t)).toList();
    assertEquals(0, run(args));
    List<List<String>> second = Tables.RUN_TABLES.stream().filter(t -> !t.equals(Tables.MESSAGES))
        .map(t -> rows(out, t)).toList();
    // every column, ingested_at included: a re-read row does not replace the row already written
    assertEquals(first, second);
    assertEquals(3, table(out, Tables.CHATS).count());
    assertEquals(2, summaries(out).size());
    assertEquals("incremental", lastSummary(out).get("options").get("mode").asText());
  }

  @Test
  void tooManyRejectsFailsWithExit3AndLeavesTheOutputAsItWas() throws Exception {
    input("day1.jsonl", DAY1);
    Path out = dir.resolve("out");
    assertEquals(0, run("--input", dir.resolve("in").toString(), "--output", out.toString(),
        "--max-reject-ratio", "0.5"));
    List<String> before = rows(out, Tables.CHATS);
    List<String> metricsBefore = rows(out, Tables.DEPARTMENT_DAILY);

    input("day2.jsonl", "{\"id\": 9, \"createdAt\": \"1790000000\"}\nbroken\nbroken too\n");
    String err = stderrOf(3, "--input", dir.resolve("in").toString(), "--output", out.toString());
    assertTrue(err.contains("rejected") && err.contains("--max-reject-ratio"), err);
    assertEquals(before, rows(out, Tables.CHATS));
    assertEquals(metricsBefore, rows(out, Tables.DEPARTMENT_DAILY));
    JsonNode failed = lastSummary(out);
    assertEquals("failed", failed.get("status").asText());
    assertEquals(3, failed.get("chats").get("rejected").asLong());
    String runId = failed.get("run_id").asText();
    assertEquals(3, table(out, Tables.REJECTS).where("run_id = '" + runId + "'").count());
    assertFalse(Files.exists(out.resolve("_runs").resolve(runId)), "no staged changes are left");
  }
}
