package org.chatlake.fetch;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Waits between tries: exponential from {@code base}, capped at {@code max}, with "full jitter"
 * (a uniform draw between half the step and the whole step, so that retries of several clients
 * spread out but a wait never collapses to nothing).
 */
public final class Backoff {
  private final long baseNanos;
  private final long maxNanos;
  private final SplittableRandom random = new SplittableRandom();

  public Backoff(Duration base, Duration max) {
    this.baseNanos = Math.max(1, base.toNanos());
    this.maxNanos = Math.max(baseNanos, max.toNanos());
  }

  /** The wait before try {@code attempt + 1}, after {@code attempt} failed tries (1, 2, ...). */
  public synchronized long nanosAfter(int attempt) {
    long step = baseNanos << Math.min(30, Math.max(0, attempt - 1));
    if (step <= 0 || step > maxNanos) {
      step = maxNanos;
    }
    return step / 2 + random.nextLong(step / 2 + 1);
  }

  /** The un-jittered step after {@code attempt} failures, capped: for waits that need no jitter. */
  public long stepNanos(int attempt) {
    long step = baseNanos << Math.min(30, Math.max(0, attempt - 1));
    return step <= 0 || step > maxNanos ? maxNanos : step;
  }
}
