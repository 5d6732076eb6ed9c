package org.chatlake;

import org.apache.spark.sql.SparkSession;

/** The one local SparkSession all tests share (one JVM, see surefire's config in the pom). */
public final class SparkTestSession {
  private SparkTestSession() {}

  private static SparkSession spark;

  private static final String WHOLE_STAGE_CODEGEN = "spark.sql.codegen.wholeStage";
  private static final String CODEGEN_FACTORY_MODE = "spark.sql.codegen.factoryMode";

  /** Runs {@code body} with Spark's generated code, as production runs do. */
  public static <T> T withGeneratedCode(java.util.concurrent.Callable<T> body) throws Exception {
    org.apache.spark.sql.RuntimeConfig conf = get().conf();
    conf.set(WHOLE_STAGE_CODEGEN, "true");
    conf.set(CODEGEN_FACTORY_MODE, "FALLBACK");
    try {
      return body.call();
    } finally {
      conf.set(WHOLE_STAGE_CODEGEN, "false");
      conf.set(CODEGEN_FACTORY_MODE, "NO_CODEGEN");
    }
  }

  public static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSession.builder()
          .appName("chatlake-tests")
          .master("local[2]")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          // Test data is tiny: one task per shuffle, and no adaptive execution (whose extra jobs and
          // re-planning per stage cost more than they save here: 4 runs in one JVM took 39.0, 27.2
          // and 24.0 s with it, 28.6, 24.3 and 24.4 s without). The tests that start the job in
          // its own JVM run it with the production settings.
          .config("spark.sql.shuffle.partitions", "1")
          .config("spark.sql.adaptive.enabled", "false")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.sql.debug.maxToStringFields", "500")
          .config("spark.sql.codegen.cache.maxEntries", "2000")
          // Interpreted expressions: most queries in the suite run once or twice on a few rows, and
          // generating and compiling their code cost more than it wins back (three runs in a JVM:
          // 15-20% less CPU cold, 4-11% warm; bench/RESULTS.md, session 27).
          // SampleDataCrossCheckTest runs the job with generated code.
          .config(WHOLE_STAGE_CODEGEN, "false")
          .config(CODEGEN_FACTORY_MODE, "NO_CODEGEN")
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .config(new java.util.HashMap<String, Object>(org.chatlake.output.JavaLocalFileSystem.sparkSettings()))
          .getOrCreate();
    }
    return spark;
  }
}
