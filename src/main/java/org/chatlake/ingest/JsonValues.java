package org.chatlake.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * Reads the scalar values of HelpCrunch exports with the quirks of input.md. Each method reads the
 * current value token (skipping it whole if it is a container it rejects) and returns null when
 * the value is absent.
 */
public final class JsonValues {
  private JsonValues() {}

  /** A UNIX time above this is in milliseconds, not seconds (input.md). */
  static final long MILLIS_THRESHOLD = 100_000_000_000L;

  /** The last millisecond of year 9999, where Spark's TIMESTAMP range ends; a later time is rejected. */
  static final long MAX_MILLIS = 253_402_300_799_999L;

  /**
   * Characters (or digits) a number given as a string may have: no time or id needs more, and
   * parsing a longer one would only cost time.
   */
  private static final int MAX_NUMBER_CHARS = 64;

  /**
   * A time as UNIX seconds or milliseconds: string, bare number or decimal string; null, empty
   * or zero means absent. Fractions are kept to the millisecond (truncated). Times before the first
   * millisecond of 1970 or after year 9999 are unusable values.
   */
  public static Instant timestamp(JsonParser p, String field) throws IOException, BadRecordException {
    JsonToken t = p.currentToken();
    switch (t) {
      case VALUE_NULL:
        return null;
      case VALUE_NUMBER_INT:
        if (p.getTextLength() > 19 || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw wrongValue(field, "timestamp out of range: " + abbreviate(p.getText()));
        }
        return epoch(p.getLongValue(), field);
      case VALUE_NUMBER_FLOAT:
        if (p.isNaN() || p.getTextLength() > MAX_NUMBER_CHARS) {
          throw wrongValue(field, "not a UNIX timestamp: " + abbreviate(p.getText()));
        }
        return epoch(p.getDecimalValue(), field);
      case VALUE_STRING:
        String s = p.getText().trim();
        if (s.isEmpty()) {
          return null;
        }
        if (isDigits(s) && s.length() <= 18) {
          return epoch(Long.parseLong(s), field);
        }
        return epoch(decimal(s, field, "not a UNIX timestamp: "), field);
      default:
        throw wrongType(p, field, "a UNIX timestamp");
    }
  }

  /** Whole seconds, or milliseconds above {@link #MILLIS_THRESHOLD}. */
  private static Instant epoch(long v, String field) throws BadRecordException {
    if (v == 0) {
      return null;
    }
    if (v < 0) {
      throw wrongValue(field, "negative timestamp: " + v);
    }
    return ofMillis(v > MILLIS_THRESHOLD ? v : Math.multiplyExact(v, 1000L), field);
  }

  /**
   * A decimal time. Its exponent and digits are bounded before any arithmetic: setScale on
   * 1e-99999999 would compute 10^99999996, and 0.0001 seconds would truncate to the epoch.
   */
  private static Instant epoch(BigDecimal value, String field) throws BadRecordException {
    if (value.signum() == 0) {
      return null;
    }
    if (value.signum() < 0) {
      throw wrongValue(field, "negative timestamp: " + abbreviate(value.toString()));
    }
    long magnitude = (long) value.precision() - value.scale(); // value < 10^magnitude
    if (magnitude > 15 || value.precision() > MAX_NUMBER_CHARS) { // MAX_MILLIS < 10^15
      throw wrongValue(field, "timestamp out of range: " + abbreviate(value.toString()));
    }
    if (magnitude < -2) { // below 0.001 seconds
      throw wrongValue(field, "timestamp less than a millisecond after 1970: " + abbreviate(value.toString()));
    }
    BigDecimal millis = value.compareTo(BigDecimal.valueOf(MILLIS_THRESHOLD)) > 0 ? value : value.movePointRight(3);
    return ofMillis(millis.setScale(0, RoundingMode.DOWN).longValueExact(), field);
  }

  private static Instant ofMillis(long millis, String field) throws BadRecordException {
    if (millis > MAX_MILLIS) {
      throw wrongValue(field, "timestamp out of range (after year 9999): " + millis + " ms");
    }
    return Instant.ofEpochMilli(millis);
  }

  /** A decimal number written as a string; anything else (or anything longer) is not a usable value. */
  private static BigDecimal decimal(String s, String field, String what) throws BadRecordException {
    if (s.length() <= MAX_NUMBER_CHARS) {
      try {
        return new BigDecimal(s);
      } catch (NumberFormatException e) {
        // not a number: rejected below
      }
    }
    throw wrongValue(field, what + abbreviate(s));
  }

  /** An id: integer number or numeric string; null or empty string means absent. */
  public static Long id(JsonParser p, String field) throws IOException, BadRecordException {
    switch (p.currentToken()) {
      case VALUE_NULL:
        return null;
      case VALUE_NUMBER_INT:
        if (p.getTextLength() > 20 || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw wrongValue(field, "id out of range: " + abbreviate(p.getText()));
        }
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT: {
        if (p.isNaN() || p.getTextLength() > MAX_NUMBER_CHARS) {
          throw wrongValue(field, "id is not an integer: " + abbreviate(p.getText()));
        }
        BigDecimal d = p.getDecimalValue();
        if ((long) d.precision() - d.scale() > 19) {
          throw wrongValue(field, "id out of range: " + abbreviate(d.toString()));
        }
        try {
          return d.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
          throw wrongValue(field, "id is not an integer: " + abbreviate(d.toString()));
        }
      }
      case VALUE_STRING: {
        String s = p.getText().trim();
        if (s.isEmpty()) {
          return null;
        }
        if (!isDigits(s)) {
          throw wrongValue(field, "id is not numeric: " + abbreviate(s));
        }
        try {
          return Long.parseLong(s);
        } catch (NumberFormatException e) {
          throw wrongValue(field, "id out of range: " + abbreviate(s));
        }
      }
      default:
        throw wrongType(p, field, "an integer id");
    }
  }

  /** Nesting a record may have, counted from the file's root as Jackson counts it (and by default limits it). */
  static final int MAX_DEPTH = 1000;

  /**
   * Skips the current value (an unknown field's) like {@link JsonParser#skipChildren}, but a value
   * nested deeper than {@link #MAX_DEPTH} makes the record invalid.
   */
  public static void skip(JsonParser p) throws IOException, BadRecordException {
    if (!p.currentToken().isStructStart()) {
      return;
    }
    int open = 1;
    while (open > 0) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return; // the end of the input: the caller sees it
      }
      if (t.isStructStart()) {
        open++;
        if (p.getParsingContext().getNestingDepth() > MAX_DEPTH) {
          throw new BadRecordException(RejectReason.INVALID_JSON, String.format(java.util.Locale.ROOT,
              "nesting depth %d exceeds the maximum allowed (%d)", p.getParsingContext().getNestingDepth(), MAX_DEPTH));
        }
      } else if (t.isStructEnd()) {
        open--;
      }
    }
  }

  /** A string; numbers and booleans are taken as their text. */
  public static String text(JsonParser p, String field) throws IOException, BadRecordException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t.isScalarValue()) {
      return p.getText();
    }
    throw wrongType(p, field, "a string");
  }

  /** A boolean: true/false, or the strings "true"/"false", or 0/1. */
  public static Boolean bool(JsonParser p, String field) throws IOException, BadRecordException {
    switch (p.currentToken()) {
      case VALUE_NULL:
        return null;
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NUMBER_INT: {
        if (p.getTextLength() <= 20 && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          long v = p.getLongValue();
          if (v == 0 || v == 1) {
            return v == 1;
          }
        }
        throw wrongValue(field, "not a boolean: " + abbreviate(p.getText()));
      }
      case VALUE_STRING: {
        String s = p.getText().trim().toLowerCase(java.util.Locale.ROOT);
        if (s.isEmpty()) {
          return null;
        }
        if (s.equals("true") || s.equals("false")) {
          return s.equals("true");
        }
        throw wrongValue(field, "not a boolean: " + abbreviate(s));
      }
      default:
        throw wrongType(p, field, "a boolean");
    }
  }

  /**
   * Whether the current token opens an object to read field by field; false for null (and the
   * caller treats the object as absent). Anything else is the wrong type.
   */
  public static boolean startObject(JsonParser p, String field) throws IOException, BadRecordException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      return true;
    }
    if (t == JsonToken.VALUE_NULL) {
      return false;
    }
    throw wrongType(p, field, "an object");
  }

  /** Whether the current token opens an array; false for null. */
  public static boolean startArray(JsonParser p, String field) throws IOException, BadRecordException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_ARRAY) {
      return true;
    }
    if (t == JsonToken.VALUE_NULL) {
      return false;
    }
    throw wrongType(p, field, "an array");
  }

  static BadRecordException wrongType(JsonParser p, String field, String expected) {
    return new BadRecordException(RejectReason.WRONG_TYPE,
        "field '" + field + "': expected " + expected + ", got " + describe(p.currentToken()));
  }

  private static BadRecordException wrongValue(String field, String what) {
    return new BadRecordException(RejectReason.WRONG_TYPE, "field '" + field + "': " + what);
  }

  private static String describe(JsonToken t) {
    switch (t) {
      case START_OBJECT: return "an object";
      case START_ARRAY: return "an array";
      case VALUE_STRING: return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT: return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE: return "a boolean";
      default: return t.name();
    }
  }

  private static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return !s.isEmpty();
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? "'" + s + "'" : "'" + s.substring(0, 60) + "...'";
  }
}
