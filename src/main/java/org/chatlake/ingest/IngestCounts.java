package org.chatlake.ingest;

import static org.apache.spark.sql.functions.*;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.chatlake.output.RunSummary.InputCounts;

/**
 * Fills a run summary's input counts from the rows an {@link ExportReader} produced. Files count
 * per format even when they hold no record (an empty file is format {@code empty}).
 */
public final class IngestCounts {
  private IngestCounts() {}

  public static void collect(Dataset<Row> ingested, InputCounts into) {
    List<Row> rows = ingested
        .groupBy(col(IngestSchema.KIND), col(IngestSchema.SOURCE_FORMAT), col(IngestSchema.REJECT_CODE))
        .agg(count(lit(1)), countDistinct(col(IngestSchema.SOURCE_FILE)),
            coalesce(sum(col(IngestSchema.FILE_RECORDS_LOST)), lit(0L)))
        .collectAsList();
    for (Row r : rows) {
      String kind = r.getString(0);
      String format = r.getString(1);
      long n = r.getLong(3);
      switch (kind) {
        case IngestSchema.KIND_FILE:
          into.filesByFormat.merge(format, r.getLong(4), Long::sum);
          into.recordsLostEstimate += r.getLong(5);
          break;
        case IngestSchema.KIND_REJECT:
          into.rejected += n;
          into.rejectedByReason.merge(r.getString(2), n, Long::sum);
          into.recordsByFormat.merge(format, n, Long::sum);
          into.read += n;
          break;
        default:
          into.recordsByFormat.merge(format, n, Long::sum);
          into.read += n;
      }
    }
  }

  /** The parsed records: the record columns plus source_file and source_offset. */
  public static Dataset<Row> records(Dataset<Row> ingested, org.apache.spark.sql.types.StructType record) {
    org.apache.spark.sql.Column[] cols = new org.apache.spark.sql.Column[record.size() + 2];
    for (int i = 0; i < record.size(); i++) {
      cols[i] = col(record.fields()[i].name());
    }
    cols[record.size()] = col(IngestSchema.SOURCE_FILE);
    cols[record.size() + 1] = col(IngestSchema.SOURCE_OFFSET);
    return ingested.where(col(IngestSchema.KIND).equalTo(IngestSchema.KIND_RECORD)).select(cols);
  }

  /** The rejects in the columns of the {@code rejects/} table (without run_id). */
  public static Dataset<Row> rejects(Dataset<Row> ingested, String inputKind) {
    return ingested.where(col(IngestSchema.KIND).equalTo(IngestSchema.KIND_REJECT))
        .select(
            lit(inputKind).as("input_kind"),
            col(IngestSchema.SOURCE_FILE),
            col(IngestSchema.SOURCE_FORMAT),
            col(IngestSchema.SOURCE_LINE).as("line"),
            col(IngestSchema.SOURCE_OFFSET).as("byte_offset"),
            col(IngestSchema.REJECT_CODE).as("reason_code"),
            col(IngestSchema.REJECT_REASON).as("reason"),
            col(IngestSchema.REJECT_RAW).as("raw"));
  }
}
