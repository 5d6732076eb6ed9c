package org.chatlake.service;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.TUESDAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.chatlake.job.JobFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The service-hours config file (service-hours.md, "The config file"). */
class ServiceConfigTest {
  private static final String BASE = "time_zone: Europe/Warsaw\nhours: {mon: [\"09:00-18:00\"]}\n";

  private static ServiceConfig parse(String yaml) {
    return ServiceConfig.parse("service.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static ServiceConfig specExample() throws Exception {
    return ServiceConfig.load(Path.of(ServiceConfigTest.class.getResource("service.yaml").toURI()));
  }

  private static ServiceInterval interval(String text) {
    return ServiceInterval.parse(text);
  }

  // ---- the spec's example --------------------------------------------------------------------

  @Test
  void specExampleDefault() throws Exception {
    ServiceConfig c = specExample();
    ServiceSchedule s = c.scheduleFor(null);
    assertEquals(ZoneId.of("Europe/Warsaw"), s.zone());
    assertEquals(List.of(new ServiceInterval(9 * 60, 13 * 60), new ServiceInterval(14 * 60, 18 * 60)), s.hours(MONDAY));
    assertEquals(List.of(new ServiceInterval(9 * 60, 18 * 60)), s.hours(TUESDAY));
    assertEquals(List.of(new ServiceInterval(9 * 60, 17 * 60)), s.hours(FRIDAY));
    assertEquals(List.of(), s.hours(SATURDAY));
    assertEquals(List.of(), s.hours(SUNDAY));
    assertTrue(s.isHoliday(LocalDate.parse("2026-12-24")));
    assertFalse(s.isHoliday(LocalDate.parse("2027-12-24")));
    assertTrue(s.isHoliday(LocalDate.parse("2031-12-25")));
    assertTrue(s.isHoliday(LocalDate.parse("2027-01-01")));

    assertEquals(Optional.of(new SlaTarget(900, true)), c.target(null, SlaKind.FIRST_RESPONSE)); // 15 min
    assertEquals(Optional.of(new SlaTarget(3_600, true)), c.target(null, SlaKind.NEXT_REPLY)); // 1 h
    assertEquals(Optional.of(new SlaTarget(172_800, false)), c.target(null, SlaKind.RESOLUTION)); // 2 x 24 h
    // sha256sum of src/test/resources/org/chatlake/service/service.yaml
    assertEquals("a0143bbc88de6f088938f08d30d0eec6e8662d9c94ecb19102f26189062dff81", c.contentHash());
  }

  @Test
  void specExampleDepartmentOverride() throws Exception {
    ServiceConfig c = specExample();
    assertEquals(Set.of(12L), c.departmentIds());
    ServiceSchedule s = c.scheduleFor(12L);
    assertEquals(ZoneId.of("America/New_York"), s.zone());
    for (var day : List.of(MONDAY, TUESDAY, FRIDAY)) {
      assertEquals(List.of(new ServiceInterval(0, 24 * 60)), s.hours(day));
    }
    assertEquals(List.of(), s.hours(SATURDAY));
    // holidays not overridden: the default's, as local dates in New York
    assertTrue(s.isHoliday(LocalDate.parse("2026-12-24")));
    assertTrue(s.isHoliday(LocalDate.parse("2026-12-25")));
    // Friday 2026-03-06 23:50 to Monday 00:10, New York time: 10 min Friday + 10 min Monday = 1,200 s
    assertEquals(1_200.0, s.businessSeconds(OffsetDateTime.parse("2026-03-06T23:50-05:00").toInstant(),
        OffsetDateTime.parse("2026-03-09T00:10-04:00").toInstant()));

    assertEquals(Optional.of(new SlaTarget(300, false)), c.target(12L, SlaKind.FIRST_RESPONSE)); // its own 5 min
    assertEquals(Optional.of(new SlaTarget(3_600, true)), c.target(12L, SlaKind.NEXT_REPLY)); // the default's
    assertEquals(Optional.of(new SlaTarget(172_800, false)), c.target(12L, SlaKind.RESOLUTION)); // the default's
  }

  @Test
  void chatsWithoutOrOfAnUnlistedDepartmentUseTheDefault() throws Exception {
    ServiceConfig c = specExample();
    assertSame(c.scheduleFor(null), c.scheduleFor(99L));
    assertEquals(c.target(null, SlaKind.FIRST_RESPONSE), c.target(99L, SlaKind.FIRST_RESPONSE));
  }

  @Test
  void jsonIsYaml() {
    ServiceConfig c = parse("{\"time_zone\": \"UTC\", \"hours\": {\"sat\": [\"10:00-12:00\"]},"
        + " \"sla\": {\"resolution\": {\"target\": \"PT4H\", \"business_hours\": true}},"
        + " \"departments\": {\"7\": {\"holidays\": [\"2026-03-07\"]}}}");
    assertEquals(List.of(interval("10:00-12:00")), c.scheduleFor(null).hours(SATURDAY));
    assertEquals(Optional.of(new SlaTarget(14_400, true)), c.target(7L, SlaKind.RESOLUTION)); // 4 h
    assertEquals(Optional.empty(), c.target(7L, SlaKind.FIRST_RESPONSE));
    // department 7: Saturday 2026-03-07 is its holiday, not the default's
    Instant from = Instant.parse("2026-03-07T00:00:00Z");
    Instant to = Instant.parse("2026-03-08T00:00:00Z");
    assertEquals(7_200.0, c.scheduleFor(null).businessSeconds(from, to));
    assertEquals(0.0, c.scheduleFor(7L).businessSeconds(from, to));
  }

  @Test
  void overrideReplacesOnlyTheKeysItGives() {
    ServiceConfig c = parse(BASE + "holidays: [\"01-01\"]\n"
        + "sla: {first_response: {target: 15m, business_hours: true}}\n"
        + "departments:\n"
        + "  1: {time_zone: Asia/Tokyo}\n"
        + "  2: {holidays: []}\n"
        + "  3: {sla: {next_reply: {target: 1h, business_hours: false}}}\n");
    ServiceSchedule tokyo = c.scheduleFor(1L);
    assertEquals(ZoneId.of("Asia/Tokyo"), tokyo.zone());
    assertEquals(List.of(interval("09:00-18:00")), tokyo.hours(MONDAY)); // the default's hours, Tokyo time
    assertTrue(tokyo.isHoliday(LocalDate.parse("2029-01-01")));
    assertFalse(c.scheduleFor(2L).isHoliday(LocalDate.parse("2029-01-01")));
    assertEquals(ZoneId.of("Europe/Warsaw"), c.scheduleFor(2L).zone());
    assertSame(c.scheduleFor(null), c.scheduleFor(3L)); // only SLA given: the default schedule itself
    assertEquals(Optional.of(new SlaTarget(900, true)), c.target(3L, SlaKind.FIRST_RESPONSE));
    assertEquals(Optional.of(new SlaTarget(3_600, false)), c.target(3L, SlaKind.NEXT_REPLY));
    assertEquals(Optional.empty(), c.target(null, SlaKind.NEXT_REPLY));
  }

  @Test
  void overrideHoursReplaceTheWholeWeek() {
    ServiceConfig c = parse("time_zone: UTC\nhours: {mon: [\"09:00-18:00\"], tue: [\"09:00-18:00\"]}\n"
        + "departments: {\"5\": {hours: {sat: [\"10:00-14:00\"]}}}\n");
    assertEquals(List.of(), c.scheduleFor(5L).hours(MONDAY));
    assertEquals(List.of(interval("10:00-14:00")), c.scheduleFor(5L).hours(SATURDAY));
  }

  @ParameterizedTest(name = "{0} = {1} s")
  @CsvSource({
      "90s, 90",
      "15m, 900",
      "1h30m, 5400",      // 3,600 + 1,800
      "2d, 172800",       // 2 x 86,400
      "1d2h3m4s, 93784",  // 86,400 + 7,200 + 180 + 4
      "PT15M, 900",
      "P1DT2H, 93600",    // 86,400 + 7,200
      "PT0.5S, 0.5"})
  void durations(String text, double seconds) {
    ServiceConfig c = parse(BASE + "sla: {first_response: {target: " + text + ", business_hours: false}}\n");
    assertEquals(Optional.of(new SlaTarget(seconds, false)), c.target(null, SlaKind.FIRST_RESPONSE));
  }

  @Test
  void elapsedTimeForATarget() {
    ServiceSchedule s = parse(BASE).scheduleFor(null);
    Instant from = OffsetDateTime.parse("2026-03-02T17:30+01:00").toInstant(); // Monday
    Instant to = OffsetDateTime.parse("2026-03-03T09:30+01:00").toInstant(); // Tuesday, no service
    assertEquals(1_800.0, new SlaTarget(60, true).elapsedSeconds(s, from, to)); // 17:30-18:00
    assertEquals(57_600.0, new SlaTarget(60, false).elapsedSeconds(s, from, to)); // 16 h
    assertEquals(null, new SlaTarget(60, false).elapsedSeconds(s, to, from));
  }

  // ---- errors ----------------------------------------------------------------------------------

  static Stream<Arguments> badConfigs() {
    String sla = "sla: {first_response: {target: %s, business_hours: true}}\n";
    return Stream.of(
        Arguments.of("time_zone: Europe/Warsaw\nhours: {mon: [\"09:00-13:00\", \"12:00-18:00\"]}\n",
            "hours.mon: intervals 09:00-13:00 and 12:00-18:00 overlap"),
        Arguments.of("time_zone: Europe/Warsaw\nhours: {mon: [\"12:00-18:00\", \"09:00-13:00\"]}\n",
            "hours.mon: intervals 09:00-13:00 and 12:00-18:00 overlap"),
        Arguments.of("time_zone: Europe/Warsaw\nhours: {tue: [\"09:00-18:00\", \"10:00-11:00\", \"12:00-13:00\"]}\n",
            "hours.tue: intervals 09:00-18:00 and 10:00-11:00 overlap"),
        Arguments.of("time_zone: Europe/Warsaw\nhours: {mon: [\"09:00-12:00\", \"09:00-12:00\"]}\n",
            "hours.mon: intervals 09:00-12:00 and 09:00-12:00 overlap"),
        Arguments.of(BASE + "departments: {\"12\": {time_zone: Mars/Base}}\n",
            "departments.12.time_zone: unknown time zone \"Mars/Base\""),
        Arguments.of("time_zone: Mars/Base\nhours: {}\n", "time_zone: unknown time zone \"Mars/Base\""),
        Arguments.of("time_zone: 5\nhours: {}\n", "time_zone: expected a time zone name like Europe/Warsaw"),
        Arguments.of(BASE + String.format(sla, "0m"), "sla.first_response.target: must be > 0"),
        Arguments.of(BASE + String.format(sla, "PT0S"), "sla.first_response.target: must be > 0"),
        Arguments.of(BASE + String.format(sla, "PT-5M"), "sla.first_response.target: must be > 0"),
        Arguments.of(BASE + String.format(sla, "15 minutes"),
            "sla.first_response.target: bad duration \"15 minutes\", expected e.g. 90s, 15m, 1h30m, 2d or PT15M"),
        Arguments.of(BASE + String.format(sla, "1m30h"),
            "sla.first_response.target: bad duration \"1m30h\", expected e.g. 90s, 15m, 1h30m, 2d or PT15M"),
        Arguments.of(BASE + String.format(sla, "\"\""),
            "sla.first_response.target: bad duration \"\", expected e.g. 90s, 15m, 1h30m, 2d or PT15M"),
        Arguments.of(BASE + String.format(sla, "900"),
            "sla.first_response.target: bad duration 900, expected e.g. 90s, 15m, 1h30m, 2d or PT15M"),
        Arguments.of(BASE + String.format(sla, "PT15X"),
            "sla.first_response.target: bad duration \"PT15X\", expected e.g. 90s, 15m, 1h30m, 2d or PT15M"),
        Arguments.of(BASE + "sla: {first_response: {target: 15m}}\n", "sla.first_response.business_hours: missing"),
        Arguments.of(BASE + "sla: {first_response: {business_hours: true}}\n", "sla.first_response.target: missing"),
        Arguments.of(BASE + "sla: {first_response: {target: 15m, business_hours: \"yes\"}}\n",
            "sla.first_response.business_hours: expected true or false"),
        Arguments.of(BASE + "sla: {first_response: {target: 15m, business_hours: true, colour: red}}\n",
            "sla.first_response.colour: unknown key"),
        Arguments.of(BASE + "sla: {first_reply: {target: 15m, business_hours: true}}\n", "sla.first_reply: unknown key"),
        Arguments.of(BASE + "sla: {first_response: 15m}\n",
            "sla.first_response: expected {target: DURATION, business_hours: true or false}"),
        Arguments.of(BASE + "colour: red\n", "colour: unknown key"),
        Arguments.of(BASE + "departments: {\"12\": {colour: red}}\n", "departments.12.colour: unknown key"),
        Arguments.of(BASE + "departments: {\"12\": {departments: {}}}\n", "departments.12.departments: unknown key"),
        Arguments.of(BASE + "departments: {sales: {}}\n", "departments.sales: not a department id (a whole number)"),
        Arguments.of(BASE + "departments: {\"012\": {}}\n", "departments.012: not a department id (a whole number)"),
        Arguments.of(BASE + "departments: {\"12\": 5}\n",
            "departments.12: expected a mapping of time_zone, hours, holidays, sla"),
        Arguments.of("time_zone: UTC\nhours: {mon: [\"9:00-18:00\"]}\n",
            "hours.mon: bad interval \"9:00-18:00\": expected HH:MM-HH:MM"),
        Arguments.of("time_zone: UTC\nhours: {mon: [\"18:00-09:00\"]}\n",
            "hours.mon: bad interval \"18:00-09:00\": end must be after start"),
        Arguments.of("time_zone: UTC\nhours: {mon: [\"09:00-09:00\"]}\n",
            "hours.mon: bad interval \"09:00-09:00\": end must be after start"),
        Arguments.of("time_zone: UTC\nhours: {mon: [\"24:00-24:00\"]}\n",
            "hours.mon: bad interval \"24:00-24:00\": 24:00 is allowed only as an end"),
        Arguments.of("time_zone: UTC\nhours: {mon: [\"09:00-24:30\"]}\n",
            "hours.mon: bad interval \"09:00-24:30\": 24:30 is not a time of day"),
        Arguments.of("time_zone: UTC\nhours: {mon: [\"09:60-10:00\"]}\n",
            "hours.mon: bad interval \"09:60-10:00\": 09:60 is not a time of day"),
        Arguments.of("time_zone: UTC\nhours: {mon: [900]}\n", "hours.mon: bad interval 900, expected HH:MM-HH:MM"),
        Arguments.of("time_zone: UTC\nhours: {mon: \"09:00-18:00\"}\n",
            "hours.mon: expected a list of intervals like [\"09:00-18:00\"], or [] for none"),
        Arguments.of("time_zone: UTC\nhours: {monday: []}\n",
            "hours.monday: unknown day, expected mon, tue, wed, thu, fri, sat or sun"),
        Arguments.of("time_zone: UTC\nhours: [\"09:00-18:00\"]\n",
            "hours: expected a mapping of days (mon ... sun) to lists of intervals"),
        Arguments.of(BASE + "holidays: [\"2026-02-30\"]\n",
            "holidays: bad date \"2026-02-30\", expected YYYY-MM-DD (once) or MM-DD (every year)"),
        Arguments.of(BASE + "holidays: [\"13-01\"]\n",
            "holidays: bad date \"13-01\", expected YYYY-MM-DD (once) or MM-DD (every year)"),
        Arguments.of(BASE + "holidays: [\"12/25\"]\n",
            "holidays: bad date \"12/25\", expected YYYY-MM-DD (once) or MM-DD (every year)"),
        Arguments.of(BASE + "holidays: \"12-25\"\n",
            "holidays: expected a list of dates like [\"2026-12-24\", \"12-25\"], or [] for none"),
        Arguments.of("hours: {}\n", "time_zone: missing"),
        Arguments.of("time_zone: UTC\n", "hours: missing"),
        Arguments.of("", "empty, expected a mapping with time_zone and hours"),
        Arguments.of("- time_zone\n", "expected a mapping of time_zone, hours, holidays, sla, departments"),
        Arguments.of(BASE + "---\n" + BASE, "more than one YAML document"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badConfigs")
  void badConfigIsAUsageErrorNamingFileKeyAndProblem(String yaml, String message) {
    JobFailure e = assertThrows(JobFailure.class, () -> parse(yaml));
    assertEquals(JobFailure.USAGE, e.exitCode());
    assertEquals("service.yaml: " + message, e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "time_zone: UTC\\ntime_zone: UTC\\nhours: {}        | line 2, column ",
      "time_zone: UTC\\nhours: [\"09:00-18:00\"            | line ",
      "time_zone: UTC\\n  hours: {}                       | line "})
  void unreadableYamlSaysWhereWithoutClassNames(String yaml, String where) {
    JobFailure e = assertThrows(JobFailure.class, () -> parse(yaml.replace("\\n", "\n")));
    assertEquals(JobFailure.USAGE, e.exitCode());
    assertTrue(e.getMessage().startsWith("service.yaml: " + where), e.getMessage());
    assertTrue(e.getMessage().contains(": not valid YAML: "), e.getMessage());
    assertOneLineWithoutClassNames(e.getMessage());
  }

  @Test
  void everyMessageIsOneLineWithoutClassNames() {
    badConfigs().forEach(a -> assertOneLineWithoutClassNames(
        assertThrows(JobFailure.class, () -> parse((String) a.get()[0])).getMessage()));
  }

  private static void assertOneLineWithoutClassNames(String message) {
    assertFalse(message.contains("\n"), message);
    assertFalse(message.matches("(?s).*\\b(java|com|org)\\.[a-z]+\\..*"), message);
    assertFalse(message.contains("Exception"), message);
  }

  @Test
  void missingFile(@TempDir Path dir) {
    JobFailure e = assertThrows(JobFailure.class, () -> ServiceConfig.load(dir.resolve("service.yaml")));
    assertEquals(JobFailure.USAGE, e.exitCode());
    assertEquals("service.yaml: no such file", e.getMessage());
  }

  @Test
  void loadsAFileAndHashesItsBytes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("hours.yml");
    // "time_zone: UTC\nhours: {}\n"; sha256sum of these 25 bytes
    Files.writeString(file, "time_zone: UTC\nhours: {}\n");
    ServiceConfig c = ServiceConfig.load(file);
    assertEquals("c1e5b091af7a07efbbb0a739d85fb3145fe25fe65bdd24463c975a0762c10bde", c.contentHash());
    assertEquals(List.of(), c.scheduleFor(null).hours(MONDAY));
  }
}
