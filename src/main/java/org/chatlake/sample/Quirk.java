package org.chatlake.sample;

/**
 * The oddities of real exports. Each one also occurs at a low random rate, and one chat per entry of {@link #PLAN}
 * is forced to show it (chat index {@code FIRST + k * SPACING}), so that even a run of a few hundred chats holds
 * every quirk at least once.
 */
enum Quirk {
  TIME_NUMBER, TIME_DECIMAL_ZERO, TIME_DECIMAL_FRACTION, TIME_MILLIS,
  ABSENT_EMPTY_STRING, ABSENT_ZERO_STRING, ABSENT_MISSING,
  IDS_AS_STRINGS,
  ASSIGNEE_EMPTY_OBJECT, ASSIGNEE_MISSING, DEPARTMENT_EMPTY_OBJECT, DEPARTMENT_MISSING,
  CUSTOMER_EMPTY_OBJECT, CUSTOMER_MISSING, AGENTS_NULL, AGENTS_MISSING,
  STATUS_PADDED_CASE, STATUS_UPPER, STATUS_ON_HOLD_SPACE, STATUS_ON_HOLD_DASH, STATUS_ON_HOLD_UNDERSCORE,
  STATUS_NO_COMMUNICATION_UNDERSCORE, STATUS_NO_COMMUNICATION_DASH, STATUS_UNKNOWN,
  RATING_PERFECT, RATING_UNKNOWN, RATING_CASE,
  EXTRA_FIELDS_ROOT, EXTRA_FIELDS_NESTED, LONG_TEXT, ESCAPED_UNICODE, ID_LAST, CLOCK_SKEW,
  AGENT_MESSAGE_WITHOUT_AGENT, OTHER_AGENT_REPLIES, MESSAGES_NOT_EXPORTED, EDITED_LATER,
  AWAITING_REPLY, SNOOZED, UNASSIGNED, NO_DEPARTMENT, AUTOMATION_FIRST, MULTI_MESSAGE_TURN, NOTE_AND_ARTICLE;

  static final int FIRST = 5;
  static final int SPACING = 11;
  private static final Quirk[] PLAN;

  static {
    Quirk[] all = values();
    PLAN = new Quirk[all.length + 1];
    System.arraycopy(all, 0, PLAN, 0, all.length);
    PLAN[all.length] = CLOCK_SKEW; // "a case or two"
  }

  /** The quirk forced on chat {@code index}, or null. */
  static Quirk forcedAt(long index) {
    if (index < FIRST || (index - FIRST) % SPACING != 0) {
      return null;
    }
    long k = (index - FIRST) / SPACING;
    return k < PLAN.length ? PLAN[(int) k] : null;
  }

  /** Chats needed so that every forced quirk is placed. */
  static long chatsForFullPlan() {
    return FIRST + (long) (PLAN.length - 1) * SPACING + 1;
  }
}
