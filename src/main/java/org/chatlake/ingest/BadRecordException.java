package org.chatlake.ingest;

/** A record that is well-formed JSON but cannot become a row: it goes to rejects with {@link #code()}. */
public final class BadRecordException extends Exception {
  private final String code;

  public BadRecordException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
