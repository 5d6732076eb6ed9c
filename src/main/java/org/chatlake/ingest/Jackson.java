package org.chatlake.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;

/** The one Jackson configuration of the readers. */
final class Jackson {
  private Jackson() {}

  /** Long texts are real (input.md): allow strings far beyond Jackson's 20M-character default. */
  private static final int MAX_STRING_LENGTH = 200_000_000;

  static JsonFactory factory() {
    return JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_LENGTH).build())
        .build();
  }
}
