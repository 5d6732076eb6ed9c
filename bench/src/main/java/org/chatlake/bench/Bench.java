package org.chatlake.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Small helpers shared by the benchmark contenders: file listing, the current files of a Delta
 * table of our output, and the BENCH result line.
 */
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

  /**
   * The data files of the current version of a Delta table of our output, from its symlink
   * manifests ({@code _symlink_format_manifest/<col>=<value>/manifest}); superseded files stay in
   * the table's directory until VACUUM, so a glob would count them again. A manifest line is a
   * Hadoop path string, {@code file:} and the absolute path as it is on disk (not percent-encoded),
   * so it is taken literally. The same reading as the tests' org.chatlake.DeltaFiles (bench/src is
   * compiled without the test classes).
   */
  static List<Path> deltaCurrentFiles(Path tableDir) {
    if (!Files.isDirectory(tableDir.resolve("_delta_log"))) {
      throw new IllegalArgumentException("not a Delta table (no _delta_log/): " + tableDir);
    }
    Path manifests = tableDir.resolve("_symlink_format_manifest");
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(manifests)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(manifests)) {
      for (Path m : s.filter(p -> p.getFileName().toString().equals("manifest")).sorted().toList()) {
        for (String line : Files.readAllLines(m)) {
          String l = line.strip();
          if (l.isEmpty()) {
            continue;
          }
          if (!l.startsWith("file:")) {
            throw new IllegalStateException("not a local file in " + m + ": " + line);
          }
          String path = l.substring("file:".length());
          if (path.startsWith("//")) {  // file://authority/path: the authority is empty or the local host
            int slash = path.indexOf('/', 2);
            path = slash < 0 ? "/" : path.substring(slash);
          }
          Path f = Path.of(path);
          if (!Files.isRegularFile(f)) {
            throw new IllegalStateException(m + " lists a file that does not exist: " + line);
          }
          out.add(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(null);
    return out;
  }

  /**
   * DuckDB's read of the current version of a Delta table partitioned by report_date: the Hive
   * partition typed DATE ({@code __HIVE_DEFAULT_PARTITION__} reads as NULL).
   */
  static String readDeltaTable(Path tableDir) {
    List<Path> files = deltaCurrentFiles(tableDir);
    if (files.isEmpty()) {
      throw new IllegalStateException("no data files in the current version of " + tableDir);
    }
    StringBuilder list = new StringBuilder();
    for (Path f : files) {
      list.append(list.length() == 0 ? "[" : ", ").append('\'')
          .append(f.toAbsolutePath().toString().replace("'", "''")).append('\'');
    }
    return "read_parquet(" + list + "], hive_partitioning = true, hive_types = {'report_date': DATE}, "
        + "union_by_name = true)";
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
