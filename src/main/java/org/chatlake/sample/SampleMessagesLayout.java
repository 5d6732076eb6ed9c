package org.chatlake.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Messages of the sample layout. Each exported message's main record lives in one file by chat index range
 * (API pages of 50 chats, JSON Lines, arrays; mostly gzip); a re-export holds edited messages again with a greater
 * updatedAt; one file holds orphans, repeats and bad lines.
 */
final class SampleMessagesLayout {
  private final GeneratorOptions opts;
  private final ChatFactory factory;
  private final Path root;
  private final ReportCollector rc;
  private final long n;

  SampleMessagesLayout(GeneratorOptions opts, ChatFactory factory, ReportCollector rc) {
    this.opts = opts;
    this.factory = factory;
    this.root = opts.out();
    this.rc = rc;
    this.n = opts.chats();
  }

  void write() throws IOException {
    long pagesEnd = n * 60 / 100;
    long jsonlEnd = n * 90 / 100;
    apiPages(0, pagesEnd);
    long plainEnd = Math.min(jsonlEnd, pagesEnd + 100);
    int part = 1;
    part = jsonl(pagesEnd, plainEnd, part, ".jsonl");
    for (long from = plainEnd; from < jsonlEnd; from += 500) {
      part = jsonl(from, Math.min(jsonlEnd, from + 500), part, ".jsonl.gz");
    }
    long arrayPlainEnd = Math.min(n, jsonlEnd + 50);
    array(jsonlEnd, arrayPlainEnd, "messages/arrays/messages-export-1.json");
    array(arrayPlainEnd, n, "messages/arrays/messages-export-2.json.gz");
    reexport();
    broken();
  }

  private void apiPages(long from, long to) throws IOException {
    int k = 1;
    for (long start = from; start < to; start += SampleLayout.CHATS_PER_MESSAGE_PAGE, k++) {
      long end = Math.min(to, start + SampleLayout.CHATS_PER_MESSAGE_PAGE);
      String name = String.format(Locale.ROOT, "messages/api-pages/messages-page-%04d.json%s", k, k % 20 == 1 ? "" : ".gz");
      try (RecordFile f = RecordFile.plain(root, name, RecordKind.MESSAGES, FileFormat.API_PAGE,
        Envelope.messagePage(k % 15 == 5))) {
        for (long i = start; i < end; i++) {
          writeChatMessages(f, factory.create(i), true);
        }
        rc.file(f.finish());
      }
    }
  }

  private int jsonl(long from, long to, int part, String suffix) throws IOException {
    if (from >= to) {
      return part;
    }
    String name = String.format(Locale.ROOT, "messages/jsonl/messages-part-%03d%s", part, suffix);
    try (RecordFile f = RecordFile.plain(root, name, RecordKind.MESSAGES, FileFormat.JSONL, null)) {
      for (long i = from; i < to; i++) {
        writeChatMessages(f, factory.create(i), false);
      }
      rc.file(f.finish());
    }
    return part + 1;
  }

  private void array(long from, long to, String name) throws IOException {
    if (from >= to) {
      return;
    }
    try (RecordFile f = new RecordFile(root, name, RecordKind.MESSAGES, FileFormat.ARRAY, null,
      !name.endsWith(".gz"), false)) {
      for (long i = from; i < to; i++) {
        writeChatMessages(f, factory.create(i), true);
      }
      rc.file(f.finish());
    }
  }

  /** All messages of a chat as first exported (edited-later messages in their old version). */
  private void writeChatMessages(RecordFile f, GeneratedChat c, boolean newestFirst) throws IOException {
    if (c.messages.isEmpty()) {
      return;
    }
    if (c.messagesNotExported) {
      rc.chatWithoutExportedMessages();
      return;
    }
    List<GeneratedMessage> ms = c.messages;
    for (int j = 0; j < ms.size(); j++) {
      GeneratedMessage m = ms.get(newestFirst ? ms.size() - 1 - j : j);
      writeMessage(f, c, m, c.editedLater);
    }
  }

  private void writeMessage(RecordFile f, GeneratedChat c, GeneratedMessage m, boolean beforeEdit) throws IOException {
    f.startRecord();
    MessageJsonWriter.write(f.generator(), m, c.quirks, beforeEdit);
    f.endRecord();
    rc.message(m);
  }

  /** Edited messages exported again after the edit (same id, greater updatedAt), plus unchanged overlaps. */
  private void reexport() throws IOException {
    String name = "messages/reexport/messages-edited-" + opts.startDate().plusDays(opts.days() + 1) + ".jsonl";
    try (RecordFile f = RecordFile.plain(root, name, RecordKind.MESSAGES, FileFormat.JSONL, null)) {
      for (long i = 0; i < n; i++) {
        GeneratedChat c = factory.create(i);
        if (c.messages.isEmpty() || c.messagesNotExported) {
          continue;
        }
        if (c.editedLater) {
          for (GeneratedMessage m : c.messages) {
            if (m.edited) {
              writeMessage(f, c, m, false);
            }
          }
        } else if (c.overlapInReexport) {
          for (GeneratedMessage m : c.messages.subList(Math.max(0, c.messages.size() - 2), c.messages.size())) {
            writeMessage(f, c, m, false);
          }
        }
      }
      rc.file(f.finish(f.records(), 0, "edited messages with a greater updatedAt, and unchanged overlaps"));
    }
  }

  /** Orphans (chat in no chat file), repeats of good messages, and three bad lines. */
  private void broken() throws IOException {
    String name = "messages/broken/messages-bad-lines.jsonl";
    long orphanChat = ChatFactory.chatId(n) + 5000;
    long freshMessage = ChatFactory.FIRST_MESSAGE_ID + n * ChatFactory.MESSAGE_ID_STRIDE + 100;
    int bad = 0;
    try (RecordFile f = RecordFile.plain(root, name, RecordKind.MESSAGES, FileFormat.JSONL, null)) {
      ChatQuirks plain = new ChatQuirks();
      Agent agent = Catalog.AGENTS[1];
      long t = opts.startDate().plusDays(opts.days() - 1).atStartOfDay(java.time.ZoneOffset.UTC)
        .toEpochSecond() * 1000 + 43_200_000L;
      int orphans = 0;
      for (int chat = 0; chat < 3; chat++) {
        for (int k = 0; k < 2; k++) {
          boolean agentSide = k == 1;
          GeneratedMessage m = new GeneratedMessage(freshMessage + orphans, orphanChat + chat, agentSide,
            GeneratedMessage.MESSAGE, null, agentSide ? agent : null,
            agentSide ? "Thanks, I'll check and get back to you shortly." : "Hi, is my order already shipped?",
            t + orphans * 95_000L);
          f.startRecord();
          MessageJsonWriter.write(f.generator(), m, plain, false);
          f.endRecord();
          rc.orphanMessage();
          orphans++;
        }
        badLine(f, bad++, freshMessage + 50);
      }
      int repeats = 0;
      for (long i = 0; i < n && repeats < 4; i++) {
        GeneratedChat c = factory.create(i);
        if (c.messages.isEmpty() || c.messagesNotExported || c.editedLater) {
          continue;
        }
        writeMessage(f, c, c.messages.get(0), false);
        repeats++;
      }
      rc.file(f.finish(f.records(), bad, orphans + " orphan messages, " + repeats
        + " repeated messages, 3 bad lines: not JSON, no chat id, createdAt {\"x\":1}"));
    }
  }

  private void badLine(RecordFile f, int which, long freshId) throws IOException {
    JsonGenerator g = f.generator();
    long chat = ChatFactory.chatId(0);
    switch (which) {
      case 0 -> f.raw("{\"id\": " + freshId + ", \"chat\": " + chat + ", \"from\": \"customer\", \"text\": \"Hallo, ich\n");
      case 1 -> {
        badMessage(g, freshId + 1, null, false);
        f.raw("\n");
      }
      default -> {
        badMessage(g, freshId + 2, chat, true);
        f.raw("\n");
      }
    }
  }

  private void badMessage(JsonGenerator g, long id, Long chat, boolean wrongCreatedAt) throws IOException {
    long created = opts.startDate().atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond() + 40_000;
    g.writeStartObject();
    g.writeNumberField("id", id);
    if (chat != null) {
      g.writeNumberField("chat", chat);
    }
    g.writeStringField("from", "customer");
    g.writeStringField("type", "message");
    g.writeNullField("broadcastType");
    g.writeNullField("agent");
    g.writeStringField("text", "Is anyone there?");
    g.writeBooleanField("read", true);
    g.writeBooleanField("edited", false);
    if (wrongCreatedAt) {
      g.writeObjectFieldStart("createdAt");
      g.writeNumberField("x", 1);
      g.writeEndObject();
    } else {
      g.writeStringField("createdAt", Long.toString(created));
    }
    g.writeStringField("updatedAt", Long.toString(created));
    g.writeEndObject();
  }
}
