package org.chatlake.ingest;

import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under the scheme {@code tracking:}, counting the streams it has open. A
 * file whose name holds {@code reset-after-N} fails like a dropped connection after N bytes.
 */
public final class TrackingFileSystem extends RawLocalFileSystem {
  static final AtomicInteger OPEN = new AtomicInteger();

  static Configuration conf() {
    Configuration conf = new Configuration(false);
    conf.set("fs.tracking.impl", TrackingFileSystem.class.getName());
    conf.setBoolean("fs.tracking.impl.disable.cache", true);
    return conf;
  }

  @Override
  public URI getUri() {
    return URI.create("tracking:///");
  }

  @Override
  public String getScheme() {
    return "tracking";
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    FSDataInputStream in = super.open(f, bufferSize);
    OPEN.incrementAndGet();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("reset-after-(\\d+)").matcher(f.getName());
    long failAt = m.find() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    return new FSDataInputStream(new Tracked(in, failAt));
  }

  private static final class Tracked extends FSInputStream {
    private final FSDataInputStream in;
    private final long failAt;
    private boolean closed;

    Tracked(FSDataInputStream in, long failAt) {
      this.in = in;
      this.failAt = failAt;
    }

    @Override
    public int read() throws IOException {
      check();
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      check();
      long room = failAt - in.getPos();
      return in.read(b, off, (int) Math.max(1, Math.min(len, room)));
    }

    private void check() throws IOException {
      if (in.getPos() >= failAt) {
        throw new SocketException("Connection reset");
      }
    }

    @Override
    public void seek(long pos) throws IOException {
      in.seek(pos);
    }

    @Override
    public long getPos() throws IOException {
      return in.getPos();
    }

    @Override
    public boolean seekToNewSource(long targetPos) {
      return false;
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        OPEN.decrementAndGet();
      }
      in.close();
    }
  }
}
