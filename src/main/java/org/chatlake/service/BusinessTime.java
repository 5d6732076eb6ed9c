package org.chatlake.service;

import java.io.Serializable;
import java.time.Instant;

/**
 * Business seconds (service-hours.md): the length of [a, b) inside a schedule's service time.
 *
 * <p>A call costs at most two partial days (see {@link ServiceDays}) plus O(1) for the whole days
 * between, read from a table of cumulative per-day service time. The table is built lazily and
 * shared by all threads; it is transient, so a calculator shipped to an executor rebuilds it there.
 */
public final class BusinessTime implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ServiceSchedule schedule;
  private transient volatile State state;

  /** The per-JVM caches: buckets and their cumulative totals. */
  private record State(ServiceDays days, CumulativeDays totals) {}

  public BusinessTime(ServiceSchedule schedule) {
    this.schedule = schedule;
  }

  public ServiceSchedule schedule() {
    return schedule;
  }

  /**
   * Business seconds of [a, b), exact to the microsecond (finer digits of an instant are dropped).
   *
   * @return null when a or b is null, or when a is after b (broken data, as for calendar durations)
   */
  public Double businessSeconds(Instant a, Instant b) {
    if (a == null || b == null) {
      return null;
    }
    Long micros = businessMicros(micros(a), micros(b));
    return micros == null ? null : micros / (double) ServiceDays.MICROS_PER_SECOND;
  }

  /**
   * Business microseconds of [a, b), both in epoch microseconds (Spark's timestamp unit).
   *
   * @return null when a is after b
   */
  public Long businessMicros(long a, long b) {
    if (a > b) {
      return null;
    }
    State s = state();
    ServiceDays.Day first = s.days.dayOf(a);
    ServiceDays.Day last = s.days.dayOf(b);
    if (first.epochDay() == last.epochDay()) {
      return first.overlap(a, b);
    }
    return first.overlap(a, Long.MAX_VALUE)
        + s.totals.sum(first.epochDay() + 1, last.epochDay())
        + last.overlap(Long.MIN_VALUE, b);
  }

  /** An instant in epoch microseconds. */
  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), ServiceDays.MICROS_PER_SECOND),
        t.getNano() / 1000);
  }

  private State state() {
    State s = state;
    if (s == null) {
      synchronized (this) {
        s = state;
        if (s == null) {
          ServiceDays days = new ServiceDays(schedule);
          s = new State(days, new CumulativeDays(day -> days.compute(day).total()));
          state = s;
        }
      }
    }
    return s;
  }
}
