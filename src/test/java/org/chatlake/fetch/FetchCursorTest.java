package org.chatlake.fetch;

import static org.chatlake.fetch.FetchTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.chatlake.fakeapi.FakeApiData;
import org.chatlake.fakeapi.FakeHelpCrunch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incremental cursor: after a backfill, the next fetch asks for chats.updatedAt >= the saved
 * cursor, gets exactly the chats that changed, and the messages of those whose lastMessageId
 * changed; the fallback when the API refuses the filter; --since and --without-messages.
 */
class FetchCursorTest {
  @TempDir Path dir;

  private static Set<Long> ids(List<JsonNode> chats) {
    Set<Long> ids = new TreeSet<>();
    chats.forEach(c -> ids.add(c.get("id").asLong()));
    return ids;
  }

  private static Set<String> messageChats(FakeHelpCrunch server) {
    Set<String> chats = new TreeSet<>();
    requests(server, "GET", "chats/").forEach(r -> chats.add(r.path().split("/")[3]));
    return chats;
  }

  @Test
  void theNextFetchGetsTheChatsChangedSinceTheCursorAndOnlyTheirMessages() throws Exception {
    FakeApiData data = data(250);
    try (FakeHelpCrunch server = FakeHelpCrunch.start(data, KEY)) {
      new Fetcher(options(server, dir.resolve("day1"))).run();
      Path stateFile = dir.resolve(".fetch-state.json");
      long cursor = FetchTestSupport.JSON.readTree(stateFile.toFile()).get("cursor").asLong();

      // three chats get a message now, one is new
      List<FakeApiData.StoredChat> all = data.chats();
      long a = all.get(3).id;
      long b = all.get(120).id;
      long c = all.get(249).id;
      Instant now = Instant.now();
      for (long id : new long[] {a, b, c}) {
        data.addMessages(id, 1, now);
      }
      long fresh = data.addChat(now);
      server.clearRequests();

      new Fetcher(options(server, dir.resolve("day2"))).run();
      List<FakeHelpCrunch.Request> searches = requests(server, "POST", "chats/search");
      assertEquals(1, searches.size(), "4 chats: one page");
      JsonNode body = FetchTestSupport.JSON.readTree(searches.get(0).body());
      assertEquals("chats.updatedAt", body.at("/filter/0/field").asText());
      assertEquals(">=", body.at("/filter/0/operator").asText());
      assertTrue(body.at("/filter/0/value").isIntegralNumber(), "whole UNIX seconds");
      assertEquals(cursor, body.at("/filter/0/value").asLong());
      assertEquals("chats.createdAt", body.get("sort").asText());
      assertEquals("asc", body.get("order").asText().toLowerCase());
      assertEquals(100, body.get("limit").asInt());
      assertEquals(0, body.get("offset").asInt());

      Path day2 = dir.resolve("day2");
      assertEquals(new TreeSet<>(List.of(a, b, c, fresh)), ids(chats(day2)));
      assertEquals(new TreeSet<>(List.of("" + a, "" + b, "" + c, "" + fresh)), messageChats(server));
      Set<String> expected = new HashSet<>();
      for (long id : new long[] {a, b, c, fresh}) {
        expected.addAll(data.messageTexts(id));
      }
      assertEquals(expected, new HashSet<>(messageLines(day2)));
      assertEquals("updated_at_filter", summary(day2).get("chatQuery").asText());
      assertEquals("state", summary(day2).get("cursorFrom").asText());
      assertEquals(cursor, summary(day2).get("cursor").asLong());
      assertTrue(FetchTestSupport.JSON.readTree(stateFile.toFile()).get("cursor").asLong() >= cursor);

      // --since far back: every chat again, but no lastMessageId changed since: no message call
      server.clearRequests();
      new Fetcher(options(server, dir.resolve("day3")).toBuilder().since(Instant.ofEpochSecond(0)).build()).run();
      assertEquals(251, chats(dir.resolve("day3")).size());
      assertEquals(3, requests(server, "POST", "chats/search").size());
      assertEquals(0, requests(server, "GET", "chats/").size());
      assertEquals(List.of(), messageLines(dir.resolve("day3")));
      assertEquals("--since", summary(dir.resolve("day3")).get("cursorFrom").asText());
    }
  }

  @Test
  void whenTheApiRefusesTheUpdatedAtFilterNewChatsAndChatsWithNewMessagesAreFoundAnotherWay() throws Exception {
    FakeApiData data = data(250);
    try (FakeHelpCrunch server = FakeHelpCrunch.start(data, KEY)) {
      new Fetcher(options(server, dir.resolve("day1"))).run();
      long cursor = FetchTestSupport.JSON.readTree(dir.resolve(".fetch-state.json").toFile()).get("cursor").asLong();
      server.faults().refuseUpdatedAt = true;
      Instant now = Instant.now();
      long a = data.chats().get(10).id;
      long b = data.chats().get(200).id;
      data.addMessages(a, 2, now);
      data.addMessages(b, 1, now);
      long fresh = data.addChat(now);
      server.clearRequests();

      Path day2 = dir.resolve("day2");
      String log = logOf(() -> new Fetcher(options(server, day2)).run());
      List<FakeHelpCrunch.Request> searches = requests(server, "POST", "chats/search");
      assertEquals(2, searches.size(), "the refused updatedAt search, then createdAt");
      assertEquals("chats.updatedAt", FetchTestSupport.JSON.readTree(searches.get(0).body()).at("/filter/0/field").asText());
      JsonNode created = FetchTestSupport.JSON.readTree(searches.get(1).body());
      assertEquals("chats.createdAt", created.at("/filter/0/field").asText());
      assertEquals(cursor, created.at("/filter/0/value").asLong());
      // by lastMessageAt, newest first: the first page already reaches chats older than the cursor
      assertEquals(List.of("/v1/chats?sort=chats.lastMessageAt&order=desc&offset=0&limit=100"),
          requests(server, "GET", "chats?").stream().map(FakeHelpCrunch.Request::path).toList());
      assertTrue(ids(chats(day2)).containsAll(List.of(a, b, fresh)));
      assertEquals(new TreeSet<>(List.of("" + a, "" + b, "" + fresh)), messageChats(server),
          "the other chats on that page kept their lastMessageId");
      JsonNode summary = summary(day2);
      assertEquals("fallback", summary.get("chatQuery").asText());
      assertTrue(summary.get("complete").asBoolean());
      assertTrue(log.contains("filter[0].field"), log);
      assertEquals(List.of("created-00001.json.gz", "recent-00001.json.gz"), names(day2.resolve("chats")));
    }
  }

  @Test
  void withoutMessagesTheStateKeepsNoLastMessageIdsSoALaterFetchGetsThem() throws Exception {
    try (FakeHelpCrunch server = FakeHelpCrunch.start(data(30), KEY)) {
      new Fetcher(options(server, dir.resolve("day1")).toBuilder().withMessages(false).build()).run();
      assertFalse(Files.exists(dir.resolve("day1/messages")) && !files(dir.resolve("day1/messages")).isEmpty());
      assertEquals(0, FetchTestSupport.JSON.readTree(dir.resolve(".fetch-state.json").toFile())
          .get("lastMessageIds").size());
      server.clearRequests();
      new Fetcher(options(server, dir.resolve("day2")).toBuilder().since(Instant.ofEpochSecond(0)).build()).run();
      assertEquals(30, messageChats(server).size());
    }
  }
}
