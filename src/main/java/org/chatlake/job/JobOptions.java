package org.chatlake.job;

import java.util.List;

/** What one run of the job does; the CLI builds it from the command line. */
public record JobOptions(
    List<String> inputs,
    List<String> messageInputs,
    String output,
    String timezone,
    double maxRejectRatio,
    Mode mode,
    long splitBytes) {

  public static final long DEFAULT_SPLIT_BYTES = 128L << 20;

  /** How a run treats an existing output. */
  public enum Mode {
    /** Merge the input into the existing chats of the dates it touches (default when output exists). */
    INCREMENTAL,
    /** Ignore the existing output; replace the dates the input touches with the input alone. */
    FULL
  }

  public JobOptions {
    inputs = List.copyOf(inputs);
    messageInputs = List.copyOf(messageInputs);
  }
}
