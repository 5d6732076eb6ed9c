package org.chatlake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Poor man's sampling profiler output: summarises a file of repeated {@code jcmd PID Thread.print}
 * dumps (bench/profile.sh writes one every second). For the Spark task threads ("Executor task
 * launch worker") and the driver's main thread it counts, over all samples, the RUNNABLE stacks by
 * their top frame and by their first frame outside the JDK, and classifies each sample into a coarse
 * activity (Jackson parsing, our reader, Row conversion, cache, shuffle, sort, Parquet, codegen...).
 * Samples are taken at safepoints, so treat the shares as rough.
 *
 * <pre>
 * ThreadDumpSummary DUMPS.txt [--top 25]
 * </pre>
 */
public final class ThreadDumpSummary {
  private ThreadDumpSummary() {}

  private static final Pattern THREAD = Pattern.compile("^\"([^\"]*)\".*");
  private static final Pattern FRAME = Pattern.compile("^\\s+at ([^(]+)\\(.*");

  /** Activity by the first matching frame from the top of the stack (order matters). */
  static final String[][] CATEGORIES = {
      {"org.codehaus.janino", "codegen: compiling generated code"},
      {"org.apache.parquet", "Parquet write/read"},
      {"org.xerial.snappy", "Parquet write/read"},
      {"com.fasterxml.jackson", "Jackson parsing (tokens, strings)"},
      {"org.chatlake.ingest.LineReader", "our reader: JSON Lines line splitting"},
      {"org.chatlake.ingest", "our reader/parser (org.chatlake.ingest)"},
      {"scala.jdk.javaapi.CollectionConverters", "our reader/parser (org.chatlake.ingest)"},
      {"org.apache.spark.sql.catalyst.encoders", "Row -> InternalRow conversion (createDataFrame encoder)"},
      {"org.apache.spark.sql.catalyst.CatalystTypeConverters", "Row -> InternalRow conversion (createDataFrame encoder)"},
      {"org.apache.spark.sql.execution.columnar", "in-memory cache: building or reading cached batches"},
      {"org.apache.spark.storage.memory", "in-memory cache: building or reading cached batches"},
      {"org.apache.spark.shuffle", "shuffle write"},
      {"org.apache.spark.util.collection.unsafe.sort", "sort"},
      {"org.apache.spark.sql.execution.UnsafeExternalRowSorter", "sort"},
      {"org.apache.spark.storage.ShuffleBlockFetcherIterator", "shuffle read"},
      {"org.apache.spark.sql.execution.aggregate", "aggregation"},
      {"org.apache.spark.sql.catalyst.expressions.aggregate", "aggregation"},
      {"org.apache.spark.sql.catalyst.expressions.GeneratedClass", "generated code (projections, filters)"},
      {"org.apache.spark.sql.execution.datasources", "file writer / reader"},
      {"org.apache.spark.serializer", "serialization"},
      {"java.util.zip", "compression"},
      {"java.io", "I/O"},
      {"sun.nio", "I/O"},
  };

  public static void main(String[] args) throws IOException {
    List<String> lines = Files.readAllLines(Path.of(args[0]));
    int top = Bench.opt(args, "--top") == null ? 25 : Integer.parseInt(Bench.opt(args, "--top"));
    Map<String, Map<String, Integer>> byTop = new HashMap<>();
    Map<String, Map<String, Integer>> byFirstOwn = new HashMap<>();
    Map<String, Map<String, Integer>> byCategory = new HashMap<>();
    Map<String, Integer> runnable = new HashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    int dumps = 0;
    String group = null;
    boolean isRunnable = false;
    List<String> frames = new ArrayList<>();
    for (String l : lines) {
      if (l.startsWith("Full thread dump")) {
        dumps++;
      }
      Matcher t = THREAD.matcher(l);
      if (t.matches()) {
        flush(group, isRunnable, frames, byTop, byFirstOwn, byCategory, runnable);
        String name = t.group(1);
        group = name.startsWith("Executor task launch worker") ? "task threads"
            : name.equals("main") ? "driver main thread" : null;
        if (group != null) {
          seen.merge(group, 1, Integer::sum);
        }
        isRunnable = false;
        frames.clear();
        continue;
      }
      if (group == null) {
        continue;
      }
      if (l.contains("java.lang.Thread.State: RUNNABLE")) {
        isRunnable = true;
      }
      Matcher f = FRAME.matcher(l);
      if (f.matches()) {
        frames.add(f.group(1).trim());
      }
    }
    flush(group, isRunnable, frames, byTop, byFirstOwn, byCategory, runnable);

    System.out.printf(Locale.ROOT, "%d thread dumps%n", dumps);
    for (String g : List.of("task threads", "driver main thread")) {
      int n = runnable.getOrDefault(g, 0);
      System.out.printf(Locale.ROOT, "%n== %s: %d thread samples, %d RUNNABLE ==%n", g, seen.getOrDefault(g, 0), n);
      if (n == 0) {
        continue;
      }
      print("activity (first known frame from the top)", byCategory.get(g), n, top);
      print("first frame outside the JDK", byFirstOwn.get(g), n, top);
      print("top frame", byTop.get(g), n, top);
    }
  }

  private static void flush(String group, boolean isRunnable, List<String> frames,
      Map<String, Map<String, Integer>> byTop, Map<String, Map<String, Integer>> byFirstOwn,
      Map<String, Map<String, Integer>> byCategory, Map<String, Integer> runnable) {
    if (group == null || !isRunnable || frames.isEmpty()) {
      return;
    }
    runnable.merge(group, 1, Integer::sum);
    byTop.computeIfAbsent(group, k -> new HashMap<>()).merge(frames.get(0), 1, Integer::sum);
    String own = frames.stream().filter(x -> !(x.startsWith("java.") || x.startsWith("jdk.") || x.startsWith("sun.")))
        .findFirst().orElse(frames.get(0));
    byFirstOwn.computeIfAbsent(group, k -> new HashMap<>()).merge(own, 1, Integer::sum);
    String cat = "other";
    outer:
    for (String fr : frames) {
      for (String[] c : CATEGORIES) {
        if (fr.startsWith(c[0])) {
          cat = c[1];
          break outer;
        }
      }
    }
    byCategory.computeIfAbsent(group, k -> new HashMap<>()).merge(cat, 1, Integer::sum);
  }

  private static void print(String title, Map<String, Integer> counts, int total, int top) {
    System.out.println("-- " + title);
    counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top)
        .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f%%  %5d  %s%n", 100.0 * e.getValue() / total,
            e.getValue(), e.getKey()));
  }
}
