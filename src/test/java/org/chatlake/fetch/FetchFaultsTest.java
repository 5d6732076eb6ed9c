package org.chatlake.fetch;

import static org.chatlake.fetch.FetchTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.chatlake.fakeapi.FakeApiData;
import org.chatlake.fakeapi.FakeHelpCrunch;
import org.chatlake.fakeapi.Faults.Counted;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every row of fetch.md's fault table against the emulator (20 chats: 1 chat page, 20 message pages). */
class FetchFaultsTest {
  static FakeApiData data;
  static FakeHelpCrunch server;
  static Set<String> allMessages = new HashSet<>();
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    data = data(20);
    server = FakeHelpCrunch.start(data, KEY);
    data.chats().forEach(c -> allMessages.addAll(data.messageTexts(c.id)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clear() {
    server.faults().clear();
    server.clearRequests();
  }

  private Fetcher fetch(FetchOptions options) throws Exception {
    Fetcher f = new Fetcher(options);
    logOf(f::run);
    return f;
  }

  /** The export is whole: 20 chats, every message once, _fetch.json complete, the cursor saved. */
  private void assertComplete(Path out) throws Exception {
    assertEquals(20, chats(out).size());
    List<String> lines = messageLines(out);
    assertEquals(allMessages.size(), lines.size());
    assertEquals(allMessages, new HashSet<>(lines));
    assertTrue(summary(out).get("complete").asBoolean());
    assertTrue(Files.exists(dir.resolve(".fetch-state.json")));
  }

  /** Nothing the job would read, no cursor, and _fetch.json says incomplete. */
  private void assertFailedCleanly(Path out) throws Exception {
    assertFalse(Files.exists(dir.resolve(".fetch-state.json")), "the cursor did not advance");
    assertFalse(summary(out).get("complete").asBoolean());
    assertTrue(files(out.resolve("messages")).isEmpty(), "no partial messages batch");
    try (var all = Files.walk(out)) {
      all.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
          .forEach(name -> assertFalse(name.endsWith(".part"), name));
    }
  }

  @Test
  void http429WithRetryAfterWaitsThatLongThenRetries() throws Exception {
    server.faults().next(Counted.TOO_MANY, 2).onlyPath("/messages").retryAfterSeconds = 1;
    Path out = dir.resolve("out");
    Fetcher f = fetch(options(server, out));
    assertComplete(out);
    assertEquals(2, f.counters().tooManyRequests.get());
    assertEquals(2, summary(out).path("counts").get("429s").asLong());
    assertEquals(21 + 2, server.requests().size());
    // the first message request was answered 429 twice: each retry came at least a second later
    List<FakeHelpCrunch.Request> first = requests(server, "GET", "chats/" + data.chats().get(0).id + "/");
    assertEquals(3, first.size());
    assertTrue(first.get(1).nanoTime() - first.get(0).nanoTime() >= 1_000_000_000L);
    assertTrue(first.get(2).nanoTime() - first.get(1).nanoTime() >= 1_000_000_000L);
  }

  @Test
  void http429WithoutRetryAfterBacksOffAndRetries() throws Exception {
    server.faults().next(Counted.TOO_MANY, 5);
    Path out = dir.resolve("out");
    Fetcher f = fetch(options(server, out));
    assertComplete(out);
    assertEquals(5, f.counters().tooManyRequests.get());
    assertEquals(21 + 5, server.requests().size());
  }

  @Test
  void http429PastMaxWaitFails() throws Exception {
    server.faults().next(Counted.TOO_MANY, 1_000_000);
    Path out = dir.resolve("out");
    FetchFailure e = assertThrows(FetchFailure.class,
        () -> fetch(options(server, out).toBuilder().maxWait(Duration.ofMillis(300)).build()));
    assertEquals(1, e.exitCode());
    assertTrue(e.getMessage().contains("429"), e.getMessage());
    assertFailedCleanly(out);
  }

  @Test
  void serverErrorsAreRetriedUpToFiveTimes() throws Exception {
    server.faults().next(Counted.SERVER_ERROR, 5).onlyPath("/messages");
    Path out = dir.resolve("out");
    Fetcher f = fetch(options(server, out));
    assertComplete(out);
    assertEquals(5, f.counters().retries.get());
    assertEquals(6, requests(server, "GET", "chats/" + data.chats().get(0).id + "/").size());
  }

  @Test
  void aSixthServerErrorFailsTheFetch() throws Exception {
    server.faults().next(Counted.SERVER_ERROR, 6).onlyPath("/messages").serverErrorStatus = 502;
    Path out = dir.resolve("out");
    FetchFailure e = assertThrows(FetchFailure.class, () -> fetch(options(server, out)));
    assertEquals(1, e.exitCode());
    assertTrue(e.getMessage().contains("failed 6 times") && e.getMessage().contains("HTTP 502"), e.getMessage());
    assertEquals(6, requests(server, "GET", "chats/").size(), "the first try and 5 retries, no more");
    assertFailedCleanly(out);
  }

  @Test
  void connectionResetsAreRetried() throws Exception {
    server.faults().next(Counted.RESET, 3);
    Path out = dir.resolve("out");
    Fetcher f = fetch(options(server, out));
    assertComplete(out);
    // the JDK's client itself retries a GET once when a kept-alive connection closes: the rest are ours
    assertEquals(21 + 3, server.requests().size());
    assertTrue(f.counters().retries.get() >= 1);
  }

  @Test
  void aTimedOutRequestIsRetried() throws Exception {
    server.faults().next(Counted.STALL, 1).onlyPath("/messages").stallMillis = 1500;
    Path out = dir.resolve("out");
    Fetcher f = fetch(options(server, out).toBuilder().timeout(Duration.ofMillis(300)).build());
    assertComplete(out);
    assertEquals(1, f.counters().retries.get());
  }

  @Test
  void truncatedBodiesAreRetried() throws Exception {
    server.faults().next(Counted.TRUNCATED, 2);
    Path out = dir.resolve("out");
    Fetcher f = fetch(options(server, out));
    assertComplete(out);
    assertEquals(2, f.counters().retries.get());
  }

  @Test
  void aPageThatIsNotValidJsonIsRetried() throws Exception {
    server.faults().next(Counted.BAD_JSON, 2);
    Path out = dir.resolve("out");
    Fetcher f = fetch(options(server, out));
    assertComplete(out);
    assertEquals(2, f.counters().retries.get());
    for (Path page : files(out.resolve("chats"))) {
      assertNotNull(FetchTestSupport.JSON.readTree(gunzip(page)).get("data"), "only whole pages are stored");
    }
  }

  @Test
  void messagesUnderTheMessagesKeyAreRead() throws Exception {
    server.faults().messagesKey = true;
    Path out = dir.resolve("out");
    fetch(options(server, out));
    assertComplete(out);
  }

  @Test
  void http400EndsTheFetchWithTheApisErrors() throws Exception {
    server.faults().next(Counted.BAD_REQUEST, 1).onlyPath("/messages");
    Path out = dir.resolve("out");
    FetchFailure e = assertThrows(FetchFailure.class, () -> fetch(options(server, out)));
    assertEquals(1, e.exitCode());
    assertTrue(e.getMessage().contains("HTTP 400") && e.getMessage().contains("invalid_request: Invalid request")
        && e.getMessage().contains("customer: This value should be of type numeric."), e.getMessage());
    assertEquals(1, requests(server, "GET", "chats/").size(), "not retried");
    assertFailedCleanly(out);
  }

  @Test
  void http401And403EndTheFetchAtOnceWithOneLineAndExit2() throws Exception {
    for (int status : new int[] {401, 403}) {
      clear();
      server.faults().rejectStatus = status;
      Path out = dir.resolve("out" + status);
      FetchCli.Result r = FetchCli.run(java.util.Map.of("HELPCRUNCH_API_KEY", KEY),
          "--out", out.toString(), "--api-url", server.url().toString());
      assertEquals(2, r.exit());
      assertEquals("fetch: the API key was rejected (HTTP " + status + ")" + System.lineSeparator(), r.stderr());
      assertEquals(1, server.requests().size(), "no retries");
      assertFailedCleanly(out);
    }
  }

  @Test
  void aWrongKeyIsRejectedByTheEmulatorToo() throws Exception {
    Path out = dir.resolve("out");
    FetchCli.Result r = FetchCli.run(java.util.Map.of("HELPCRUNCH_API_KEY", "not-the-key"),
        "--out", out.toString(), "--api-url", server.url().toString());
    assertEquals(2, r.exit());
    assertEquals("fetch: the API key was rejected (HTTP 401)" + System.lineSeparator(), r.stderr());
  }

  @Test
  void usageErrorsExit2() throws Exception {
    Path out = dir.resolve("out");
    FetchCli.Result noKey = FetchCli.run(java.util.Map.of(), "--out", out.toString());
    assertEquals(2, noKey.exit());
    assertTrue(noKey.stderr().contains("HELPCRUNCH_API_KEY is not set"), noKey.stderr());
    assertEquals(2, FetchCli.run(java.util.Map.of("HELPCRUNCH_API_KEY", KEY), "--out", out.toString(),
        "--since", "yesterday-ish").exit());
    assertEquals(2, FetchCli.run(java.util.Map.of("HELPCRUNCH_API_KEY", KEY), "--bogus").exit());
    assertEquals(2, FetchCli.run(java.util.Map.of("HELPCRUNCH_API_KEY", KEY), "--out", out.toString(),
        "--max-wait", "soon").exit());
    assertEquals(2, FetchCli.run(java.util.Map.of("HELPCRUNCH_API_KEY", KEY), "--out", out.toString(),
        "--with-messages", "--without-messages").exit());
    assertFalse(Files.exists(out));
  }

  @Test
  void aFetchAfterAFailureStartsOverFromTheSameCursor() throws Exception {
    FakeApiData data = data(20);
    try (FakeHelpCrunch server = FakeHelpCrunch.start(data, KEY)) {
      startsOverFromTheSameCursor(data, server);
    }
  }

  private void startsOverFromTheSameCursor(FakeApiData data, FakeHelpCrunch server) throws Exception {
    Path out = dir.resolve("out");
    fetch(options(server, out));
    JsonNode state = FetchTestSupport.JSON.readTree(dir.resolve(".fetch-state.json").toFile());
    data.addMessages(data.chats().get(5).id, 1, java.time.Instant.now());
    server.faults().next(Counted.SERVER_ERROR, 100);
    Path out2 = dir.resolve("out2");
    assertThrows(FetchFailure.class, () -> fetch(options(server, out2)));
    assertEquals(state, FetchTestSupport.JSON.readTree(dir.resolve(".fetch-state.json").toFile()), "unchanged");
    server.faults().clear();
    server.clearRequests();
    fetch(options(server, out2));
    List<FakeHelpCrunch.Request> search = requests(server, "POST", "chats/search");
    assertEquals(state.get("cursor").asLong(),
        FetchTestSupport.JSON.readTree(search.get(0).body()).at("/filter/0/value").asLong());
    assertEquals(List.of(data.chats().get(5).id), chats(out2).stream().map(c -> c.get("id").asLong()).toList());
  }
}
