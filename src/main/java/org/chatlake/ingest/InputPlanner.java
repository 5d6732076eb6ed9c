package org.chatlake.ingest;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobPattern;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Turns the user's input paths into read units packed into tasks: lists files (directories
 * recursively, globs expanded, hidden {@code _*} and {@code .*} files skipped), cuts large
 * uncompressed JSON Lines files into byte ranges, and packs small files together.
 */
public final class InputPlanner {
  private static final String GLOB_CHARS = "*?[{\\";

  private final Configuration conf;
  private final long splitBytes;
  private final int minTasks;

  /** @param splitBytes the largest byte range of a JSON Lines file one task reads; positive */
  public InputPlanner(Configuration conf, long splitBytes, int minTasks) {
    if (splitBytes <= 0) {
      throw new IllegalArgumentException("split size must be positive, got " + splitBytes
          + " bytes (did a size in MB overflow?)");
    }
    this.conf = conf;
    this.splitBytes = splitBytes;
    this.minTasks = Math.max(1, minTasks);
  }

  /**
   * Input files by path, sorted; fails with a clear message when a path matches nothing. The
   * hidden-file rule applies below the path the user typed: to what a glob matched and to what a
   * directory holds. On the local file system a directory reached again through a symbolic link
   * (a loop, or two links to one place) is listed once, and so is a file.
   */
  public List<FileStatus> listFiles(List<String> inputs) throws IOException {
    Listing listing = new Listing();
    List<FileStatus> roots = new ArrayList<>();
    List<FileSystem> rootFileSystems = new ArrayList<>();
    for (String input : inputs) {
      Path path = new Path(input);
      FileSystem fs = path.getFileSystem(conf);
      Path qualified = fs.makeQualified(path);
      int globDepth = globDepth(qualified);
      FileStatus[] matches = globDepth < 0 ? status(fs, qualified) : glob(fs, qualified);
      if (matches == null || matches.length == 0) {
        throw new InputNotFoundException("input path does not exist: " + input);
      }
      for (FileStatus match : matches) {
        if (globDepth >= 0 && isHidden(match.getPath(), globDepth - 1)) {
          continue;
        }
        if (match.isDirectory()) {
          roots.add(match);
          rootFileSystems.add(fs);
          if (isLocal(fs)) {
            listing.roots.add(realPath(match.getPath()));
          }
        } else {
          listing.add(fs, match);
        }
      }
    }
    for (int i = 0; i < roots.size(); i++) {
      listTree(rootFileSystems.get(i), roots.get(i), listing);
    }
    return new ArrayList<>(listing.files.values());
  }

  /** A path without glob characters: its status, without Hadoop's globber (see {@link #glob}). */
  private static FileStatus[] status(FileSystem fs, Path path) throws IOException {
    try {
      return new FileStatus[] {fs.getFileStatus(path)};
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  /**
   * Expands a glob. Hadoop's globber fails on a directory holding a name such as
   * {@code chats 2026:11:01.jsonl} (it parses each name as a URI); then the glob is expanded here,
   * component by component ({@code {a/b,c}} alternatives that span directories are not supported
   * there).
   */
  private static FileStatus[] glob(FileSystem fs, Path pattern) throws IOException {
    try {
      return fs.globStatus(pattern);
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      Path root = pattern;
      for (; root.getParent() != null; root = root.getParent()) {
        names.add(0, root.getName());
      }
      List<FileStatus> current = new ArrayList<>(List.of(fs.getFileStatus(root)));
      for (String name : names) {
        List<FileStatus> next = new ArrayList<>();
        GlobPattern glob = hasGlob(name) ? new GlobPattern(name) : null;
        for (FileStatus dir : current) {
          if (!dir.isDirectory()) {
            continue;
          }
          if (glob == null) {
            FileStatus[] child = status(fs, child(dir.getPath(), name));
            if (child != null) {
              next.add(child[0]);
            }
            continue;
          }
          for (FileStatus c : fs.listStatus(dir.getPath())) {
            if (glob.matches(c.getPath().getName())) {
              next.add(c);
            }
          }
        }
        current = next;
      }
      return current.toArray(new FileStatus[0]);
    }
  }

  /** {@code new Path(parent, name)} parses the name as a URI, which fails for {@code a:b}. */
  private static Path child(Path parent, String name) {
    java.net.URI uri = parent.toUri();
    String dir = uri.getPath().endsWith("/") ? uri.getPath() : uri.getPath() + "/";
    return new Path(uri.getScheme(), uri.getAuthority(), dir + name);
  }

  private void listTree(FileSystem fs, FileStatus dir, Listing listing) throws IOException {
    if (!isLocal(fs)) {
      // one flat listing (a few requests on an object store); no symbolic links there
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir.getPath(), true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        if (!isHidden(f.getPath(), dir.getPath().depth())) {
          listing.add(fs, f);
        }
      }
      return;
    }
    // Hadoop's local listing follows links into directories: a link to an ancestor never ends.
    // Each directory is listed once, and a directory the user named is listed under that name.
    if (!listing.directories.add(realPath(dir.getPath()))) {
      return;
    }
    ArrayDeque<FileStatus> pending = new ArrayDeque<>(List.of(dir));
    while (!pending.isEmpty()) {
      FileStatus[] children = fs.listStatus(pending.pop().getPath());
      Arrays.sort(children, Comparator.comparing((FileStatus c) -> c.getPath().getName()).reversed());
      for (FileStatus c : children) {
        if (hiddenName(c.getPath().getName())) {
          continue;
        }
        if (c.isDirectory()) {
          String real = realPath(c.getPath());
          if (!listing.roots.contains(real) && listing.directories.add(real)) {
            pending.push(c);
          }
        } else if (c.isFile()) {
          listing.add(fs, c);
        }
      }
    }
  }

  private static boolean isLocal(FileSystem fs) {
    return fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem;
  }

  /** Where a local path really is, links resolved; the path itself when that cannot be told. */
  private static String realPath(Path path) {
    try {
      return java.nio.file.Path.of(path.toUri().getPath()).toRealPath().toString();
    } catch (IOException | RuntimeException e) {
      return path.toUri().getPath();
    }
  }

  /** Files listed so far, one path per local file however many links lead to it (the first by name). */
  private static final class Listing {
    final TreeMap<String, FileStatus> files = new TreeMap<>();
    final Set<String> roots = new HashSet<>();
    final Set<String> directories = new HashSet<>();
    final Map<String, String> pathByRealPath = new HashMap<>();

    void add(FileSystem fs, FileStatus f) {
      String path = f.getPath().toString();
      if (isLocal(fs)) {
        String before = pathByRealPath.putIfAbsent(realPath(f.getPath()), path);
        if (before != null) {
          if (before.compareTo(path) <= 0) {
            return;
          }
          files.remove(before);
          pathByRealPath.put(realPath(f.getPath()), path);
        }
      }
      files.put(path, f);
    }
  }

  /** The read units of these files, grouped into the tasks that read them. */
  public List<List<ReadUnit>> plan(List<FileStatus> files) throws IOException {
    long total = files.stream().mapToLong(FileStatus::getLen).sum();
    long maxTaskBytes = Math.min(splitBytes, Math.max(1L << 20, total / minTasks + 1));
    List<ReadUnit> units = new ArrayList<>();
    for (FileStatus f : files) {
      String path = f.getPath().toString();
      long len = f.getLen();
      if (len > maxTaskBytes && isSplittableJsonLines(f.getPath())) {
        for (long start = 0; ; start += maxTaskBytes) {
          boolean last = len - start <= maxTaskBytes;
          units.add(new ReadUnit(path, len, start, last ? Long.MAX_VALUE : start + maxTaskBytes,
              ExportFormat.JSON_LINES));
          if (last) {
            break;
          }
        }
      } else {
        units.add(ReadUnit.wholeFile(path, len));
      }
    }
    return pack(units, maxTaskBytes);
  }

  /** Uncompressed bytes a task reads, estimating gzip files at 6x their size. */
  public static long estimatedBytes(List<ReadUnit> task) {
    long bytes = 0;
    for (ReadUnit u : task) {
      bytes += u.path().toLowerCase(java.util.Locale.ROOT).endsWith(".gz") ? 6 * u.weight() : u.weight();
    }
    return bytes;
  }

  /** First-fit decreasing: each task gets units until it holds about {@code maxTaskBytes}. */
  private static List<List<ReadUnit>> pack(List<ReadUnit> units, long maxTaskBytes) {
    long openCost = 64L << 10;
    List<ReadUnit> sorted = new ArrayList<>(units);
    sorted.sort(Comparator.comparingLong(ReadUnit::weight).reversed().thenComparing(ReadUnit::path)
        .thenComparingLong(ReadUnit::start));
    List<List<ReadUnit>> tasks = new ArrayList<>();
    List<ReadUnit> current = new ArrayList<>();
    long currentBytes = 0;
    for (ReadUnit u : sorted) {
      long w = u.weight() + openCost;
      if (!current.isEmpty() && currentBytes + w > maxTaskBytes) {
        tasks.add(current);
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(u);
      currentBytes += w;
    }
    if (!current.isEmpty()) {
      tasks.add(current);
    }
    return tasks;
  }

  /** Uncompressed and JSON Lines, judged by name or, failing that, by its first object. */
  private boolean isSplittableJsonLines(Path path) throws IOException {
    try (InputStream in = ExportStream.fileSystem(path, conf).open(path)) {
      int b1 = in.read();
      int b2 = in.read();
      if (b1 == 0x1f && b2 == 0x8b) {
        return false;
      }
    }
    if (ExportFileReader.isNamedJsonLines(path.toString())) {
      return true;
    }
    return ExportFileReader.detectFormat(path.toString(), conf) == ExportFormat.JSON_LINES;
  }

  /** Whether a component of the path deeper than {@code depth} is named {@code _*} or {@code .*}. */
  private static boolean isHidden(Path path, int depth) {
    for (Path p = path; p != null && p.depth() > depth; p = p.getParent()) {
      if (hiddenName(p.getName())) {
        return true;
      }
    }
    return false;
  }

  private static boolean hiddenName(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  /** The depth of the path's first component holding a glob character, or -1. */
  private static int globDepth(Path path) {
    int depth = -1;
    for (Path p = path; p != null; p = p.getParent()) {
      if (hasGlob(p.getName())) {
        depth = p.depth();
      }
    }
    return depth;
  }

  private static boolean hasGlob(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (GLOB_CHARS.indexOf(name.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** An input path that matches no file; a usage error. */
  public static final class InputNotFoundException extends IOException {
    public InputNotFoundException(String message) {
      super(message);
    }
  }
}
