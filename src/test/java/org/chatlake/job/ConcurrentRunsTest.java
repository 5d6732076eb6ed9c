package org.chatlake.job;

import static org.chatlake.job.FaultToleranceTest.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chatlake.cli.ChatJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs against one output at the same time: nothing is lost or doubled, and the loser says why. */
class ConcurrentRunsTest {
  @TempDir static Path dir;

  @BeforeAll
  static void exports() throws Exception {
    writeExports(dir);
  }

  @Test
  void twoConcurrentRunsLoseNothingAndTheLoserSaysWhy() throws Exception {
    Path out = dir.resolve("out");
    assertEquals(0, ChatJob.run(args(day1, out)));
    Path otherDay = dir.resolve("in/day3");
    StringBuilder chats3 = new StringBuilder();
    for (int i = 0; i < 120; i++) {
      long created = 1_790_000_000L + i * 7_000L;
      chats3.append(chat(i, "pending", created, created + 500)).append('\n'); // between day 1 and day 2
      chats3.append(chat(2000 + i, "new", created + 200_000, created + 200_050)).append('\n');
    }
    write(otherDay.resolve("chats/chats.jsonl"), chats3);
    write(otherDay.resolve("messages/m.jsonl"), message(7, 0, "customer", 1_790_000_000L + 20) + "\n");

    Process a = startJob(dir.resolve("a.log"), args(day2, out));
    Process b = startJob(dir.resolve("b.log"), args(otherDay, out));
    assertTrue(a.waitFor(10, TimeUnit.MINUTES) && b.waitFor(10, TimeUnit.MINUTES));
    for (Object[] run : new Object[][] {{a, "a.log", day2}, {b, "b.log", otherDay}}) {
      Process p = (Process) run[0];
      String log = Files.readString(dir.resolve((String) run[1]));
      if (p.exitValue() != 0) {
        assertEquals(1, p.exitValue(), log);
        List<String> causes = log.lines().filter(l -> l.startsWith("chatlake: ")).toList();
        assertEquals(1, causes.size(), log);
        assertTrue(causes.get(0).matches("chatlake: another run committed to \\w+ first; this run changed nothing,"
            + " re-run it") || causes.get(0).contains("the next run completes them"), causes.get(0));
        assertEquals(0, ChatJob.run(args((Path) run[2], out)), "the re-run succeeds");
      }
    }
    assertEquals(expected(day1, day2, otherDay), allTables(out), "nothing lost, nothing doubled, whatever the order");
  }

}
