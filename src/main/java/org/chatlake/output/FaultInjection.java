package org.chatlake.output;

/**
 * Lets the crash tests stop the JVM dead (like kill -9) at an exact point of a commit:
 * {@code -Dchatlake.fault.halt=swap:3} halts after the third partition swap. Unset in production.
 */
final class FaultInjection {
  private FaultInjection() {}

  static final String PROPERTY = "chatlake.fault.halt";

  static void maybeHalt(String point, int count) {
    String spec = System.getProperty(PROPERTY);
    if (spec != null && spec.equals(point + ":" + count)) {
      Runtime.getRuntime().halt(137);
    }
  }
}
