package org.chatlake.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Small helpers shared by the benchmark contenders: file listing and the BENCH result line. */
final class Bench {
  private Bench() {}

  /**
   * Regular files under the paths (directories recursively), sorted, skipping names that start with
   * {@code _} or {@code .} like the job does.
   */
  static List<Path> files(List<String> roots) {
    List<Path> out = new ArrayList<>();
    for (String r : roots) {
      Path root = Path.of(r);
      if (Files.isRegularFile(root)) {
        out.add(root);
        continue;
      }
      try (Stream<Path> s = Files.walk(root)) {
        s.filter(Files::isRegularFile).filter(p -> !hidden(root, p)).sorted().forEach(out::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static boolean hidden(Path root, Path p) {
    for (Path q = p; q != null && !q.equals(root); q = q.getParent()) {
      String n = q.getFileName().toString();
      if (n.startsWith("_") || n.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  static long bytes(List<Path> files) {
    long n = 0;
    for (Path p : files) {
      try {
        n += Files.size(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return n;
  }

  /**
   * The machine-readable result line run.sh picks up: {@code BENCH key=value ...}. work_ms is the
   * timed section inside the process (without JVM start-up).
   */
  static void report(Object... kv) {
    StringBuilder b = new StringBuilder("BENCH");
    for (int i = 0; i + 1 < kv.length; i += 2) {
      b.append(' ').append(kv[i]).append('=').append(String.valueOf(kv[i + 1]).replace(' ', '_'));
    }
    System.out.println(b);
    System.out.flush();
  }

  static String mbps(long bytes, long ms) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1e6 / Math.max(ms, 1) * 1000);
  }

  /** Value of {@code --name} in args, or null. */
  static String opt(String[] args, String name) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return null;
  }

  /** Every value of a repeatable {@code --name}. */
  static List<String> opts(String[] args, String name) {
    List<String> v = new ArrayList<>();
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        v.add(args[++i]);
      }
    }
    return v;
  }

  static boolean flag(String[] args, String name) {
    for (String a : args) {
      if (a.equals(name)) {
        return true;
      }
    }
    return false;
  }

  static String required(String[] args, String name) {
    String v = opt(args, name);
    if (v == null) {
      throw new IllegalArgumentException("missing " + name);
    }
    return v;
  }
}
