package org.chatlake.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The committed sample data: every input format, gzip, overlapping exports, later states, exact repeats and broken
 * files. Chat k's main record lives in exactly one "main" file (api-pages, arrays or jsonl, by index range); every
 * other record of it is a duplicate. Each pass rebuilds the chats it needs from the factory.
 */
final class SampleLayout {
  static final int CHATS_PER_PAGE = 100;
  static final int CHATS_PER_MESSAGE_PAGE = 50;

  private final GeneratorOptions opts;
  private final ChatFactory factory;
  private final Path root;
  private final ReportCollector rc;
  private final long n;
  private final long apiEnd;
  private final long arraysEnd;
  private final LocalDate endDate;
  private final Set<String> usedNames = new HashSet<>();

  SampleLayout(GeneratorOptions opts, ChatFactory factory, ReportCollector rc) {
    this.opts = opts;
    this.factory = factory;
    this.root = opts.out();
    this.rc = rc;
    this.n = opts.chats();
    this.apiEnd = n / 2;
    this.arraysEnd = n * 65 / 100;
    this.endDate = opts.startDate().plusDays(opts.days());
  }

  void write() throws IOException {
    apiPages();
    arrays();
    jsonLines();
    reexports();
    dailySnapshots();
    brokenChatFiles();
    if (opts.messages()) {
      new SampleMessagesLayout(opts, factory, rc).write();
    }
  }

  // ---------------------------------------------------------------- main chat files

  private void apiPages() throws IOException {
    int pages = (int) ((apiEnd + CHATS_PER_PAGE - 1) / CHATS_PER_PAGE);
    for (int k = 1; k <= pages; k++) {
      long from = (long) (k - 1) * CHATS_PER_PAGE;
      long to = Math.min(apiEnd, from + CHATS_PER_PAGE);
      String name = String.format(Locale.ROOT, "chats/api-pages/page-%04d.json%s", k, k % 7 == 2 ? ".gz" : "");
      boolean metaFirst = k % 8 == 3;
      boolean pretty = k % 10 == 4;
      try (RecordFile f = new RecordFile(root, name, RecordKind.CHATS, FileFormat.API_PAGE,
        Envelope.chatPage(n, k, metaFirst), pretty, false)) {
        if (k > 1 && (k - 1) % 6 == 1) {
          // pages fetched while new chats arrived: the previous page's last chat shows up again
          writeChat(f, mainSnapshot(factory.create(from - 1)));
        }
        for (long i = from; i < to; i++) {
          writeChat(f, mainSnapshot(factory.create(i)));
        }
        rc.file(f.finish());
      }
    }
  }

  private void arrays() throws IOException {
    long mid = (apiEnd + arraysEnd) / 2;
    mainFile(apiEnd, mid, "chats/arrays/export-", ".json", FileFormat.ARRAY, true);
    mainFile(mid, arraysEnd, "chats/arrays/export-", ".json.gz", FileFormat.ARRAY, false);
  }

  private void jsonLines() throws IOException {
    long span = n - arraysEnd;
    long a = arraysEnd;
    long b = arraysEnd + span * 30 / 100;
    long c = arraysEnd + span * 55 / 100;
    long d = arraysEnd + span * 75 / 100;
    mainFile(a, b, "chats/jsonl/chats-", ".jsonl", FileFormat.JSONL, false);
    mainFile(b, c, "chats/jsonl/chats-", ".jsonl.gz", FileFormat.JSONL, false);
    mainFile(c, d, "chats/jsonl/chats-", ".ndjson", FileFormat.JSONL, false);
    mainFile(d, n, "chats/jsonl/chats-", ".jsonl", FileFormat.JSONL, false);
  }

  /** A main file for chats [from, to), named by the day after its last chat; repeats some chats in place. */
  private void mainFile(long from, long to, String prefix, String suffix, FileFormat format, boolean pretty)
    throws IOException {
    if (from >= to) {
      return;
    }
    String name = unique(prefix + day(factory.create(to - 1).createdAt).plusDays(1), suffix);
    try (RecordFile f = new RecordFile(root, name, RecordKind.CHATS, format, null, pretty, false)) {
      ChatSnapshot repeat = null;
      for (long i = from; i < to; i++) {
        GeneratedChat c = factory.create(i);
        ChatSnapshot s = mainSnapshot(c);
        writeChat(f, s);
        if (repeat != null) {
          writeChat(f, repeat); // the same record again, one line later
          repeat = null;
        }
        if (c.repeatInFile) {
          repeat = s;
        }
      }
      if (repeat != null) {
        writeChat(f, repeat);
      }
      rc.file(f.finish());
    }
  }

  // ---------------------------------------------------------------- re-exports

  private void reexports() throws IOException {
    String later = "chats/reexport/chats-reexport-" + endDate.plusDays(1) + ".jsonl";
    try (RecordFile f = RecordFile.plain(root, later, RecordKind.CHATS, FileFormat.JSONL, null)) {
      for (long i = 0; i < n; i++) {
        GeneratedChat c = factory.create(i);
        if (c.laterInReexport || c.overlapInReexport) {
          writeChat(f, ChatSnapshot.latest(c));
        }
      }
      rc.file(f.finish(f.records(), 0, "later states of chats exported earlier, and unchanged overlaps"));
    }
    String stale = "chats/reexport/search-" + opts.startDate().plusDays(Math.max(1, opts.days() / 2)) + ".json";
    try (RecordFile f = new RecordFile(root, stale, RecordKind.CHATS, FileFormat.API_PAGE,
      Envelope.chatPage(-1, 1, false), false, false)) {
      for (long i = 0; i < n; i++) {
        GeneratedChat c = factory.create(i);
        if (c.staleCopy) {
          writeChat(f, ChatSnapshot.asOf(c, c.staleCutoff));
        }
      }
      rc.file(f.finish(f.records(), 0, "older states of chats whose latest state is elsewhere"));
    }
  }

  // ---------------------------------------------------------------- daily snapshots of reopened chats

  /**
   * One JSON Lines file per day D (gzip on even days): every reopened chat that changed on D after the day it was
   * created (a message, a close), as it was at the end of D. With the main files (the end of the creation day) they
   * are the snapshots history.md counts reopens over.
   */
  private void dailySnapshots() throws IOException {
    TreeMap<LocalDate, List<Long>> changedOn = new TreeMap<>();
    for (long i = 0; i < n; i++) {
      GeneratedChat c = factory.create(i);
      if (c.reopened()) {
        rc.reopenedChat(c.earlierCloses.size());
        for (LocalDate d : daysChangedAfterCreation(c)) {
          changedOn.computeIfAbsent(d, k -> new ArrayList<>()).add(i);
        }
      }
    }
    for (Map.Entry<LocalDate, List<Long>> e : changedOn.entrySet()) {
      LocalDate d = e.getKey();
      String name = "chats/daily/chats-" + d + (d.getDayOfMonth() % 2 == 0 ? ".jsonl.gz" : ".jsonl");
      long cutoff = endOf(d) - 1;
      try (RecordFile f = RecordFile.plain(root, name, RecordKind.CHATS, FileFormat.JSONL, null)) {
        for (long i : e.getValue()) {
          writeChat(f, ChatSnapshot.at(factory.create(i), cutoff));
        }
        rc.file(f.finish(f.records(), 0, "reopened chats that changed on " + d + ", as they were at its end"));
      }
    }
  }

  private static SortedSet<LocalDate> daysChangedAfterCreation(GeneratedChat c) {
    SortedSet<LocalDate> days = new TreeSet<>();
    for (GeneratedMessage m : c.messages) {
      if (m.counted()) {
        days.add(day(m.createdAt));
      }
    }
    c.earlierCloses.forEach(close -> days.add(day(close.closedAt())));
    if (c.closedAt != null) {
      days.add(day(c.closedAt));
    }
    return days.tailSet(day(c.createdAt).plusDays(1));
  }

  private static long endOf(LocalDate d) {
    return d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1000L;
  }

  // ---------------------------------------------------------------- broken files

  private void brokenChatFiles() throws IOException {
    truncatedPage();
    badLines();
    Path empty = root.resolve("chats/broken/empty-export.json");
    Files.createDirectories(empty.getParent());
    Files.write(empty, new byte[0]);
    rc.file(new GenerationReport.FileReport("chats/broken/empty-export.json", RecordKind.CHATS, FileFormat.EMPTY,
      false, 0, 0, 0, "empty file"));
    String html = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>"
      + "<p>The server returned an invalid response. Please try again later.</p></body></html>\n";
    String htmlName = "chats/broken/export-" + opts.startDate().plusDays(Math.min(19, opts.days())) + ".json";
    Path htmlPath = root.resolve(htmlName);
    Files.writeString(htmlPath, html, StandardCharsets.UTF_8);
    rc.file(new GenerationReport.FileReport(htmlName, RecordKind.CHATS, FileFormat.NOT_JSON, false, 0, 1,
      Files.size(htmlPath), "not JSON (saved HTML error page, one line)"));
  }

  /** A re-download of page 1 cut in the middle of a record: the records before the cut are whole. */
  private void truncatedPage() throws IOException {
    long count = Math.min(CHATS_PER_PAGE, n);
    if (count < 2) {
      return;
    }
    int cutAt = (int) Math.min(36, count - 1);
    String name = "chats/broken/page-0001-partial.json";
    RecordFile f = new RecordFile(root, name, RecordKind.CHATS, FileFormat.API_PAGE,
      Envelope.chatPage(n, 1, false), false, true);
    try (f) {
      for (long i = 0; i < count; i++) {
        GeneratedChat c = factory.create(i);
        f.startRecord();
        ChatJsonWriter.write(f.generator(), ChatSnapshot.latest(c));
        f.endRecord();
        if (i < cutAt) {
          rc.chat(c);
        }
      }
    }
    long[] cut = f.offsets(cutAt);
    long size = cut[0] + (cut[1] - cut[0]) / 2;
    RecordFile.truncate(root.resolve(name), size);
    rc.file(new GenerationReport.FileReport(name, RecordKind.CHATS, FileFormat.API_PAGE, false, cutAt, 1, size,
      "truncated in the middle of record " + (cutAt + 1) + "; the " + cutAt + " records before are whole"));
  }

  /** JSON Lines with good lines and three bad ones: not JSON, createdAt of the wrong type, no id. */
  private void badLines() throws IOException {
    String name = "chats/broken/chats-bad-lines.jsonl";
    long fresh = ChatFactory.chatId(n) + 1000;
    int good = (int) Math.min(12, n);
    int bad = 0;
    try (RecordFile f = RecordFile.plain(root, name, RecordKind.CHATS, FileFormat.JSONL, null)) {
      for (int k = 0; k < good; k++) {
        long i = n - 1 - (long) k * Math.max(1, n / 40);
        if (i < 0) {
          break;
        }
        writeChat(f, ChatSnapshot.latest(factory.create(i)));
        if (k == 2 || k == 6 || k == 9) {
          badLine(f, bad++, fresh);
        }
      }
      while (bad < 3) {
        badLine(f, bad++, fresh);
      }
      rc.file(f.finish(f.records(), bad, "3 bad lines: not JSON, createdAt {\"x\":1}, no id"));
    }
  }

  private void badLine(RecordFile f, int which, long freshId) throws IOException {
    switch (which) {
      case 0 -> f.raw("{\"id\": " + freshId + ", \"status\": \"closed\", \"createdAt\": \"1791234567\", "
        + "\"lastMessageText\": \"Dzień dobry, czy mogę\n");
      case 1 -> {
        badChat(f.generator(), freshId + 1, true);
        f.raw("\n");
      }
      default -> {
        badChat(f.generator(), null, false);
        f.raw("\n");
      }
    }
  }

  /** A chat-like object that must be rejected: no id, or createdAt of the wrong type. */
  private void badChat(JsonGenerator g, Long id, boolean wrongCreatedAt) throws IOException {
    long created = opts.startDate().atStartOfDay(ZoneOffset.UTC).toEpochSecond() + 36_000;
    g.writeStartObject();
    if (id != null) {
      g.writeNumberField("id", id);
    }
    g.writeNullField("closedBy");
    g.writeStringField("lastCustomerMessageAt", Long.toString(created + 60));
    g.writeStringField("status", "opened");
    g.writeNullField("closedAt");
    g.writeNullField("rating");
    if (wrongCreatedAt) {
      g.writeObjectFieldStart("createdAt");
      g.writeNumberField("x", 1);
      g.writeEndObject();
    } else {
      g.writeStringField("createdAt", Long.toString(created));
    }
    g.writeStringField("lastMessageAt", Long.toString(created + 60));
    g.writeBooleanField("readByAgent", false);
    g.writeBooleanField("readByCustomer", true);
    g.writeStringField("createdWith", "customer_message");
    g.writeNullField("snoozedUntil");
    g.writeStringField("lastMessageText", "Hello, is anybody there?");
    g.writeNumberField("applicationId", Catalog.APPLICATION_ID);
    g.writeArrayFieldStart("agents");
    g.writeEndArray();
    g.writeNullField("assignee");
    g.writeNullField("department");
    g.writeEndObject();
  }

  // ---------------------------------------------------------------- helpers

  /**
   * What the chat's main file shows: an earlier state when a later one comes in a re-export; a reopened chat as it
   * was at the end of the day it was created (its daily snapshots follow).
   */
  static ChatSnapshot mainSnapshot(GeneratedChat c) {
    if (c.laterInReexport) {
      return ChatSnapshot.asOf(c, c.earlyCutoff);
    }
    return c.reopened() ? ChatSnapshot.at(c, endOf(day(c.createdAt)) - 1) : ChatSnapshot.latest(c);
  }

  private void writeChat(RecordFile f, ChatSnapshot s) throws IOException {
    f.startRecord();
    ChatJsonWriter.write(f.generator(), s);
    f.endRecord();
    rc.chat(s.chat);
  }

  private String unique(String base, String suffix) {
    String name = base + suffix;
    for (int k = 2; !usedNames.add(name); k++) {
      name = base + "-" + k + suffix;
    }
    return name;
  }

  static LocalDate day(long millis) {
    return Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC).toLocalDate();
  }
}
