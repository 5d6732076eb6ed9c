package org.chatlake.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonValuesTest {
  private static final JsonFactory JSON = new JsonFactory();

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
}
