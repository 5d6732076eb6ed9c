package org.chatlake.service;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * When a team works (service-hours.md): weekly local wall-clock intervals in one IANA zone, minus
 * holidays (one-off dates and yearly month-days, local dates in the same zone). Immutable and
 * serializable, so it can be shipped to Spark executors; the business-time tables derived from it
 * are transient and rebuilt on first use.
 */
public final class ServiceSchedule implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ZoneId zone;
  private final EnumMap<DayOfWeek, List<ServiceInterval>> week;
  private final Set<LocalDate> holidays;
  private final Set<MonthDay> yearlyHolidays;
  private transient volatile BusinessTime businessTime;

  /**
   * @param week intervals by weekday, in any order; a day left out has no service
   * @throws IllegalArgumentException when intervals of one day overlap
   */
  public ServiceSchedule(ZoneId zone, Map<DayOfWeek, List<ServiceInterval>> week, Set<LocalDate> holidays,
      Set<MonthDay> yearlyHolidays) {
    this.zone = Objects.requireNonNull(zone, "zone");
    this.week = new EnumMap<>(DayOfWeek.class);
    week.forEach((day, intervals) -> {
      List<ServiceInterval> sorted = new ArrayList<>(intervals);
      Collections.sort(sorted);
      ServiceInterval.requireDisjoint(sorted);
      if (!sorted.isEmpty()) {
        this.week.put(day, List.copyOf(sorted));
      }
    });
    this.holidays = Set.copyOf(holidays);
    this.yearlyHolidays = Set.copyOf(yearlyHolidays);
  }

  public ZoneId zone() {
    return zone;
  }

  /** The day's intervals, sorted and disjoint; empty when the day has no service. */
  public List<ServiceInterval> hours(DayOfWeek day) {
    return week.getOrDefault(day, List.of());
  }

  public Set<LocalDate> holidays() {
    return holidays;
  }

  public Set<MonthDay> yearlyHolidays() {
    return yearlyHolidays;
  }

  public boolean isHoliday(LocalDate date) {
    return holidays.contains(date) || yearlyHolidays.contains(MonthDay.from(date));
  }

  /** The intervals of a local date: its weekday's, or none on a holiday. */
  public List<ServiceInterval> hoursOn(LocalDate date) {
    return isHoliday(date) ? List.of() : hours(date.getDayOfWeek());
  }

  /** This schedule's calculator; one per schedule instance, so its tables are shared by all callers. */
  public BusinessTime businessTime() {
    BusinessTime t = businessTime;
    if (t == null) {
      synchronized (this) {
        t = businessTime;
        if (t == null) {
          t = new BusinessTime(this);
          businessTime = t;
        }
      }
    }
    return t;
  }

  /** Shorthand for {@code businessTime().businessSeconds(a, b)}. */
  public Double businessSeconds(Instant a, Instant b) {
    return businessTime().businessSeconds(a, b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceSchedule s && zone.equals(s.zone) && week.equals(s.week)
        && holidays.equals(s.holidays) && yearlyHolidays.equals(s.yearlyHolidays);
  }

  @Override
  public int hashCode() {
    return Objects.hash(zone, week, holidays, yearlyHolidays);
  }

  @Override
  public String toString() {
    return "ServiceSchedule[" + zone + ", " + week + ", holidays " + holidays + ", yearly " + yearlyHolidays + "]";
  }
}
