package org.chatlake.fetch;

import static org.chatlake.fetch.FetchTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatlake.fakeapi.FakeApiData;
import org.chatlake.fakeapi.FakeHelpCrunch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backfill: exact page counts, short last pages, pages stored byte for byte, every message once. */
class FetchPagingTest {
  @TempDir Path dir;

  @Test
  void backfillOf250ChatsReadsThreePagesTheLastShortAndEveryChatsMessages() throws Exception {
    FakeApiData data = data(250);
    // one chat with more than two pages of messages: 100 + 100 + the rest, newest first
    long longChat = data.chats().get(17).id;
    int before = data.chat(longChat).messageCount();
    data.addMessages(longChat, 250 - before + 30, Instant.now().minusSeconds(86_400 * 5));
    assertEquals(280, data.chat(longChat).messageCount());
    try (FakeHelpCrunch server = FakeHelpCrunch.start(data, KEY)) {
      Path out = dir.resolve("out");
      Instant start = Instant.now();
      new Fetcher(options(server, out)).run();
      Instant end = Instant.now();

      // chats: GET /chats by createdAt ascending, offsets 0, 100, 200 (100 + 100 + 50)
      List<String> chatRequests = requests(server, "GET", "chats?").stream().map(FakeHelpCrunch.Request::path).toList();
      assertEquals(List.of(
          "/v1/chats?sort=chats.createdAt&order=asc&offset=0&limit=100",
          "/v1/chats?sort=chats.createdAt&order=asc&offset=100&limit=100",
          "/v1/chats?sort=chats.createdAt&order=asc&offset=200&limit=100"), chatRequests);
      List<Path> pages = files(out.resolve("chats"));
      assertEquals(List.of("all-00001.json.gz", "all-00002.json.gz", "all-00003.json.gz"), names(out.resolve("chats")));
      // each file is the response body byte for byte (asked again here, outside the fetcher)
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 3; i++) {
        byte[] direct = http.send(HttpRequest.newBuilder(server.url().resolve("/v1/chats?sort=chats.createdAt"
            + "&order=asc&offset=" + i * 100 + "&limit=100")).header("Authorization", "Bearer " + KEY).build(),
            HttpResponse.BodyHandlers.ofByteArray()).body();
        assertArrayEquals(direct, gunzip(pages.get(i)), "page " + (i + 1));
      }
      List<JsonNode> chats = chats(out);
      assertEquals(250, chats.size());
      assertEquals(List.of(100, 100, 50), List.of(
          FetchTestSupport.JSON.readTree(gunzip(pages.get(0))).get("data").size(),
          FetchTestSupport.JSON.readTree(gunzip(pages.get(1))).get("data").size(),
          FetchTestSupport.JSON.readTree(gunzip(pages.get(2))).get("data").size()));

      // messages: a page per 100 messages of each chat (at least one), every message once, as the API wrote it
      int expectedPages = 0;
      Set<String> expectedLines = new HashSet<>();
      for (FakeApiData.StoredChat c : data.chats()) {
        expectedPages += messagePages(c.messageCount());
        expectedLines.addAll(data.messageTexts(c.id));
      }
      // by hand: 249 chats of at most 100 messages (a page each) and the long chat's 3 pages
      assertEquals(249, countSmallerThan100(data));
      assertEquals(252, expectedPages);
      assertEquals(expectedPages, requests(server, "GET", "chats/").size());
      assertEquals(List.of("/v1/chats/" + longChat + "/messages?offset=0&limit=100",
          "/v1/chats/" + longChat + "/messages?offset=100&limit=100",
          "/v1/chats/" + longChat + "/messages?offset=200&limit=100"),
          requests(server, "GET", "chats/" + longChat + "/").stream().map(FakeHelpCrunch.Request::path).toList());
      List<String> lines = messageLines(out);
      assertEquals(expectedLines.size(), lines.size(), "no message twice");
      assertEquals(expectedLines, new HashSet<>(lines));

      JsonNode summary = summary(out);
      assertTrue(summary.get("complete").asBoolean());
      assertEquals("backfill", summary.get("chatQuery").asText());
      assertEquals(3 + expectedPages, summary.path("counts").get("requests").asLong());
      assertEquals(250, summary.path("counts").get("chats").asLong());
      assertEquals(expectedLines.size(), summary.path("counts").get("messages").asLong());

      // state: the cursor is the start minus an hour; every chat's lastMessageId as the API wrote it
      JsonNode state = FetchTestSupport.JSON.readTree(dir.resolve(".fetch-state.json").toFile());
      long cursor = state.get("cursor").asLong();
      assertTrue(cursor >= start.getEpochSecond() - 3600 - 1 && cursor <= end.getEpochSecond() - 3600, "" + cursor);
      Map<String, String> expectedIds = new HashMap<>();
      for (FakeApiData.StoredChat c : data.chats()) {
        JsonNode id = FetchTestSupport.JSON.readTree(c.json()).get("lastMessageId");
        expectedIds.put(FetchTestSupport.JSON.readTree(c.json()).get("id").asText(), id.isNull() ? null : id.asText());
      }
      Map<String, String> stateIds = new HashMap<>();
      state.get("lastMessageIds").properties().forEach(e -> stateIds.put(e.getKey(),
          e.getValue().isNull() ? null : e.getValue().asText()));
      assertEquals(expectedIds, stateIds);
    }
  }

  /** Chats with fewer than 101 messages (one page each), for the hand check above. */
  private static int countSmallerThan100(FakeApiData data) {
    return (int) data.chats().stream().filter(c -> c.messageCount() <= 100).count();
  }

  @Test
  void exactMultipleOf100StopsAtTheTotalWithoutAnEmptyPage() throws Exception {
    try (FakeHelpCrunch server = FakeHelpCrunch.start(data(200), KEY)) {
      Path out = dir.resolve("out");
      new Fetcher(options(server, out).toBuilder().withMessages(false).build()).run();
      assertEquals(2, requests(server, "GET", "chats?").size());
      assertEquals(0, requests(server, "GET", "chats/").size(), "--without-messages");
      assertEquals(2, files(out.resolve("chats")).size());
      assertEquals(200, chats(out).size());
      assertFalse(Files.exists(out.resolve("messages")) && !files(out.resolve("messages")).isEmpty());
    }
  }

  @Test
  void anEmptyAccountWritesOneEmptyPageAndOneEmptyMessagesFile() throws Exception {
    try (FakeHelpCrunch server = FakeHelpCrunch.start(data(0), KEY)) {
      Path out = dir.resolve("out");
      new Fetcher(options(server, out)).run();
      assertEquals("{\"data\":[],\"meta\":{\"total\":0}}",
          new String(gunzip(file(out.resolve("chats"), "all-00001.json.gz")), java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(List.of("messages-00001.jsonl.gz"), names(out.resolve("messages")));
      assertEquals(0, gunzip(file(out.resolve("messages"), "messages-00001.jsonl.gz")).length);
    }
  }
}
