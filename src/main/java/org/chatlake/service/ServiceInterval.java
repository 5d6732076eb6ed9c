package org.chatlake.service;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service interval of a weekday: local wall-clock [start, end) in minutes of the day. Minutes
 * because the config gives {@code HH:MM}; the end may be 24:00 (1440), which the spec reads as the
 * next day's 00:00, so a 24-hour day needs no second interval.
 */
public record ServiceInterval(int startMinute, int endMinute)
    implements Serializable, Comparable<ServiceInterval> {
  static final int DAY_MINUTES = 24 * 60;
  private static final Pattern TEXT = Pattern.compile("(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");

  public ServiceInterval {
    if (startMinute < 0 || startMinute >= DAY_MINUTES || endMinute <= startMinute || endMinute > DAY_MINUTES) {
      throw new IllegalArgumentException("bad interval: minutes " + startMinute + " to " + endMinute);
    }
  }

  /** {@code HH:MM-HH:MM}; the message of a bad one quotes it and says what is wrong. */
  public static ServiceInterval parse(String text) {
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw bad(text, "expected HH:MM-HH:MM");
    }
    int startHour = Integer.parseInt(m.group(1));
    int startMinute = Integer.parseInt(m.group(2));
    int endHour = Integer.parseInt(m.group(3));
    int endMinute = Integer.parseInt(m.group(4));
    if (startHour == 24 && startMinute == 0) {
      throw bad(text, "24:00 is allowed only as an end");
    }
    if (startHour > 23 || startMinute > 59) {
      throw bad(text, m.group(1) + ":" + m.group(2) + " is not a time of day");
    }
    boolean endIsMidnight = endHour == 24 && endMinute == 0;
    if (!endIsMidnight && (endHour > 23 || endMinute > 59)) {
      throw bad(text, m.group(3) + ":" + m.group(4) + " is not a time of day");
    }
    int start = startHour * 60 + startMinute;
    int end = endHour * 60 + endMinute;
    if (end <= start) {
      throw bad(text, "end must be after start");
    }
    return new ServiceInterval(start, end);
  }

  /**
   * Rejects the first overlap of a day's intervals (given sorted): two intervals of one day would
   * otherwise count the shared time once or twice depending on how they are summed.
   */
  static void requireDisjoint(List<ServiceInterval> sorted) {
    ServiceInterval furthest = null;
    for (ServiceInterval i : sorted) {
      if (furthest != null && i.startMinute < furthest.endMinute) {
        throw new IllegalArgumentException("intervals " + furthest + " and " + i + " overlap");
      }
      if (furthest == null || i.endMinute > furthest.endMinute) {
        furthest = i;
      }
    }
  }

  @Override
  public int compareTo(ServiceInterval other) {
    int byStart = Integer.compare(startMinute, other.startMinute);
    return byStart != 0 ? byStart : Integer.compare(endMinute, other.endMinute);
  }

  @Override
  public String toString() {
    return clock(startMinute) + "-" + clock(endMinute);
  }

  private static String clock(int minute) {
    return String.format("%02d:%02d", minute / 60, minute % 60);
  }

  private static IllegalArgumentException bad(String text, String what) {
    return new IllegalArgumentException("bad interval \"" + text + "\": " + what);
  }
}
