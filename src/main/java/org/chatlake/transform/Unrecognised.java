package org.chatlake.transform;

import static org.apache.spark.sql.functions.*;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Counts enum values the spec does not know, by field, for the run summary. */
public final class Unrecognised {
  private Unrecognised() {}

  static final List<String> STATUSES =
      List.of("new", "opened", "pending", "onhold", "no communication", "closed", "empty");
  static final List<String> CLOSED_BY = List.of("agent", "customer");
  static final List<String> CREATED_WITH =
      List.of("public_api", "broadcast_reply", "agent_message", "customer_message");

  /** @param chats normalised chat records (status, rating, rating_raw, closed_by, created_with) */
  public static Map<String, Map<String, Long>> count(Dataset<Row> chats) {
    Dataset<Row> values = chats.select(explode(values()).as("u"));
    Map<String, Map<String, Long>> out = new TreeMap<>();
    for (Row r : values.groupBy(col("u.f"), col("u.v")).count().collectAsList()) {
      add(out, r.getString(0), r.getString(1), r.getLong(2));
    }
    return out;
  }

  /**
   * A chat's unrecognised values: an array of {f: field, v: value} structs, empty when all are
   * known. For callers that count them in a pass that does more ({@link #add} the counts).
   */
  public static Column values() {
    return concat(
        unknown("status", col("status"), STATUSES),
        unknownRating(),
        unknown("closed_by", col("closed_by"), CLOSED_BY),
        unknown("created_with", col("created_with"), CREATED_WITH));
  }

  public static void add(Map<String, Map<String, Long>> counts, String field, String value, long n) {
    counts.computeIfAbsent(field, k -> new TreeMap<>()).merge(value, n, Long::sum);
  }

  private static Column unknown(String name, Column value, List<String> known) {
    return entryWhen(value.isNotNull().and(not(value.isin(known.toArray()))), name, value);
  }

  private static Column unknownRating() {
    Column raw = trim(col("rating_raw"));
    return entryWhen(col("rating").isNull().and(raw.isNotNull()).and(raw.notEqual("")), "rating", raw);
  }

  private static Column entryWhen(Column condition, String name, Column value) {
    return when(condition, array(struct(lit(name).as("f"), value.as("v"))))
        .otherwise(array().cast("array<struct<f:string,v:string>>"));
  }
}
