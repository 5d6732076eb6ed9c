package org.chatlake.fetch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * At most {@code limit} requests in any sliding window (60 s for the API's "120 per minute"):
 * every request, retries included, takes a permit first. All calls of a fetch share one limiter.
 *
 * <p>A permit counts from the moment its request is answered (or failed), not from when it was
 * sent: the server saw the request somewhere in between, so however long a request took to reach
 * it (the first one sets up the connection), the server never sees more than {@code limit} in its
 * own window. A small margin is added to the window on top.
 */
public final class RateLimiter {
  private static final long IN_FLIGHT = Long.MAX_VALUE;

  private final int limit;
  private final long windowNanos;
  private final Clock clock;
  /** One entry per permit still in the window: {time it ended}, or IN_FLIGHT while its request runs. */
  private final List<long[]> permits = new ArrayList<>();

  public RateLimiter(int limit, Duration window, Duration margin, Clock clock) {
    if (limit < 1) {
      throw new IllegalArgumentException("the rate limit must be at least 1 request per window");
    }
    this.limit = limit;
    this.windowNanos = window.plus(margin).toNanos();
    this.clock = clock;
  }

  /** Waits until one more request fits in the window; pass what it returns to {@link #done}. */
  public synchronized long[] acquire() throws InterruptedException {
    while (true) {
      long wait = nanosUntilFree();
      if (wait <= 0) {
        break;
      }
      clock.sleepNanos(wait);
    }
    long[] permit = {IN_FLIGHT};
    permits.add(permit);
    return permit;
  }

  /** The request of {@code permit} got its answer (or failed) now. */
  public synchronized void done(long[] permit) {
    permit[0] = clock.nanoTime();
  }

  /** Nanoseconds until the window has room again (0 when it has now). */
  public synchronized long nanosUntilFree() {
    long now = clock.nanoTime();
    permits.removeIf(p -> p[0] != IN_FLIGHT && p[0] + windowNanos <= now);
    if (permits.size() < limit) {
      return 0;
    }
    long oldest = permits.stream().mapToLong(p -> p[0]).min().orElse(now);
    // all in flight: only possible with more concurrent callers than the limit; look again soon
    return oldest == IN_FLIGHT ? windowNanos / 100 + 1 : oldest + windowNanos - now;
  }
}
