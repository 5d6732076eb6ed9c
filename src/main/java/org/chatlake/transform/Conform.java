package org.chatlake.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Selects a table's columns in its schema's order and types; a column not computed is null. */
public final class Conform {
  private Conform() {}

  public static Dataset<Row> to(Dataset<Row> ds, StructType schema) {
    java.util.Set<String> present = new java.util.HashSet<>(Arrays.asList(ds.columns()));
    Column[] cols = new Column[schema.size()];
    for (int i = 0; i < cols.length; i++) {
      StructField f = schema.fields()[i];
      Column c = present.contains(f.name()) ? col(f.name()) : lit(null);
      cols[i] = c.cast(f.dataType()).as(f.name());
    }
    return ds.select(cols);
  }
}
