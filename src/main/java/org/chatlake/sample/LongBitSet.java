package org.chatlake.sample;

import java.util.Arrays;

/** A bit set over non-negative longs, allocated page by page (ids seen, without keeping ids). */
final class LongBitSet {
  private static final int PAGE_BITS = 22; // 4 Mi bits = 512 KiB per page
  private static final int WORDS = 1 << (PAGE_BITS - 6);
  private long[][] pages = new long[4][];

  void set(long i) {
    int p = (int) (i >>> PAGE_BITS);
    if (p >= pages.length) {
      pages = Arrays.copyOf(pages, Math.max(p + 1, pages.length * 2));
    }
    long[] page = pages[p];
    if (page == null) {
      page = pages[p] = new long[WORDS];
    }
    int bit = (int) (i & ((1 << PAGE_BITS) - 1));
    page[bit >>> 6] |= 1L << (bit & 63);
  }

  long cardinality() {
    long n = 0;
    for (long[] page : pages) {
      if (page != null) {
        for (long w : page) {
          n += Long.bitCount(w);
        }
      }
    }
    return n;
  }

  void or(LongBitSet other) {
    if (other.pages.length > pages.length) {
      pages = Arrays.copyOf(pages, other.pages.length);
    }
    for (int p = 0; p < other.pages.length; p++) {
      long[] src = other.pages[p];
      if (src == null) {
        continue;
      }
      if (pages[p] == null) {
        pages[p] = src.clone();
      } else {
        for (int w = 0; w < WORDS; w++) {
          pages[p][w] |= src[w];
        }
      }
    }
  }
}
