package org.chatlake.sample;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An independent reader of a generated tree, written from the input contract (not from the generator): detects
 * the format of each file, parses records, and tells good records from broken ones.
 */
final class ExportTree {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String[] CHAT_TIMES = {"createdAt", "closedAt", "lastMessageAt", "lastCustomerMessageAt", "snoozedUntil"};
  static final String[] MESSAGE_TIMES = {"createdAt", "updatedAt"};

  /** A good record: file (relative path), position in the file, the parsed object. */
  record Rec(String file, int position, JsonNode node) {
  }

  /** One parsed file. */
  record FileResult(String path, String format, List<Rec> good, int broken, String text) {
  }

  private ExportTree() {
  }

  static List<FileResult> readAll(Path root, String sub, boolean messages) throws IOException {
    Path dir = root.resolve(sub);
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    List<FileResult> out = new ArrayList<>();
    for (Path p : files) {
      out.add(read(root, p, messages ? ExportTree::validMessage : ExportTree::validChat));
    }
    return out;
  }

  static byte[] content(Path p) throws IOException {
    byte[] raw = Files.readAllBytes(p);
    if (p.toString().endsWith(".gz")) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
        return in.readAllBytes();
      }
    }
    return raw;
  }

  static FileResult read(Path root, Path p, Predicate<JsonNode> valid) throws IOException {
    String rel = root.relativize(p).toString().replace('\\', '/');
    byte[] bytes = content(p);
    String text = new String(bytes, StandardCharsets.UTF_8);
    String trimmed = text.strip();
    List<Rec> good = new ArrayList<>();
    if (trimmed.isEmpty()) {
      return new FileResult(rel, "empty", good, 0, text);
    }
    char first = trimmed.charAt(0);
    if (first == '[') {
      int broken = readArray(bytes, rel, valid, good, false);
      return new FileResult(rel, "array", good, broken, text);
    }
    if (first == '{' && isApiPage(bytes)) {
      int broken = readArray(bytes, rel, valid, good, true);
      return new FileResult(rel, "api", good, broken, text);
    }
    int broken = 0;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      JsonNode n;
      try {
        n = MAPPER.readTree(lines[i]);
      } catch (IOException e) {
        broken++;
        continue;
      }
      if (valid.test(n)) {
        good.add(new Rec(rel, i, n));
      } else {
        broken++;
      }
    }
    return new FileResult(rel, "jsonl", good, broken, text);
  }

  /** The root object has a "data" array (looked for field by field; a parse error means "not an API page"). */
  private static boolean isApiPage(byte[] bytes) {
    try (JsonParser jp = MAPPER.getFactory().createParser(bytes)) {
      if (jp.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      while (jp.nextToken() == JsonToken.FIELD_NAME) {
        String name = jp.currentName();
        JsonToken v = jp.nextToken();
        if ("data".equals(name) && v == JsonToken.START_ARRAY) {
          return true;
        }
        jp.skipChildren();
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** Streams the array (root, or the "data" field of an API page); a parse error counts once and ends the file. */
  private static int readArray(byte[] bytes, String rel, Predicate<JsonNode> valid, List<Rec> good, boolean page) {
    int broken = 0;
    int pos = 0;
    try (JsonParser jp = MAPPER.getFactory().createParser(bytes)) {
      jp.nextToken();
      if (page) {
        while (jp.nextToken() == JsonToken.FIELD_NAME) {
          String name = jp.currentName();
          JsonToken v = jp.nextToken();
          if ("data".equals(name) && v == JsonToken.START_ARRAY) {
            break;
          }
          jp.skipChildren();
        }
      }
      while (jp.nextToken() == JsonToken.START_OBJECT) {
        JsonNode n = MAPPER.readTree(jp);
        if (valid.test(n)) {
          good.add(new Rec(rel, pos, n));
        } else {
          broken++;
        }
        pos++;
      }
      if (page) {
        while (jp.nextToken() != null) {
          jp.skipChildren();
        }
      }
    } catch (IOException e) {
      broken++;
    }
    return broken;
  }

  static boolean usableId(JsonNode n) {
    return n != null && (n.isIntegralNumber() || (n.isTextual() && n.asText().matches("\\d+")));
  }

  static long id(JsonNode n) {
    return n.isTextual() ? Long.parseLong(n.asText()) : n.asLong();
  }

  static boolean validTime(JsonNode n) {
    if (n == null || n.isNull() || n.isNumber()) {
      return true;
    }
    if (!n.isTextual()) {
      return false;
    }
    String s = n.asText().trim();
    return s.isEmpty() || s.matches("\\d+(\\.\\d+)?");
  }

  static boolean validChat(JsonNode n) {
    if (!n.isObject() || !usableId(n.get("id"))) {
      return false;
    }
    for (String f : CHAT_TIMES) {
      if (!validTime(n.get(f))) {
        return false;
      }
    }
    return true;
  }

  static boolean validMessage(JsonNode n) {
    if (!n.isObject() || !usableId(n.get("id")) || !usableId(n.get("chat"))) {
      return false;
    }
    for (String f : MESSAGE_TIMES) {
      if (!validTime(n.get(f))) {
        return false;
      }
    }
    return true;
  }

  /** Epoch milliseconds of a time value, or null when absent (null, missing, "", "0"). */
  static Long millis(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    BigDecimal v;
    if (n.isNumber()) {
      v = n.decimalValue();
    } else {
      String s = n.asText().trim();
      if (s.isEmpty()) {
        return null;
      }
      v = new BigDecimal(s);
    }
    if (v.signum() == 0) {
      return null;
    }
    if (v.compareTo(BigDecimal.valueOf(100_000_000_000L)) > 0) {
      return v.longValueExact();
    }
    return v.movePointRight(3).setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static String read(Path p) {
    try {
      return new String(content(p), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
