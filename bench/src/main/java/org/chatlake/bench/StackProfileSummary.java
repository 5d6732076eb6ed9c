package org.chatlake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Summarises an async-profiler CPU profile in collapsed form recorded with the {@code threads}
 * option (one line per stack: {@code [thread name tid=N];root;...;leaf COUNT}; bench/profile.sh
 * records it). Prints the CPU samples per thread group (Spark task threads, the driver's main
 * thread, GC, JIT compiler, other) and, for the task threads and the driver, the samples by coarse
 * activity (the first known frame from the leaf: Jackson, our reader, Row conversion, cache, shuffle,
 * sort, Parquet, codegen...), by leaf frame (self time), and by the first frame in org.chatlake.
 *
 * <pre>
 * StackProfileSummary PROFILE.collapsed [--top 25]
 * </pre>
 */
public final class StackProfileSummary {
  private StackProfileSummary() {}

  public static void main(String[] args) throws IOException {
    int top = Bench.opt(args, "--top") == null ? 25 : Integer.parseInt(Bench.opt(args, "--top"));
    Map<String, Long> groups = new HashMap<>();
    Map<String, Map<String, Long>> byCategory = new HashMap<>();
    Map<String, Map<String, Long>> byLeaf = new HashMap<>();
    Map<String, Map<String, Long>> byOwn = new HashMap<>();
    long total = 0;
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      int sp = line.lastIndexOf(' ');
      if (sp < 0) {
        continue;
      }
      long n = Long.parseLong(line.substring(sp + 1).trim());
      String[] frames = line.substring(0, sp).split(";");
      String thread = frames[0];
      String group = thread.startsWith("[Executor task") ? "task threads"
          : thread.startsWith("[main") || thread.startsWith("[DestroyJavaVM") ? "driver main thread"
          : thread.startsWith("[GC") || thread.startsWith("[G1") ? "GC"
          : thread.startsWith("[C1") || thread.startsWith("[C2") ? "JIT compiler"
          : "other threads";
      total += n;
      groups.merge(group, n, Long::sum);
      if (!group.equals("task threads") && !group.equals("driver main thread")) {
        continue;
      }
      String leaf = frames[frames.length - 1].replace('/', '.');
      byLeaf.computeIfAbsent(group, k -> new HashMap<>()).merge(leaf, n, Long::sum);
      String cat = "other";
      String own = "(none)";
      outer:
      for (int i = frames.length - 1; i > 0; i--) {
        String f = frames[i].replace('/', '.');
        for (String[] c : ThreadDumpSummary.CATEGORIES) {
          if (f.startsWith(c[0])) {
            cat = c[1];
            break outer;
          }
        }
      }
      for (int i = frames.length - 1; i > 0; i--) {
        String f = frames[i].replace('/', '.');
        if (f.startsWith("org.chatlake")) {
          own = f;
          break;
        }
      }
      byCategory.computeIfAbsent(group, k -> new HashMap<>()).merge(cat, n, Long::sum);
      byOwn.computeIfAbsent(group, k -> new HashMap<>()).merge(own, n, Long::sum);
    }
    System.out.printf(Locale.ROOT, "%d CPU samples%n", total);
    print("CPU by thread group", groups, total, top);
    for (String g : List.of("task threads", "driver main thread")) {
      long n = groups.getOrDefault(g, 0L);
      if (n == 0) {
        continue;
      }
      System.out.printf(Locale.ROOT, "%n== %s: %d samples ==%n", g, n);
      print("activity (first known frame from the leaf)", byCategory.get(g), n, top);
      print("leaf frame (self)", byLeaf.get(g), n, top);
      print("innermost org.chatlake frame", byOwn.get(g), n, top);
    }
  }

  private static void print(String title, Map<String, Long> counts, long total, int top) {
    System.out.println("-- " + title);
    counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(top)
        .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f%%  %7d  %s%n", 100.0 * e.getValue() / total,
            e.getValue(), e.getKey()));
  }
}
