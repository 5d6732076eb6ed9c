package org.chatlake.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonValuesTest {
  private static final JsonFactory JSON = Jackson.factory();

  private static JsonParser valueOf(String json) throws Exception {
    JsonParser p = JSON.createParser(json);
    p.nextToken();
    return p;
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "\"1603885746\"        | 2020-10-28T11:49:06Z",
      "1603885746            | 2020-10-28T11:49:06Z",
      "\"1603885746.0\"      | 2020-10-28T11:49:06Z",
      "\"1607542030.713\"    | 2020-12-09T19:27:10.713Z",
      "1607542030.713        | 2020-12-09T19:27:10.713Z",
      "\"1607542030.7139\"   | 2020-12-09T19:27:10.713Z",
      "1607542030713         | 2020-12-09T19:27:10.713Z",
      "\"1607542030713\"     | 2020-12-09T19:27:10.713Z",
      "\" 1603885746 \"      | 2020-10-28T11:49:06Z",
      // 100,000,000,000 itself is still seconds (year 5138); only above it is milliseconds
      "100000000000          | 5138-11-16T09:46:40Z",
      "100000000001          | 1973-03-03T09:46:40.001Z"})
  void timestampsInEveryShapeExportsUse(String json, String expected) throws Exception {
    assertEquals(Instant.parse(expected), JsonValues.timestamp(valueOf(json), "createdAt"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "\"\"", "\"0\"", "0", "0.0", "\"  \""})
  void absentTimes(String json) throws Exception {
    assertNull(JsonValues.timestamp(valueOf(json), "closedAt"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"x\":1}", "[1]", "true", "\"yesterday\"", "\"-5\"", "-5"})
  void wrongTypesAndValuesAreBadRecords(String json) throws Exception {
    BadRecordException e = assertThrows(BadRecordException.class,
        () -> JsonValues.timestamp(valueOf(json), "createdAt"));
    assertEquals(RejectReason.WRONG_TYPE, e.code());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"542335 | 542335", "\"542335\" | 542335", "\" 42 \" | 42",
      "542335.0 | 542335"})
  void idsAsNumbersOrNumericStrings(String json, long expected) throws Exception {
    assertEquals(expected, JsonValues.id(valueOf(json), "id"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"abc\"", "1.5", "{}", "[]", "\"12a\""})
  void unusableIds(String json) throws Exception {
    assertThrows(BadRecordException.class, () -> JsonValues.id(valueOf(json), "id"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"true | true", "false | false", "\"true\" | true",
      "\"FALSE\" | false", "1 | true", "0 | false"})
  void booleans(String json, boolean expected) throws Exception {
    assertEquals(expected, JsonValues.bool(valueOf(json), "readByAgent"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"\"closed\" | closed", "12 | 12", "true | true"})
  void textTakesScalarsAsText(String json, String expected) throws Exception {
    assertEquals(expected, JsonValues.text(valueOf(json), "status"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // the last millisecond Spark's TIMESTAMP holds
      "253402300799999       | 9999-12-31T23:59:59.999Z",
      "\"253402300799999.9\" | 9999-12-31T23:59:59.999Z",
      "\"0.001\"             | 1970-01-01T00:00:00.001Z",
      "0.5                   | 1970-01-01T00:00:00.500Z",
      "\"1.6e9\"             | 2020-09-13T12:26:40Z"})
  void timestampsAtTheEdgesOfTheRange(String json, String expected) throws Exception {
    assertEquals(Instant.parse(expected), JsonValues.timestamp(valueOf(json), "createdAt"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "9999999999999999", "\"9999999999999999\"", "253402300800000", "9223372036854775807",
      "123456789012345678901234567890", "\"123456789012345678901234567890\"", "1e999999999",
      "\"1e999999999\"", "\"1e-99999999\"", "1e-99999999", "\"0.0001\"", "0.0009", "NaN", "\"NaN\"",
      "Infinity", "-Infinity", "\"Infinity\"", "-0.5", "\"1603885746.000000000000000000000000000000000000000000000000000000000001\""})
  void outOfRangeAndNonNumericTimesAreBadRecordsAtOnce(String json) {
    // 1e-99999999 once took hours (setScale computed 10^99999996); 9999999999999999 overflowed later
    BadRecordException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(
        BadRecordException.class, () -> JsonValues.timestamp(valueOf(json), "createdAt")));
    assertEquals(RejectReason.WRONG_TYPE, e.code());
    assertTrue(e.getMessage().startsWith("field 'createdAt': "), e.getMessage());
    assertTrue(e.getMessage().length() < 200, e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"9223372036854775807 | 9223372036854775807",
      "\"9223372036854775807\" | 9223372036854775807", "\"0000000000000000000042\" | 42", "4.2e1 | 42"})
  void idsUpToTheLargestBigint(String json, long expected) throws Exception {
    assertEquals(expected, JsonValues.id(valueOf(json), "id"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775808", "\"9223372036854775808\"", "-9223372036854775809",
      "1e19", "1e999999999", "1e-99999999", "NaN", "Infinity", "\"NaN\"", "\"Infinity\"", "\"1e3\"",
      "\"-\"", "true"})
  void idsBeyondBigintOrNotNumericAreWrongType(String json) {
    BadRecordException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(BadRecordException.class, () -> JsonValues.id(valueOf(json), "lastMessageId")));
    assertEquals(RejectReason.WRONG_TYPE, e.code());
  }

  @ParameterizedTest
  @ValueSource(strings = {"123456789012345678901234567890", "2", "-1", "1.0", "NaN", "\"yes\""})
  void numbersThatAreNoBooleanAreWrongType(String json) {
    // a big integer used to escape as Jackson's InputCoercionException
    BadRecordException e = assertThrows(BadRecordException.class, () -> JsonValues.bool(valueOf(json), "read"));
    assertEquals(RejectReason.WRONG_TYPE, e.code());
  }
}
