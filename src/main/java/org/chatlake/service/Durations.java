package org.chatlake.service;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SLA target durations: {@code 90s}, {@code 15m}, {@code 1h30m}, {@code 2d} (24 hours) or ISO-8601. */
final class Durations {
  private Durations() {}

  private static final Pattern SHORT = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
  private static final long[] UNIT_SECONDS = {86_400, 3_600, 60, 1};

  /**
   * The duration in seconds; it may be zero or negative (ISO allows a sign), which the caller
   * rejects with its own message.
   *
   * @throws IllegalArgumentException quoting the text, when it is not a duration
   */
  static double seconds(String text) {
    if (text.startsWith("P") || text.startsWith("p")) {
      try {
        Duration d = Duration.parse(text);
        return d.getSeconds() + d.getNano() / 1e9;
      } catch (DateTimeParseException e) {
        throw bad(text);
      }
    }
    Matcher m = SHORT.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      throw bad(text);
    }
    try {
      long seconds = 0;
      for (int unit = 0; unit < UNIT_SECONDS.length; unit++) {
        String digits = m.group(unit + 1);
        if (digits != null) {
          seconds = Math.addExact(seconds, Math.multiplyExact(Long.parseLong(digits), UNIT_SECONDS[unit]));
        }
      }
      return seconds;
    } catch (NumberFormatException | ArithmeticException e) {
      throw bad(text);
    }
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException(
        "bad duration \"" + text + "\", expected e.g. 90s, 15m, 1h30m, 2d or PT15M");
  }
}
