package org.chatlake.fetch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one fetch does (fetch.md). The durations after {@code overlap} are the fault handling's
 * settings: production values by default, tiny ones in tests. Built with {@link #builder()}, which
 * holds the defaults; {@link #toString} leaves the key out.
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

  /** Production defaults for everything; the key and the output directory must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    return new Builder().apiKey(apiKey).apiUrl(apiUrl).out(out).since(since).withMessages(withMessages)
        .ratePerWindow(ratePerWindow).window(window).stateFile(stateFile).timeout(timeout).maxWait(maxWait)
        .overlap(overlap).maxTries(maxTries).retryBase(retryBase).retryMax(retryMax).tooManyBase(tooManyBase)
        .tooManyMax(tooManyMax).progressEvery(progressEvery);
  }

  /** {@code DIR/../.fetch-state.json}: beside the day directories a schedule fetches into. */
  public static Path defaultState(Path out) {
    Path parent = out.toAbsolutePath().normalize().getParent();
    return (parent == null ? out.toAbsolutePath() : parent).resolve(".fetch-state.json");
  }

  @Override
  public String toString() {
    return "FetchOptions[apiUrl=" + Redaction.url(apiUrl) + ", out=" + out + ", since=" + since
        + ", withMessages=" + withMessages + ", rate=" + ratePerWindow + "/" + window + "]";
  }

  /** The options one at a time, each named as the record's component; starts from the defaults. */
  public static final class Builder {
    private String apiKey;
    private URI apiUrl = DEFAULT_API_URL;
    private Path out;
    private Instant since;
    private boolean withMessages = true;
    private int ratePerWindow = 120;
    private Duration window = Duration.ofSeconds(60);
    /** Null: {@link #defaultState} of {@code out}. */
    private Path stateFile;
    private Duration timeout = Duration.ofSeconds(30);
    private Duration maxWait = Duration.ofMinutes(15);
    private Duration overlap = Duration.ofHours(1);
    /** fetch.md retries a request "at most 5 times" after the first try: 6 tries in all. */
    private int maxTries = 6;
    private Duration retryBase = Duration.ofSeconds(1);
    private Duration retryMax = Duration.ofSeconds(30);
    private Duration tooManyBase = Duration.ofSeconds(1);
    private Duration tooManyMax = Duration.ofSeconds(60);
    private Duration progressEvery = Duration.ofSeconds(10);

    private Builder() {}

    public Builder apiKey(String key) {
      this.apiKey = key;
      return this;
    }

    public Builder apiUrl(URI url) {
      this.apiUrl = url;
      return this;
    }

    public Builder out(Path dir) {
      this.out = dir;
      return this;
    }

    public Builder since(Instant at) {
      this.since = at;
      return this;
    }

    public Builder withMessages(boolean messages) {
      this.withMessages = messages;
      return this;
    }

    public Builder ratePerWindow(int requests) {
      this.ratePerWindow = requests;
      return this;
    }

    public Builder window(Duration rateWindow) {
      this.window = rateWindow;
      return this;
    }

    public Builder stateFile(Path file) {
      this.stateFile = file;
      return this;
    }

    public Builder timeout(Duration perRequest) {
      this.timeout = perRequest;
      return this;
    }

    public Builder maxWait(Duration max) {
      this.maxWait = max;
      return this;
    }

    public Builder overlap(Duration cursorOverlap) {
      this.overlap = cursorOverlap;
      return this;
    }

    public Builder maxTries(int tries) {
      this.maxTries = tries;
      return this;
    }

    /** First step of the back-off after a 5xx, reset, timeout or bad body. */
    public Builder retryBase(Duration first) {
      this.retryBase = first;
      return this;
    }

    public Builder retryMax(Duration cap) {
      this.retryMax = cap;
      return this;
    }

    /** First step of the wait after a 429 without Retry-After. */
    public Builder tooManyBase(Duration first) {
      this.tooManyBase = first;
      return this;
    }

    public Builder tooManyMax(Duration cap) {
      this.tooManyMax = cap;
      return this;
    }

    public Builder progressEvery(Duration every) {
      this.progressEvery = every;
      return this;
    }

    public FetchOptions build() {
      Objects.requireNonNull(apiKey, "the API key is not set");
      Objects.requireNonNull(out, "the output directory is not set");
      return new FetchOptions(apiKey, apiUrl, out, since, withMessages, ratePerWindow, window,
          stateFile != null ? stateFile : defaultState(out), timeout, maxWait, overlap, maxTries, retryBase,
          retryMax, tooManyBase, tooManyMax, progressEvery);
    }
  }
}
