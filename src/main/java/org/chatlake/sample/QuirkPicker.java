package org.chatlake.sample;

import java.util.Locale;
import java.util.SplittableRandom;

import org.chatlake.sample.ChatQuirks.AbsentStyle;
import org.chatlake.sample.ChatQuirks.Shape;
import org.chatlake.sample.ChatQuirks.TimeStyle;

/** Decides how a chat is spelled: mostly as documented, now and then in one of the ways real exports differ. */
final class QuirkPicker {
  private QuirkPicker() {
  }

  static ChatQuirks pick(SplittableRandom r, GeneratedChat c, Quirk f) {
    ChatQuirks q = new ChatQuirks();
    q.timeStyle = timeStyle(r, c, f);
    q.absentStyle = f == Quirk.ABSENT_EMPTY_STRING ? AbsentStyle.EMPTY_STRING
      : f == Quirk.ABSENT_ZERO_STRING ? AbsentStyle.ZERO_STRING
      : f == Quirk.ABSENT_MISSING ? AbsentStyle.MISSING
      : absentStyle(r);
    q.idsAsStrings = f == Quirk.IDS_AS_STRINGS || Rng.chance(r, 0.02);
    q.assignee = f == Quirk.ASSIGNEE_EMPTY_OBJECT ? Shape.EMPTY_OBJECT : f == Quirk.ASSIGNEE_MISSING ? Shape.MISSING
      : objectShape(r, 0.01, 0.01);
    q.department = f == Quirk.DEPARTMENT_EMPTY_OBJECT ? Shape.EMPTY_OBJECT
      : f == Quirk.DEPARTMENT_MISSING ? Shape.MISSING : objectShape(r, 0.01, 0.005);
    q.customer = f == Quirk.CUSTOMER_EMPTY_OBJECT ? Shape.EMPTY_OBJECT : f == Quirk.CUSTOMER_MISSING ? Shape.MISSING
      : objectShape(r, 0.005, 0.005);
    q.agents = f == Quirk.AGENTS_NULL ? Shape.NULL_VALUE : f == Quirk.AGENTS_MISSING ? Shape.MISSING
      : Rng.chance(r, 0.01) ? Shape.NULL_VALUE : Rng.chance(r, 0.01) ? Shape.MISSING : Shape.NORMAL;
    q.statusSpelling = statusSpelling(r, c.status, f);
    q.ratingSpelling = c.rating == null ? null
      : f == Quirk.RATING_CASE || Rng.chance(r, 0.03) ? caseVariant(r, c.rating) : null;
    q.extraRoot = f == Quirk.EXTRA_FIELDS_ROOT || Rng.chance(r, 0.03);
    q.extraNested = f == Quirk.EXTRA_FIELDS_NESTED || Rng.chance(r, 0.02);
    q.escapeText = f == Quirk.ESCAPED_UNICODE || Rng.chance(r, 0.03);
    q.idLast = f == Quirk.ID_LAST || Rng.chance(r, 0.01);
    return q;
  }

  private static TimeStyle timeStyle(SplittableRandom r, GeneratedChat c, Quirk f) {
    if (c.msPrecision) {
      // times with a millisecond part only in spellings that keep it
      return f == Quirk.TIME_DECIMAL_FRACTION || Rng.chance(r, 0.7) ? TimeStyle.DECIMAL_FRACTION : TimeStyle.MILLIS;
    }
    if (f == Quirk.TIME_NUMBER) {
      return TimeStyle.NUMBER;
    }
    if (f == Quirk.TIME_DECIMAL_ZERO) {
      return TimeStyle.DECIMAL_ZERO;
    }
    if (f == Quirk.TIME_MILLIS) {
      return TimeStyle.MILLIS;
    }
    double x = r.nextDouble();
    return x < 0.02 ? TimeStyle.NUMBER : x < 0.03 ? TimeStyle.DECIMAL_ZERO : x < 0.04 ? TimeStyle.MILLIS : TimeStyle.STRING;
  }

  private static AbsentStyle absentStyle(SplittableRandom r) {
    double x = r.nextDouble();
    return x < 0.02 ? AbsentStyle.EMPTY_STRING : x < 0.04 ? AbsentStyle.ZERO_STRING
      : x < 0.05 ? AbsentStyle.MISSING : AbsentStyle.NULL;
  }

  private static Shape objectShape(SplittableRandom r, double empty, double missing) {
    double x = r.nextDouble();
    return x < empty ? Shape.EMPTY_OBJECT : x < empty + missing ? Shape.MISSING : Shape.NORMAL;
  }

  private static String statusSpelling(SplittableRandom r, ChatStatus s, Quirk f) {
    if (f != null) {
      switch (f) {
        case STATUS_PADDED_CASE:
          return " " + capitalised(s.api) + " ";
        case STATUS_UPPER:
          return s.api.toUpperCase(Locale.ROOT);
        case STATUS_ON_HOLD_SPACE:
          return "on hold";
        case STATUS_ON_HOLD_DASH:
          return "on-hold";
        case STATUS_ON_HOLD_UNDERSCORE:
          return "on_hold";
        case STATUS_NO_COMMUNICATION_UNDERSCORE:
          return "no_communication";
        case STATUS_NO_COMMUNICATION_DASH:
          return "no-communication";
        case STATUS_UNKNOWN:
          return "archived";
        default:
          break;
      }
    }
    double x = r.nextDouble();
    if (s == ChatStatus.ONHOLD && x < 0.45) {
      return Rng.pick(r, new String[] {"on hold", "on-hold", "on_hold"});
    }
    if (s == ChatStatus.NO_COMMUNICATION && x < 0.3) {
      return Rng.pick(r, new String[] {"no_communication", "no-communication"});
    }
    if (s == ChatStatus.CLOSED && x < 0.0015) {
      return "archived";
    }
    if (x > 0.98) {
      return caseVariant(r, s.api);
    }
    return null;
  }

  private static String caseVariant(SplittableRandom r, String v) {
    return switch (r.nextInt(3)) {
      case 0 -> v.toUpperCase(Locale.ROOT);
      case 1 -> " " + capitalised(v) + " ";
      default -> capitalised(v);
    };
  }

  private static String capitalised(String v) {
    return Character.toUpperCase(v.charAt(0)) + v.substring(1);
  }
}
