package org.chatlake.metrics;

import static org.apache.spark.sql.functions.*;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The aggregate columns of metrics.md (and messages.md) over normalised chats, in the order of
 * output.md. Every table that reports "the metric columns" uses this one list.
 */
public final class ChatMetrics {
  private ChatMetrics() {}

  /** One metric column: its name, its aggregate, and whether it is a count (0 for no chats). */
  public record Metric(String name, Column aggregate, boolean isCount) {
    public Column column() {
      return aggregate.as(name);
    }
  }

  public static final List<Metric> ALL = build();

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
        value("resolution_seconds_p50", p50("resolution_seconds")),
        value("resolution_seconds_p90", p90("resolution_seconds")),
        value("last_reply_seconds_avg", avg(col("last_reply_seconds"))),
        value("last_reply_seconds_p50", p50("last_reply_seconds")),
        value("last_reply_seconds_p90", p90("last_reply_seconds")),
        counted("chats_awaiting_reply", countWhere(col("awaiting_reply"))),
        counted("chats_with_messages", when(hasMessageData, countWhere(col("messages_total").gt(0)))),
        value("first_response_seconds_avg", avg(col("first_response_seconds"))),
        value("first_response_seconds_p50", p50("first_response_seconds")),
        value("first_response_seconds_p90", p90("first_response_seconds")),
        value("response_seconds_avg",
            ratio(sum(col("response_seconds_sum")), sum(col("response_turns_answered")))),
        counted("chats_unanswered", when(hasMessageData, countWhere(col("unanswered")))));
  }

  public static Column[] columns() {
    return ALL.stream().map(Metric::column).toArray(Column[]::new);
  }

  private static Metric counted(String name, Column c) {
    return new Metric(name, c, true);
  }

  private static Metric value(String name, Column c) {
    return new Metric(name, c, false);
  }

  /** Exact percentile with linear interpolation between closest ranks (metrics.md). */
  private static Column p50(String column) {
    return percentile(col(column), lit(0.5));
  }

  private static Column p90(String column) {
    return percentile(col(column), lit(0.9));
  }

  static Column countWhere(Column condition) {
    return count(when(condition, lit(1)));
  }

  /** {@code numerator / denominator} as a double, null when the denominator is 0 or null. */
  static Column ratio(Column numerator, Column denominator) {
    return when(denominator.gt(0), numerator.cast("double").divide(denominator));
  }
}
