package org.chatlake.sample;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import org.chatlake.sample.ChatQuirks.AbsentStyle;
import org.chatlake.sample.ChatQuirks.TimeStyle;

/** Writes single values the way exports spell them: times, ids, optionally escaped text. */
final class JsonValues {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonValues() {
  }

  /** A time field (epoch milliseconds, null when absent) in the chat's time and absent-time spelling. */
  static void time(JsonGenerator g, String field, Long millis, ChatQuirks q) throws IOException {
    if (millis == null) {
      AbsentStyle a = q.absentStyle;
      if (a == AbsentStyle.MISSING) {
        return;
      }
      g.writeFieldName(field);
      switch (a) {
        case EMPTY_STRING -> g.writeString("");
        case ZERO_STRING -> g.writeString("0");
        default -> g.writeNull();
      }
      return;
    }
    g.writeFieldName(field);
    long ms = millis;
    long sec = Math.floorDiv(ms, 1000L);
    TimeStyle s = q.timeStyle;
    switch (s) {
      case NUMBER -> g.writeNumber(sec);
      case DECIMAL_ZERO -> g.writeString(sec + ".0");
      case DECIMAL_FRACTION -> g.writeString(sec + "." + threeDigits(Math.floorMod(ms, 1000L)));
      case MILLIS -> g.writeNumber(ms);
      default -> g.writeString(Long.toString(sec));
    }
  }

  private static String threeDigits(long v) {
    return v < 10 ? "00" + v : v < 100 ? "0" + v : Long.toString(v);
  }

  /** An id field as a number or, in the numeric-string quirk, a string; null stays null. */
  static void id(JsonGenerator g, String field, Long id, boolean asString) throws IOException {
    g.writeFieldName(field);
    if (id == null) {
      g.writeNull();
    } else if (asString) {
      g.writeString(Long.toString(id));
    } else {
      g.writeNumber(id.longValue());
    }
  }

  /** A text field; with {@code escape}, every non-ASCII character is written as a backslash-u escape. */
  static void text(JsonGenerator g, String field, String text, boolean escape) throws IOException {
    g.writeFieldName(field);
    if (text == null) {
      g.writeNull();
    } else if (escape && !TextBank.isAscii(text)) {
      g.writeRawValue(escapedLiteral(text));
    } else {
      g.writeString(text);
    }
  }

  /** A JSON string literal (with quotes) holding only printable ASCII. */
  static String escapedLiteral(String s) {
    StringBuilder b = new StringBuilder(s.length() + 32).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c < 0x20 || c > 0x7E) {
        b.append("\\u").append(HEX[(c >> 12) & 15]).append(HEX[(c >> 8) & 15])
          .append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  static void stringOrNull(JsonGenerator g, String field, String value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }
}
