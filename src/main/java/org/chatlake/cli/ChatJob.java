package org.chatlake.cli;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.chatlake.job.ChatPipeline;
import org.chatlake.job.JobFailure;
import org.chatlake.job.JobOptions;
import org.chatlake.output.JavaLocalFileSystem;
import org.chatlake.service.ServiceConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The job's entry point. Under spark-submit it uses the session it is given; run directly it
 * starts an embedded {@code local[*]} session.
 */
@Command(name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = Chatlake.Version.class,
    sortOptions = false,
    description = {
        "Ingests HelpCrunch chat (and message) exports and merges them into the output's Delta tables:",
        "normalised chats, chat agents, messages and the daily support metrics, partitioned by report_date.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the run succeeded and every table is committed",
        "1:the run failed (I/O, Spark, a concurrent run, anything else); the cause is printed as one line",
        "2:usage error: bad option, bad --config, input path that does not exist, no input files, another --timezone",
        "3:more than --max-reject-ratio of the input records were rejected; only rejects and _runs/ are written"})
public final class ChatJob implements Callable<Integer> {
  @Option(names = "--input", paramLabel = "PATH", required = true,
      description = "Chat exports: file, directory (recursive), glob or any Hadoop URI. Repeatable.")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--messages", paramLabel = "PATH",
      description = "Message exports (Messages API), same path rules as --input. Repeatable.")
  List<String> messages = new ArrayList<>();

  @Option(names = "--output", paramLabel = "DIR", required = true, description = "Output root directory.")
  String output;

  @Option(names = "--timezone", paramLabel = "ZONE", defaultValue = "UTC",
      description = "Time zone of report_date (IANA name). Default: ${DEFAULT-VALUE}.")
  String timezone;

  @Option(names = "--max-reject-ratio", paramLabel = "R", defaultValue = "0.01",
      description = "Fail the run (exit 3) when more than this share of records is rejected. Default: ${DEFAULT-VALUE}.")
  double maxRejectRatio;

  @Option(names = "--mode", paramLabel = "MODE",
      description = "full or incremental. Default: incremental when the output exists, else full.")
  String mode;

  @Option(names = "--split-size-mb", paramLabel = "MB", defaultValue = "128",
      description = "Largest piece of an uncompressed JSON Lines file one task reads. Default: ${DEFAULT-VALUE}.")
  long splitSizeMb;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Service hours and SLA targets (YAML, service-hours.md). Without it the SLA columns are null.")
  String config;

  @Option(names = "--as-of", paramLabel = "INSTANT",
      description = "Judge pending SLA outcomes at this instant (ISO-8601, e.g. 2026-03-02T09:00:00Z)"
          + " instead of the output's data horizon.")
  String asOf;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the job (the {@code run} command) and returns its exit code (never calls System.exit). */
  public static int run(String... args) {
    return Chatlake.execute(new CommandLine(new ChatJob()), args);
  }

  @Override
  public Integer call() throws Exception {
    JobOptions options = validate();
    SparkSession spark = session();
    ChatPipeline pipeline = new ChatPipeline(spark, options);
    pipeline.run();
    System.out.println("chatlake: run " + pipeline.summary().runId + " succeeded; output in " + output);
    return 0;
  }

  private JobOptions validate() {
    try {
      ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw usage("--timezone: unknown time zone '" + timezone + "'");
    }
    if (!(maxRejectRatio >= 0 && maxRejectRatio <= 1)) {
      throw usage("--max-reject-ratio must be between 0 and 1, got " + maxRejectRatio);
    }
    if (splitSizeMb < 1) {
      throw usage("--split-size-mb must be at least 1");
    }
    JobOptions.Mode parsedMode = null;
    if (mode != null) {
      switch (mode.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "full" -> parsedMode = JobOptions.Mode.FULL;
        case "incremental" -> parsedMode = JobOptions.Mode.INCREMENTAL;
        default -> throw usage("--mode must be full or incremental, got '" + mode + "'");
      }
    }
    JobOptions.ServiceSetup service = serviceSetup(config, asOf);
    return new JobOptions(inputs, messages, output, ZoneId.of(timezone).getId(), maxRejectRatio,
        parsedMode, splitSizeMb >= (1L << 43) ? Long.MAX_VALUE : splitSizeMb << 20, service);
  }

  /** Loads and checks --config and --as-of before anything is read or written. */
  static JobOptions.ServiceSetup serviceSetup(String config, String asOf) {
    java.time.Instant instant = null;
    if (asOf != null) {
      try {
        instant = java.time.Instant.parse(asOf.trim());
      } catch (java.time.format.DateTimeParseException e) {
        throw usage("--as-of: not an ISO-8601 instant: '" + asOf + "' (e.g. 2026-03-02T09:00:00Z)");
      }
      if (config == null) {
        throw usage("--as-of needs --config (it sets the instant SLA outcomes are judged at)");
      }
    }
    if (config == null) {
      return JobOptions.ServiceSetup.NONE;
    }
    return new JobOptions.ServiceSetup(config, ServiceConfig.load(java.nio.file.Path.of(config)), instant);
  }

  /**
   * The session spark-submit configured, or an embedded local one when there is no master. A
   * session that already exists in this JVM (an embedding application's, the tests') is used as it
   * is: the local defaults below would otherwise overwrite its runtime settings.
   */
  public static SparkSession session() {
    scala.Option<SparkSession> existing = SparkSession.getDefaultSession();
    if (existing.isDefined()) {
      return existing.get();
    }
    SparkSession.Builder builder = SparkSession.builder().appName("chatlake")
        .config("spark.sql.debug.maxToStringFields", "500")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    SparkConf given = new SparkConf();
    if (!given.contains("spark.master")) {
      int cores = Runtime.getRuntime().availableProcessors();
      builder.master("local[*]")
          .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(4, cores * 2)))
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          // A run plans a few hundred distinct queries (Delta's included): with Spark's default of
          // 100 cached compiled classes, each run in a long-lived process compiles most of them again.
          .config("spark.sql.codegen.cache.maxEntries", "2000");
      // Hadoop's local file system starts a chmod or readlink process for most files it writes.
      JavaLocalFileSystem.sparkSettings().forEach((key, value) -> {
        if (!given.contains(key)) {
          builder.config(key, value);
        }
      });
      if (!given.contains("spark.locality.wait")) {
        // One executor: waiting for a "more local" slot only idles the cores (seen as stages of
        // cached data that sat for a second or more with no task running).
        builder.config("spark.locality.wait", "0");
      }
    }
    return builder.getOrCreate();
  }

  private static JobFailure usage(String message) {
    return new JobFailure(JobFailure.USAGE, message);
  }

}
