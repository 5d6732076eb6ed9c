package org.chatlake.job;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;

/** {@link FullDiskFileSystem} for Hadoop's FileContext API, which Delta's log store writes through. */
public class FullDiskFs extends DelegateToFileSystem {
  public FullDiskFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
    super(uri, new FullDiskFileSystem(), conf, FullDiskFileSystem.SCHEME, false);
  }
}
