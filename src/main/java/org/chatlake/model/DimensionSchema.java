package org.chatlake.model;

import static org.apache.spark.sql.types.DataTypes.*;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The schemas of {@code departments/} and {@code agents/}: one row per id, with its current name. */
public final class DimensionSchema {
  private DimensionSchema() {}

  public static final StructType DEPARTMENTS = new StructType(new StructField[] {
      createStructField("department_id", LongType, false),
      createStructField("department_name", StringType, true),
      createStructField("first_seen", TimestampType, true),
      createStructField("last_seen", TimestampType, true)});

  public static final StructType AGENTS = new StructType(new StructField[] {
      createStructField("agent_id", LongType, false),
      createStructField("agent_name", StringType, true),
      createStructField("agent_email", StringType, true),
      createStructField("agent_role", StringType, true),
      createStructField("first_seen", TimestampType, true),
      createStructField("last_seen", TimestampType, true)});
}
