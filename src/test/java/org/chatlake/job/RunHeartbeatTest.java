package org.chatlake.job;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.chatlake.output.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a run counts as alive for the runs that start after it (and so is not completed by them). */
class RunHeartbeatTest {
  @TempDir java.nio.file.Path dir;

  private FileSystem fs() throws Exception {
    return FileSystem.getLocal(new Configuration());
  }

  private Path file(String runId) {
    return new Path(dir.resolve(runId + ".alive").toUri());
  }

  /** A heartbeat file as another process would write it. */
  private Path written(String runId, String host, long pid, long startMillis) throws Exception {
    Path file = file(runId);
    RunSummary.writeJson(fs(), file, new RunHeartbeat.Owner(host, pid, startMillis).toMap(runId));
    return file;
  }

  @Test
  void aRunOfThisJvmIsAliveUntilItsHeartbeatIsClosed() throws Exception {
    Path file = file("r1");
    try (RunHeartbeat beat = RunHeartbeat.start(fs(), file, "r1")) {
      assertTrue(RunHeartbeat.isAlive(fs(), file, "r1"));
      JsonNode json = new ObjectMapper().readTree(dir.resolve("r1.alive").toFile());
      assertEquals(ProcessHandle.current().pid(), json.get("pid").asLong());
      assertEquals("r1", json.get("run_id").asText());
    }
    assertFalse(Files.exists(dir.resolve("r1.alive")), "the file goes with the run");
    assertFalse(RunHeartbeat.isAlive(fs(), file, "r1"));
  }

  @Test
  void aFileThisJvmLeftForARunThatEndedIsNotAlive() throws Exception {
    RunHeartbeat.Owner self = RunHeartbeat.Owner.THIS_PROCESS;
    assertFalse(RunHeartbeat.isAlive(fs(), written("r2", self.host(), self.pid(), self.processStartMillis()), "r2"));
  }

  @Test
  void aRunWhoseProcessIsGoneIsNotAliveThoughItsFileIsFresh() throws Exception {
    Process p = new ProcessBuilder("sleep", "30").start();
    long start = p.toHandle().info().startInstant().orElseThrow().toEpochMilli();
    String host = RunHeartbeat.Owner.THIS_PROCESS.host();
    Path file = written("r3", host, p.pid(), start);
    assertTrue(RunHeartbeat.isAlive(fs(), file, "r3"), "while its process runs");
    p.destroy();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertFalse(RunHeartbeat.isAlive(fs(), file, "r3"), "once it has exited");
    // a process that now has the same pid but started at another time is not the run's
    assertFalse(RunHeartbeat.isAlive(fs(), written("r4", host, ProcessHandle.current().pid(), start), "r4"));
  }

  @Test
  void aRunOnAnotherHostIsAliveUntilItsFileIsStale() throws Exception {
    Path file = written("r5", "another-host", 4242, 1_700_000_000_000L);
    assertTrue(RunHeartbeat.isAlive(fs(), file, "r5"));
    fs().setTimes(file, System.currentTimeMillis() - RunHeartbeat.STALE_MILLIS - 1_000, -1);
    assertFalse(RunHeartbeat.isAlive(fs(), file, "r5"), "not rewritten for longer than the stale time");
  }

  @Test
  void noFileOrAnUnreadableOneIsNotAlive() throws Exception {
    assertFalse(RunHeartbeat.isAlive(fs(), file("r6"), "r6"));
    Files.writeString(dir.resolve("r7.alive"), "{\"host\": ");
    assertFalse(RunHeartbeat.isAlive(fs(), file("r7"), "r7"));
  }
}
