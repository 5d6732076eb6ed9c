package org.chatlake.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes realistic, deterministic HelpCrunch chat and message exports: same arguments, byte-identical files.
 *
 * <pre>
 * SampleDataGenerator --out sample-data                         # the committed sample (5000 chats, seed 42)
 * SampleDataGenerator --out /data/bench --chats 3000000 --layout bench --no-messages
 * SampleDataGenerator --out /data/big --chats 1500000 --single-file jsonl --no-messages   # one file over 2 GiB
 * </pre>
 *
 * Library use: {@link #generate(GeneratorOptions)}.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
  version = "chatlake sample data generator 0.1",
  description = "Generates deterministic HelpCrunch chat and message exports (JSON API pages, arrays, JSON Lines).")
public final class SampleDataGenerator implements Callable<Integer> {
  /** Bench layout: the last message (and so lastMessageText) is lengthened to this many characters. */
  static final int BENCH_LAST_MESSAGE_CHARS = 740;

  @Option(names = "--chats", description = "Number of chats (default: ${DEFAULT-VALUE}).", defaultValue = "5000")
  long chats;

  @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "42")
  long seed;

  @Option(names = "--out", required = true, description = "Output directory (chats/ and messages/ are written in it).")
  Path out;

  @Option(names = "--days", description = "Days the chats are spread over (default: ${DEFAULT-VALUE}).", defaultValue = "30")
  int days;

  @Option(names = "--start-date", description = "First day, UTC, YYYY-MM-DD (default: ${DEFAULT-VALUE}).",
    defaultValue = "2026-10-01")
  LocalDate startDate;

  @Option(names = "--messages", negatable = true, defaultValue = "true", fallbackValue = "true",
    description = "Also write the messages export (default: ${DEFAULT-VALUE}).")
  boolean messages;

  @Option(names = "--layout", description = "sample or bench (default: sample; bench with --single-file).")
  GeneratorOptions.Layout layout;

  @Option(names = "--single-file", description = "Bench layout: write all chats into one file: api or jsonl.")
  GeneratorOptions.SingleFile singleFile;

  @Option(names = "--chats-per-file", defaultValue = "100000",
    description = "Bench layout: chats per file (default: ${DEFAULT-VALUE}).")
  int chatsPerFile;

  @Option(names = "--threads", description = "Bench layout: files written in parallel (default: min(4, CPUs)).")
  Integer threads;

  @Option(names = "--overwrite", description = "Delete chats/ and messages/ under --out first.")
  boolean overwrite;

  @Option(names = "--report-json", description = "Also write the generation report as JSON to this file.")
  Path reportJson;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (case-insensitive enum values, ISO dates). */
  public static CommandLine commandLine() {
    return commandLine(new SampleDataGenerator());
  }

  static CommandLine commandLine(SampleDataGenerator command) {
    CommandLine cl = new CommandLine(command);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.registerConverter(LocalDate.class, LocalDate::parse);
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("error: " + e.getMessage());
      return 2;
    });
    return cl;
  }

  @Override
  public Integer call() throws IOException {
    GeneratorOptions.Builder b = GeneratorOptions.builder(out).chats(chats).seed(seed).days(days)
      .startDate(startDate).messages(messages)
      .layout(layout != null ? layout : singleFile != null ? GeneratorOptions.Layout.BENCH : GeneratorOptions.Layout.SAMPLE)
      .singleFile(singleFile).chatsPerFile(chatsPerFile);
    if (threads != null) {
      b.threads(threads);
    }
    GeneratorOptions opts = b.build();
    if (overwrite) {
      deleteTree(out.resolve("chats"));
      deleteTree(out.resolve("messages"));
    }
    long t0 = System.nanoTime();
    GenerationReport report = generate(opts);
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.print(report.summary());
    System.out.printf("took %.1f s (%.1f MB/s)%n", secs, report.totalBytes() / 1e6 / Math.max(secs, 1e-9));
    if (reportJson != null) {
      Files.writeString(reportJson, report.toJson());
    }
    return 0;
  }

  /**
   * Generates the files described by {@code opts} under {@code opts.out()}. The directory's {@code chats/} and
   * {@code messages/} must not hold files yet (they would mix with the new ones).
   */
  public static GenerationReport generate(GeneratorOptions opts) throws IOException {
    for (String sub : new String[] {"chats", "messages"}) {
      Path p = opts.out().resolve(sub);
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          if (s.findAny().isPresent()) {
            throw new IOException(p + " is not empty; remove it first (or use --overwrite)");
          }
        }
      }
    }
    Files.createDirectories(opts.out());
    TimeModel time = new TimeModel(opts.startDate(), opts.days());
    boolean bench = opts.layout() == GeneratorOptions.Layout.BENCH;
    ChatFactory factory = new ChatFactory(opts.seed(), opts.chats(), time, bench ? BENCH_LAST_MESSAGE_CHARS : 0, !bench);
    ReportCollector rc;
    if (bench) {
      rc = new BenchLayout(opts, factory).write();
    } else {
      rc = new ReportCollector();
      new SampleLayout(opts, factory, rc).write();
    }
    return rc.build(opts);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(x -> {
        try {
          Files.delete(x);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
