package org.chatlake.job;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@code fulldisk://}, whose writes of Parquet files fail
 * with "No space left on device" while {@link #full} is set: a disk that fills up mid-run.
 */
public class FullDiskFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "fulldisk";
  public static volatile boolean full;

  @Override
  public void initialize(URI uri, Configuration conf) throws IOException {
    super.initialize(uri, conf);
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication,
      long blockSize, Progressable progress) throws IOException {
    failIfFull(f);
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
  }

  private static void failIfFull(Path f) throws IOException {
    if (full && f.getName().endsWith(".parquet")) {
      throw new IOException("No space left on device");
    }
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    failIfFull(f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }
}
