package org.chatlake.fetch;

import static org.chatlake.fetch.FetchTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.chatlake.DeltaFiles;
import org.chatlake.OutputTables;
import org.chatlake.SparkTestSession;
import org.chatlake.cli.ChatJob;
import org.chatlake.fakeapi.FakeApiData;
import org.chatlake.fakeapi.FakeHelpCrunch;
import org.chatlake.model.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetch → run: a backfill and, after some chats changed, an incremental fetch (the changed chats
 * and their messages a second time), then the job on both fetches together gives the same tables
 * as the job on the same generated chats and messages written directly as JSON Lines: the job
 * reads the fetched pages and message files as they are, and its dedup absorbs the overlap.
 */
class FetchRoundTripTest {
  @TempDir Path dir;

  @Test
  void theJobOnWhatWasFetchedEqualsTheJobOnTheDataWrittenDirectly() throws Exception {
    SparkTestSession.get();
    // 150 chats over 3 days (and today's changes): few report_date partitions keep the two runs cheap
    FakeApiData data = FakeApiData.generated(7, 150, LocalDate.now(ZoneOffset.UTC).minusDays(6), 3);
    Path day1 = dir.resolve("exports/day1");
    Path day2 = dir.resolve("exports/day2");
    try (FakeHelpCrunch server = FakeHelpCrunch.start(data, KEY)) {
      logOf(() -> new Fetcher(options(server, day1)).run());
      Instant now = Instant.now();
      data.addMessages(data.chats().get(2).id, 2, now);
      data.addMessages(data.chats().get(140).id, 1, now);
      data.addChat(now);
      logOf(() -> new Fetcher(options(server, day2)).run());
    }
    assertEquals(3, chats(day2).size());

    // the same data, written directly: every chat's latest state and every message, JSON Lines
    Path direct = dir.resolve("direct");
    List<String> chatLines = new ArrayList<>();
    List<String> messageLines = new ArrayList<>();
    for (FakeApiData.StoredChat c : data.chats()) {
      chatLines.add(c.json());
      messageLines.addAll(data.messageTexts(c.id));
    }
    Files.createDirectories(direct.resolve("chats"));
    Files.createDirectories(direct.resolve("messages"));
    Files.write(direct.resolve("chats/chats.jsonl"), chatLines);
    Files.write(direct.resolve("messages/messages.jsonl"), messageLines);

    Path fetchedOut = dir.resolve("out-fetched");
    Path directOut = dir.resolve("out-direct");
    assertEquals(0, ChatJob.run("--input", day1.resolve("chats").toString(), "--input", day2.resolve("chats").toString(),
        "--messages", day1.resolve("messages").toString(), "--messages", day2.resolve("messages").toString(),
        "--output", fetchedOut.toString()));
    assertEquals(0, ChatJob.run("--input", direct.resolve("chats").toString(),
        "--messages", direct.resolve("messages").toString(), "--output", directOut.toString()));

    JsonNode fetchedRun = OutputTables.lastSummary(fetchedOut);
    // 150 + 3 chat records and the changed chats' messages twice, read as API pages and JSON Lines
    assertTrue(fetchedRun.toString().contains("api_page"), fetchedRun.toString());
    for (String table : Tables.RUN_TABLES) {
      List<String> fetched = rows(fetchedOut, table);
      assertEquals(rows(directOut, table), fetched, table);
      if (List.of(Tables.CHATS, Tables.MESSAGES, Tables.DEPARTMENT_DAILY).contains(table)) {
        assertFalse(fetched.isEmpty(), table);
      }
    }
    assertEquals(151, OutputTables.table(fetchedOut, Tables.CHATS).count());
    assertEquals(2, names(day1.resolve("chats")).size(), "100 + a short page of 50");
    assertEquals(messageLines.size(), OutputTables.table(fetchedOut, Tables.MESSAGES).count());
  }

  private static List<String> rows(Path out, String table) {
    return DeltaFiles.isDeltaTable(out.resolve(table))
        ? OutputTables.rows(out, table, "source_file", "ingested_at", "run_id") : List.of();
  }
}
