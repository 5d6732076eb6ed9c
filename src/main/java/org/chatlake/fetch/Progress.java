package org.chatlake.fetch;

/**
 * One line about every {@code every} (10 s by default): requests, chats, messages, the request
 * rate, and an ETA from the chat total the API reported and the requests each chat took so far.
 */
public final class Progress {
  private final FetchCounters counters;
  private final Clock clock;
  private final long everyNanos;
  private final long start;
  private long lastLine;
  private final java.util.function.LongSupplier chatsLeftForMessages;

  public Progress(FetchCounters counters, Clock clock, java.time.Duration every,
      java.util.function.LongSupplier chatsLeftForMessages) {
    this.counters = counters;
    this.clock = clock;
    this.everyNanos = every.toNanos();
    this.start = clock.nanoTime();
    this.lastLine = start;
    this.chatsLeftForMessages = chatsLeftForMessages;
  }

  /** Called after every request: prints a line when {@code every} has passed since the last one. */
  public synchronized void tick() {
    long now = clock.nanoTime();
    if (now - lastLine >= everyNanos) {
      lastLine = now;
      FetchLog.info("%s", line(now));
    }
  }

  String line(long now) {
    double secs = Math.max(1e-9, (now - start) / 1e9);
    long requests = counters.requests.get();
    double rate = requests / secs * 60;
    return String.format(java.util.Locale.ROOT,
        "%d requests (%d retries, %d x 429), %d chats, %d messages of %d chats, %.0f requests/min, ETA %s",
        requests, counters.retries.get(), counters.tooManyRequests.get(), counters.chats.get(),
        counters.messages.get(), counters.chatsWithMessages.get(), rate, eta(requests, rate));
  }

  /** Requests still to come (chat pages left, then a page per chat whose messages are due) at the current rate. */
  private String eta(long requests, double perMinute) {
    long expected = counters.chatsExpected.get();
    if (expected < 0 || perMinute <= 0) {
      return "unknown";
    }
    long chatPagesLeft = Math.max(0, (expected - counters.chats.get() + 99) / 100);
    long done = Math.max(1, counters.chatsWithMessages.get());
    double pagesPerChat = counters.chatsWithMessages.get() == 0 ? 1 : (double) counters.messagePages.get() / done;
    double left = chatPagesLeft + chatsLeftForMessages.getAsLong() * pagesPerChat;
    long seconds = (long) Math.ceil(left / perMinute * 60);
    return seconds < 90 ? "~" + seconds + " s" : "~" + (seconds + 30) / 60 + " min";
  }
}
