package org.chatlake.fetch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reading an API page: its list (under {@code data} or {@code messages}), its total, and items' raw bytes. */
final class PageItems {
  private static final JsonFactory FACTORY = new JsonFactory();
  static final List<String> MESSAGE_KEYS = List.of("data", "messages");

  private PageItems() {}

  /** The first of {@code keys} that holds an array, or null. */
  static String listKey(JsonNode page, List<String> keys) {
    if (page == null || !page.isObject()) {
      return null;
    }
    for (String key : keys) {
      if (page.path(key).isArray()) {
        return key;
      }
    }
    return null;
  }

  /** {@code meta.total}, else a root {@code total}; -1 when neither is a number. */
  static long total(JsonNode page) {
    JsonNode t = page.path("meta").path("total");
    if (!t.canConvertToLong() || !(t.isNumber() || t.isTextual())) {
      t = page.path("total");
    }
    if (t.isNumber()) {
      return t.asLong();
    }
    if (t.isTextual()) {
      try {
        return Long.parseLong(t.asText().trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * The byte ranges {@code [from, to)} of the objects in the root's {@code key} array, exactly as
   * the body spells them (no number or string re-written).
   */
  static List<int[]> rawObjects(byte[] body, String key) throws IOException {
    List<int[]> ranges = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return ranges;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (!name.equals(key) || value != JsonToken.START_ARRAY) {
          p.skipChildren();
          continue;
        }
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          int from = (int) p.currentTokenLocation().getByteOffset();
          p.skipChildren();
          int to = (int) p.currentLocation().getByteOffset();
          if (t == JsonToken.START_OBJECT) {
            ranges.add(new int[] {from, to});
          }
        }
        return ranges;
      }
    }
    return ranges;
  }

  /** A time value in UNIX seconds: a number or numeric string, in seconds or (above 1e11) milliseconds. */
  static Double seconds(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    double d;
    if (v.isNumber()) {
      d = v.asDouble();
    } else {
      String s = v.asText().trim();
      if (s.isEmpty()) {
        return null;
      }
      try {
        d = Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    if (d == 0) {
      return null;
    }
    return d > 1e11 ? d / 1000 : d;
  }

  /** An id as text (numbers and numeric strings alike), or null. */
  static String id(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    String s = v.asText().trim();
    return s.isEmpty() ? null : s;
  }
}
