package org.chatlake.metrics.crosscheck;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * An independent reader of HelpCrunch export files for the sample-data cross-check: walks a
 * directory, un-gzips by magic bytes, tells the three formats of input.md apart and parses them
 * with Jackson databind. Records are returned as JsonNodes with their file and position; what
 * cannot be read as a record at all is counted as a reject by reason (the field-level checks are
 * in {@link Fields}). Test data is small, so files are read whole (the job streams them).
 */
public final class ExportFiles {
  private ExportFiles() {}

  /**
   * One record found in a file: its file's absolute path and its 0-based position there (line
   * index for JSON Lines, element index in an array or a page's data). The job orders files by
   * their qualified path ({@code file:/.../sample-data/chats/...}); every file here shares the
   * same prefix, so ordering absolute paths gives the same "sorts last" file.
   */
  public record Found(String file, int position, JsonNode node) {}

  /** Everything one directory holds. */
  public static final class Contents {
    public final List<Found> records = new ArrayList<>();
    /** reason code -> count of reject entries that are not records (bad lines, empty files, ...). */
    public final Map<String, Long> fileRejects = new TreeMap<>();

    void reject(String reason) {
      fileRejects.merge(reason, 1L, Long::sum);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads every file under {@code root}, skipping files and directories named {@code _*} or {@code .*}. */
  public static Contents read(Path root) {
    return read(List.of(root));
  }

  /** Reads every file under each root (as one job run over several --input paths). */
  public static Contents read(List<Path> roots) {
    Contents out = new Contents();
    for (Path root : roots) {
      for (Path file : list(root)) {
        readFile(file, out);
      }
    }
    return out;
  }

  static List<Path> list(Path root) {
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return !dir.equals(root) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && !hidden(file)) {
            files.add(file);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort(null);
    return files;
  }

  private static boolean hidden(Path p) {
    String n = p.getFileName().toString();
    return n.startsWith("_") || n.startsWith(".");
  }

  static void readFile(Path file, Contents out) {
    String path = file.toAbsolutePath().normalize().toString();
    String text;
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
          bytes = in.readAllBytes();
        }
      }
      text = new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      out.reject("unreadable_file");
      return;
    }
    int start = 0;
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    if (start == text.length()) {
      return; // a quiet day: no records, not a reject (input.md)
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    char first = text.charAt(start);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      readLines(path, text, out);
    } else if (first == '[') {
      readArray(path, text, out);
    } else if (first == '{') {
      int eol = text.indexOf('\n', start);
      String firstLine = eol < 0 ? text.substring(start) : text.substring(start, eol);
      JsonNode whole = null;
      try {
        whole = JSON.readTree(firstLine);
      } catch (JsonProcessingException e) {
        // not a whole object on the first line: a pretty-printed or truncated API page
      }
      if (whole != null && whole.isObject() && !(whole.get("data") != null && whole.get("data").isArray())) {
        readLines(path, text, out);
      } else {
        readApiPage(path, text, out);
      }
    } else {
      out.reject("not_json");
    }
  }

  private static void readLines(String path, String text, Contents out) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        out.reject("invalid_json");
        continue;
      }
      if (node == null || !node.isObject()) {
        out.reject("not_an_object");
      } else {
        out.records.add(new Found(path, i, node));
      }
    }
  }

  private static void readArray(String path, String text, Contents out) {
    try (JsonParser p = JSON.getFactory().createParser(text)) {
      try {
        p.nextToken(); // START_ARRAY
        readElements(path, p, out);
      } catch (IOException e) {
        out.reject("unparseable_rest_of_file");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {"data": [...], ...} with any other root fields before or after "data". */
  private static void readApiPage(String path, String text, Contents out) {
    try (JsonParser p = JSON.getFactory().createParser(text)) {
      try {
        p.nextToken(); // START_OBJECT
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          t = p.nextToken();
          if ("data".equals(field) && t == JsonToken.START_ARRAY) {
            readElements(path, p, out);
          } else {
            p.skipChildren();
          }
        }
      } catch (IOException e) {
        out.reject("unparseable_rest_of_file");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The parser stands on START_ARRAY; reads to its END_ARRAY. */
  private static void readElements(String path, JsonParser p, Contents out) throws IOException {
    int position = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new IOException("end of input inside the array");
      }
      if (t == JsonToken.START_OBJECT) {
        JsonNode node = JSON.readTree(p);
        out.records.add(new Found(path, position, node));
      } else {
        p.skipChildren();
        out.reject("not_an_object");
      }
      position++;
    }
  }
}
