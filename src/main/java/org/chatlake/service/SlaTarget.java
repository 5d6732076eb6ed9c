package org.chatlake.service;

import java.io.Serializable;
import java.time.Instant;

/**
 * What a team promises for one kind of event: elapsed time at most {@code seconds}, counted in
 * business hours of the chat's schedule or on the calendar.
 */
public record SlaTarget(double seconds, boolean businessHours) implements Serializable {
  public SlaTarget {
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("must be > 0");
    }
  }

  /**
   * Elapsed time from a to b as this target counts it.
   *
   * @return null when a or b is null, or a is after b
   */
  public Double elapsedSeconds(ServiceSchedule schedule, Instant a, Instant b) {
    if (businessHours) {
      return schedule.businessSeconds(a, b);
    }
    if (a == null || b == null || a.isAfter(b)) {
      return null;
    }
    return (BusinessTime.micros(b) - BusinessTime.micros(a)) / 1e6;
  }
}
