package org.chatlake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where one end-to-end run's wall time went, for bench/startup.sh: from the process's start and end
 * (epoch ms, taken by the script), the Spark event log, the job's log and its run summary. Prints
 * one line of key=value pairs (ms):
 * <ul>
 *   <li>{@code to_spark}: process start to the SparkContext's application start (JVM start, class
 *       loading, option parsing);</li>
 *   <li>{@code to_first_job}: process start to the first Spark job;</li>
 *   <li>{@code jobs}, {@code stages}: Spark jobs started, stages completed (skipped ones not counted);</li>
 *   <li>{@code in_jobs}: time at least one Spark job was running;</li>
 *   <li>{@code commits}: the sum of the job's "Committed X version N (ms)" lines;</li>
 *   <li>{@code after_app}: the application's end to the process's end (shutdown hooks, exit);</li>
 *   <li>the run summary's {@code timings_ms}, each prefixed {@code t_}.</li>
 * </ul>
 *
 * <pre>
 * StartupSummary EVENT_LOG_DIR JOB_LOG OUTPUT_DIR START_EPOCH_MS END_EPOCH_MS
 * </pre>
 */
public final class StartupSummary {
  private static final Pattern COMMITTED = Pattern.compile("Committed \\S+ version \\d+ \\((\\d+) ms\\)");

  private StartupSummary() {}

  public static void main(String[] args) throws IOException {
    Path events = Path.of(args[0]);
    Path jobLog = Path.of(args[1]);
    Path output = Path.of(args[2]);
    long start = Long.parseLong(args[3]);
    long end = Long.parseLong(args[4]);
    ObjectMapper om = new ObjectMapper();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("wall", end - start);

    long appStart = -1;
    long appEnd = -1;
    long firstJob = -1;
    int jobs = 0;
    int stages = 0;
    Map<Integer, Long> jobStarts = new LinkedHashMap<>();
    List<long[]> jobSpans = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(latestFile(events))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        JsonNode e = om.readTree(line);
        switch (e.path("Event").asText()) {
          case "SparkListenerApplicationStart" -> appStart = e.path("Timestamp").asLong();
          case "SparkListenerApplicationEnd" -> appEnd = e.path("Timestamp").asLong();
          case "SparkListenerJobStart" -> {
            jobs++;
            long t = e.path("Submission Time").asLong();
            jobStarts.put(e.path("Job ID").asInt(), t);
            if (firstJob < 0) {
              firstJob = t;
            }
          }
          case "SparkListenerJobEnd" -> {
            Long s = jobStarts.get(e.path("Job ID").asInt());
            if (s != null) {
              jobSpans.add(new long[] {s, e.path("Completion Time").asLong()});
            }
          }
          case "SparkListenerStageCompleted" -> stages++;
          default -> { }
        }
      }
    }
    out.put("to_spark", appStart < 0 ? -1 : appStart - start);
    out.put("to_first_job", firstJob < 0 ? -1 : firstJob - start);
    out.put("jobs", jobs);
    out.put("stages", stages);
    out.put("in_jobs", union(jobSpans));
    out.put("after_app", appEnd < 0 ? -1 : end - appEnd);

    long commits = 0;
    for (String line : Files.readAllLines(jobLog)) {
      Matcher m = COMMITTED.matcher(line);
      if (m.find()) {
        commits += Long.parseLong(m.group(1));
      }
    }
    out.put("commits", commits);

    Path runs = output.resolve("_runs");
    if (Files.isDirectory(runs)) {
      Path summary;
      try (Stream<Path> s = Files.list(runs)) {
        summary = s.filter(f -> f.getFileName().toString().endsWith(".json"))
            .max(Comparator.comparingLong(f -> f.toFile().lastModified())).orElse(null);
      }
      if (summary != null) {
        om.readTree(summary.toFile()).path("timings_ms").properties()
            .forEach(f -> out.put("t_" + f.getKey(), f.getValue().asLong()));
      }
    }
    StringBuilder b = new StringBuilder();
    out.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
    System.out.println(b);
  }

  /** Milliseconds covered by at least one of the spans. */
  private static long union(List<long[]> spans) {
    spans.sort(Comparator.comparingLong(s -> s[0]));
    long total = 0;
    long from = Long.MIN_VALUE;
    long to = Long.MIN_VALUE;
    for (long[] s : spans) {
      if (s[0] > to) {
        total += to - from;
        from = s[0];
        to = s[1];
      } else {
        to = Math.max(to, s[1]);
      }
    }
    return total + (to - from);
  }

  private static Path latestFile(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return p;
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .filter(f -> !f.getFileName().toString().endsWith(".tmp"))
          .max(Comparator.comparingLong(f -> f.toFile().lastModified()))
          .orElseThrow(() -> new IOException("no file under " + p));
    }
  }
}
