package org.chatlake.metrics.crosscheck;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * backlog_daily and hourly_volume of a full UTC run, recomputed from history.md alone: for every
 * day and department the chats are tested one by one against the definition of "open at end(D)",
 * and each hour's chats are grouped by hand. Keys are lists of the key columns' values, in the
 * tables' key order.
 */
public final class HistoryTables {
  private static final long DAY_MILLIS = 86_400_000L;
  private static final Comparator<Long> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

  public static final List<String> BACKLOG_KEY = List.of("as_of_date", "department_id");
  public static final List<String> BACKLOG_COLUMNS = List.of("as_of_date", "department_id", "department_name",
      "open_at_end", "opened", "closed", "open_age_hours_p50", "open_age_hours_p90", "open_unassigned");
  public static final List<String> HOURLY_KEY = List.of("report_date", "department_id", "hour");
  public static final List<String> HOURLY_COLUMNS = List.of("report_date", "department_id", "hour",
      "chats_created", "chats_answered", "first_response_seconds_p50", "first_response_seconds_p90",
      "chats_unanswered");

  /** (as_of_date, department_id) -> column -> value. */
  public final Map<List<Object>, Map<String, Object>> backlogDaily = new LinkedHashMap<>();
  /** (report_date, department_id, hour) -> column -> value. */
  public final Map<List<Object>, Map<String, Object>> hourlyVolume = new LinkedHashMap<>();

  private HistoryTables() {}

  /**
   * @param chats the latest state of every chat, with the values derived from its messages
   * @param departmentNames the names the daily tables show, by department id (null: no department)
   * @param horizon the output's data horizon (epoch millis), null when it holds no time
   */
  static HistoryTables compute(Collection<IndependentRun.ChatValues> chats, Map<Long, String> departmentNames,
      Long horizon) {
    HistoryTables t = new HistoryTables();
    t.backlog(chats, departmentNames, horizon);
    t.hourly(chats);
    return t;
  }

  /** Status not empty or no communication, and a created_at: the chats the backlog counts. */
  private static boolean counted(Records.Chat c) {
    String s = Objects.toString(c.status(), "");
    return c.createdAt() != null && !s.equals("empty") && !s.equals("no communication");
  }

  /** history.md: created before t, and not closed by t (closed without closed_at: since created_at). */
  static boolean openAt(Records.Chat c, long t) {
    if (c.createdAt() >= t) {
      return false;
    }
    if (!"closed".equals(c.status())) {
      return true;
    }
    long closes = c.closedAt() != null ? c.closedAt() : c.createdAt();
    return closes > t;
  }

  private static LocalDate day(long millis) {
    return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
  }

  private void backlog(Collection<IndependentRun.ChatValues> chats, Map<Long, String> names, Long horizon) {
    LocalDate from = null;
    Map<Long, List<Records.Chat>> byDepartment = new TreeMap<>(NULLS_FIRST);
    Map<Long, LocalDate> firstDay = new HashMap<>();
    for (IndependentRun.ChatValues v : chats) {
      Records.Chat c = v.chat;
      if (c.createdAt() == null) {
        continue;
      }
      LocalDate created = day(c.createdAt());
      from = from == null || created.isBefore(from) ? created : from;
      if (counted(c)) {
        byDepartment.computeIfAbsent(c.departmentId(), k -> new ArrayList<>()).add(c);
        firstDay.merge(c.departmentId(), created, (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    if (from == null || horizon == null) {
      return;
    }
    LocalDate to = day(horizon);
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      long end = d.plusDays(1).toEpochDay() * DAY_MILLIS;
      for (Map.Entry<Long, List<Records.Chat>> e : byDepartment.entrySet()) {
        if (d.isBefore(firstDay.get(e.getKey()))) {
          continue;
        }
        long opened = 0;
        long closed = 0;
        long unassigned = 0;
        List<Double> ages = new ArrayList<>();
        for (Records.Chat c : e.getValue()) {
          if (day(c.createdAt()).equals(d)) {
            opened++;
          }
          if ("closed".equals(c.status()) && c.closedAt() != null && day(c.closedAt()).equals(d)) {
            closed++;
          }
          if (openAt(c, end)) {
            ages.add((end - c.createdAt()) / 3_600_000.0);
            unassigned += c.assigneeId() == null ? 1 : 0;
          }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("as_of_date", d.toString());
        row.put("department_id", e.getKey());
        row.put("department_name", e.getKey() == null ? "No department" : names.get(e.getKey()));
        row.put("open_at_end", (long) ages.size());
        row.put("opened", opened);
        row.put("closed", closed);
        row.put("open_age_hours_p50", IndependentRun.percentile(ages, 0.5));
        row.put("open_age_hours_p90", IndependentRun.percentile(ages, 0.9));
        row.put("open_unassigned", unassigned);
        backlogDaily.put(Arrays.asList(d.toString(), e.getKey()), row);
      }
    }
  }

  private void hourly(Collection<IndependentRun.ChatValues> chats) {
    Map<List<Object>, List<IndependentRun.ChatValues>> groups = new LinkedHashMap<>();
    for (IndependentRun.ChatValues v : chats) {
      if (v.chat.createdAt() == null) {
        continue;
      }
      long hour = Instant.ofEpochMilli(v.chat.createdAt()).atZone(ZoneOffset.UTC).getHour();
      groups.computeIfAbsent(Arrays.asList(v.reportDate, v.chat.departmentId(), hour), k -> new ArrayList<>())
          .add(v);
    }
    for (Map.Entry<List<Object>, List<IndependentRun.ChatValues>> g : groups.entrySet()) {
      long answered = 0;
      long unanswered = 0;
      List<Double> firstResponse = new ArrayList<>();
      for (IndependentRun.ChatValues v : g.getValue()) {
        answered += v.firstReplyAt != null ? 1 : 0;
        unanswered += v.unanswered ? 1 : 0;
        if (v.firstResponseSeconds != null) {
          firstResponse.add(v.firstResponseSeconds);
        }
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("report_date", g.getKey().get(0));
      row.put("department_id", g.getKey().get(1));
      row.put("hour", g.getKey().get(2));
      row.put("chats_created", (long) g.getValue().size());
      // the sample runs have message data: these columns are never null there
      row.put("chats_answered", answered);
      row.put("first_response_seconds_p50", IndependentRun.percentile(firstResponse, 0.5));
      row.put("first_response_seconds_p90", IndependentRun.percentile(firstResponse, 0.9));
      row.put("chats_unanswered", unanswered);
      hourlyVolume.put(g.getKey(), row);
    }
  }
}
