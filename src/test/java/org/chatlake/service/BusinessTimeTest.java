package org.chatlake.service;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Business seconds (service-hours.md, "Business seconds") on hand-worked cases, and against a
 * brute-force count written here. Local times are Europe/Warsaw unless an offset is given:
 * CET (+01:00) in winter, CEST (+02:00) from 2026-03-29 02:00 to 2026-10-25 03:00.
 */
class BusinessTimeTest {
  private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
  private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(MONDAY, FRIDAY);
  private static final Set<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);

  // ---- schedule builders ------------------------------------------------------------------

  private static Map<DayOfWeek, List<ServiceInterval>> week(Set<DayOfWeek> days, String... intervals) {
    Map<DayOfWeek, List<ServiceInterval>> week = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d : days) {
      week.put(d, Arrays.stream(intervals).map(ServiceInterval::parse).toList());
    }
    return week;
  }

  private static ServiceSchedule schedule(ZoneId zone, Map<DayOfWeek, List<ServiceInterval>> week) {
    return new ServiceSchedule(zone, week, Set.of(), Set.of());
  }

  private static ServiceSchedule warsaw(Set<DayOfWeek> days, String... intervals) {
    return schedule(WARSAW, week(days, intervals));
  }

  /** Warsaw wall-clock time (never one in a DST gap or overlap). */
  private static Instant at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(WARSAW).toInstant();
  }

  private static Instant utcOffset(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }

  private static double seconds(ServiceSchedule s, Instant a, Instant b) {
    return s.businessSeconds(a, b);
  }

  // ---- the spec's example -----------------------------------------------------------------

  @Test
  void fridayNightToMondayMorningIsFiveBusinessMinutes() {
    ServiceSchedule s = warsaw(WEEKDAYS, "09:00-18:00");
    Instant a = at("2026-03-06T23:50"); // Friday
    Instant b = at("2026-03-09T09:05"); // Monday
    // calendar: 10 min to midnight + 48 h (Sat, Sun) + 9 h 05 min = 57 h 15 min = 206,100 s
    assertEquals(206_100, Duration.between(a, b).getSeconds());
    // business: Friday after 18:00 and the weekend count nothing; Monday 09:00-09:05 = 300 s
    assertEquals(300.0, seconds(s, a, b));
  }

  // ---- ordinary days ----------------------------------------------------------------------

  @Test
  void lunchBreakIsNotServiceTime() {
    ServiceSchedule s = warsaw(EnumSet.of(MONDAY), "09:00-13:00", "14:00-18:00");
    // Monday 2026-03-02
    assertEquals(3_600.0, seconds(s, at("2026-03-02T12:30"), at("2026-03-02T14:30"))); // 30 + 30 min
    assertEquals(3_600.0, seconds(s, at("2026-03-02T13:15"), at("2026-03-02T15:00"))); // 0 + 60 min
    assertEquals(0.0, seconds(s, at("2026-03-02T13:00"), at("2026-03-02T14:00")));
    assertEquals(28_800.0, seconds(s, at("2026-03-02T08:00"), at("2026-03-02T19:00"))); // 4 h + 4 h
  }

  @Test
  void nightsAreNotServiceTime() {
    ServiceSchedule s = warsaw(WEEKDAYS, "09:00-18:00");
    // Tuesday 17:00-18:00 and Wednesday 09:00-10:00: 2 h
    assertEquals(7_200.0, seconds(s, at("2026-03-03T17:00"), at("2026-03-04T10:00")));
    assertEquals(0.0, seconds(s, at("2026-03-03T18:00"), at("2026-03-04T09:00")));
    assertEquals(0.0, seconds(s, at("2026-03-03T20:00"), at("2026-03-04T08:00")));
  }

  @Test
  void weekendsAreNotServiceTime() {
    ServiceSchedule s = warsaw(WEEKDAYS, "09:00-18:00");
    // Friday 17:00-18:00 and Monday 09:00-10:00: 2 h
    assertEquals(7_200.0, seconds(s, at("2026-03-06T17:00"), at("2026-03-09T10:00")));
    assertEquals(0.0, seconds(s, at("2026-03-07T10:00"), at("2026-03-08T20:00")));
  }

  @Test
  void oneOffHolidayHasNoServiceThatDayOnly() {
    ServiceSchedule plain = warsaw(WEEKDAYS, "09:00-18:00");
    ServiceSchedule s = new ServiceSchedule(WARSAW, week(WEEKDAYS, "09:00-18:00"),
        Set.of(LocalDate.parse("2026-12-24")), Set.of());
    Instant wed = at("2026-12-23T17:00");
    Instant fri = at("2026-12-25T10:00");
    // Wednesday 1 h + Thursday 24th 9 h + Friday 1 h = 11 h without the holiday; 2 h with it
    assertEquals(39_600.0, seconds(plain, wed, fri));
    assertEquals(7_200.0, seconds(s, wed, fri));
    // a year later the 24th (a Friday) is an ordinary day: 9 h
    assertEquals(32_400.0, seconds(s, at("2027-12-24T00:00"), at("2027-12-25T00:00")));
  }

  @Test
  void yearlyHolidayRecursEveryYear() {
    ServiceSchedule s = new ServiceSchedule(WARSAW, week(WEEKDAYS, "09:00-18:00"), Set.of(),
        Set.of(MonthDay.of(5, 1)));
    // Thu 2026-04-30 17:00-18:00, Fri 05-01 holiday, weekend, Mon 05-04 09:00-10:00: 2 h
    assertEquals(7_200.0, seconds(s, at("2026-04-30T17:00"), at("2026-05-04T10:00")));
    // Tue 2030-04-30 17:00-18:00, Wed 05-01 holiday, Thu 05-02 09:00-10:00: 2 h
    assertEquals(7_200.0, seconds(s, at("2030-04-30T17:00"), at("2030-05-02T10:00")));
  }

  @Test
  void severalWeeksMatchAHandCount() {
    ServiceSchedule s = new ServiceSchedule(WARSAW, week(WEEKDAYS, "09:00-18:00"),
        Set.of(LocalDate.parse("2026-01-06")), Set.of());
    // Mon 2026-01-05 .. Fri 2026-01-30: 20 weekdays, less the holiday Tue 01-06: 19 x 9 h = 171 h
    assertEquals(615_600.0, seconds(s, at("2026-01-05T00:00"), at("2026-02-02T00:00")));
    // Mon 01-05 10:30-18:00 = 7.5 h; Tue 01-06 holiday;
    // Wed 01-07 .. Tue 02-03: 3 + 5 + 5 + 5 + 2 = 20 weekdays x 9 h = 180 h;
    // Wed 02-04 09:00-12:15 = 3.25 h; total 190.75 h = 686,700 s
    assertEquals(686_700.0, seconds(s, at("2026-01-05T10:30"), at("2026-02-04T12:15")));
  }

  @Test
  void decadesOfAllDayServiceEqualCalendarTime() {
    ServiceSchedule s = warsaw(EVERY_DAY, "00:00-24:00");
    // 1970-01-01 .. 2100-01-01: 130 x 365 + 32 leap days (1972 .. 2096) = 47,482 days
    // x 86,400 s = 4,102,444,800 s; both ends are midnight CET, so DST changes cancel out
    assertEquals(4_102_444_800.0, seconds(s, at("1970-01-01T00:00"), at("2100-01-01T00:00")));
    assertEquals(4_102_444_800.0 - 86_400, seconds(s, at("1970-01-02T00:00"), at("2100-01-01T00:00")));
  }

  @Test
  void subSecondInstants() {
    ServiceSchedule s = warsaw(WEEKDAYS, "09:00-18:00");
    // Monday 2026-03-02; 09:00:00.000001 to 09:00:01.5 = 1.499999 s
    assertEquals(1.499_999, seconds(s, at("2026-03-02T09:00:00.000001"), at("2026-03-02T09:00:01.5")), 1e-12);
    assertEquals(1_499_999L, s.businessTime().businessMicros(
        BusinessTime.micros(at("2026-03-02T09:00:00.000001")), BusinessTime.micros(at("2026-03-02T09:00:01.5"))));
    // only the quarter second after 09:00 counts
    assertEquals(0.25, seconds(s, at("2026-03-02T08:59:59.75"), at("2026-03-02T09:00:00.25")), 1e-12);
    // one microsecond before 18:00
    assertEquals(0.000_001, seconds(s, at("2026-03-02T17:59:59.999999"), at("2026-03-02T18:00:05")), 1e-12);
    // digits below the microsecond are dropped: 09:00:00.0000009 counts as 09:00:00
    assertEquals(1.0, seconds(s, at("2026-03-02T09:00:00.0000009"), at("2026-03-02T09:00:01")), 1e-12);
  }

  @Test
  void aAfterBIsNullAndAnEmptySpanIsZero() {
    ServiceSchedule s = warsaw(WEEKDAYS, "09:00-18:00");
    Instant ten = at("2026-03-02T10:00");
    assertNull(s.businessSeconds(ten, at("2026-03-02T09:59:59.999999")));
    assertNull(s.businessSeconds(at("2026-03-09T10:00"), ten));
    assertEquals(0.0, seconds(s, ten, ten));
    assertNull(s.businessSeconds(null, ten));
    assertNull(s.businessSeconds(ten, null));
  }

  @Test
  void noServiceHoursAtAll() {
    ServiceSchedule s = schedule(WARSAW, Map.of());
    assertEquals(0.0, seconds(s, at("2026-01-01T00:00"), at("2027-01-01T00:00")));
  }

  // ---- DST ----------------------------------------------------------------------------------

  @Test
  void springForwardDay() {
    // Sunday 2026-03-29: 02:00 CET becomes 03:00 CEST, the local day lasts 23 h
    Instant midnight = utcOffset("2026-03-29T00:00+01:00");
    Instant nextMidnight = utcOffset("2026-03-30T00:00+02:00");
    assertEquals(23 * 3_600, Duration.between(midnight, nextMidnight).getSeconds());
    // 09:00-18:00 lies after the change: 9 h
    assertEquals(32_400.0, seconds(warsaw(EVERY_DAY, "09:00-18:00"), midnight, nextMidnight));
    // 00:00-24:00 is the whole local day: 23 h
    assertEquals(82_800.0, seconds(warsaw(EVERY_DAY, "00:00-24:00"), midnight, nextMidnight));
    // the week Mon 03-23 .. Mon 03-30 of all-day service: 7 x 24 h - 1 h = 167 h
    assertEquals(601_200.0, seconds(warsaw(EVERY_DAY, "00:00-24:00"),
        utcOffset("2026-03-23T00:00+01:00"), utcOffset("2026-03-30T00:00+02:00")));
  }

  @Test
  void fallBackDay() {
    // Sunday 2026-10-25: 03:00 CEST becomes 02:00 CET, the local day lasts 25 h
    Instant midnight = utcOffset("2026-10-25T00:00+02:00");
    Instant nextMidnight = utcOffset("2026-10-26T00:00+01:00");
    assertEquals(25 * 3_600, Duration.between(midnight, nextMidnight).getSeconds());
    assertEquals(32_400.0, seconds(warsaw(EVERY_DAY, "09:00-18:00"), midnight, nextMidnight));
    assertEquals(90_000.0, seconds(warsaw(EVERY_DAY, "00:00-24:00"), midnight, nextMidnight));
  }

  @Test
  void intervalStartingInTheGapMovesForwardByTheGap() {
    ServiceSchedule s = warsaw(EnumSet.of(SUNDAY), "02:30-04:00");
    // 2026-03-29 02:30 does not exist; ZonedDateTime.of moves it forward by the 1 h gap to 03:30 CEST,
    // so the interval is 03:30-04:00 CEST: 30 min
    assertEquals(1_800.0, seconds(s, utcOffset("2026-03-29T00:00+01:00"), utcOffset("2026-03-30T00:00+02:00")));
    assertEquals(0.0, seconds(s, utcOffset("2026-03-29T03:00+02:00"), utcOffset("2026-03-29T03:30+02:00")));
    assertEquals(1_800.0, seconds(s, utcOffset("2026-03-29T03:30+02:00"), utcOffset("2026-03-29T04:00+02:00")));
  }

  @Test
  void intervalsThatMeetInTheGapAreCountedOnce() {
    // 02:00-02:45 moves to 03:00-03:45 CEST and overlaps 03:00-04:00: together 03:00-04:00 = 1 h
    ServiceSchedule s = warsaw(EnumSet.of(SUNDAY), "02:00-02:45", "03:00-04:00");
    assertEquals(3_600.0, seconds(s, utcOffset("2026-03-29T00:00+01:00"), utcOffset("2026-03-30T00:00+02:00")));
    // 02:00-03:00 both ends resolve to 03:00 CEST: nothing
    assertEquals(0.0, seconds(warsaw(EnumSet.of(SUNDAY), "02:00-03:00"),
        utcOffset("2026-03-29T00:00+01:00"), utcOffset("2026-03-30T00:00+02:00")));
  }

  @Test
  void intervalInTheOverlapTakesTheEarlierOffset() {
    // 2026-10-25: 02:30 is ambiguous, the earlier offset gives 02:30 CEST = 00:30Z; 03:00 is
    // 03:00 CET = 02:00Z; so 02:30-03:00 lasts 1.5 h
    ServiceSchedule s = warsaw(EnumSet.of(SUNDAY), "02:30-03:00");
    assertEquals(5_400.0, seconds(s, utcOffset("2026-10-25T00:00+02:00"), utcOffset("2026-10-26T00:00+01:00")));
    assertEquals(5_400.0, seconds(s, Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-25T02:00:00Z")));
  }

  @Test
  void midnightGap() {
    // America/Santiago 2026-09-06: Sunday 00:00 -04 becomes 01:00 -03. Saturday 20:00-24:00 ends at
    // Sunday's 00:00, resolved to 01:00 -03 = 04:00Z: 4 h; Sunday 00:00-02:00 starts at 01:00 -03: 1 h
    ServiceSchedule s = new ServiceSchedule(ZoneId.of("America/Santiago"),
        Map.of(SATURDAY, List.of(ServiceInterval.parse("20:00-24:00")),
            SUNDAY, List.of(ServiceInterval.parse("00:00-02:00"))), Set.of(), Set.of());
    assertEquals(18_000.0, seconds(s, utcOffset("2026-09-05T12:00-04:00"), utcOffset("2026-09-06T12:00-03:00")));
    assertEquals(14_400.0, seconds(s, utcOffset("2026-09-05T12:00-04:00"), Instant.parse("2026-09-06T04:00:00Z")));
  }

  @Test
  void gapAcrossMidnightPushesAnEndIntoTheNextDate() {
    // America/Toronto, Sunday 1919-03-30 23:30 -05 became Monday 00:30 -04 (04:30Z, where Monday
    // starts). Sunday 22:00-24:00 runs from 22:00 -05 = 03:00Z to Monday's 00:00, which lies in the gap
    // and moves forward by it to 01:00 -04 = 05:00Z: 2 h, the last 30 min of them on Monday
    ServiceSchedule s = new ServiceSchedule(ZoneId.of("America/Toronto"),
        Map.of(SUNDAY, List.of(ServiceInterval.parse("22:00-24:00"))), Set.of(), Set.of());
    assertEquals(7_200.0, seconds(s, utcOffset("1919-03-30T12:00-05:00"), utcOffset("1919-03-31T12:00-04:00")));
    assertEquals(900.0, seconds(s, Instant.parse("1919-03-31T04:45:00Z"), Instant.parse("1919-03-31T06:00:00Z")));
  }

  @Test
  void skippedDateSpillsIntoTheNextOne() {
    // Pacific/Apia skipped 2011-12-30 (12-29 24:00 -10 became 12-31 00:00 +14). The 30th's times move
    // forward a day onto the 31st's, so with 09:00-18:00 daily: 12-29 9 h, then 12-30 and 12-31
    // together 9 h; with 00:00-24:00: 12-29 24 h, 12-30 nothing, 12-31 24 h
    ZoneId apia = ZoneId.of("Pacific/Apia");
    Instant from = utcOffset("2011-12-29T00:00-10:00");
    Instant to = utcOffset("2012-01-01T00:00+14:00");
    assertEquals(64_800.0, seconds(schedule(apia, week(EVERY_DAY, "09:00-18:00")), from, to));
    assertEquals(172_800.0, seconds(schedule(apia, week(EVERY_DAY, "00:00-24:00")), from, to));
  }

  // ---- cross-check ---------------------------------------------------------------------------

  /**
   * Brute force: each UTC minute is in service when its local wall-clock time lies in an interval
   * of its local date (not a holiday). Valid for schedules whose interval ends are whole minutes
   * and never inside a DST gap or overlap (midnight included), and zones with whole-minute offsets.
   */
  private static long bruteForceMicros(ServiceSchedule s, long a, long b) {
    final long minute = 60_000_000L;
    long sum = 0;
    for (long m = Math.floorDiv(a, minute) * minute; m < b; m += minute) {
      LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochSecond(m / 1_000_000L), s.zone());
      LocalDate date = local.toLocalDate();
      if (s.holidays().contains(date) || s.yearlyHolidays().contains(MonthDay.of(date.getMonth(), date.getDayOfMonth()))) {
        continue;
      }
      int minuteOfDay = local.getHour() * 60 + local.getMinute();
      for (ServiceInterval i : s.hours(date.getDayOfWeek())) {
        if (i.startMinute() <= minuteOfDay && minuteOfDay < i.endMinute()) {
          sum += Math.min(b, m + minute) - Math.max(a, m);
        }
      }
    }
    return sum;
  }

  private static void crossCheck(ServiceSchedule s, String windowStart, int windowDays, long seed) {
    Random random = new Random(seed);
    long start = BusinessTime.micros(Instant.parse(windowStart));
    long window = windowDays * 86_400_000_000L;
    for (int i = 0; i < 60; i++) {
      long a = start + (long) (random.nextDouble() * window);
      long span = switch (i % 3) {
        case 0 -> (long) (random.nextDouble() * 86_400_000_000L);
        case 1 -> (long) (random.nextDouble() * 4 * 86_400_000_000L);
        default -> (long) (random.nextDouble() * (start + window - a));
      };
      long b = a + span;
      assertEquals(bruteForceMicros(s, a, b), s.businessTime().businessMicros(a, b),
          () -> s.zone() + " " + Instant.ofEpochSecond(0, a * 1000) + " .. " + Instant.ofEpochSecond(0, b * 1000));
    }
  }

  @Test
  void agreesWithBruteForceAcrossDstChanges() {
    Map<DayOfWeek, List<ServiceInterval>> warsawWeek = week(EnumSet.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY),
        "09:00-13:00", "14:00-18:00");
    warsawWeek.put(FRIDAY, List.of(ServiceInterval.parse("09:00-17:00")));
    warsawWeek.put(SATURDAY, List.of(ServiceInterval.parse("10:00-14:00")));
    warsawWeek.put(SUNDAY, List.of(ServiceInterval.parse("00:00-24:00")));
    ServiceSchedule warsaw = new ServiceSchedule(WARSAW, warsawWeek,
        Set.of(LocalDate.parse("2026-03-31")), Set.of(MonthDay.of(10, 26)));
    crossCheck(warsaw, "2026-03-20T00:00:00Z", 21, 1);
    crossCheck(warsaw, "2026-10-15T00:00:00Z", 21, 2);

    Map<DayOfWeek, List<ServiceInterval>> santiagoWeek = week(WEEKDAYS, "08:00-20:00");
    santiagoWeek.putAll(week(EnumSet.of(SATURDAY, SUNDAY), "00:00-24:00"));
    ServiceSchedule santiago = schedule(ZoneId.of("America/Santiago"), santiagoWeek);
    crossCheck(santiago, "2026-03-28T00:00:00Z", 21, 3);
    crossCheck(santiago, "2026-08-28T00:00:00Z", 21, 4);

    ServiceSchedule newYork = schedule(ZoneId.of("America/New_York"), week(WEEKDAYS, "09:00-17:00"));
    crossCheck(newYork, "2026-02-28T00:00:00Z", 21, 5);
    crossCheck(newYork, "2026-10-25T00:00:00Z", 21, 6);

    crossCheck(schedule(ZoneId.of("Pacific/Apia"), week(EVERY_DAY, "09:00-18:00")), "2011-12-20T00:00:00Z", 21, 7);
  }

  // ---- shipping and sharing ------------------------------------------------------------------

  @Test
  void survivesSerialization() throws Exception {
    ServiceSchedule s = warsaw(WEEKDAYS, "09:00-18:00");
    assertEquals(300.0, seconds(s, at("2026-03-06T23:50"), at("2026-03-09T09:05")));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
      out.writeObject(s.businessTime());
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      ServiceSchedule copy = (ServiceSchedule) in.readObject();
      BusinessTime time = (BusinessTime) in.readObject();
      assertEquals(s, copy);
      assertEquals(300.0, seconds(copy, at("2026-03-06T23:50"), at("2026-03-09T09:05")));
      assertEquals(300.0, time.businessSeconds(at("2026-03-06T23:50"), at("2026-03-09T09:05")));
    }
  }

  @Test
  void threadsSharingOneCalculatorAgreeWithAFreshOne() throws Exception {
    ServiceSchedule s = warsaw(WEEKDAYS, "09:00-13:00", "14:00-18:00");
    Random random = new Random(42);
    long from = BusinessTime.micros(Instant.parse("1975-01-01T00:00:00Z"));
    long range = BusinessTime.micros(Instant.parse("2075-01-01T00:00:00Z")) - from;
    List<long[]> pairs = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      long a = from + (long) (random.nextDouble() * range);
      long b = from + (long) (random.nextDouble() * range);
      pairs.add(new long[] {Math.min(a, b), Math.max(a, b)});
    }
    BusinessTime fresh = new BusinessTime(s);
    long[] expected = new long[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      expected[i] = fresh.businessMicros(pairs.get(i)[0], pairs.get(i)[1]);
    }
    BusinessTime shared = new BusinessTime(s);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<long[]>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t * 500;
        results.add(pool.submit(() -> {
          long[] out = new long[pairs.size()];
          for (int i = 0; i < pairs.size(); i++) {
            long[] p = pairs.get((i + offset) % pairs.size());
            out[(i + offset) % pairs.size()] = shared.businessMicros(p[0], p[1]);
          }
          return out;
        }));
      }
      for (Future<long[]> result : results) {
        assertArrayEquals(expected, result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void overlappingIntervalsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> warsaw(EnumSet.of(MONDAY), "12:00-18:00", "09:00-13:00"));
    assertEquals("intervals 09:00-13:00 and 12:00-18:00 overlap", e.getMessage());
  }
}
