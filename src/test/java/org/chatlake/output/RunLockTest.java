package org.chatlake.output;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
  @TempDir Path root;

  private org.apache.hadoop.fs.Path lockPath() {
    return new org.apache.hadoop.fs.Path(root.resolve("_lock").toString());
  }

  @Test
  void aSecondRunFailsFastNamingTheOwner() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    try (RunLock first = RunLock.acquire(fs, lockPath(), "run-1")) {
      RunLock.LockedException e = assertThrows(RunLock.LockedException.class,
          () -> RunLock.acquire(fs, lockPath(), "run-2"));
      assertTrue(e.getMessage().contains("run-1"), e.getMessage());
      assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
      assertTrue(e.getMessage().contains("started"), e.getMessage());
    }
    assertFalse(Files.exists(root.resolve("_lock")), "released on close");
    RunLock.acquire(fs, lockPath(), "run-3").close();
  }

  @Test
  void aLockLeftByADeadProcessIsTakenOver() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    Files.writeString(root.resolve("_lock"), "run_id=dead-run\nhost=" + InetAddress.getLocalHost().getHostName()
        + "\npid=" + p.pid() + "\nstarted_at=2026-01-01T00:00:00Z\n");
    FileSystem fs = FileSystem.getLocal(new Configuration());
    try (RunLock lock = RunLock.acquire(fs, lockPath(), "run-2")) {
      assertTrue(Files.readString(root.resolve("_lock")).contains("run-2"));
    }
  }

  @Test
  void aLockFromAnotherHostIsNeverTakenOver() throws Exception {
    Files.writeString(root.resolve("_lock"), "run_id=remote\nhost=some-other-host\npid=1\nstarted_at=x\n");
    FileSystem fs = FileSystem.getLocal(new Configuration());
    assertThrows(RunLock.LockedException.class, () -> RunLock.acquire(fs, lockPath(), "run-2"));
  }
}
