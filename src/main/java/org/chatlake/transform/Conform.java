package org.chatlake.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Selects a table's columns in its schema's order and types; a column not computed is null. A
 * column the schema declares not null (a key such as chat_id, which every row has) is declared so
 * to the Parquet writer, which marks it REQUIRED.
 */
public final class Conform {
  private Conform() {}

  public static Dataset<Row> to(Dataset<Row> ds, StructType schema) {
    Column keysPresent = lit(true);
    for (StructField f : schema.fields()) {
      if (!f.nullable()) {
        keysPresent = keysPresent.and(col(f.name()).isNotNull());
      }
    }
    Dataset<Row> selected = project(ds, schema).where(keysPresent);
    // Spark cannot narrow nullability through its public API (Dataset.to refuses); re-wrap the
    // same rows, without converting them, under the declared schema.
    org.apache.spark.sql.classic.SparkSession spark =
        (org.apache.spark.sql.classic.SparkSession) selected.sparkSession();
    return spark.internalCreateDataFrame(
        ((org.apache.spark.sql.classic.Dataset<Row>) selected).queryExecution().toRdd(), schema, false);
  }

  /** The schema's columns in its order and types (null where ds lacks one); nullability as Spark infers it. */
  public static Dataset<Row> project(Dataset<Row> ds, StructType schema) {
    Set<String> present = new HashSet<>(Arrays.asList(ds.columns()));
    Column[] cols = new Column[schema.size()];
    for (int i = 0; i < cols.length; i++) {
      StructField f = schema.fields()[i];
      Column c = present.contains(f.name()) ? col(f.name()) : lit(null);
      cols[i] = c.cast(f.dataType()).as(f.name());
    }
    return ds.select(cols);
  }
}
