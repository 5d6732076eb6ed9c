package org.chatlake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a Spark application's time went, by Spark stage, from its event log
 * ({@code -Dspark.eventLog.enabled=true -Dspark.eventLog.dir=DIR -Dspark.eventLog.compress=false
 * -Dspark.eventLog.rolling.enabled=false}; bench/profile.sh sets them):
 * per completed stage its wall time, tasks, summed task run time and GC time, busy cores
 * (run time / wall), input, shuffle read/write and output bytes, and the call site. Also the time
 * between stages when no stage was running (driver-side planning, listing, commits, counting).
 *
 * <pre>
 * EventLogSummary EVENT_LOG_FILE_OR_DIR
 * </pre>
 */
public final class EventLogSummary {
  private EventLogSummary() {}

  static final class Stage {
    int id;
    int attempt;
    String name;
    int tasks;
    long submitted;
    long completed;
    long runMs;
    long gcMs;
    long deserMs;
    long inputBytes;
    long shuffleRead;
    long shuffleWrite;
    long outputBytes;
    long spilled;
  }

  public static void main(String[] args) throws IOException {
    Path p = Path.of(args[0]);
    if (Files.isDirectory(p)) {
      try (Stream<Path> s = Files.walk(p)) {
        p = s.filter(Files::isRegularFile)
            .filter(f -> !f.getFileName().toString().startsWith(".") && !f.getFileName().toString().startsWith("appstatus"))
            .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))
            .orElseThrow(() -> new IOException("no event log under " + args[0]));
      }
    }
    ObjectMapper om = new ObjectMapper();
    Map<String, Stage> stages = new LinkedHashMap<>();
    long appStart = -1;
    long appEnd = -1;
    try (BufferedReader r = Files.newBufferedReader(p)) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode e = om.readTree(line);
        String ev = e.path("Event").asText();
        switch (ev) {
          case "SparkListenerApplicationStart" -> appStart = e.path("Timestamp").asLong();
          case "SparkListenerApplicationEnd" -> appEnd = e.path("Timestamp").asLong();
          case "SparkListenerTaskEnd" -> {
            String key = e.path("Stage ID").asInt() + "." + e.path("Stage Attempt ID").asInt();
            Stage s = stages.computeIfAbsent(key, k -> new Stage());
            JsonNode m = e.path("Task Metrics");
            s.runMs += m.path("Executor Run Time").asLong();
            s.gcMs += m.path("JVM GC Time").asLong();
            s.deserMs += m.path("Executor Deserialize Time").asLong();
            s.inputBytes += m.path("Input Metrics").path("Bytes Read").asLong();
            s.shuffleRead += m.path("Shuffle Read Metrics").path("Remote Bytes Read").asLong()
                + m.path("Shuffle Read Metrics").path("Local Bytes Read").asLong();
            s.shuffleWrite += m.path("Shuffle Write Metrics").path("Shuffle Bytes Written").asLong();
            s.outputBytes += m.path("Output Metrics").path("Bytes Written").asLong();
            s.spilled += m.path("Disk Bytes Spilled").asLong();
          }
          case "SparkListenerStageCompleted" -> {
            JsonNode i = e.path("Stage Info");
            String key = i.path("Stage ID").asInt() + "." + i.path("Stage Attempt ID").asInt();
            Stage s = stages.computeIfAbsent(key, k -> new Stage());
            s.id = i.path("Stage ID").asInt();
            s.attempt = i.path("Stage Attempt ID").asInt();
            s.name = i.path("Stage Name").asText();
            s.tasks = i.path("Number of Tasks").asInt();
            s.submitted = i.path("Submission Time").asLong();
            s.completed = i.path("Completion Time").asLong();
          }
          default -> { }
        }
      }
    }
    List<Stage> done = new ArrayList<>(stages.values().stream().filter(s -> s.completed > 0).toList());
    done.sort((a, b) -> Long.compare(a.submitted, b.submitted));
    System.out.printf(Locale.ROOT, "%-7s %8s %8s %6s %9s %7s %5s %9s %9s %9s %9s  %s%n", "stage", "start s", "wall s",
        "tasks", "task s", "gc s", "cores", "input MB", "shufR MB", "shufW MB", "out MB", "call site");
    long busyUntil = -1;
    long idle = 0;
    long stageWall = 0;
    for (Stage s : done) {
      long wall = s.completed - s.submitted;
      if (s.submitted > busyUntil && busyUntil > 0) {
        idle += s.submitted - busyUntil;
      }
      busyUntil = Math.max(busyUntil, s.completed);
      stageWall += wall;
      System.out.printf(Locale.ROOT, "%-7s %8.1f %8.1f %6d %9.1f %7.1f %5.2f %9.1f %9.1f %9.1f %9.1f  %s%n",
          s.id + (s.attempt > 0 ? "." + s.attempt : ""), (s.submitted - appStart) / 1000.0, wall / 1000.0, s.tasks,
          s.runMs / 1000.0, s.gcMs / 1000.0, wall > 0 ? (double) s.runMs / wall : 0, s.inputBytes / 1e6,
          s.shuffleRead / 1e6, s.shuffleWrite / 1e6, s.outputBytes / 1e6, s.name);
    }
    long app = (appEnd > 0 ? appEnd : busyUntil) - appStart;
    long tasks = done.stream().mapToLong(s -> s.runMs).sum();
    System.out.printf(Locale.ROOT, "%napplication %.1f s; %d stages; summed stage wall %.1f s; summed task run time %.1f s"
        + " (%.2f cores busy on average over the application);%nno stage running for %.1f s after the first stage"
        + " started (driver work between stages: planning, listing, counting, commits)%n",
        app / 1000.0, done.size(), stageWall / 1000.0, tasks / 1000.0, app > 0 ? (double) tasks / app : 0, idle / 1000.0);
  }
}
