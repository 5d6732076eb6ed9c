package org.chatlake.fetch;

import static org.chatlake.fetch.FetchTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chatlake.fakeapi.FakeHelpCrunch;
import org.chatlake.fakeapi.Faults.Counted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limiter: never more than the configured requests in any sliding window, retries included. */
class FetchRateLimitTest {
  @TempDir Path dir;

  /** A clock that only moves when the limiter sleeps. */
  static final class FakeClock implements Clock {
    long now = 1_000_000_000L;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepNanos(long nanos) {
      now += Math.max(0, nanos);
    }
  }

  @Test
  void theLimiterSpacesRequestsBySlidingWindow() throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(3, Duration.ofSeconds(60), Duration.ZERO, clock);
    List<Long> sent = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      long[] permit = limiter.acquire();
      sent.add((clock.now - 1_000_000_000L) / 1_000_000_000L);
      limiter.done(permit); // answered at once
      clock.now += 10_000_000_000L; // 10 s between requests asked for
    }
    // worked by hand (a request at t counts in the windows (t - 60, t + 60)... i.e. until t + 60):
    // 0, 10, 20 go at once; the 4th, asked at 30, waits until 0 + 60; the 5th, asked at 70, goes
    // (10 left the window at 70); the 6th at 80 likewise (20 left); the 7th, asked at 90, finds
    // 60, 70, 80 in the window and waits until 60 + 60
    assertEquals(List.of(0L, 10L, 20L, 60L, 70L, 80L, 120L), sent);
  }

  @Test
  void measuredOnTheEmulatorNoWindowHoldsMoreThanTheLimit() throws Exception {
    int limit = 20;
    long windowNanos = 1_000_000_000L;
    try (FakeHelpCrunch server = FakeHelpCrunch.start(data(40), KEY)) {
      // the emulator refuses (429) a request over the limit in its own window: none may be
      server.faults().rateLimit = limit;
      server.faults().rateWindowMillis = windowNanos / 1_000_000;
      // and a few 5xx whose retries count against the limit too
      server.faults().next(Counted.SERVER_ERROR, 3);
      Path out = dir.resolve("out");
      Fetcher f = new Fetcher(options(server, out).toBuilder().ratePerWindow(limit)
          .window(Duration.ofNanos(windowNanos)).build());
      logOf(f::run);
      List<FakeHelpCrunch.Request> requests = server.requests();
      assertEquals(0, f.counters().tooManyRequests.get());
      assertEquals(1 + 40 + 3, requests.size());
      for (int i = 0; i + limit < requests.size(); i++) {
        long span = requests.get(i + limit).nanoTime() - requests.get(i).nanoTime();
        assertTrue(span >= windowNanos, "requests " + i + " to " + (i + limit) + " arrived within " + span + " ns");
      }
      assertEquals(0, f.counters().tooManyRequests.get());
    }
  }
}
