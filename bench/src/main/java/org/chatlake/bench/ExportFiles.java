package org.chatlake.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The export files under an input path as the DuckDB contenders read them: JSON Lines (by name) and
 * API pages (everything else), with the byte count and the largest page (DuckDB's
 * {@code maximum_object_size} must hold a whole page).
 */
record ExportFiles(List<Path> jsonl, List<Path> pages, long bytes, long largestPage) {

  static ExportFiles under(String input) {
    List<Path> files = Bench.files(List.of(input));
    List<Path> jsonl = new ArrayList<>();
    List<Path> pages = new ArrayList<>();
    long largestPage = 0;
    for (Path f : files) {
      String n = f.getFileName().toString();
      if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".jsonl.gz") || n.endsWith(".ndjson.gz")) {
        jsonl.add(f);
      } else {
        pages.add(f);
        try {
          largestPage = Math.max(largestPage, Files.size(f));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return new ExportFiles(jsonl, pages, Bench.bytes(files), largestPage);
  }

  int count() {
    return jsonl.size() + pages.size();
  }

  /** {@code maximum_object_size} for the API pages: the largest page and 1 MiB to spare. */
  long maxObjectSize() {
    return largestPage + (1 << 20);
  }

  /** A DuckDB list literal of the files' absolute paths. */
  static String sqlList(List<Path> files) {
    return files.stream().map(p -> "'" + p.toAbsolutePath().toString().replace("'", "''") + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
