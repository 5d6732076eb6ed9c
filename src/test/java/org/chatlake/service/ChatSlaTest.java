package org.chatlake.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.chatlake.service.ChatSla.Chat;
import org.chatlake.service.ChatSla.Durations;
import org.chatlake.service.ChatSla.Outcomes;
import org.chatlake.service.ChatSla.Turn;
import org.junit.jupiter.api.Test;

/**
 * The per-chat service columns (service-hours.md), values worked by hand. Warsaw is UTC+1 in
 * November/December (local 09:00 = 08:00Z) and changes from UTC+2 to UTC+1 on 2026-10-25.
 */
class ChatSlaTest {
  static final String CONFIG = String.join("\n",
      "time_zone: Europe/Warsaw",
      "hours:",
      "  mon: [\"09:00-18:00\"]",
      "  tue: [\"09:00-18:00\"]",
      "  wed: [\"09:00-18:00\"]",
      "  thu: [\"09:00-18:00\"]",
      "  fri: [\"09:00-17:00\"]",
      "sla:",
      "  first_response: {target: 15m, business_hours: true}",
      "  next_reply: {target: 1h, business_hours: true}",
      "  resolution: {target: 2d, business_hours: false}",
      "departments:",
      "  \"12\":",
      "    time_zone: America/New_York",
      "    hours: {mon: [\"00:00-24:00\"], tue: [\"00:00-24:00\"], wed: [\"00:00-24:00\"], thu: [\"00:00-24:00\"],"
          + " fri: [\"00:00-24:00\"]}",
      "    sla:",
      "      first_response: {target: 5m, business_hours: false}",
      "  \"7\":",
      "    hours: {sun: [\"00:00-24:00\"]}",
      "");

  private final ChatSla sla = new ChatSla(ServiceConfig.parse("service.yaml", CONFIG.getBytes(StandardCharsets.UTF_8)));

  private static Instant t(String utc) {
    return Instant.parse(utc);
  }

  private static Double seconds(Instant a, Instant b) {
    return (b.toEpochMilli() - a.toEpochMilli()) / 1000.0;
  }

  /** A chat with messages; the calendar columns as MessageTimeline and ChatNormaliser give them. */
  private static Chat chat(Long department, String status, Instant created, Instant closed, List<Turn> turns,
      Instant firstCustomer) {
    Instant firstReply = turns.isEmpty() ? null : turns.get(0).reply();
    Double responseSum = turns.isEmpty() ? null
        : turns.stream().mapToDouble(x -> seconds(x.start(), x.reply())).sum();
    Double resolution = "closed".equals(status) && closed != null ? seconds(created, closed) : null;
    return new Chat(department, status, created, closed, resolution, true, firstCustomer, firstReply,
        firstReply == null ? null : seconds(firstCustomer, firstReply), responseSum, turns);
  }

  @Test
  void fridayNightAnsweredMondayMorningWaitedFiveBusinessMinutes() {
    // Fri 23:50 local (22:50Z) -> reply Mon 09:05 local (08:05Z), closed Mon 09:30 local
    Instant created = t("2026-11-27T22:50:00Z");
    Chat c = chat(null, "closed", created, t("2026-11-30T08:30:00Z"),
        List.of(new Turn(created, t("2026-11-30T08:05:00Z"))), created);
    // business: Mon 09:00-09:05 = 300 s; resolution Mon 09:00-09:30 = 1800 s; one turn only
    assertEquals(new Durations(300.0, 300.0, 1800.0, 0, 0), sla.durations(c));
    // first response 300 <= 900 met; resolution 2d 9h40m > 2d calendar: breached; as of the horizon
    assertEquals(new Outcomes("met", "breached", t("2026-12-10T00:00:00Z")),
        sla.judge(c, t("2026-12-10T00:00:00Z")));
  }

  @Test
  void breachedFirstResponseNextReplyBreachesAndPendingResolution() {
    // Tue 2026-12-01: customer 10:00 local, reply 10:20 (20 min > 15: breached, deadline 10:15 = 09:15Z);
    // turn 2 11:00-11:30 (30 min); turn 3 Tue 17:30 -> Wed 10:00 = 30 + 60 = 90 min > 1 h: a breach;
    // turn 4 Wed 12:00 unanswered
    Instant created = t("2026-12-01T09:00:00Z");
    Chat c = chat(null, "opened", created, null, List.of(
        new Turn(created, t("2026-12-01T09:20:00Z")),
        new Turn(t("2026-12-01T10:00:00Z"), t("2026-12-01T10:30:00Z")),
        new Turn(t("2026-12-01T16:30:00Z"), t("2026-12-02T09:00:00Z"))), created);
    // sum 20 + 30 + 90 = 140 min; open chat: no resolution seconds
    assertEquals(new Durations(1200.0, 8400.0, null, 2, 1), sla.durations(c));
    // 27 h after created: resolution pending
    Instant horizon = t("2026-12-02T12:00:00Z");
    assertEquals(new Outcomes("breached", "pending", horizon), sla.judge(c, horizon));
    // 48 h and 1 s after: breached too
    assertEquals(new Outcomes("breached", "breached", t("2026-12-03T09:00:01Z")),
        sla.judge(c, t("2026-12-03T09:00:01Z")));
  }

  @Test
  void unansweredOverTheWeekendIsPendingThenBreachedWhilePending() {
    // Sat 10:00 local; no service until Mon 09:00 local (08:00Z)
    Instant created = t("2026-12-05T09:00:00Z");
    Chat c = chat(null, "new", created, null, List.of(), created);
    assertEquals(new Durations(null, null, null, 0, 0), sla.durations(c));
    Instant tenPast = t("2026-12-07T08:10:00Z"); // 10 business minutes
    assertEquals(new Outcomes("pending", "pending", tenPast), sla.judge(c, tenPast));
    Instant twentyPast = t("2026-12-07T08:20:00Z"); // 20 business minutes; resolution 47h20m still pending
    assertEquals(new Outcomes("breached", "pending", twentyPast), sla.judge(c, twentyPast));
    // a horizon before the first message: pending
    assertEquals(new Outcomes("pending", "pending", t("2026-12-01T00:00:00Z")),
        sla.judge(c, t("2026-12-01T00:00:00Z")));
  }

  @Test
  void closedWithoutReplyIsCancelledInTimeAndBreachedLate() {
    Instant created = t("2026-12-01T09:00:00Z"); // Tue 10:00 local
    Chat inTime = chat(null, "closed", created, t("2026-12-01T09:05:00Z"), List.of(), created);
    assertEquals(new Durations(null, null, 300.0, 0, 0), sla.durations(inTime));
    assertEquals(new Outcomes("cancelled", "met", t("2026-12-20T00:00:00Z")),
        sla.judge(inTime, t("2026-12-20T00:00:00Z")));
    Chat late = chat(null, "closed", created, t("2026-12-01T09:30:00Z"), List.of(), created);
    // 30 min > 15: breached; resolution met at the close
    assertEquals(new Outcomes("breached", "met", t("2026-12-20T00:00:00Z")),
        sla.judge(late, t("2026-12-20T00:00:00Z")));
  }

  @Test
  void aDepartmentOverrideHasItsOwnZoneHoursAndCalendarTarget() {
    // department 12: New York, Mon-Fri all day, first response 5 min on the calendar.
    // Sat 15:00Z = Sat 10:00 New York: no service hours, so 0 business seconds, yet 6 min > 5 min
    Instant created = t("2026-12-05T15:00:00Z");
    Chat c = chat(12L, "closed", created, t("2026-12-05T15:10:00Z"),
        List.of(new Turn(created, t("2026-12-05T15:06:00Z"))), created);
    assertEquals(new Durations(0.0, 0.0, 0.0, 0, 0), sla.durations(c));
    // breached at created + 5 min; resolution (default 2d calendar) met at the close
    assertEquals(new Outcomes("breached", "met", t("2026-12-20T00:00:00Z")),
        sla.judge(c, t("2026-12-20T00:00:00Z")));
    // the same chat in the default department: Saturday, 0 business seconds <= 15 min: met at the reply
    Chat inDefault = chat(null, "closed", created, t("2026-12-05T15:10:00Z"),
        List.of(new Turn(created, t("2026-12-05T15:06:00Z"))), created);
    assertEquals(new Outcomes("met", "met", t("2026-12-20T00:00:00Z")),
        sla.judge(inDefault, t("2026-12-20T00:00:00Z")));
  }

  @Test
  void theDayDaylightSavingTimeEndsHas25ServiceHoursWhenServedAllDay() {
    // department 7: Warsaw, Sundays 00:00-24:00. Sun 2026-10-25 00:00 CEST = Sat 22:00Z, Mon 00:00 CET = Sun 23:00Z
    Instant created = t("2026-10-24T22:00:00Z");
    Chat c = chat(7L, "closed", created, t("2026-10-25T23:00:00Z"), List.of(), null);
    assertEquals(new Durations(null, null, 90000.0, 0, 0), sla.durations(c));
    // 25 h <= 2 d: met; no first customer message, so no first-response outcome
    assertEquals(new Outcomes(null, "met", t("2026-12-20T00:00:00Z")), sla.judge(c, t("2026-12-20T00:00:00Z")));
  }

  @Test
  void emptyChatsAndChatsWithoutMessageDataHaveNoMessageOutcomes() {
    Instant created = t("2026-12-01T09:00:00Z");
    Chat empty = chat(null, "empty", created, null, List.of(), null);
    assertEquals(new Outcomes(null, null, t("2026-12-20T00:00:00Z")), sla.judge(empty, t("2026-12-20T00:00:00Z")));
    Chat noMessages = new Chat(null, "opened", created, null, null, false, null, null, null, null, List.of());
    assertEquals(new Durations(null, null, null, null, null), sla.durations(noMessages));
    // resolution is judged from the chat alone: 19 days open > 2 d, breached at created + 2 d
    assertEquals(new Outcomes(null, "breached", t("2026-12-20T00:00:00Z")),
        sla.judge(noMessages, t("2026-12-20T00:00:00Z")));
  }
}
