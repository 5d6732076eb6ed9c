package org.chatlake.fetch;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * At most {@code limit} requests in any sliding window (60 s for the API's "120 per minute"):
 * every request, retries included, takes a permit first. All calls of a fetch share one limiter.
 * A small margin is added to the window so that the server, which sees each request a little
 * later than it was sent, never counts more than the limit in its own window either.
 */
public final class RateLimiter {
  private final int limit;
  private final long windowNanos;
  private final Clock clock;
  /** Send times of the last {@code limit} requests, oldest first. */
  private final ArrayDeque<Long> sent = new ArrayDeque<>();

  public RateLimiter(int limit, Duration window, Duration margin, Clock clock) {
    if (limit < 1) {
      throw new IllegalArgumentException("the rate limit must be at least 1 request per window");
    }
    this.limit = limit;
    this.windowNanos = window.plus(margin).toNanos();
    this.clock = clock;
  }

  /** Waits until one more request fits in the window, then counts it as sent now. */
  public synchronized void acquire() throws InterruptedException {
    while (sent.size() >= limit) {
      long wait = sent.peekFirst() + windowNanos - clock.nanoTime();
      if (wait <= 0) {
        sent.pollFirst();
      } else {
        clock.sleepNanos(wait);
      }
    }
    sent.addLast(clock.nanoTime());
  }

  /** Nanoseconds until the window has room again (0 when it has now). */
  public synchronized long nanosUntilFree() {
    if (sent.size() < limit) {
      return 0;
    }
    return Math.max(0, sent.peekFirst() + windowNanos - clock.nanoTime());
  }
}
