package org.chatlake.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.chatlake.job.JobFailure;
import org.chatlake.job.OutputRestore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatlake restore}: puts every table back as it was before a given run. */
@Command(name = "restore",
    mixinStandardHelpOptions = true,
    versionProvider = Chatlake.Version.class,
    sortOptions = false,
    description = {
        "Restores every table of the output to its version before the given run (Delta RESTORE to the",
        "versions that run's ledger _runs/<run_id>.json recorded when it started). That undoes the run",
        "and every later one; their ledgers stay, and the restore writes its own. Run it while no job",
        "writes to the output. The rejects table is a log and is kept as it is.", ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every table is restored",
        "1:a table could not be restored (the cause is printed); tables restored before it stay restored",
        "2:usage error: no such output or run"})
public final class RestoreCommand implements Callable<Integer> {
  @Option(names = "--output", paramLabel = "DIR", required = true, description = "Output root directory.")
  String output;

  @Option(names = "--before-run", paramLabel = "RUN_ID", required = true,
      description = "The run to undo, e.g. 20261126T092447Z-d005 (see _runs/).")
  String runId;

  @Override
  public Integer call() throws Exception {
    SparkSession spark = ChatJob.session();
    OutputRestore.Result result = new OutputRestore(spark, output).restoreBefore(runId);
    System.out.println("chatlake: restored " + output + " to its state before run " + runId + ": "
        + result.describe());
    return JobFailure.SUCCESS;
  }
}
