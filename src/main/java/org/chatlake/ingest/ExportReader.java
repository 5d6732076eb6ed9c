package org.chatlake.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;

/** Reads planned export files in Spark tasks into rows of {@link IngestSchema#of} the parser's schema. */
public final class ExportReader {
  private ExportReader() {}

  public static Dataset<Row> read(SparkSession spark, List<List<ReadUnit>> tasks, RecordParser parser) {
    return asDataFrame(spark, readInternal(spark, tasks, parser), parser);
  }

  /**
   * The same rows in Spark's internal binary format, one {@code UnsafeRow} each: an RDD of them can
   * be cached as they are, which costs far less than building Spark SQL's columnar cache of wide
   * rows, and read back by any number of queries through {@link #asDataFrame}.
   */
  public static JavaRDD<InternalRow> readInternal(SparkSession spark, List<List<ReadUnit>> tasks,
      RecordParser parser) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    SerializableConfiguration conf = new SerializableConfiguration(jsc.hadoopConfiguration());
    StructType schema = IngestSchema.of(parser.schema());
    return jsc.parallelize(tasks, Math.max(1, tasks.size()))
        .mapPartitions(task -> {
          UnsafeProjection toUnsafe = UnsafeProjection.create(schema);
          TaskIterator rows = new TaskIterator(task, parser, conf);
          TaskContext context = TaskContext.get();
          if (context != null) {
            // a failed or killed task stops reading mid-file: close the file it was reading
            context.addTaskCompletionListener((TaskCompletionListener) done -> rows.close());
          }
          return new Iterator<InternalRow>() {
            @Override
            public boolean hasNext() {
              return rows.hasNext();
            }

            @Override
            public InternalRow next() {
              return toUnsafe.apply(rows.next()).copy(); // the projection reuses one output row
            }
          };
        });
  }

  /** Rows of {@link #readInternal} as a DataFrame of {@link IngestSchema#of} the parser's schema. */
  public static Dataset<Row> asDataFrame(SparkSession spark, JavaRDD<InternalRow> rows, RecordParser parser) {
    return ((org.apache.spark.sql.classic.SparkSession) spark)
        .internalCreateDataFrame(rows.rdd(), IngestSchema.of(parser.schema()), false);
  }

  /** Chains the readers of one task's units, opening each only when the previous one is done. */
  private static final class TaskIterator implements Iterator<InternalRow> {
    private final Iterator<List<ReadUnit>> groups;
    private final RecordParser parser;
    private final SerializableConfiguration conf;
    private final JsonFactory factory = Jackson.factory();
    private Iterator<ReadUnit> units = java.util.Collections.emptyIterator();
    private ExportFileReader current;

    TaskIterator(Iterator<List<ReadUnit>> groups, RecordParser parser, SerializableConfiguration conf) {
      this.groups = groups;
      this.parser = parser;
      this.conf = conf;
    }

    @Override
    public boolean hasNext() {
      while (current == null || !current.hasNext()) {
        if (current != null) {
          current.close();
          current = null;
        }
        while (!units.hasNext()) {
          if (!groups.hasNext()) {
            return false;
          }
          units = groups.next().iterator();
        }
        current = new ExportFileReader(units.next(), parser, conf.get(), factory);
      }
      return true;
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return current.next();
    }

    void close() {
      if (current != null) {
        current.close();
        current = null;
      }
    }
  }
}
