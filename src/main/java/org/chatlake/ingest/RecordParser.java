package org.chatlake.ingest;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.Serializable;
import org.apache.spark.sql.types.StructType;

/** Turns one JSON object of an export into the values of a row of {@link #schema()}. */
public interface RecordParser extends Serializable {

  /** The row type this parser produces; values come back in this field order. */
  StructType schema();

  /**
   * Reads one record. The parser is on the record's START_OBJECT. On success it returns on the
   * record's END_OBJECT; on a {@link BadRecordException} it may stop anywhere inside the record
   * (the caller skips the rest).
   */
  Object[] parse(JsonParser parser) throws IOException, BadRecordException;
}
