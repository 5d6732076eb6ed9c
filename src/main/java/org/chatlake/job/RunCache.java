package org.chatlake.job;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.storage.StorageLevel;

/** What one run caches, and how to free each: freed early by {@link #release}, the rest at the run's end. */
final class RunCache implements AutoCloseable {
  private final SparkSession spark;
  private final Map<Dataset<?>, Runnable> cached = new IdentityHashMap<>();

  RunCache(SparkSession spark) {
    this.spark = spark;
  }

  /** Spark's columnar cache: for narrow rows read a few columns at a time. */
  <T> Dataset<T> columnar(Dataset<T> ds) {
    Dataset<T> persisted = ds.persist(StorageLevel.MEMORY_AND_DISK());
    cached.put(persisted, persisted::unpersist);
    return persisted;
  }

  /**
   * Caches wide rows as Spark's binary rows (an RDD of {@code UnsafeRow}s) and reads them back as
   * a DataFrame of the same schema: far cheaper to build than the columnar cache, which pays off
   * only for narrow rows read a few columns at a time.
   */
  Dataset<Row> rows(Dataset<Row> ds) {
    org.apache.spark.rdd.RDD<InternalRow> rows = ((org.apache.spark.sql.classic.Dataset<Row>) ds)
        .queryExecution().toRdd()
        .toJavaRDD().map(InternalRow::copy).rdd() // toRdd reuses its row objects
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> cachedRows = ((org.apache.spark.sql.classic.SparkSession) spark)
        .internalCreateDataFrame(rows, ds.schema(), false);
    cached.put(cachedRows, () -> rows.unpersist(true));
    return cachedRows;
  }

  /** Registers a dataset cached elsewhere, with what frees it. */
  void register(Dataset<?> ds, Runnable free) {
    cached.put(ds, free);
  }

  /** Frees a cached dataset as soon as nothing downstream reads it. */
  void release(Dataset<?> ds) {
    Runnable free = ds == null ? null : cached.remove(ds);
    if (free != null) {
      free.run();
    }
  }

  @Override
  public void close() {
    cached.values().forEach(Runnable::run);
    cached.clear();
  }
}
