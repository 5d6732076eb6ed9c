package org.chatlake.fetch;

import static org.chatlake.fetch.FetchTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatlake.fakeapi.FakeApiData;
import org.chatlake.fakeapi.FakeHelpCrunch;
import org.chatlake.fakeapi.Faults.Counted;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat deleted between the listing and its messages (404 chat not found): its messages are
 * skipped with a WARN line, it is named in {@code _fetch.json}, and the fetch completes.
 *
 * <p>Three chats made by hand, created two days ago, ids as the emulator hands them out:
 * {@code A} = 90000001 with 1 + 2 = 3 messages (1 page), {@code B} = 90000002 with 1 + 4 = 5
 * messages (1 page), {@code C} = 90000003 with 1 + 149 = 150 messages (2 pages: 100 + 50). The
 * state's cursor lies an hour before them, so the updatedAt search finds all three on one page.
 */
class FetchGoneChatTest {
  static final long A = 90_000_001L;
  static final long B = 90_000_002L;
  static final long C = 90_000_003L;

  @TempDir Path dir;
  FakeApiData data;
  Instant oldCursor;

  @BeforeEach
  void threeChats() throws Exception {
    Instant t0 = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    data = new FakeApiData();
    assertEquals(A, data.addChat(t0));
    data.addMessages(A, 2, t0.plusSeconds(60));
    assertEquals(B, data.addChat(t0.plusSeconds(120)));
    data.addMessages(B, 4, t0.plusSeconds(180));
    assertEquals(C, data.addChat(t0.plusSeconds(240)));
    data.addMessages(C, 149, t0.plusSeconds(300));
    oldCursor = t0.minus(1, ChronoUnit.HOURS);
    new FetchState(oldCursor, new java.util.HashMap<>()).save(dir.resolve(".fetch-state.json"), oldCursor);
  }

  private FetchCli.Result fetch(FakeHelpCrunch server, Path out) {
    return FetchCli.run(Map.of("HELPCRUNCH_API_KEY", KEY), "--out", out.toString(), "--api-url",
        server.url().toString());
  }

  private Set<String> texts(long... chats) {
    Set<String> all = new HashSet<>();
    for (long chat : chats) {
      all.addAll(data.messageTexts(chat));
    }
    return all;
  }

  private static List<String> lines(String log, String part) {
    List<String> matching = new ArrayList<>();
    log.lines().filter(l -> l.contains(part)).forEach(matching::add);
    return matching;
  }

  @Test
  void aChatWhoseMessagesAnswer404IsSkippedAndTheFetchCompletes() throws Exception {
    try (FakeHelpCrunch server = FakeHelpCrunch.start(data, KEY)) {
      // over the emulator's HTTP switch, as by hand: B is deleted after the listing
      HttpResponse<String> switched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          server.url().resolve("/_control/faults?goneChat=" + B)).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, switched.statusCode(), switched.body());
      Path out = dir.resolve("day");
      Instant before = Instant.now();
      FetchCli.Result r = fetch(server, out);
      Instant after = Instant.now();

      assertEquals(0, r.exit(), r.stderr());
      assertEquals("", r.stderr());
      // 1 search page, then A: 1 page, B: the 404, C: 2 pages
      assertEquals(List.of("POST /v1/chats/search", "GET /v1/chats/" + A + "/messages?offset=0&limit=100",
          "GET /v1/chats/" + B + "/messages?offset=0&limit=100", "GET /v1/chats/" + C + "/messages?offset=0&limit=100",
          "GET /v1/chats/" + C + "/messages?offset=100&limit=100"),
          server.requests().stream().map(q -> q.method() + " " + q.path()).toList());

      // B is still in the chat page; its messages are not in the export, A's 3 and C's 150 all are
      assertEquals(List.of(A, B, C), chats(out).stream().map(c -> c.get("id").asLong()).toList());
      List<String> lines = messageLines(out);
      assertEquals(153, lines.size());
      assertEquals(texts(A, C), new HashSet<>(lines));
      assertTrue(lines.stream().noneMatch(l -> l.contains("\"chat\":" + B)));

      JsonNode summary = summary(out);
      assertTrue(summary.get("complete").asBoolean());
      JsonNode counts = summary.get("counts");
      assertEquals(5, counts.get("requests").asLong());
      assertEquals(0, counts.get("retries").asLong());
      assertEquals(3, counts.get("chats").asLong());
      assertEquals(2, counts.get("chatsWithMessagesFetched").asLong());
      assertEquals(3, counts.get("messagePages").asLong());
      assertEquals(153, counts.get("messages").asLong());
      assertEquals(1, counts.get("chatsGone").asLong());
      assertEquals("[" + B + "]", summary.get("chatsGoneIds").toString());

      // the cursor advanced as usual: this fetch's start minus the hour of overlap
      assertEquals("state", summary.get("cursorFrom").asText());
      assertEquals(oldCursor.getEpochSecond(), summary.get("cursor").asLong());
      JsonNode state = FetchTestSupport.JSON.readTree(dir.resolve(".fetch-state.json").toFile());
      long next = state.get("cursor").asLong();
      assertEquals(summary.get("nextCursor").asLong(), next);
      assertTrue(next >= before.minus(Duration.ofHours(1)).getEpochSecond()
          && next <= after.minus(Duration.ofHours(1)).getEpochSecond(), "next cursor " + next);
      // B's lastMessageId is not remembered: were it listed again, its messages would be asked again
      assertEquals(Set.of("" + A, "" + C), setOf(state.get("lastMessageIds").fieldNames()));

      // one WARN line naming B (and nothing secret); the last line counts it
      List<String> warnings = lines(r.stdout(), " fetch: WARN ");
      assertEquals(1, warnings.size(), r.stdout());
      assertTrue(warnings.get(0).contains("chat " + B + " "), warnings.get(0));
      assertFalse(r.stdout().contains(KEY));
      List<String> complete = lines(r.stdout(), " fetch: complete: ");
      assertEquals(1, complete.size(), r.stdout());
      assertTrue(complete.get(0).contains("153 messages of 2 chats, 1 chat gone"), complete.get(0));
    }
  }

  @Test
  void aChatDeletedBetweenTwoPagesOfItsMessagesLeavesNoneOfThem() throws Exception {
    try (FakeHelpCrunch server = FakeHelpCrunch.start(data, KEY)) {
      server.faults().next(Counted.CHAT_NOT_FOUND, 1).onlyPath("/chats/" + C + "/messages?offset=100");
      Path out = dir.resolve("day");
      FetchCli.Result r = fetch(server, out);

      assertEquals(0, r.exit(), r.stderr());
      // 1 search page, A: 1 page, B: 1 page, C: its first page, then the 404
      assertEquals(5, server.requests().size());
      // A's 3 and B's 5; of C not even the 100 of its first page
      List<String> lines = messageLines(out);
      assertEquals(8, lines.size());
      assertEquals(texts(A, B), new HashSet<>(lines));
      JsonNode summary = summary(out);
      assertTrue(summary.get("complete").asBoolean());
      JsonNode counts = summary.get("counts");
      assertEquals(5, counts.get("requests").asLong());
      assertEquals(3, counts.get("messagePages").asLong(), "A, B and C's first page");
      assertEquals(8, counts.get("messages").asLong());
      assertEquals(2, counts.get("chatsWithMessagesFetched").asLong());
      assertEquals(1, counts.get("chatsGone").asLong());
      assertEquals("[" + C + "]", summary.get("chatsGoneIds").toString());
      assertEquals(1, lines(r.stdout(), " fetch: WARN ").size(), r.stdout());
    }
  }

  @Test
  void onlyTheApisChatNotFoundCountsAsGone() {
    List<ApiRejected.ApiError> older = List.of(new ApiRejected.ApiError("chat_not_found", "Chat not found"));
    List<ApiRejected.ApiError> newer = List.of(new ApiRejected.ApiError("invalid_request", "Invalid request"),
        new ApiRejected.ApiError("not_found", "Chat not found"));
    assertTrue(new ApiRejected("GET /chats/1/messages", 404, older).chatNotFound());
    assertTrue(new ApiRejected("GET /chats/1/messages", 404, newer).chatNotFound());
    // a 404 without those codes (a wrong URL, a proxy's page) and other 4xx still fail the fetch
    assertFalse(new ApiRejected("GET /chats/1/messages", 404, List.of()).chatNotFound());
    assertFalse(new ApiRejected("GET /chats/1/messages", 404,
        List.of(new ApiRejected.ApiError("entity_not_found", "Department not found"))).chatNotFound());
    assertFalse(new ApiRejected("GET /chats/1/messages", 400, newer).chatNotFound());
  }

  private static Set<String> setOf(java.util.Iterator<String> names) {
    Set<String> set = new HashSet<>();
    names.forEachRemaining(set::add);
    return set;
  }
}
