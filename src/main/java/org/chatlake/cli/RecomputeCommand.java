package org.chatlake.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.chatlake.job.ChatPipeline;
import org.chatlake.job.JobFailure;
import org.chatlake.job.JobOptions;
import org.chatlake.model.Tables;
import org.chatlake.output.DeltaTables;
import org.chatlake.output.OutputLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatlake recompute}: the derived columns and daily tables again, from what is stored, with a new config. */
@Command(name = "recompute",
    mixinStandardHelpOptions = true,
    versionProvider = Chatlake.Version.class,
    sortOptions = false,
    description = {
        "Recomputes every chat's message and service-hours columns from the stored chats and messages",
        "(no export needed) with the given --config, then the daily tables of every date. It is a run:",
        "staged, committed table by table and recorded in _runs/ like any other. Use it after changing",
        "the service-hours config; without --config the service columns become null.", ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every table is committed",
        "1:the recompute failed (the cause is printed as one line)",
        "2:usage error: bad --config or --as-of, no output to recompute"})
public final class RecomputeCommand implements Callable<Integer> {
  @Option(names = "--output", paramLabel = "DIR", required = true, description = "Output root directory.")
  String output;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Service hours and SLA targets (YAML, service-hours.md).")
  String config;

  @Option(names = "--as-of", paramLabel = "INSTANT",
      description = "Judge pending SLA outcomes at this instant instead of the output's data horizon.")
  String asOf;

  @Override
  public Integer call() throws Exception {
    JobOptions.ServiceSetup service = ChatJob.serviceSetup(config, asOf);
    SparkSession spark = ChatJob.session();
    String zone = new DeltaTables(spark, new OutputLayout(output)).property(Tables.CHATS, DeltaTables.TIMEZONE_PROPERTY);
    JobOptions options = new JobOptions(List.of(), List.of(), output, zone == null ? "UTC" : zone, 0, null,
        JobOptions.DEFAULT_SPLIT_BYTES, service);
    ChatPipeline pipeline = new ChatPipeline(spark, options);
    pipeline.recompute();
    System.out.println("chatlake: recompute " + pipeline.summary().runId + " succeeded; output in " + output);
    return JobFailure.SUCCESS;
  }
}
