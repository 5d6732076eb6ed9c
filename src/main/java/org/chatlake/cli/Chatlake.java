package org.chatlake.cli;

import java.util.Set;
import org.chatlake.job.JobFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code chatlake} entry point: one command per task ({@code run}, {@code recompute},
 * {@code restore}, {@code maintain}, {@code fetch}, {@code fake-api}, {@code sample}). Without a
 * command name the arguments are those of {@code run}, so {@code chatlake --input … --output …}
 * keeps working. {@code fetch}, {@code fake-api} and {@code sample} are started without building
 * the other commands, whose classes refer to Spark: they run on a JVM that never loads a Spark or
 * Hadoop class.
 */
@Command(name = "chatlake",
    mixinStandardHelpOptions = true,
    versionProvider = Chatlake.Version.class,
    description = {"HelpCrunch chat analytics on Apache Spark and Delta Lake.", ""},
    subcommands = {ChatJob.class, RecomputeCommand.class, RestoreCommand.class, MaintainCommand.class,
        FetchCommand.class, org.chatlake.fakeapi.FakeApiCommand.class, org.chatlake.sample.SampleDataGenerator.class,
        CommandLine.HelpCommand.class},
    commandListHeading = "%nCommands:%n")
public final class Chatlake {
  private static final Logger LOG = LoggerFactory.getLogger(Chatlake.class);
  private static final Set<String> TOP_LEVEL = Set.of("-h", "--help", "-V", "--version");

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    // These three start without building the other commands, whose classes refer to Spark.
    String[] rest = args.length == 0 ? args : java.util.Arrays.copyOfRange(args, 1, args.length);
    if (args.length > 0 && args[0].equals("fetch")) {
      return FetchCommand.run(rest);
    }
    if (args.length > 0 && args[0].equals("fake-api")) {
      return org.chatlake.fakeapi.FakeApiCommand.run(rest);
    }
    if (args.length > 0 && args[0].equals("sample")) {
      // the generator's own command line: its date converter and case-insensitive layouts
      return org.chatlake.sample.SampleDataGenerator.commandLine().execute(rest);
    }
    boolean named = args.length == 0 || TOP_LEVEL.contains(args[0]) || !args[0].startsWith("-");
    return named ? execute(new CommandLine(new Chatlake()), args) : ChatJob.run(args);
  }

  /**
   * Runs a command line; every failure becomes one line {@code chatlake: <cause>} on stderr and an
   * exit code (the stack trace of an unexpected one goes to the log).
   */
  static int execute(CommandLine cli, String... args) {
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      int code = e instanceof JobFailure f ? f.exitCode() : JobFailure.FAILED;
      String cause = e instanceof JobFailure ? e.getMessage() : describe(e);
      if (!(e instanceof JobFailure)) {
        LOG.error("Run failed", e);
      }
      commandLine.getErr().println("chatlake: " + cause);
      return code;
    });
    return cli.execute(args);
  }

  /** A Java class name where a message quotes another exception: {@code org.apache.x.SomeException: }. */
  private static final java.util.regex.Pattern CLASS_PREFIX =
      java.util.regex.Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error|Failure)\\b:?\\s*");

  /** The root cause's message as a sentence: the first line only, and no Java class name. */
  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
    msg = CLASS_PREFIX.matcher(msg).replaceAll("").strip();
    return msg.isEmpty() ? "unexpected internal error (the stack trace is in the log above)" : msg;
  }

  /** The version every command prints. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws java.io.IOException {
      java.util.Properties p = new java.util.Properties();
      try (java.io.InputStream in = Chatlake.class.getResourceAsStream("/chatlake-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"chatlake " + p.getProperty("version", "?") + " (built for Spark "
          + p.getProperty("spark", "?") + ", Delta Lake " + p.getProperty("delta", "?") + "; running on Spark "
          + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ")"};
    }
  }
}
