package org.chatlake.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.chatlake.output.RunSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells other runs that a run is still going: while it runs, {@code _runs/<run_id>.alive} names its
 * process (host, pid, start time) and is rewritten every {@link #INTERVAL_MILLIS}. A run left at
 * {@code committing} is completed by a later run only when it is not alive (see {@link Recovery}):
 * without this, a run that started while another was committing took that one for dead, applied
 * its changes and deleted them from under it.
 *
 * <p>A run is alive when its file exists, has been rewritten within {@link #STALE_MILLIS}, and its
 * process still runs (checked on the same host; on another host the file's age alone tells). A run
 * in this JVM is alive while it has not closed its heartbeat.
 */
final class RunHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunHeartbeat.class);
  static final long INTERVAL_MILLIS = 10_000;
  static final long STALE_MILLIS = 120_000;

  /** The runs of this JVM that have not ended. */
  private static final Set<String> ACTIVE = ConcurrentHashMap.newKeySet();

  /** The process a run lives in. */
  record Owner(String host, long pid, long processStartMillis) {
    static final Owner THIS_PROCESS = new Owner(hostName(), ProcessHandle.current().pid(),
        startMillis(ProcessHandle.current()));

    Map<String, Object> toMap(String runId) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("run_id", runId);
      m.put("host", host);
      m.put("pid", pid);
      m.put("process_started_at_ms", processStartMillis);
      return m;
    }

    static Owner of(JsonNode json) {
      return new Owner(json.path("host").asText(), json.path("pid").asLong(-1),
          json.path("process_started_at_ms").asLong(-1));
    }

    /** Whether a process with this pid and start time runs on this host now. */
    boolean runsHere() {
      return ProcessHandle.of(pid).filter(p -> p.isAlive() && startMillis(p) == processStartMillis).isPresent();
    }

    private static long startMillis(ProcessHandle p) {
      return p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L);
    }

    private static String hostName() {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        return "unknown";
      }
    }
  }

  private final FileSystem fs;
  private final Path file;
  private final String runId;
  private final ScheduledExecutorService timer;

  private RunHeartbeat(FileSystem fs, Path file, String runId) {
    this.fs = fs;
    this.file = file;
    this.runId = runId;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "chatlake-heartbeat-" + runId);
      t.setDaemon(true);
      return t;
    });
  }

  /** Writes the run's file now and again every {@link #INTERVAL_MILLIS} until closed. */
  static RunHeartbeat start(FileSystem fs, Path file, String runId) {
    ACTIVE.add(runId);
    RunHeartbeat heartbeat = new RunHeartbeat(fs, file, runId);
    heartbeat.beat();
    heartbeat.timer.scheduleWithFixedDelay(heartbeat::beat, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    return heartbeat;
  }

  private void beat() {
    try {
      RunSummary.writeJson(fs, file, Owner.THIS_PROCESS.toMap(runId));
    } catch (IOException | RuntimeException e) {
      // Not fatal: other runs then see this one as dead once it is committing, and may complete it.
      LOG.warn("Could not write {}: {}", file, e.toString());
    }
  }

  /** Stops the heartbeat and deletes the run's file: from now on the run counts as ended. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ACTIVE.remove(runId);
    try {
      fs.delete(file, false);
    } catch (IOException e) {
      LOG.warn("Could not delete {}: {}", file, e.toString());
    }
  }

  /** Whether the run whose heartbeat file this is still runs. */
  static boolean isAlive(FileSystem fs, Path file, String runId) throws IOException {
    FileStatus status;
    Owner owner;
    try {
      status = fs.getFileStatus(file);
      try (InputStream in = fs.open(file)) {
        JsonNode json = new ObjectMapper().readTree(in);
        if (json == null || !json.isObject()) {
          return false;
        }
        owner = Owner.of(json);
      }
    } catch (FileNotFoundException | com.fasterxml.jackson.core.JsonProcessingException e) {
      return false;
    }
    if (owner.equals(Owner.THIS_PROCESS)) {
      return ACTIVE.contains(runId);
    }
    if (owner.host().equals(Owner.THIS_PROCESS.host()) && !owner.runsHere()) {
      return false;
    }
    return System.currentTimeMillis() - status.getModificationTime() < STALE_MILLIS;
  }
}
