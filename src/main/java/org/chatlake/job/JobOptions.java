package org.chatlake.job;

import java.util.List;
import org.chatlake.service.ServiceConfig;

/** What one run of the job does; the CLI builds it from the command line. */
public record JobOptions(
    List<String> inputs,
    List<String> messageInputs,
    String output,
    String timezone,
    double maxRejectRatio,
    Mode mode,
    long splitBytes,
    ServiceSetup service) {

  public static final long DEFAULT_SPLIT_BYTES = 128L << 20;

  /**
   * The service-hours config of a run (service-hours.md) and the instant its SLA outcomes are
   * judged at; {@code config} null without {@code --config}, {@code asOf} null for the data horizon.
   */
  public record ServiceSetup(String configPath, ServiceConfig config, java.time.Instant asOf) {
    public static final ServiceSetup NONE = new ServiceSetup(null, null, null);
  }

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
    service = service == null ? ServiceSetup.NONE : service;
  }
}
