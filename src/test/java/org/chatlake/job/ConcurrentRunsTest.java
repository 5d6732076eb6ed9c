package org.chatlake.job;

import static org.chatlake.job.FaultToleranceTest.*;
import static org.chatlake.OutputTables.table;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chatlake.cli.ChatJob;
import org.chatlake.model.Tables;
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
    // Nothing lost, nothing doubled, whatever the order: chats 0-119 (closed on day 2, the latest state:
    // its last message is later than day 3's), 1000-1119 (day 2) and 2000-2119 (day 3), each once.
    assertEquals(360, table(out, Tables.CHATS).count());
    assertEquals(360, table(out, Tables.CHATS).select("chat_id").distinct().count());
    assertEquals(120, table(out, Tables.CHATS).where("chat_id < 1000 AND status = 'closed'").count());
    assertEquals(120, table(out, Tables.CHATS).where("chat_id >= 2000 AND status = 'new'").count());
    assertEquals(360, table(out, Tables.CHAT_AGENTS).count());
    assertEquals(241, table(out, Tables.MESSAGES).count(), "120 + 120 + 1 messages");
    assertEquals(3, (int) table(out, Tables.CHATS).where("chat_id = 0").first().<Integer>getAs("messages_total"));
    assertEquals(360L, table(out, Tables.DEPARTMENT_DAILY).selectExpr("sum(chats_total)").first().getLong(0));
    assertEquals(360L, table(out, Tables.STATUS_DAILY).selectExpr("sum(chats)").first().getLong(0));
  }

}
