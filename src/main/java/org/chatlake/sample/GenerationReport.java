package org.chatlake.sample;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * What a generation run wrote, counted while writing. "Records" are good records (parseable, with a usable id);
 * broken records are counted per file and are never counted as records. A truncated file counts its cut record
 * (and whatever follows it) as one broken record; a file that is not JSON counts as one broken record (it is a
 * single line); an empty file has no records and no broken records.
 */
public final class GenerationReport {

  /** One written file; {@code path} is relative to the output directory, with '/' separators. */
  public record FileReport(String path, RecordKind kind, FileFormat format, boolean gzip, long records,
               long brokenRecords, long bytes, String note) {
  }

  private final GeneratorOptions options;
  private final List<FileReport> files;
  private final long chatRecords;
  private final long distinctChatIds;
  private final long messageRecords;
  private final long distinctMessageIds;
  private final long orphanMessages;
  private final long chatsWithoutExportedMessages;
  private final long reopenedChats;
  private final long reopens;

  GenerationReport(GeneratorOptions options, List<FileReport> files, long chatRecords, long distinctChatIds,
           long messageRecords, long distinctMessageIds, long orphanMessages,
           long chatsWithoutExportedMessages, long reopenedChats, long reopens) {
    this.options = options;
    this.files = List.copyOf(files);
    this.chatRecords = chatRecords;
    this.distinctChatIds = distinctChatIds;
    this.messageRecords = messageRecords;
    this.distinctMessageIds = distinctMessageIds;
    this.orphanMessages = orphanMessages;
    this.chatsWithoutExportedMessages = chatsWithoutExportedMessages;
    this.reopenedChats = reopenedChats;
    this.reopens = reopens;
  }

  public GeneratorOptions options() {
    return options;
  }

  /** Every file written, sorted by path. */
  public List<FileReport> files() {
    return files;
  }

  public List<FileReport> files(RecordKind kind) {
    return files.stream().filter(f -> f.kind() == kind).toList();
  }

  /** Chats generated (the --chats option). */
  public long chatsGenerated() {
    return options.chats();
  }

  /** Good chat records in all chat files (duplicates included). */
  public long chatRecords() {
    return chatRecords;
  }

  public long distinctChatIds() {
    return distinctChatIds;
  }

  /** Good chat records beyond the first of each chat id: exact repeats, overlapping and older/newer states. */
  public long duplicateChatRecords() {
    return chatRecords - distinctChatIds;
  }

  public long brokenChatRecords() {
    return sumBroken(RecordKind.CHATS);
  }

  /** Broken chat records per file (files with at least one). */
  public Map<String, Long> brokenChatRecordsByFile() {
    return brokenByFile(RecordKind.CHATS);
  }

  public long messageRecords() {
    return messageRecords;
  }

  public long distinctMessageIds() {
    return distinctMessageIds;
  }

  /** Good message records beyond the first of each message id (edited re-exports, repeats). */
  public long duplicateMessageRecords() {
    return messageRecords - distinctMessageIds;
  }

  public long brokenMessageRecords() {
    return sumBroken(RecordKind.MESSAGES);
  }

  public Map<String, Long> brokenMessageRecordsByFile() {
    return brokenByFile(RecordKind.MESSAGES);
  }

  /** Good message records (all distinct ids) whose chat id is in no chat file. */
  public long orphanMessages() {
    return orphanMessages;
  }

  /** Chats that have messages, none of which was exported (0 when messages are off). */
  public long chatsWithoutExportedMessages() {
    return chatsWithoutExportedMessages;
  }

  /** Chats whose snapshots (main file, then daily files) show at least one reopen (history.md). */
  public long reopenedChats() {
    return reopenedChats;
  }

  /** Reopens over all chats: the sum of the reopen_count a run over every file gives. */
  public long reopens() {
    return reopens;
  }

  public long totalBytes() {
    return files.stream().mapToLong(FileReport::bytes).sum();
  }

  private long sumBroken(RecordKind kind) {
    return files.stream().filter(f -> f.kind() == kind).mapToLong(FileReport::brokenRecords).sum();
  }

  private Map<String, Long> brokenByFile(RecordKind kind) {
    Map<String, Long> m = new TreeMap<>();
    for (FileReport f : files) {
      if (f.kind() == kind && f.brokenRecords() > 0) {
        m.put(f.path(), f.brokenRecords());
      }
    }
    return m;
  }

  /** A short human-readable summary. */
  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "files written: %d (%d bytes)%n", files.size(), totalBytes()));
    b.append(String.format(Locale.ROOT, "chats: %d generated, %d records, %d distinct ids, %d duplicate records, %d broken records%n",
      chatsGenerated(), chatRecords, distinctChatIds, duplicateChatRecords(), brokenChatRecords()));
    brokenChatRecordsByFile().forEach((k, v) -> b.append(String.format(Locale.ROOT, "  broken: %s: %d%n", k, v)));
    b.append(String.format(Locale.ROOT, "reopened chats: %d (%d reopens)%n", reopenedChats, reopens));
    if (options.messages()) {
      b.append(String.format(Locale.ROOT, "messages: %d records, %d distinct ids, %d duplicate records, %d broken records, "
          + "%d orphans; %d chats without exported messages%n", messageRecords, distinctMessageIds,
        duplicateMessageRecords(), brokenMessageRecords(), orphanMessages, chatsWithoutExportedMessages));
      brokenMessageRecordsByFile().forEach((k, v) -> b.append(String.format(Locale.ROOT, "  broken: %s: %d%n", k, v)));
    }
    return b.toString();
  }

  /** The report as JSON (options, totals and every file). */
  public String toJson() {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeObjectFieldStart("options");
      g.writeNumberField("chats", options.chats());
      g.writeNumberField("seed", options.seed());
      g.writeNumberField("days", options.days());
      g.writeStringField("startDate", options.startDate().toString());
      g.writeBooleanField("messages", options.messages());
      g.writeStringField("layout", options.layout().name().toLowerCase(Locale.ROOT));
      g.writeEndObject();
      g.writeNumberField("chatRecords", chatRecords);
      g.writeNumberField("distinctChatIds", distinctChatIds);
      g.writeNumberField("duplicateChatRecords", duplicateChatRecords());
      g.writeNumberField("brokenChatRecords", brokenChatRecords());
      g.writeNumberField("reopenedChats", reopenedChats);
      g.writeNumberField("reopens", reopens);
      g.writeNumberField("messageRecords", messageRecords);
      g.writeNumberField("distinctMessageIds", distinctMessageIds);
      g.writeNumberField("duplicateMessageRecords", duplicateMessageRecords());
      g.writeNumberField("brokenMessageRecords", brokenMessageRecords());
      g.writeNumberField("orphanMessages", orphanMessages);
      g.writeNumberField("chatsWithoutExportedMessages", chatsWithoutExportedMessages);
      g.writeArrayFieldStart("files");
      for (FileReport f : files) {
        g.writeStartObject();
        g.writeStringField("path", f.path());
        g.writeStringField("kind", f.kind().name());
        g.writeStringField("format", f.format().name());
        g.writeBooleanField("gzip", f.gzip());
        g.writeNumberField("records", f.records());
        g.writeNumberField("brokenRecords", f.brokenRecords());
        g.writeNumberField("bytes", f.bytes());
        if (f.note() != null) {
          g.writeStringField("note", f.note());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  @Override
  public String toString() {
    return summary();
  }
}
