package org.chatlake.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fetch (fetch.md): the chats changed since the cursor, the messages of those whose
 * lastMessageId changed, {@code _fetch.json}, and the state's new cursor (this fetch's start minus
 * the overlap), saved only when everything else is complete.
 */
public final class Fetcher {
  static final int MESSAGES_PER_FILE = 50_000;
  static final java.time.format.DateTimeFormatter FETCH_ID =
      java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
  /**
   * Margin added to the limiter's window (0.5 s of 60 s, at least 50 ms): the server counts a
   * request when it arrives, a little after it was sent, and arrival delays vary.
   */
  private static final double WINDOW_MARGIN = 1.0 / 120;
  private static final long MIN_MARGIN_NANOS = 50_000_000L;

  private final FetchOptions options;
  private final Clock clock;
  private final FetchCounters counters = new FetchCounters();
  /** Where the cursor came from and the cursor, once known (for a failure's _fetch.json too). */
  private String sinceSource;
  private Instant cursor;

  public Fetcher(FetchOptions options) {
    this(options, Clock.SYSTEM);
  }

  public Fetcher(FetchOptions options, Clock clock) {
    this.options = options;
    this.clock = clock;
  }

  public FetchCounters counters() {
    return counters;
  }

  /** Runs the fetch; throws {@link FetchFailure} (exit 1 or 2) when it cannot complete. */
  public void run() {
    Redaction.register(options.apiKey());
    Instant startedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Path out = options.out();
    Path chatsDir = out.resolve("chats");
    Path messagesDir = out.resolve("messages");
    ChatListing.Query query = null;
    // file names start with the fetch's start time: a second fetch into the same directory (after a
    // failed run, say) adds files and never replaces the first one's
    String fetchId = FETCH_ID.format(startedAt);
    MessageFiles files = new MessageFiles(messagesDir, fetchId, MESSAGES_PER_FILE);
    try {
      Files.createDirectories(chatsDir);
      int leftovers = AtomicFiles.removeLeftovers(out) + AtomicFiles.removeLeftovers(chatsDir)
          + AtomicFiles.removeLeftovers(messagesDir);
      if (leftovers > 0) {
        FetchLog.info("removed %d temporary file(s) an earlier, interrupted fetch left in %s", leftovers, out);
      }
      FetchState state = FetchState.load(options.stateFile());
      Instant cursor = options.since() != null ? options.since() : state.cursor();
      this.cursor = cursor;
      String sinceSource = options.since() != null ? "--since" : state.cursor() != null ? "state" : "none (backfill)";
      this.sinceSource = sinceSource;
      FetchSummary.write(out, options, startedAt, null, sinceSource, cursor, null, null, counters, 0, false, null);
      FetchLog.info("fetching from %s into %s: %s", Redaction.url(options.apiUrl()), out,
          cursor == null ? "every chat (no --since, no state file: a backfill)"
              : "chats changed since " + cursor + " (from " + sinceSource + ")");

      Map<String, String> chats = new LinkedHashMap<>();
      List<String> due = new ArrayList<>();
      int[] next = {0};
      Progress progress = new Progress(counters, clock, options.progressEvery(), () -> !options.withMessages() ? 0
          : chats.isEmpty() ? Math.max(0, counters.chatsExpected.get()) : due.size() - next[0]);
      RateLimiter limiter = new RateLimiter(options.ratePerWindow(), options.window(),
          Duration.ofNanos(Math.max(MIN_MARGIN_NANOS, (long) (options.window().toNanos() * WINDOW_MARGIN))), clock);
      ApiClient api = new ApiClient(options, limiter, clock, counters, progress::tick);

      query = new ChatListing(api, chatsDir, fetchId, counters, chats).list(cursor);
      Map<String, String> lastMessageIds = new HashMap<>(state.lastMessageIds());
      if (options.withMessages()) {
        chats.forEach((id, lastMessageId) -> {
          if (!state.knows(id, lastMessageId)) {
            due.add(id);
          }
        });
        FetchLog.info("%d chats; messages due for %d of them", chats.size(), due.size());
        MessagePager pager = new MessagePager(api, files, counters);
        for (; next[0] < due.size(); next[0]++) {
          String id = due.get(next[0]);
          if (pager.fetch(id)) {
            counters.chatsWithMessages.incrementAndGet();
            lastMessageIds.put(id, chats.get(id));
          } else {
            // deleted after the listing: the chat stays in the pages written, its messages are skipped
            counters.chatsGone.add(id);
            lastMessageIds.remove(id);
            FetchLog.warn("chat %s was listed but its messages answer HTTP 404 (chat not found: deleted since?);"
                + " its messages are skipped", id);
          }
        }
        files.finish();
      }
      Instant nextCursor = startedAt.minus(options.overlap());
      Instant finishedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      FetchSummary.write(out, options, startedAt, finishedAt, sinceSource, cursor, nextCursor, query, counters,
          files.files(), true, null);
      new FetchState(nextCursor, lastMessageIds).save(options.stateFile(), finishedAt);
      FetchLog.info("complete: %s%s; next cursor %s saved in %s", new Progress(counters, clock, Duration.ZERO, () -> 0)
          .line(clock.nanoTime()).replaceAll(", [0-9]+ requests/min.*", ""), goneNote(), nextCursor,
          options.stateFile());
    } catch (FetchFailure e) {
      summarizeFailure(startedAt, query, files, e.getMessage());
      throw e;
    } catch (IOException | RuntimeException e) {
      String message = "cannot write the export: " + e.getMessage();
      summarizeFailure(startedAt, query, files, message);
      throw new FetchFailure(FetchFailure.FAILED, message, e);
    }
  }

  /** For the last log line: how many chats were gone before their messages were fetched, if any. */
  private String goneNote() {
    int gone = counters.chatsGone.size();
    return gone == 0 ? "" : String.format(java.util.Locale.ROOT, ", %d %s gone before %s messages were fetched"
        + " (chatsGoneIds in %s)", gone, gone == 1 ? "chat" : "chats", gone == 1 ? "its" : "their", FetchSummary.FILE);
  }

  /** Best effort: {@code _fetch.json} says the fetch is incomplete and why. */
  private void summarizeFailure(Instant startedAt, ChatListing.Query query, MessageFiles files, String error) {
    try {
      FetchSummary.write(options.out(), options, startedAt, Instant.now(), sinceSource, cursor, null, query, counters,
          files.files(), false, error);
    } catch (IOException | RuntimeException ignored) {
      // the failure itself is what the caller reports
    }
  }
}
