package org.chatlake.output;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:} paths) that sets file modes and checks for symbolic
 * links in Java. Without Hadoop's native library, which Maven does not ship, the stock one starts
 * a {@code chmod} process for every file and directory it creates and a {@code readlink} process
 * for every rename Delta's log store makes: about 1,900 processes for a run that creates the 11
 * tables (bench/RESULTS.md, session 29). Everything else (checksums, renames, listing, the owner and
 * permissions of a file status) is Hadoop's. The sticky and set-id bits are not set; Hadoop asks
 * for them on no file this job writes.
 */
public class JavaLocalFileSystem extends LocalFileSystem {
  public JavaLocalFileSystem() {
    super(new Raw());
  }

  /** The Hadoop settings that make {@code file:} paths use it, for FileSystem and FileContext. */
  public static Map<String, String> hadoopSettings() {
    return Map.of(
        "fs.file.impl", JavaLocalFileSystem.class.getName(),
        "fs.AbstractFileSystem.file.impl", Fs.class.getName());
  }

  /** {@link #hadoopSettings} as a Spark session's settings ({@code spark.hadoop.} before each key). */
  public static Map<String, String> sparkSettings() {
    return hadoopSettings().entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(e -> "spark.hadoop." + e.getKey(), Map.Entry::getValue));
  }

  private static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
      try {
        Files.setPosixFilePermissions(pathToFile(path).toPath(), posix(permission.toShort()));
      } catch (java.nio.file.NoSuchFileException e) {
        throw new java.io.FileNotFoundException(path + ": no such file or directory");
      } catch (UnsupportedOperationException notPosix) {
        super.setPermission(path, permission);
      }
    }

    /** A symbolic link is looked at as Hadoop does; anything else is not a link, which needs no readlink. */
    @Override
    public FileStatus getFileLinkStatus(Path path) throws IOException {
      if (Files.isSymbolicLink(pathToFile(path).toPath())) {
        return super.getFileLinkStatus(path);
      }
      return getFileStatus(path);
    }
  }

  private static final PosixFilePermission[] MODE_BITS = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

  /** The permissions of a mode's nine rwx bits (0640: owner read and write, group read). */
  static Set<PosixFilePermission> posix(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < MODE_BITS.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        permissions.add(MODE_BITS[bit]);
      }
    }
    return permissions;
  }

  /** The same file system for FileContext, which Delta's log store uses: Hadoop's LocalFs over {@link Raw}. */
  public static final class Fs extends ChecksumFs {
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /** Hadoop's RawLocalFs, which hard-wires its RawLocalFileSystem. */
  static final class RawFs extends DelegateToFileSystem {
    RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public FsServerDefaults getServerDefaults(Path path) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    @SuppressWarnings("deprecation")
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }
}
