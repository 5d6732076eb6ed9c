package org.chatlake.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a run did, written as {@code _runs/<run_id>.json} and logged as a table: options, inputs,
 * records read/rejected/deduplicated per kind of input, unrecognised enum values, rows written per
 * table and timings. For every kind of input, read = kept + rejected + duplicates.
 */
public final class RunSummary {
  /** Counts for one kind of input (chats or messages). */
  public static final class InputCounts {
    public final Map<String, Long> filesByFormat = new TreeMap<>();
    public final Map<String, Long> recordsByFormat = new TreeMap<>();
    public long read;
    public long rejected;
    public final Map<String, Long> rejectedByReason = new TreeMap<>();
    /**
     * Records estimated to be in the unparseable rest of files, beyond the one reject each such
     * rest counts as: not in read or rejected; a reject ratio adds it to both.
     */
    public long recordsLostEstimate;
    public long duplicates;
    public long kept;
    public final Map<String, Object> extra = new LinkedHashMap<>();

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("files_by_format", filesByFormat);
      m.put("records_by_format", recordsByFormat);
      m.put("read", read);
      m.put("rejected", rejected);
      m.put("rejected_by_reason", rejectedByReason);
      m.put("records_lost_estimate", recordsLostEstimate);
      m.put("duplicates", duplicates);
      m.put("kept", kept);
      m.putAll(extra);
      return m;
    }
  }

  public final String runId;
  public String status = "running";
  public String error;
  public final Map<String, Object> options = new LinkedHashMap<>();
  public final List<String> chatInputs = new ArrayList<>();
  public final List<String> messageInputs = new ArrayList<>();
  public final InputCounts chats = new InputCounts();
  public InputCounts messages;
  public final Map<String, Map<String, Long>> unrecognised = new TreeMap<>();
  public final Map<String, Long> rowsWritten = new LinkedHashMap<>();
  public final List<String> datesWritten = new ArrayList<>();
  public final Map<String, Long> timingsMs = new LinkedHashMap<>();
  /** Versions of every table when the run read the output (-1: absent). */
  public final Map<String, Long> baseVersions = new LinkedHashMap<>();
  /** The row tables whose changes the run staged under {@code _runs/<run_id>/} before committing. */
  public final List<String> stagedTables = new ArrayList<>();
  /** The department and agent ids whose dimension rows the run recomputes ("departments", "agents"). */
  public final Map<String, List<Long>> dimensionIds = new LinkedHashMap<>();
  /** Each table's version as the run committed it, in commit order. */
  public final Map<String, Long> committedVersions = new LinkedHashMap<>();
  /** Unfinished runs this run completed before its own work. */
  public final List<String> completedRuns = new ArrayList<>();
  public String startedAt;
  public String finishedAt;

  public RunSummary(String runId) {
    this.runId = runId;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", runId);
    m.put("status", status);
    if (error != null) {
      m.put("error", error);
    }
    m.put("started_at", startedAt);
    m.put("finished_at", finishedAt);
    m.put("options", options);
    m.put("inputs", Map.of("chats", chatInputs, "messages", messageInputs));
    m.put("chats", chats.toMap());
    if (messages != null) {
      m.put("messages", messages.toMap());
    }
    m.put("unrecognised_values", unrecognised);
    m.put("rows_written", rowsWritten);
    m.put("report_dates_written", datesWritten);
    m.put("base_versions", baseVersions);
    m.put("staged_tables", stagedTables);
    m.put("dimension_ids", dimensionIds);
    m.put("committed_versions", committedVersions);
    m.put("completed_runs", completedRuns);
    m.put("timings_ms", timingsMs);
    return m;
  }

  /** Writes the summary whole or not at all ({@link AtomicFile}). */
  public void write(FileSystem fs, Path path) throws IOException {
    writeJson(fs, path, toMap());
  }

  /** Writes any JSON value whole or not at all. */
  public static void writeJson(FileSystem fs, Path path, Object value) throws IOException {
    AtomicFile.write(fs, path, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(value));
  }

  /**
   * Reads back the parts of a ledger that completing or restoring a run needs: status, mode,
   * staged tables, dimension ids, committed versions and the report dates.
   */
  public static RunSummary read(FileSystem fs, Path path) throws IOException {
    com.fasterxml.jackson.databind.JsonNode json;
    try (java.io.InputStream in = fs.open(path)) {
      json = new ObjectMapper().readTree(in);
    }
    RunSummary s = new RunSummary(json.path("run_id").asText());
    s.status = json.path("status").asText();
    s.startedAt = json.path("started_at").asText(null);
    json.path("options").fields().forEachRemaining(e -> s.options.put(e.getKey(), e.getValue().asText()));
    json.path("staged_tables").forEach(t -> s.stagedTables.add(t.asText()));
    json.path("committed_versions").fields().forEachRemaining(e -> s.committedVersions.put(e.getKey(), e.getValue().asLong()));
    json.path("base_versions").fields().forEachRemaining(e -> s.baseVersions.put(e.getKey(), e.getValue().asLong()));
    json.path("report_dates_written").forEach(d -> s.datesWritten.add(d.isNull() ? null : d.asText()));
    json.path("dimension_ids").fields().forEachRemaining(e -> {
      List<Long> ids = new ArrayList<>();
      e.getValue().forEach(id -> ids.add(id.asLong()));
      s.dimensionIds.put(e.getKey(), ids);
    });
    return s;
  }

  /** A short table for the end of the log. */
  public String toTable() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("Run %s: %s%n", runId, status));
    row(b, "chats", chats);
    if (messages != null) {
      row(b, "messages", messages);
    }
    rowsWritten.forEach((table, rows) -> b.append(String.format("  %-18s %,12d rows written%n", table, rows)));
    if (!unrecognised.isEmpty()) {
      b.append("  unrecognised values: ").append(unrecognised).append('\n');
    }
    timingsMs.forEach((stage, ms) -> b.append(String.format("  %-18s %,10d ms%n", stage, ms)));
    return b.toString();
  }

  private static void row(StringBuilder b, String what, InputCounts c) {
    b.append(String.format("  %-9s read %,d = kept %,d + rejected %,d + duplicates %,d  (files %s)%n",
        what, c.read, c.kept, c.rejected, c.duplicates, c.filesByFormat));
    if (c.recordsLostEstimate > 0) {
      b.append(String.format("  %-9s about %,d more records lost in truncated files (counted as rejected in the ratio)%n",
          "", c.recordsLostEstimate));
    }
  }
}
