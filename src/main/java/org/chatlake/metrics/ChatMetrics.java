package org.chatlake.metrics;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;

/**
 * The aggregate columns of metrics.md (and messages.md) over normalised chats, in the order of
 * output.md. Every table that reports "the metric columns" uses this one list.
 *
 * <p>Percentiles are computed from each group's sorted values ({@code sort_array(collect_list)}),
 * one list per source column shared by its p50 and p90: several times faster than Spark's
 * {@code percentile} aggregate (a boxed hash map per group) and the same exact, interpolated value.
 */
public final class ChatMetrics {
  private ChatMetrics() {}

  /**
   * One metric column: its name, its aggregate, and whether it is a count (0 for no chats). A
   * percentile has no aggregate of its own: {@code percentileOf} names the column whose sorted
   * values it reads after the aggregation.
   */
  public record Metric(String name, Column aggregate, boolean isCount, String percentileOf, double fraction) {
    boolean isPercentile() {
      return percentileOf != null;
    }

    /** This metric as a column of the aggregated rows (after {@link #aggregates()}). */
    Column finished() {
      return isPercentile() ? interpolated(col(sortedName(percentileOf)), fraction).as(name) : col(name);
    }
  }

  public static final List<Metric> ALL = java.util.stream.Stream.concat(build().stream(), history().stream()).toList();

  private static List<Metric> build() {
    Column status = col("status");
    Column closed = status.equalTo("closed");
    Column rating = col("rating");
    Column total = count(lit(1));
    Column empty = countWhere(status.equalTo("empty"));
    // messages.md: null where none of the group's chats has message data
    Column hasMessageData = count(col("messages_total")).gt(0);
    return List.of(
        counted("chats_total", total),
        counted("chats_empty", empty),
        counted("chats_open", countWhere(status.isin("new", "opened", "pending", "onhold"))),
        counted("chats_no_communication", countWhere(status.equalTo("no communication"))),
        counted("chats_closed", countWhere(closed)),
        counted("closed_by_agent", countWhere(closed.and(col("closed_by").equalTo("agent")))),
        counted("closed_by_customer", countWhere(closed.and(col("closed_by").equalTo("customer")))),
        value("closure_rate", ratio(countWhere(closed), total.minus(empty))),
        counted("chats_rated", count(rating)),
        counted("rating_great", countWhere(rating.equalTo("great"))),
        counted("rating_average", countWhere(rating.equalTo("average"))),
        counted("rating_poor", countWhere(rating.equalTo("poor"))),
        value("csat", ratio(countWhere(rating.equalTo("great")), count(rating))),
        value("resolution_seconds_avg", avg(col("resolution_seconds"))),
        p50("resolution_seconds_p50", "resolution_seconds"),
        p90("resolution_seconds_p90", "resolution_seconds"),
        value("last_reply_seconds_avg", avg(col("last_reply_seconds"))),
        p50("last_reply_seconds_p50", "last_reply_seconds"),
        p90("last_reply_seconds_p90", "last_reply_seconds"),
        counted("chats_awaiting_reply", countWhere(col("awaiting_reply"))),
        counted("chats_with_messages", when(hasMessageData, countWhere(col("messages_total").gt(0)))),
        value("first_response_seconds_avg", avg(col("first_response_seconds"))),
        p50("first_response_seconds_p50", "first_response_seconds"),
        p90("first_response_seconds_p90", "first_response_seconds"),
        value("response_seconds_avg",
            ratio(sum(col("response_seconds_sum")), sum(col("response_turns_answered")))),
        counted("chats_unanswered", when(hasMessageData, countWhere(col("unanswered")))),
        // service-hours.md, "Daily metric columns" (SERVICE)
        value("first_response_business_seconds_avg", avg(col("first_response_business_seconds"))),
        p50("first_response_business_seconds_p50", "first_response_business_seconds"),
        p90("first_response_business_seconds_p90", "first_response_business_seconds"),
        value("response_business_seconds_avg",
            ratio(sum(col("response_business_seconds_sum")), sum(col("response_turns_answered")))),
        value("resolution_business_seconds_avg", avg(col("resolution_business_seconds"))),
        p50("resolution_business_seconds_p50", "resolution_business_seconds"),
        p90("resolution_business_seconds_p90", "resolution_business_seconds"),
        counted("sla_first_response_met", when(hasMessageData, countOutcome("sla_first_response", "met"))),
        counted("sla_first_response_breached", when(hasMessageData, countOutcome("sla_first_response", "breached"))),
        counted("sla_first_response_pending", when(hasMessageData, countOutcome("sla_first_response", "pending"))),
        value("sla_first_response_rate", attainment("sla_first_response")),
        counted("sla_next_reply_turns", sum(col("sla_next_reply_turns"))),
        counted("sla_next_reply_breaches", sum(col("sla_next_reply_breaches"))),
        value("sla_next_reply_rate", when(sum(col("sla_next_reply_turns")).gt(0),
            lit(1.0).minus(sum(col("sla_next_reply_breaches")).cast("double").divide(sum(col("sla_next_reply_turns")))))),
        counted("sla_resolution_met", countOutcome("sla_resolution", "met")),
        counted("sla_resolution_breached", countOutcome("sla_resolution", "breached")),
        counted("sla_resolution_pending", countOutcome("sla_resolution", "pending")),
        value("sla_resolution_rate", attainment("sla_resolution")));
  }

  /** The metrics computed from a run's --config: null for a date computed without one. */
  public static final java.util.Set<String> SERVICE = serviceNames();

  /** The service-hours.md block of {@link #ALL}: from the first business-time metric to the last SLA rate. */
  private static java.util.Set<String> serviceNames() {
    List<String> names = ALL.stream().map(Metric::name).toList();
    return new LinkedHashSet<>(names.subList(names.indexOf("first_response_business_seconds_avg"),
        names.indexOf("sla_resolution_rate") + 1));
  }

  private static Column countOutcome(String column, String outcome) {
    return countWhere(col(column).equalTo(outcome));
  }

  /** met / (met + breached), null when both are 0 (pending and cancelled count in neither). */
  private static Column attainment(String column) {
    return ratio(countOutcome(column, "met"), countWhere(col(column).isin("met", "breached")));
  }

  /** history.md, "Daily columns added to department_daily and agent_daily". */
  private static List<Metric> history() {
    Column reopened = col("reopen_count").gt(0);
    Column hasMessageData = count(col("messages_total")).gt(0);
    return List.of(
        counted("chats_reopened", countWhere(reopened)),
        value("reopen_rate", ratio(countWhere(reopened), countWhere(col("first_closed_at").isNotNull().or(reopened)))),
        counted("chats_one_touch", when(hasMessageData, countWhere(col("one_touch")))),
        // one_touch is set exactly for the closed chats with message data
        value("one_touch_rate", ratio(countWhere(col("one_touch")), count(col("one_touch")))),
        counted("chats_handed_off", when(hasMessageData, countWhere(col("handed_off")))));
  }

  /** The aggregates of one group: every non-percentile metric, and the sorted values percentiles read. */
  public static Column[] aggregates() {
    List<Column> out = new ArrayList<>();
    Set<String> sorted = new LinkedHashSet<>();
    for (Metric m : ALL) {
      if (m.isPercentile()) {
        sorted.add(m.percentileOf());
      } else {
        out.add(m.aggregate().as(m.name()));
      }
    }
    sorted.forEach(c -> out.add(sort_array(collect_list(col(c))).as(sortedName(c))));
    return out.toArray(new Column[0]);
  }

  /** The metric columns, in order, from rows that {@link #aggregates()} produced. */
  public static List<Column> finished() {
    return ALL.stream().map(Metric::finished).toList();
  }

  private static Metric counted(String name, Column c) {
    return new Metric(name, c, true, null, 0);
  }

  private static Metric value(String name, Column c) {
    return new Metric(name, c, false, null, 0);
  }

  private static Metric p50(String name, String column) {
    return new Metric(name, null, false, column, 0.5);
  }

  private static Metric p90(String name, String column) {
    return new Metric(name, null, false, column, 0.9);
  }

  private static String sortedName(String column) {
    return "_sorted_" + column;
  }

  /**
   * Exact percentile with linear interpolation between closest ranks (metrics.md), as Spark's
   * {@code percentile}: rank {@code fraction * (n - 1)} of the ascending values; null for none.
   */
  static Column interpolated(Column sortedValues, double fraction) {
    Column n = size(sortedValues);
    Column rank = n.minus(1).multiply(fraction);
    Column below = floor(rank).cast("int");
    Column above = ceil(rank).cast("int");
    Column low = element_at(sortedValues, below.plus(1)).cast("double");
    Column high = element_at(sortedValues, above.plus(1)).cast("double");
    return when(n.gt(0), low.plus(high.minus(low).multiply(rank.minus(below))));
  }

  static Column countWhere(Column condition) {
    return count(when(condition, lit(1)));
  }

  /** {@code numerator / denominator} as a double, null when the denominator is 0 or null. */
  static Column ratio(Column numerator, Column denominator) {
    return when(denominator.gt(0), numerator.cast("double").divide(denominator));
  }
}
