package org.chatlake.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts the time line into one bucket per local date d, [start of d, start of d+1) with "start" as
 * {@link LocalDate#atStartOfDay(ZoneId)}, and gives each bucket's service time as instants in
 * epoch microseconds.
 *
 * <p>Buckets are contiguous, so a span splits into a partial first bucket, whole buckets and a
 * partial last one. A date's service time starts inside its own bucket, but a DST gap can push its
 * end (24:00, resolved as the next day's 00:00, or a gap across midnight) into the next bucket; so
 * a bucket holds the union of its own date's and the previous date's service time, clipped to it.
 * That keeps every bucket exact even in zones whose transitions sit at midnight.
 *
 * <p>Recently used buckets are kept in a small direct-mapped cache: a chat's times cluster on a few
 * dates, and each bucket costs a handful of time-zone resolutions.
 */
final class ServiceDays {
  static final long MICROS_PER_SECOND = 1_000_000L;
  private static final int CACHE_SIZE = 1024;

  /** One bucket: its bounds and its service intervals, sorted, disjoint, as start/end pairs. */
  record Day(long epochDay, long start, long end, long[] service) {
    long total() {
      return overlap(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** The service time in [from, to). */
    long overlap(long from, long to) {
      long sum = 0;
      for (int i = 0; i < service.length; i += 2) {
        long s = Math.max(service[i], from);
        long e = Math.min(service[i + 1], to);
        if (e > s) {
          sum += e - s;
        }
      }
      return sum;
    }
  }

  private final ServiceSchedule schedule;
  private final ZoneId zone;
  private final ZoneRules rules;
  private final Day[] recent = new Day[CACHE_SIZE];

  ServiceDays(ServiceSchedule schedule) {
    this.schedule = schedule;
    this.zone = schedule.zone();
    this.rules = zone.getRules();
  }

  /** The bucket holding an instant (epoch microseconds). */
  Day dayOf(long micros) {
    long second = Math.floorDiv(micros, MICROS_PER_SECOND);
    long offset = rules.getOffset(Instant.ofEpochSecond(second)).getTotalSeconds();
    Day d = day(Math.floorDiv(second + offset, 86_400L));
    if (micros >= d.end) {
      return day(d.epochDay + 1);
    }
    if (micros < d.start) {
      return day(d.epochDay - 1);
    }
    return d;
  }

  /** A bucket, from the cache when it is there. */
  Day day(long epochDay) {
    int slot = (int) Math.floorMod(epochDay, (long) CACHE_SIZE);
    Day d = recent[slot];
    if (d == null || d.epochDay != epochDay) {
      d = compute(epochDay);
      recent[slot] = d;
    }
    return d;
  }

  /** A bucket, computed afresh (for filling tables without evicting what callers use). */
  Day compute(long epochDay) {
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    LocalDate previous = date.minusDays(1);
    long start = startOf(date);
    long end = startOf(date.plusDays(1));
    List<ServiceInterval> before = schedule.hoursOn(previous);
    List<ServiceInterval> own = schedule.hoursOn(date);
    long[] pairs = new long[2 * (before.size() + own.size())];
    int n = clip(previous, before, start, end, pairs, 0);
    n = clip(date, own, start, end, pairs, n);
    return new Day(epochDay, start, end, union(pairs, n));
  }

  private int clip(LocalDate date, List<ServiceInterval> intervals, long from, long to, long[] pairs, int n) {
    for (ServiceInterval i : intervals) {
      long s = Math.max(resolve(date, i.startMinute()), from);
      long e = Math.min(resolve(date, i.endMinute()), to);
      if (e > s) {
        pairs[n++] = s;
        pairs[n++] = e;
      }
    }
    return n;
  }

  /**
   * Sorted, merged pairs: resolved intervals can overlap even though their wall-clock times do not,
   * since a time in a DST gap moves forward by the gap.
   */
  private static long[] union(long[] pairs, int n) {
    for (int i = 2; i < n; i += 2) {
      long s = pairs[i];
      long e = pairs[i + 1];
      int j = i - 2;
      while (j >= 0 && pairs[j] > s) {
        pairs[j + 2] = pairs[j];
        pairs[j + 3] = pairs[j + 1];
        j -= 2;
      }
      pairs[j + 2] = s;
      pairs[j + 3] = e;
    }
    int m = 0;
    for (int i = 0; i < n; i += 2) {
      if (m > 0 && pairs[i] <= pairs[m - 1]) {
        pairs[m - 1] = Math.max(pairs[m - 1], pairs[i + 1]);
      } else {
        pairs[m++] = pairs[i];
        pairs[m++] = pairs[i + 1];
      }
    }
    return Arrays.copyOf(pairs, m);
  }

  /** The spec's resolution: {@code ZonedDateTime.of(date, time, zone)}, 24:00 being the next day's 00:00. */
  private long resolve(LocalDate date, int minuteOfDay) {
    LocalDateTime local = minuteOfDay == ServiceInterval.DAY_MINUTES
        ? date.plusDays(1).atStartOfDay()
        : date.atTime(minuteOfDay / 60, minuteOfDay % 60);
    return ZonedDateTime.of(local, zone).toEpochSecond() * MICROS_PER_SECOND;
  }

  private long startOf(LocalDate date) {
    return date.atStartOfDay(zone).toEpochSecond() * MICROS_PER_SECOND;
  }
}
