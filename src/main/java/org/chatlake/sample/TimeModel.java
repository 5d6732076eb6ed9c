package org.chatlake.sample;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * When chats are created: spread over the period with a daily rhythm (busy working hours, quiet nights) and quieter
 * weekends. Chat k of n lands at the (k + jitter)/n quantile of the period's load curve, so creation times grow with
 * the chat id, as in HelpCrunch.
 */
final class TimeModel {
  /** Relative load per UTC hour of day. */
  private static final double[] HOURLY = {0.15, 0.10, 0.08, 0.08, 0.10, 0.20, 0.40, 0.80, 1.20, 1.50, 1.60, 1.60,
    1.45, 1.50, 1.60, 1.50, 1.30, 1.10, 0.90, 0.80, 0.70, 0.60, 0.40, 0.25};
  private static final double WEEKEND = 0.45;

  private final long startSecond;
  private final double[] cumulative; // cumulative load at the end of each hour bucket, normalised to 1

  TimeModel(LocalDate start, int days) {
    if (days < 1) {
      throw new IllegalArgumentException("days must be >= 1");
    }
    this.startSecond = start.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    this.cumulative = new double[days * 24];
    double sum = 0;
    for (int d = 0; d < days; d++) {
      DayOfWeek dow = start.plusDays(d).getDayOfWeek();
      double f = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? WEEKEND : 1.0;
      for (int h = 0; h < 24; h++) {
        sum += HOURLY[h] * f;
        cumulative[d * 24 + h] = sum;
      }
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= sum;
    }
  }

  /** The end of the period (midnight UTC after its last day), in milliseconds. */
  long endMillis() {
    return (startSecond + cumulative.length * 3600L) * 1000L;
  }

  /** Creation time of chat {@code index} of {@code n}, whole seconds, in milliseconds. */
  long createdAtMillis(long index, long n, SplittableRandom r) {
    double u = (index + r.nextDouble()) / n;
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    double before = lo == 0 ? 0 : cumulative[lo - 1];
    double width = cumulative[lo] - before;
    double frac = width <= 0 ? 0 : Math.min(0.999999, Math.max(0, (u - before) / width));
    long second = startSecond + lo * 3600L + (long) (frac * 3600);
    return second * 1000L;
  }

  /** Whether agents are at work (weekday, 07:00-19:00 UTC): replies are quick then, slow otherwise. */
  static boolean workingHours(long millis) {
    long second = Math.floorDiv(millis, 1000L);
    int hour = (int) Math.floorMod(second, 86400L) / 3600;
    DayOfWeek dow = Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC).getDayOfWeek();
    return hour >= 7 && hour < 19 && dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
  }
}
