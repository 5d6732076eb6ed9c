package org.chatlake.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.chatlake.job.JobFailure;
import org.chatlake.job.OutputMaintenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatlake maintain}: compacts small files and removes files no version needs any more. */
@Command(name = "maintain",
    mixinStandardHelpOptions = true,
    versionProvider = Chatlake.Version.class,
    sortOptions = false,
    description = {
        "Weekly housekeeping of an output: OPTIMIZE (bin-packs the small files that daily runs add into",
        "larger ones) and VACUUM (deletes data files that no version within Delta's retention, 7 days by",
        "default, refers to) on every table. Safe while a run writes: both are Delta commits. RESTORE and",
        "time travel can reach back as far as the retention.", ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every table maintained", "1:a table failed (the cause is printed)", "2:usage error"})
public final class MaintainCommand implements Callable<Integer> {
  @Option(names = "--output", paramLabel = "DIR", required = true, description = "Output root directory.")
  String output;

  @Option(names = "--no-vacuum", description = "Only compact; keep every old file.")
  boolean noVacuum;

  @Override
  public Integer call() throws Exception {
    SparkSession spark = ChatJob.session();
    new OutputMaintenance(spark, output).maintain(!noVacuum).forEach((table, what) ->
        System.out.println("chatlake: " + table + ": " + what));
    return JobFailure.SUCCESS;
  }
}
