package org.chatlake.output;

import static java.nio.file.attribute.PosixFilePermission.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaLocalFileSystemTest {
  @TempDir java.nio.file.Path dir;

  /** A Hadoop configuration whose file: paths use JavaLocalFileSystem (or, with false, Hadoop's own). */
  static Configuration configuration(boolean javaFs) {
    Configuration conf = new Configuration();
    if (javaFs) {
      JavaLocalFileSystem.hadoopSettings().forEach(conf::set);
    }
    return conf;
  }

  private FileSystem fileSystem() throws Exception {
    return FileSystem.newInstance(URI.create("file:///"), configuration(true));
  }

  @Test
  void modesAreTheNineRwxBits() {
    assertEquals(Set.of(OWNER_READ, OWNER_WRITE, GROUP_READ), JavaLocalFileSystem.posix(0640));
    assertEquals(Set.of(OWNER_READ, OWNER_WRITE, OWNER_EXECUTE, GROUP_READ, GROUP_EXECUTE, OTHERS_READ, OTHERS_EXECUTE),
        JavaLocalFileSystem.posix(0755));
    assertEquals(Set.of(OTHERS_WRITE, GROUP_EXECUTE), JavaLocalFileSystem.posix(0012));
    assertEquals(Set.of(), JavaLocalFileSystem.posix(0));
    // the sticky bit is not one of them
    assertEquals(Set.of(OWNER_READ, OWNER_WRITE, OWNER_EXECUTE, GROUP_READ, GROUP_WRITE, GROUP_EXECUTE, OTHERS_READ,
        OTHERS_WRITE, OTHERS_EXECUTE), JavaLocalFileSystem.posix(01777));
  }

  @Test
  void setsTheModeOfFilesAndDirectoriesItCreates() throws Exception {
    try (FileSystem fs = fileSystem()) {
      assertInstanceOf(JavaLocalFileSystem.class, fs);
      Path sub = new Path(dir.resolve("sub").toUri());
      assertTrue(fs.mkdirs(sub, new FsPermission((short) 0750)));
      assertEquals(Set.of(OWNER_READ, OWNER_WRITE, OWNER_EXECUTE, GROUP_READ, GROUP_EXECUTE),
          Files.getPosixFilePermissions(dir.resolve("sub")));
      Path file = new Path(sub, "data");
      try (OutputStream out = fs.create(file)) {
        out.write("12345".getBytes(StandardCharsets.UTF_8));
      }
      fs.setPermission(file, new FsPermission((short) 0604));
      assertEquals(Set.of(OWNER_READ, OWNER_WRITE, OTHERS_READ), Files.getPosixFilePermissions(dir.resolve("sub/data")));
      assertEquals(5, fs.getFileStatus(file).getLen());
      assertTrue(Files.exists(dir.resolve("sub/.data.crc")), "checksummed as Hadoop's local file system is");
      assertThrows(java.io.FileNotFoundException.class, () -> fs.setPermission(new Path(sub, "absent"),
          new FsPermission((short) 0600)));
    }
  }

  @Test
  void aFileIsNoLinkAndAMissingOneIsNotFound() throws Exception {
    Files.writeString(dir.resolve("target"), "abc");
    try (FileSystem fs = fileSystem()) {
      FileStatus file = fs.getFileLinkStatus(new Path(dir.resolve("target").toUri()));
      assertFalse(file.isSymlink());
      assertTrue(file.isFile());
      assertEquals(3, file.getLen());
      assertThrows(java.io.FileNotFoundException.class,
          () -> fs.getFileLinkStatus(new Path(dir.resolve("absent").toUri())));
    }
  }

  /**
   * What the job's writes and Delta's log store do on a local disk, in a JVM that cannot start
   * chmod or readlink (an empty PATH): it fails with Hadoop's own local file system and succeeds
   * with this one.
   */
  @Test
  void writesAndRenamesWithoutStartingAProcess() throws Exception {
    Probe.Result stock = Probe.run(dir.resolve("stock"), false);
    assertNotEquals(0, stock.exitCode(), stock.output());
    assertTrue(stock.output().contains("chmod"), stock.output());
    Probe.Result ours = Probe.run(dir.resolve("java"), true);
    assertEquals(0, ours.exitCode(), ours.output());
    // the replacing file has the default mode, 0666 less the umask 022
    assertEquals("dir rwxr-x--- file rw-r-----, replaced by rw-r--r--, 5 bytes", ours.output().strip());
  }

  /** Creates, chmods and renames through FileSystem and FileContext; run in a JVM of its own. */
  static final class Probe {
    record Result(int exitCode, String output) {}

    static Result run(java.nio.file.Path root, boolean javaFs) throws Exception {
      Files.createDirectories(root);
      java.nio.file.Path log = root.resolve("probe.log");
      List<String> cmd = new ArrayList<>(List.of(
          java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
          "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Probe.class.getName(),
          root.resolve("out").toString(), String.valueOf(javaFs)));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("PATH", root.resolve("no-such-dir").toString());
      Process probe = pb.start();
      assertTrue(probe.waitFor(60, TimeUnit.SECONDS), "the probe ended");
      return new Result(probe.exitValue(), Files.readString(log));
    }

    private static String modes(Path path) throws java.io.IOException {
      return java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(java.nio.file.Path.of(path.toUri())));
    }

    public static void main(String[] args) throws Exception {
      Configuration conf = configuration(Boolean.parseBoolean(args[1]));
      Path root = new Path(new File(args[0]).toURI());
      try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"), conf)) {
        fs.mkdirs(root, new FsPermission((short) 0750));
        Path file = new Path(root, "a");
        try (OutputStream out = fs.create(file)) {
          out.write("12345".getBytes(StandardCharsets.UTF_8));
        }
        fs.setPermission(file, new FsPermission((short) 0640));
        String before = modes(file);
        // Delta's log store: a new file through FileContext, renamed over by OVERWRITE
        FileContext fc = FileContext.getFileContext(URI.create("file:///"), conf);
        Path next = new Path(root, "b");
        try (OutputStream out = fc.create(next, EnumSet.of(CreateFlag.CREATE))) {
          out.write("12345".getBytes(StandardCharsets.UTF_8));
        }
        fc.rename(next, file, Options.Rename.OVERWRITE);
        // (a FileStatus's permission would start `ls`, in Hadoop's file system and in this one)
        System.out.println("dir " + modes(root) + " file " + before + ", replaced by " + modes(file) + ", "
            + fs.getFileStatus(file).getLen() + " bytes");
      }
    }
  }
}
