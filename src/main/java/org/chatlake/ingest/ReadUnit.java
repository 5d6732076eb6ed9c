package org.chatlake.ingest;

import java.io.Serializable;

/**
 * A piece of one input file that one task reads: the whole file, or for an uncompressed JSON
 * Lines file a byte range of it (lines that start in {@code (start, end]}, plus the first line when
 * {@code start == 0}).
 */
public record ReadUnit(String path, long fileLength, long start, long end, ExportFormat knownFormat)
    implements Serializable {

  public static ReadUnit wholeFile(String path, long fileLength) {
    return new ReadUnit(path, fileLength, 0, Long.MAX_VALUE, null);
  }

  public boolean isSplit() {
    return start > 0 || end != Long.MAX_VALUE;
  }

  /** The bytes this unit reads, for packing units into tasks. */
  public long weight() {
    return Math.min(end, fileLength) - start;
  }
}
