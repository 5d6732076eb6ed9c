package org.chatlake.ingest;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The rows that reading an export yields: a parsed record, a reject, or one summary row per file
 * read (its format and record count). Lineage and reject columns come first, then the record's
 * own columns, nullable since rejects and file rows leave them empty.
 */
public final class IngestSchema {
  private IngestSchema() {}

  public static final String KIND = "kind";
  public static final String KIND_RECORD = "record";
  public static final String KIND_REJECT = "reject";
  public static final String KIND_FILE = "file";
  public static final String SOURCE_FILE = "source_file";
  public static final String SOURCE_FORMAT = "source_format";
  public static final String SOURCE_OFFSET = "source_offset";
  public static final String SOURCE_LINE = "source_line";
  public static final String REJECT_CODE = "reject_code";
  public static final String REJECT_REASON = "reject_reason";
  public static final String REJECT_RAW = "reject_raw";
  public static final String FILE_RECORDS = "file_records";

  static final int PREFIX = 9;

  public static StructType of(StructType record) {
    List<StructField> fields = new ArrayList<>(List.of(
        createStructField(KIND, StringType, false),
        createStructField(SOURCE_FILE, StringType, false),
        createStructField(SOURCE_FORMAT, StringType, false),
        createStructField(SOURCE_OFFSET, LongType, true),
        createStructField(SOURCE_LINE, LongType, true),
        createStructField(REJECT_CODE, StringType, true),
        createStructField(REJECT_REASON, StringType, true),
        createStructField(REJECT_RAW, StringType, true),
        createStructField(FILE_RECORDS, LongType, true)));
    for (StructField f : record.fields()) {
      fields.add(createStructField(f.name(), f.dataType(), true));
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  static Row record(String file, ExportFormat format, long offset, Long line, Object[] values) {
    Object[] row = new Object[PREFIX + values.length];
    row[0] = KIND_RECORD;
    row[1] = file;
    row[2] = format.label();
    row[3] = offset;
    row[4] = line;
    System.arraycopy(values, 0, row, PREFIX, values.length);
    return RowFactory.create(row);
  }

  static Row reject(int width, String file, ExportFormat format, Long offset, Long line,
      String code, String reason, String raw) {
    Object[] row = new Object[PREFIX + width];
    row[0] = KIND_REJECT;
    row[1] = file;
    row[2] = format.label();
    row[3] = offset;
    row[4] = line;
    row[5] = code;
    row[6] = reason;
    row[7] = raw;
    return RowFactory.create(row);
  }

  static Row file(int width, String file, ExportFormat format, long records) {
    Object[] row = new Object[PREFIX + width];
    row[0] = KIND_FILE;
    row[1] = file;
    row[2] = format.label();
    row[8] = records;
    return RowFactory.create(row);
  }
}
