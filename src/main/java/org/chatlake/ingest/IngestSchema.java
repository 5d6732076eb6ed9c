package org.chatlake.ingest;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;

import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

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
  /**
   * On a file row: records the file's unparseable rest seemed to hold besides the one reject that
   * stands for it (see records_lost_estimate in the README).
   */
  public static final String FILE_RECORDS_LOST = "file_records_lost_estimate";

  static final int PREFIX = 10;

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
        createStructField(FILE_RECORDS, LongType, true),
        createStructField(FILE_RECORDS_LOST, LongType, true)));
    for (StructField f : record.fields()) {
      fields.add(createStructField(f.name(), f.dataType(), true));
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  static InternalRow record(String file, ExportFormat format, long offset, Long line, Object[] values) {
    Object[] row = new Object[PREFIX + values.length];
    row[0] = RECORD;
    row[1] = UTF8String.fromString(file);
    row[2] = format.utf8Label();
    row[3] = offset;
    row[4] = line;
    for (int i = 0; i < values.length; i++) {
      row[PREFIX + i] = internal(values[i]);
    }
    return new GenericInternalRow(row);
  }

  static InternalRow reject(int width, String file, ExportFormat format, Long offset, Long line,
      String code, String reason, String raw) {
    Object[] row = new Object[PREFIX + width];
    row[0] = REJECT;
    row[1] = UTF8String.fromString(file);
    row[2] = format.utf8Label();
    row[3] = offset;
    row[4] = line;
    row[5] = UTF8String.fromString(code);
    row[6] = UTF8String.fromString(reason);
    row[7] = UTF8String.fromString(raw);
    return new GenericInternalRow(row);
  }

  static InternalRow file(int width, String file, ExportFormat format, long records, long recordsLost) {
    Object[] row = new Object[PREFIX + width];
    row[0] = FILE;
    row[1] = UTF8String.fromString(file);
    row[2] = format.utf8Label();
    row[8] = records;
    row[9] = recordsLost;
    return new GenericInternalRow(row);
  }

  private static final UTF8String RECORD = UTF8String.fromString(KIND_RECORD);
  private static final UTF8String REJECT = UTF8String.fromString(KIND_REJECT);
  private static final UTF8String FILE = UTF8String.fromString(KIND_FILE);

  /**
   * A parser's value in Spark's internal representation: text as UTF8String, an instant as
   * microseconds since the epoch, a list of field arrays (agents) as an array of structs.
   */
  static Object internal(Object value) {
    if (value instanceof String s) {
      return UTF8String.fromString(s);
    }
    if (value instanceof Instant t) {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
    if (value instanceof List<?> list) {
      Object[] elements = new Object[list.size()];
      for (int i = 0; i < elements.length; i++) {
        Object e = list.get(i);
        elements[i] = e instanceof Object[] fields ? struct(fields) : internal(e);
      }
      return new GenericArrayData(elements);
    }
    return value; // Long, Boolean, null
  }

  private static InternalRow struct(Object[] fields) {
    Object[] out = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      out[i] = internal(fields[i]);
    }
    return new GenericInternalRow(out);
  }
}
