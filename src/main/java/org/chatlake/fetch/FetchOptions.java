package org.chatlake.fetch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * What one fetch does (fetch.md). The durations after {@code overlap} are the fault handling's
 * settings: production values by default, tiny ones in tests. {@link #toString} leaves the key out.
 *
 * @param since chats changed since then; null: the state file's cursor, or a backfill
 * @param window the limiter's window ({@code ratePerWindow} requests per window)
 */
public record FetchOptions(
    String apiKey, URI apiUrl, Path out, Instant since, boolean withMessages, int ratePerWindow,
    Duration window, Path stateFile, Duration timeout, Duration maxWait, Duration overlap,
    int maxTries, Duration retryBase, Duration retryMax, Duration tooManyBase, Duration tooManyMax,
    Duration progressEvery) {

  public static final URI DEFAULT_API_URL = URI.create("https://api.helpcrunch.com/v1");

  /**
   * Production defaults for everything but the key and the output directory. A request is tried
   * at most 6 times: fetch.md retries it "at most 5 times" after the first try.
   */
  public static FetchOptions defaults(String apiKey, Path out) {
    return new FetchOptions(apiKey, DEFAULT_API_URL, out, null, true, 120, Duration.ofSeconds(60),
        defaultState(out), Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofHours(1),
        6, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(60),
        Duration.ofSeconds(10));
  }

  /** {@code DIR/../.fetch-state.json}: beside the day directories a schedule fetches into. */
  public static Path defaultState(Path out) {
    Path parent = out.toAbsolutePath().normalize().getParent();
    return (parent == null ? out.toAbsolutePath() : parent).resolve(".fetch-state.json");
  }

  public FetchOptions withApiUrl(URI url) {
    return new FetchOptions(apiKey, url, out, since, withMessages, ratePerWindow, window, stateFile, timeout,
        maxWait, overlap, maxTries, retryBase, retryMax, tooManyBase, tooManyMax, progressEvery);
  }

  public FetchOptions withSince(Instant at) {
    return new FetchOptions(apiKey, apiUrl, out, at, withMessages, ratePerWindow, window, stateFile, timeout,
        maxWait, overlap, maxTries, retryBase, retryMax, tooManyBase, tooManyMax, progressEvery);
  }

  public FetchOptions withMessages(boolean messages) {
    return new FetchOptions(apiKey, apiUrl, out, since, messages, ratePerWindow, window, stateFile, timeout,
        maxWait, overlap, maxTries, retryBase, retryMax, tooManyBase, tooManyMax, progressEvery);
  }

  public FetchOptions withRate(int perWindow, Duration win) {
    return new FetchOptions(apiKey, apiUrl, out, since, withMessages, perWindow, win, stateFile, timeout,
        maxWait, overlap, maxTries, retryBase, retryMax, tooManyBase, tooManyMax, progressEvery);
  }

  public FetchOptions withStateFile(Path state) {
    return new FetchOptions(apiKey, apiUrl, out, since, withMessages, ratePerWindow, window, state, timeout,
        maxWait, overlap, maxTries, retryBase, retryMax, tooManyBase, tooManyMax, progressEvery);
  }

  public FetchOptions withTimeout(Duration perRequest) {
    return new FetchOptions(apiKey, apiUrl, out, since, withMessages, ratePerWindow, window, stateFile, perRequest,
        maxWait, overlap, maxTries, retryBase, retryMax, tooManyBase, tooManyMax, progressEvery);
  }

  public FetchOptions withMaxWait(Duration max) {
    return new FetchOptions(apiKey, apiUrl, out, since, withMessages, ratePerWindow, window, stateFile, timeout,
        max, overlap, maxTries, retryBase, retryMax, tooManyBase, tooManyMax, progressEvery);
  }

  public FetchOptions withOverlap(Duration o) {
    return new FetchOptions(apiKey, apiUrl, out, since, withMessages, ratePerWindow, window, stateFile, timeout,
        maxWait, o, maxTries, retryBase, retryMax, tooManyBase, tooManyMax, progressEvery);
  }

  /** Back-off and 429 waits: first step and cap of each. */
  public FetchOptions withWaits(Duration retryFirst, Duration retryCap, Duration tooManyFirst, Duration tooManyCap) {
    return new FetchOptions(apiKey, apiUrl, out, since, withMessages, ratePerWindow, window, stateFile, timeout,
        maxWait, overlap, maxTries, retryFirst, retryCap, tooManyFirst, tooManyCap, progressEvery);
  }

  public FetchOptions withProgressEvery(Duration every) {
    return new FetchOptions(apiKey, apiUrl, out, since, withMessages, ratePerWindow, window, stateFile, timeout,
        maxWait, overlap, maxTries, retryBase, retryMax, tooManyBase, tooManyMax, every);
  }

  @Override
  public String toString() {
    return "FetchOptions[apiUrl=" + Redaction.url(apiUrl) + ", out=" + out + ", since=" + since
        + ", withMessages=" + withMessages + ", rate=" + ratePerWindow + "/" + window + "]";
  }
}
