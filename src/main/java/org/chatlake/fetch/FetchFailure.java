package org.chatlake.fetch;

/**
 * A fetch that ends with a known cause and exit code: 1 (failed) or 2 (usage, or the API key
 * was rejected). Its message is one line, never holding the API key.
 */
public class FetchFailure extends RuntimeException {
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  private final int exitCode;

  public FetchFailure(int exitCode, String message) {
    super(Redaction.redact(message));
    this.exitCode = exitCode;
  }

  public FetchFailure(int exitCode, String message, Throwable cause) {
    super(Redaction.redact(message), cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
