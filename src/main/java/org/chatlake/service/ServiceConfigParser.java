package org.chatlake.service;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.chatlake.job.JobFailure;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the YAML (or JSON) of a service-hours config into a {@link ServiceConfig}. The first
 * problem found ends the run with a usage error naming the file, the key path and what is wrong,
 * in words a user can act on (never a parser's class names).
 */
final class ServiceConfigParser {
  private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
      "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
      "sun", DayOfWeek.SUNDAY);
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern MONTH_DAY = Pattern.compile("\\d{2}-\\d{2}");
  private static final Pattern DEPARTMENT_ID = Pattern.compile("0|[1-9]\\d{0,17}");

  /** One level of the config (the top or a department); a null field was not given. */
  private record Parts(ZoneId zone, Map<DayOfWeek, List<ServiceInterval>> week, Set<LocalDate> holidays,
      Set<MonthDay> yearlyHolidays, Map<SlaKind, SlaTarget> targets) {
    boolean givesSchedule() {
      return zone != null || week != null || holidays != null;
    }
  }

  private final String fileName;

  ServiceConfigParser(String fileName) {
    this.fileName = fileName;
  }

  ServiceConfig parse(byte[] content, String contentHash) {
    JsonNode root = read(content);
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw fail("", "empty, expected a mapping with time_zone and hours");
    }
    Map<Long, Parts> overrides = new LinkedHashMap<>();
    Parts top = parts(root, "", overrides);
    if (top.zone == null) {
      throw fail("time_zone", "missing");
    }
    if (top.week == null) {
      throw fail("hours", "missing");
    }
    ServiceSchedule defaultSchedule = schedule(top, top);
    Map<SlaKind, SlaTarget> defaultTargets = top.targets == null ? Map.of() : top.targets;

    Map<ServiceSchedule, ServiceSchedule> distinct = new HashMap<>();
    distinct.put(defaultSchedule, defaultSchedule);
    Map<Long, ServiceSchedule> schedules = new HashMap<>();
    Map<Long, Map<SlaKind, SlaTarget>> targets = new HashMap<>();
    overrides.forEach((id, p) -> {
      schedules.put(id, p.givesSchedule() ? distinct.computeIfAbsent(schedule(p, top), s -> s) : defaultSchedule);
      Map<SlaKind, SlaTarget> merged = new EnumMap<>(SlaKind.class);
      merged.putAll(defaultTargets);
      if (p.targets != null) {
        merged.putAll(p.targets);
      }
      targets.put(id, Map.copyOf(merged));
    });
    return new ServiceConfig(defaultSchedule, defaultTargets, schedules, targets, contentHash);
  }

  private JsonNode read(byte[] content) {
    YAMLFactory yaml = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    ObjectMapper mapper = new ObjectMapper(yaml);
    try (JsonParser parser = yaml.createParser(content)) {
      JsonNode root = mapper.readTree(parser);
      if (root != null && parser.nextToken() != null) {
        throw fail("", "more than one YAML document");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw notYaml(e);
    } catch (IOException e) {
      throw fail("", "cannot be read (" + firstLine(e.getMessage()) + ")");
    }
  }

  /** The top level (which may hold departments, collected into {@code departments}) or one department. */
  private Parts parts(JsonNode node, String prefix, Map<Long, Parts> departments) {
    requireMapping(node, prefix, "a mapping of time_zone, hours, holidays, sla"
        + (departments != null ? ", departments" : ""));
    ZoneId zone = null;
    Map<DayOfWeek, List<ServiceInterval>> week = null;
    Set<LocalDate> holidays = null;
    Set<MonthDay> yearly = null;
    Map<SlaKind, SlaTarget> targets = null;
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String path = prefix + field.getKey();
      JsonNode value = field.getValue();
      switch (field.getKey()) {
        case "time_zone" -> zone = zone(value, path);
        case "hours" -> week = week(value, path);
        case "holidays" -> {
          holidays = new HashSet<>();
          yearly = new HashSet<>();
          holidays(value, path, holidays, yearly);
        }
        case "sla" -> targets = targets(value, path);
        case "departments" -> {
          if (departments == null) {
            throw fail(path, "unknown key");
          }
          departments(value, path, departments);
        }
        default -> throw fail(path, "unknown key");
      }
    }
    return new Parts(zone, week, holidays, yearly, targets);
  }

  private void departments(JsonNode node, String path, Map<Long, Parts> into) {
    requireMapping(node, path, "a mapping of department ids to overrides");
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String idPath = path + "." + field.getKey();
      if (!DEPARTMENT_ID.matcher(field.getKey()).matches()) {
        throw fail(idPath, "not a department id (a whole number)");
      }
      into.put(Long.parseLong(field.getKey()), parts(field.getValue(), idPath + ".", null));
    }
  }

  private ZoneId zone(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw fail(path, "expected a time zone name like Europe/Warsaw");
    }
    try {
      return ZoneId.of(node.textValue());
    } catch (DateTimeException e) {
      throw fail(path, "unknown time zone \"" + node.textValue() + "\"");
    }
  }

  private Map<DayOfWeek, List<ServiceInterval>> week(JsonNode node, String path) {
    requireMapping(node, path, "a mapping of days (mon ... sun) to lists of intervals");
    Map<DayOfWeek, List<ServiceInterval>> week = new EnumMap<>(DayOfWeek.class);
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String dayPath = path + "." + field.getKey();
      DayOfWeek day = DAYS.get(field.getKey());
      if (day == null) {
        throw fail(dayPath, "unknown day, expected mon, tue, wed, thu, fri, sat or sun");
      }
      week.put(day, intervals(field.getValue(), dayPath));
    }
    return week;
  }

  private List<ServiceInterval> intervals(JsonNode node, String path) {
    if (!node.isArray()) {
      throw fail(path, "expected a list of intervals like [\"09:00-18:00\"], or [] for none");
    }
    List<ServiceInterval> intervals = new ArrayList<>();
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        throw fail(path, "bad interval " + element + ", expected HH:MM-HH:MM");
      }
      try {
        intervals.add(ServiceInterval.parse(element.textValue()));
      } catch (IllegalArgumentException e) {
        throw fail(path, e.getMessage());
      }
    }
    intervals.sort(null);
    try {
      ServiceInterval.requireDisjoint(intervals);
    } catch (IllegalArgumentException e) {
      throw fail(path, e.getMessage());
    }
    return intervals;
  }

  private void holidays(JsonNode node, String path, Set<LocalDate> once, Set<MonthDay> yearly) {
    if (!node.isArray()) {
      throw fail(path, "expected a list of dates like [\"2026-12-24\", \"12-25\"], or [] for none");
    }
    for (JsonNode element : node) {
      String text = element.isTextual() ? element.textValue() : null;
      try {
        if (text != null && DATE.matcher(text).matches()) {
          once.add(LocalDate.parse(text));
          continue;
        }
        if (text != null && MONTH_DAY.matcher(text).matches()) {
          yearly.add(MonthDay.parse("--" + text));
          continue;
        }
      } catch (DateTimeException e) {
        // falls through to the message below
      }
      throw fail(path, "bad date " + (text != null ? "\"" + text + "\"" : element.toString())
          + ", expected YYYY-MM-DD (once) or MM-DD (every year)");
    }
  }

  private Map<SlaKind, SlaTarget> targets(JsonNode node, String path) {
    requireMapping(node, path, "a mapping of first_response, next_reply, resolution");
    Map<SlaKind, SlaTarget> targets = new EnumMap<>(SlaKind.class);
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String kindPath = path + "." + field.getKey();
      SlaKind kind = SlaKind.ofKey(field.getKey()).orElseThrow(() -> fail(kindPath, "unknown key"));
      targets.put(kind, target(field.getValue(), kindPath));
    }
    return targets;
  }

  private SlaTarget target(JsonNode node, String path) {
    requireMapping(node, path, "{target: DURATION, business_hours: true or false}");
    Double seconds = null;
    Boolean businessHours = null;
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String keyPath = path + "." + field.getKey();
      JsonNode value = field.getValue();
      switch (field.getKey()) {
        case "target" -> seconds = duration(value, keyPath);
        case "business_hours" -> {
          if (!value.isBoolean()) {
            throw fail(keyPath, "expected true or false");
          }
          businessHours = value.booleanValue();
        }
        default -> throw fail(keyPath, "unknown key");
      }
    }
    if (seconds == null) {
      throw fail(path + ".target", "missing");
    }
    if (businessHours == null) {
      throw fail(path + ".business_hours", "missing");
    }
    return new SlaTarget(seconds, businessHours);
  }

  private double duration(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw fail(path, "bad duration " + node + ", expected e.g. 90s, 15m, 1h30m, 2d or PT15M");
    }
    double seconds;
    try {
      seconds = Durations.seconds(node.textValue());
    } catch (IllegalArgumentException e) {
      throw fail(path, e.getMessage());
    }
    if (!(seconds > 0)) {
      throw fail(path, "must be > 0");
    }
    return seconds;
  }

  private ServiceSchedule schedule(Parts p, Parts fallback) {
    return new ServiceSchedule(p.zone != null ? p.zone : fallback.zone, p.week != null ? p.week : fallback.week,
        p.holidays != null ? p.holidays : fallback.holidays != null ? fallback.holidays : Set.of(),
        p.yearlyHolidays != null ? p.yearlyHolidays
            : fallback.yearlyHolidays != null ? fallback.yearlyHolidays : Set.of());
  }

  private void requireMapping(JsonNode node, String path, String expected) {
    if (!node.isObject()) {
      throw fail(path.endsWith(".") ? path.substring(0, path.length() - 1) : path, "expected " + expected);
    }
  }

  private JobFailure fail(String path, String what) {
    return new JobFailure(JobFailure.USAGE, fileName + ": " + (path.isEmpty() ? "" : path + ": ") + what);
  }

  /**
   * The YAML parser's problem and where it is; its full message adds context lines and a snippet
   * of the file, too much for the one line a usage error gets.
   */
  private JobFailure notYaml(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException m && m.getProblem() != null) {
        Mark mark = m.getProblemMark();
        String where = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
        return fail(where, "not valid YAML: " + firstLine(m.getProblem()));
      }
    }
    return fail(where(e.getLocation()), "not valid YAML: " + firstLine(e.getOriginalMessage()));
  }

  private static String where(JsonLocation location) {
    return location == null || location.getLineNr() < 1 ? ""
        : "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "unreadable";
    }
    return message.strip().lines().findFirst().orElse("").strip();
  }
}
