package org.chatlake.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per output root: {@code _lock} names its owner (run, host, pid, start time).
 * A lock left by a dead process on this host is taken over; any other lock fails the run fast.
 */
public final class RunLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

  private final FileSystem fs;
  private final Path path;

  private RunLock(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
  }

  public static RunLock acquire(FileSystem fs, Path path, String runId) throws IOException {
    Properties me = new Properties();
    me.setProperty("run_id", runId);
    me.setProperty("host", hostName());
    me.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
    me.setProperty("started_at", Instant.now().toString());
    for (int attempt = 0; attempt < 2; attempt++) {
      fs.mkdirs(path.getParent());
      try (OutputStream out = fs.create(path, false)) {
        me.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), "chatlake run lock");
        return new RunLock(fs, path);
      } catch (IOException alreadyLocked) {
        if (!fs.exists(path)) {
          throw alreadyLocked;
        }
        Properties owner = read(fs, path);
        if (isStale(owner)) {
          LOG.warn("Removing stale lock of run {} (pid {} on {} is gone)", owner.getProperty("run_id"),
              owner.getProperty("pid"), owner.getProperty("host"));
          fs.delete(path, false);
          continue;
        }
        throw new LockedException(String.format(
            "output is locked by run %s (pid %s on %s, started %s); if that run is dead, delete %s",
            owner.getProperty("run_id"), owner.getProperty("pid"), owner.getProperty("host"),
            owner.getProperty("started_at"), path));
      }
    }
    throw new LockedException("could not take the lock " + path);
  }

  private static Properties read(FileSystem fs, Path path) throws IOException {
    Properties p = new Properties();
    try (InputStream in = fs.open(path)) {
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      // a lock being written right now reads as empty: treat its owner as alive
    }
    return p;
  }

  /** A lock is stale only when it names a process on this host that no longer runs. */
  private static boolean isStale(Properties owner) {
    String pid = owner.getProperty("pid");
    if (pid == null || !hostName().equals(owner.getProperty("host"))) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(pid));
    return process.isEmpty() || !process.get().isAlive();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  @Override
  public void close() throws IOException {
    fs.delete(path, false);
  }

  /** Another live run holds the output. */
  public static final class LockedException extends IOException {
    public LockedException(String message) {
      super(message);
    }
  }
}
