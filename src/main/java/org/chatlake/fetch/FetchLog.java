package org.chatlake.fetch;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The fetcher's log lines, on stdout ({@code HH:mm:ss fetch: ...}): stderr is kept for the one
 * line that says why a fetch failed. Every line is redacted. Tests may redirect it.
 */
public final class FetchLog {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static volatile PrintStream out;

  private FetchLog() {}

  /** Where lines go from now on; null: System.out as it is at each line. */
  public static void to(PrintStream stream) {
    out = stream;
  }

  public static void info(String format, Object... args) {
    print("", format, args);
  }

  /** Something the fetch worked around but an operator should know about. */
  public static void warn(String format, Object... args) {
    print("WARN ", format, args);
  }

  private static void print(String level, String format, Object... args) {
    String line = Redaction.redact(String.format(java.util.Locale.ROOT, format, args));
    PrintStream target = out == null ? System.out : out;
    target.println(LocalTime.now().format(TIME) + " fetch: " + level + line);
  }
}
