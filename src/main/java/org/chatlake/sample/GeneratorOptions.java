package org.chatlake.sample;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

/** Options of one generation run; build with {@link #builder(Path)}. Immutable. */
public final class GeneratorOptions {
  /** Which file tree to write. */
  public enum Layout {
    /** Every format, gzip, overlaps, re-exports and broken files: the committed sample data. */
    SAMPLE,
    /** A few large files, no broken or duplicate records, about 1.5 KB per chat: for benchmarks. */
    BENCH
  }

  /** Bench layout only: all chats in one file of this format. */
  public enum SingleFile { API, JSONL }

  public static final long DEFAULT_CHATS = 5000;
  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_DAYS = 30;
  public static final LocalDate DEFAULT_START = LocalDate.of(2026, 10, 1);
  public static final int DEFAULT_CHATS_PER_FILE = 100_000;

  private final Path out;
  private final long chats;
  private final long seed;
  private final int days;
  private final LocalDate startDate;
  private final boolean messages;
  private final Layout layout;
  private final SingleFile singleFile;
  private final int chatsPerFile;
  private final int threads;

  private GeneratorOptions(Builder b) {
    this.out = Objects.requireNonNull(b.out, "out");
    this.chats = b.chats;
    this.seed = b.seed;
    this.days = b.days;
    this.startDate = Objects.requireNonNull(b.startDate, "startDate");
    this.messages = b.messages;
    this.layout = Objects.requireNonNull(b.layout, "layout");
    this.singleFile = b.singleFile;
    this.chatsPerFile = b.chatsPerFile;
    this.threads = b.threads;
    if (chats < 1) {
      throw new IllegalArgumentException("chats must be >= 1");
    }
    if (days < 1) {
      throw new IllegalArgumentException("days must be >= 1");
    }
    if (chatsPerFile < 1) {
      throw new IllegalArgumentException("chatsPerFile must be >= 1");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
    if (singleFile != null && layout != Layout.BENCH) {
      throw new IllegalArgumentException("singleFile needs the bench layout");
    }
  }

  public static Builder builder(Path out) {
    return new Builder(out);
  }

  /** Defaults: 5000 chats, seed 42, 30 days from 2026-10-01, with messages, sample layout. */
  public static GeneratorOptions defaults(Path out) {
    return builder(out).build();
  }

  public Path out() {
    return out;
  }

  public long chats() {
    return chats;
  }

  public long seed() {
    return seed;
  }

  public int days() {
    return days;
  }

  public LocalDate startDate() {
    return startDate;
  }

  public boolean messages() {
    return messages;
  }

  public Layout layout() {
    return layout;
  }

  /** null unless the bench layout writes all chats into one file. */
  public SingleFile singleFile() {
    return singleFile;
  }

  /** Bench layout: chats per file. */
  public int chatsPerFile() {
    return chatsPerFile;
  }

  /** Bench layout: files written in parallel (the output does not depend on it). */
  public int threads() {
    return threads;
  }

  public Builder toBuilder() {
    return new Builder(out).chats(chats).seed(seed).days(days).startDate(startDate).messages(messages)
      .layout(layout).singleFile(singleFile).chatsPerFile(chatsPerFile).threads(threads);
  }

  /** Builder with the defaults of the command line. */
  public static final class Builder {
    private Path out;
    private long chats = DEFAULT_CHATS;
    private long seed = DEFAULT_SEED;
    private int days = DEFAULT_DAYS;
    private LocalDate startDate = DEFAULT_START;
    private boolean messages = true;
    private Layout layout = Layout.SAMPLE;
    private SingleFile singleFile;
    private int chatsPerFile = DEFAULT_CHATS_PER_FILE;
    private int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private Builder(Path out) {
      this.out = out;
    }

    public Builder out(Path v) {
      out = v;
      return this;
    }

    public Builder chats(long v) {
      chats = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder days(int v) {
      days = v;
      return this;
    }

    public Builder startDate(LocalDate v) {
      startDate = v;
      return this;
    }

    public Builder messages(boolean v) {
      messages = v;
      return this;
    }

    public Builder layout(Layout v) {
      layout = v;
      return this;
    }

    public Builder singleFile(SingleFile v) {
      singleFile = v;
      return this;
    }

    public Builder chatsPerFile(int v) {
      chatsPerFile = v;
      return this;
    }

    public Builder threads(int v) {
      threads = v;
      return this;
    }

    public GeneratorOptions build() {
      return new GeneratorOptions(this);
    }
  }
}
