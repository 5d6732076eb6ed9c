package org.chatlake.metrics.crosscheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Field rules of input.md and the job's README ("Rejects", "Decisions where the spec is silent"),
 * written independently of the job's own parser: a value of the wrong type rejects the whole
 * record ({@code wrong_type}); a record without a usable id is {@code missing_id}.
 */
final class Fields {
  private Fields() {}

  /** Why a record is rejected. */
  static final class Bad extends Exception {
    final String code;

    Bad(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  private static final BigDecimal MILLIS_THRESHOLD = new BigDecimal("100000000000");

  static boolean absent(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode();
  }

  static JsonNode field(JsonNode obj, String name) {
    return obj == null ? null : obj.get(name);
  }

  /** An id that must be there: a number or a numeric string. */
  static long requiredId(JsonNode obj, String name) throws Bad {
    Long v;
    try {
      v = id(obj, name);
    } catch (Bad e) {
      v = null;
    }
    if (v == null) {
      throw new Bad("missing_id", "no usable " + name);
    }
    return v;
  }

  /** An optional id: null when absent, a number or numeric string otherwise. */
  static Long id(JsonNode obj, String name) throws Bad {
    JsonNode n = field(obj, name);
    if (absent(n)) {
      return null;
    }
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    }
    if (n.isTextual()) {
      String s = n.textValue().trim();
      if (s.isEmpty()) {
        return null;
      }
      if (s.matches("-?[0-9]{1,18}")) {
        return Long.parseLong(s);
      }
    }
    throw new Bad("wrong_type", name + " is not an id: " + n);
  }

  /**
   * A time as epoch milliseconds: UNIX seconds as a string or a number, with decimals kept to the
   * millisecond; a value above 100,000,000,000 is already milliseconds; null, "", "0" are absent.
   */
  static Long time(JsonNode obj, String name) throws Bad {
    JsonNode n = field(obj, name);
    if (absent(n)) {
      return null;
    }
    BigDecimal v;
    if (n.isNumber()) {
      v = n.decimalValue();
    } else if (n.isTextual()) {
      String s = n.textValue().trim();
      if (s.isEmpty()) {
        return null;
      }
      try {
        v = new BigDecimal(s);
      } catch (NumberFormatException e) {
        throw new Bad("wrong_type", name + " is not a time: " + n);
      }
    } else {
      throw new Bad("wrong_type", name + " is not a time: " + n);
    }
    if (v.signum() < 0) {
      throw new Bad("wrong_type", name + " is negative: " + n);
    }
    if (v.signum() == 0) {
      return null;
    }
    BigDecimal millis = v.compareTo(MILLIS_THRESHOLD) > 0 ? v : v.movePointRight(3);
    return millis.setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  static String text(JsonNode obj, String name) throws Bad {
    JsonNode n = field(obj, name);
    if (absent(n)) {
      return null;
    }
    if (!n.isTextual()) {
      throw new Bad("wrong_type", name + " is not a string: " + n);
    }
    return n.textValue();
  }

  /** A string the client defines (customer.userId): any scalar. */
  static String scalar(JsonNode obj, String name) throws Bad {
    JsonNode n = field(obj, name);
    if (absent(n)) {
      return null;
    }
    if (!n.isValueNode()) {
      throw new Bad("wrong_type", name + " is not a scalar: " + n);
    }
    return n.asText();
  }

  /** true/false, "true"/"false", 0/1. */
  static Boolean bool(JsonNode obj, String name) throws Bad {
    JsonNode n = field(obj, name);
    if (absent(n)) {
      return null;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isTextual() && (n.textValue().equals("true") || n.textValue().equals("false"))) {
      return Boolean.parseBoolean(n.textValue());
    }
    if (n.isIntegralNumber() && (n.longValue() == 0 || n.longValue() == 1)) {
      return n.longValue() == 1;
    }
    throw new Bad("wrong_type", name + " is not a boolean: " + n);
  }

  /** An object field: null when absent; {} is an object with every field absent. */
  static JsonNode object(JsonNode obj, String name) throws Bad {
    JsonNode n = field(obj, name);
    if (absent(n)) {
      return null;
    }
    if (!n.isObject()) {
      throw new Bad("wrong_type", name + " is not an object: " + n);
    }
    return n;
  }

  static JsonNode array(JsonNode obj, String name) throws Bad {
    JsonNode n = field(obj, name);
    if (absent(n)) {
      return null;
    }
    if (!n.isArray()) {
      throw new Bad("wrong_type", name + " is not an array: " + n);
    }
    return n;
  }
}
