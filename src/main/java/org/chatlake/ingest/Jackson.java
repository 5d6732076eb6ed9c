package org.chatlake.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;

/** The one Jackson configuration of the readers. */
final class Jackson {
  private Jackson() {}

  /** Long texts are real (input.md): allow strings far beyond Jackson's 20M-character default. */
  static final int MAX_STRING_LENGTH = 200_000_000;

  /**
   * The longest JSON Lines line read: a string of {@link #MAX_STRING_LENGTH} characters takes up to
   * 4 bytes a character in UTF-8, plus room for the rest of the record. Still below a Java array's
   * 2 GiB limit.
   */
  static final int MAX_LINE_BYTES = 4 * MAX_STRING_LENGTH + (64 << 20);

  /**
   * Nesting the parser itself allows (a context object per level: a few MB at most). Records are
   * held to {@link JsonValues#MAX_DEPTH} by the record parsers, which reject them and let the reader
   * skip to the next record; past Jackson's own limit the parser cannot always go on.
   */
  static final int MAX_NESTING_DEPTH = 100_000;

  /**
   * Digits of a number, and characters of a field name, the parser allows (Jackson's defaults are
   * 1,000 and 50,000; past a limit it cannot always go on to the next record). No number is
   * converted before {@link JsonValues} has checked its length.
   */
  static final int MAX_NUMBER_OR_NAME_LENGTH = 1_000_000;

  /**
   * Bare {@code NaN} and {@code Infinity} (as Python's json module writes them) are read as numbers,
   * so that one such value rejects its record (or is ignored in an unknown field) instead of making
   * the rest of an array unparseable.
   */
  static JsonFactory factory() {
    return JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(MAX_STRING_LENGTH).maxNestingDepth(MAX_NESTING_DEPTH)
            .maxNumberLength(MAX_NUMBER_OR_NAME_LENGTH).maxNameLength(MAX_NUMBER_OR_NAME_LENGTH).build())
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .build();
  }
}
