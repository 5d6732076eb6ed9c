package org.chatlake.job;

/** A run that ends with a known cause and exit code (see the README's exit codes). */
public final class JobFailure extends RuntimeException {
  public static final int SUCCESS = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int TOO_MANY_REJECTS = 3;

  private final int exitCode;

  public JobFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
