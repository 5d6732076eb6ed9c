package org.chatlake.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.chatlake.fakeapi.FakeApiData;
import org.chatlake.fakeapi.FakeHelpCrunch;

/** The emulator, fetch options for tests (tiny waits) and readers of what a fetch wrote. */
public final class FetchTestSupport {
  public static final String KEY = "hc-test-Zq8X3vLk0pN7-secret";
  static final ObjectMapper JSON = new ObjectMapper();

  private FetchTestSupport() {}

  /** Generated chats that all lie in the past: 40 to 10 days ago. */
  public static FakeApiData data(int chats) {
    return FakeApiData.generated(7, chats, LocalDate.now(ZoneOffset.UTC).minusDays(40), 30);
  }

  /** Options against {@code server}: no practical rate limit, waits of milliseconds, state beside {@code out}. */
  public static FetchOptions options(FakeHelpCrunch server, Path out) {
    return FetchOptions.builder().apiKey(KEY).out(out).apiUrl(server.url())
        .ratePerWindow(100_000).window(Duration.ofSeconds(60))
        .retryBase(Duration.ofMillis(1)).retryMax(Duration.ofMillis(20))
        .tooManyBase(Duration.ofMillis(5)).tooManyMax(Duration.ofMillis(50))
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  public static byte[] gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }

  /** Files directly in {@code dir}, sorted by name (none when it does not exist). */
  public static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  /** File names in {@code dir} without the fetch's prefix (its start time), temporaries left out. */
  public static List<String> names(Path dir) throws IOException {
    return files(dir).stream().map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
        .map(n -> n.replaceFirst("^\\d{8}T[0-9.]+Z-", "")).toList();
  }

  /** The one file in {@code dir} whose name ends so. */
  public static Path file(Path dir, String suffix) throws IOException {
    List<Path> match = files(dir).stream().filter(p -> p.getFileName().toString().endsWith("Z-" + suffix)).toList();
    if (match.size() != 1) {
      throw new AssertionError("not one *-" + suffix + " in " + files(dir));
    }
    return match.get(0);
  }

  /** The chat objects of every page under {@code out/chats}. */
  public static List<JsonNode> chats(Path out) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    for (Path f : files(out.resolve("chats"))) {
      JSON.readTree(gunzip(f)).get("data").forEach(all::add);
    }
    return all;
  }

  /** The message lines under {@code out/messages}, as written. */
  public static List<String> messageLines(Path out) throws IOException {
    List<String> all = new ArrayList<>();
    for (Path f : files(out.resolve("messages"))) {
      String text = new String(gunzip(f), StandardCharsets.UTF_8);
      text.lines().filter(l -> !l.isEmpty()).forEach(all::add);
    }
    return all;
  }

  public static JsonNode summary(Path out) throws IOException {
    return JSON.readTree(out.resolve("_fetch.json").toFile());
  }

  /** API requests whose path starts with {@code prefix} (after /v1). */
  public static List<FakeHelpCrunch.Request> requests(FakeHelpCrunch server, String method, String prefix) {
    return server.requests().stream()
        .filter(r -> r.method().equals(method) && r.path().startsWith("/v1/" + prefix)).toList();
  }

  /** Expected requests for a chat's messages: a page per 100, at least one. */
  public static int messagePages(int messages) {
    return Math.max(1, (messages + 99) / 100);
  }

  /** Runs {@code body} with the fetcher's log lines collected; returns them. */
  public static String logOf(ThrowingRunnable body) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FetchLog.to(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      FetchLog.to(null);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  public interface ThrowingRunnable {
    void run() throws Exception;
  }
}
