package org.chatlake.job;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Refuses output roots a run must never write to: a file system root, the home directory, a
 * directory inside an input (a later run would read the output's own files as exports) or one
 * that holds an input.
 */
final class OutputPathCheck {
  private OutputPathCheck() {}

  static void check(String output, List<String> inputs, Configuration conf) throws IOException {
    Path out = qualified(output, conf);
    if (out.getParent() == null || out.isRoot()) {
      throw usage("--output " + output + " is the root of its file system; give a directory for the tables");
    }
    if (out.toUri().getScheme().equals("file")
        && out.toUri().getPath().replaceAll("/+$", "").equals(System.getProperty("user.home").replaceAll("/+$", ""))) {
      throw usage("--output " + output + " is the home directory; give a directory for the tables");
    }
    for (String input : inputs) {
      Path in = qualified(beforeGlob(input), conf);
      if (!sameFileSystem(in, out)) {
        continue;
      }
      if (isWithin(out, in)) {
        throw usage("--output " + output + " is inside the input " + input
            + ": later runs would read the output's own files; put the output elsewhere");
      }
      if (isWithin(in, out)) {
        throw usage("the input " + input + " is inside --output " + output + "; put the exports elsewhere");
      }
    }
  }

  /** The leading part of a path that holds no glob character (the directory a glob lists). */
  static String beforeGlob(String path) {
    int glob = -1;
    for (int i = 0; i < path.length(); i++) {
      if ("*?[{".indexOf(path.charAt(i)) >= 0) {
        glob = i;
        break;
      }
    }
    if (glob < 0) {
      return path;
    }
    int slash = path.lastIndexOf('/', glob);
    return slash <= 0 ? (slash == 0 ? "/" : ".") : path.substring(0, slash);
  }

  private static Path qualified(String path, Configuration conf) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(conf).makeQualified(p);
  }

  private static boolean sameFileSystem(Path a, Path b) {
    return java.util.Objects.equals(a.toUri().getScheme(), b.toUri().getScheme())
        && java.util.Objects.equals(a.toUri().getAuthority(), b.toUri().getAuthority());
  }

  /** Whether {@code inner} is {@code outer} or below it. */
  static boolean isWithin(Path inner, Path outer) {
    String i = inner.toUri().getPath().replaceAll("/+$", "") + "/";
    String o = outer.toUri().getPath().replaceAll("/+$", "") + "/";
    return i.startsWith(o);
  }

  private static JobFailure usage(String message) {
    return new JobFailure(JobFailure.USAGE, message);
  }
}
