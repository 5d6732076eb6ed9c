package org.chatlake;

import org.apache.spark.sql.SparkSession;

/** The one local SparkSession all tests share (one JVM, see surefire's config in the pom). */
public final class SparkTestSession {
  private SparkTestSession() {}

  private static SparkSession spark;

  public static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSession.builder()
          .appName("chatlake-tests")
          .master("local[2]")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.sql.debug.maxToStringFields", "500")
          .config("spark.sql.codegen.cache.maxEntries", "2000")
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .getOrCreate();
    }
    return spark;
  }
}
