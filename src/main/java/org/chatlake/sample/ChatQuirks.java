package org.chatlake.sample;

/** How one chat (and its messages) is spelled in the export files. */
final class ChatQuirks {
  /** How present times are written. */
  enum TimeStyle { STRING, NUMBER, DECIMAL_ZERO, DECIMAL_FRACTION, MILLIS }

  /** How absent times are written. */
  enum AbsentStyle { NULL, EMPTY_STRING, ZERO_STRING, MISSING }

  /** How an object (or the agents array) is written. */
  enum Shape { NORMAL, EMPTY_OBJECT, NULL_VALUE, MISSING }

  TimeStyle timeStyle = TimeStyle.STRING;
  AbsentStyle absentStyle = AbsentStyle.NULL;
  boolean idsAsStrings;
  Shape assignee = Shape.NORMAL;
  Shape department = Shape.NORMAL;
  Shape customer = Shape.NORMAL;
  Shape agents = Shape.NORMAL;
  /** Raw status as written, null for the documented spelling. */
  String statusSpelling;
  /** Raw rating as written, null for the plain value. */
  String ratingSpelling;
  boolean extraRoot;
  boolean extraNested;
  /** Non-ASCII text written as backslash-u escapes. */
  boolean escapeText;
  boolean idLast;
}
