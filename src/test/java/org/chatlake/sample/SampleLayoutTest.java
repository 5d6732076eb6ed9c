package org.chatlake.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.chatlake.sample.ExportTree.FileResult;
import org.chatlake.sample.ExportTree.Rec;

/** Checks the sample layout with an independent reader: counts against the report, quirks, message consistency. */
class SampleLayoutTest {
  static final int CHATS = 800;

  @TempDir
  static Path dir;
  static GenerationReport report;
  static List<FileResult> chatFiles;
  static List<FileResult> messageFiles;
  static List<Rec> chats;
  static List<Rec> messages;
  /** Latest state per chat id (input.md's rule). */
  static Map<Long, Rec> latest;
  /** Latest version per message id (greatest updatedAt, then file order, then position). */
  static Map<Long, Rec> latestMessages;

  @BeforeAll
  static void generate() throws IOException {
    assertTrue(CHATS >= Quirk.chatsForFullPlan(), "enough chats for every forced quirk");
    report = SampleDataGenerator.generate(GeneratorOptions.builder(dir).chats(CHATS).build());
    chatFiles = ExportTree.readAll(dir, "chats", false);
    messageFiles = ExportTree.readAll(dir, "messages", true);
    chats = chatFiles.stream().flatMap(f -> f.good().stream()).toList();
    messages = messageFiles.stream().flatMap(f -> f.good().stream()).toList();
    latest = new HashMap<>();
    for (Rec r : chats) { // files sorted by path, records by position: later wins ties
      latest.merge(ExportTree.id(r.node().get("id")), r, (a, b) -> newerChat(b, a) ? b : a);
    }
    latestMessages = new HashMap<>();
    for (Rec r : messages) {
      latestMessages.merge(ExportTree.id(r.node().get("id")), r, (a, b) -> {
        long ua = orZero(ExportTree.millis(a.node().get("updatedAt")));
        long ub = orZero(ExportTree.millis(b.node().get("updatedAt")));
        return ub >= ua ? b : a;
      });
    }
  }

  private static long orZero(Long v) {
    return v == null ? Long.MIN_VALUE : v;
  }

  /** b is newer than a: greater lastMessageAt, then greater closedAt, then (b read later) ties go to b. */
  private static boolean newerChat(Rec b, Rec a) {
    int c = Long.compare(orZero(ExportTree.millis(b.node().get("lastMessageAt"))),
      orZero(ExportTree.millis(a.node().get("lastMessageAt"))));
    if (c == 0) {
      c = Long.compare(orZero(ExportTree.millis(b.node().get("closedAt"))),
        orZero(ExportTree.millis(a.node().get("closedAt"))));
    }
    return c >= 0;
  }

  // ------------------------------------------------------------------ counts

  @Test
  void chatCountsMatchReport() {
    Set<Long> ids = new HashSet<>();
    chats.forEach(r -> ids.add(ExportTree.id(r.node().get("id"))));
    assertEquals(report.chatRecords(), chats.size(), "chat records");
    assertEquals(report.distinctChatIds(), ids.size(), "distinct chat ids");
    assertEquals(CHATS, ids.size());
    assertEquals(report.duplicateChatRecords(), chats.size() - ids.size(), "duplicates");
    assertTrue(report.duplicateChatRecords() > 20, "overlaps and repeats exist");
    assertEquals(report.brokenChatRecordsByFile(), brokenByFile(chatFiles));
    assertEquals(5, report.brokenChatRecords());
    perFileCounts(chatFiles, RecordKind.CHATS);
  }

  @Test
  void messageCountsMatchReport() {
    Set<Long> ids = new HashSet<>();
    messages.forEach(r -> ids.add(ExportTree.id(r.node().get("id"))));
    assertEquals(report.messageRecords(), messages.size(), "message records");
    assertEquals(report.distinctMessageIds(), ids.size(), "distinct message ids");
    assertEquals(report.duplicateMessageRecords(), messages.size() - ids.size());
    assertEquals(report.brokenMessageRecordsByFile(), brokenByFile(messageFiles));
    assertEquals(3, report.brokenMessageRecords());
    long orphans = messages.stream().filter(r -> !latest.containsKey(ExportTree.id(r.node().get("chat")))).count();
    assertEquals(report.orphanMessages(), orphans);
    assertTrue(orphans > 0);
    perFileCounts(messageFiles, RecordKind.MESSAGES);
    double perChat = (double) ids.size() / CHATS;
    assertTrue(perChat > 7 && perChat < 16, "messages per chat " + perChat);
  }

  private static Map<String, Long> brokenByFile(List<FileResult> files) {
    Map<String, Long> m = new TreeMap<>();
    files.stream().filter(f -> f.broken() > 0).forEach(f -> m.put(f.path(), (long) f.broken()));
    return m;
  }

  private static void perFileCounts(List<FileResult> files, RecordKind kind) {
    Map<String, GenerationReport.FileReport> byPath = new HashMap<>();
    report.files(kind).forEach(f -> byPath.put(f.path(), f));
    assertEquals(byPath.keySet(), new HashSet<>(files.stream().map(FileResult::path).toList()), "files listed");
    for (FileResult f : files) {
      GenerationReport.FileReport r = byPath.get(f.path());
      assertEquals(r.records(), f.good().size(), f.path());
      assertEquals(r.brokenRecords(), f.broken(), f.path());
    }
  }

  // ------------------------------------------------------------------ formats and broken files

  @Test
  void formatsAndBrokenFiles() {
    Map<String, FileResult> byPath = new HashMap<>();
    chatFiles.forEach(f -> byPath.put(f.path(), f));
    assertTrue(any(chatFiles, f -> f.format().equals("api") && f.path().endsWith(".json.gz")), "gzip API page");
    assertTrue(any(chatFiles, f -> f.format().equals("api") && f.text().startsWith("{\"meta\"")), "meta before data");
    assertTrue(any(chatFiles, f -> f.format().equals("api") && f.text().startsWith("{\n")), "pretty API page");
    assertTrue(any(chatFiles, f -> f.format().equals("array") && f.path().startsWith("chats/arrays/")), "array");
    assertTrue(any(chatFiles, f -> f.path().endsWith(".jsonl.gz") && f.good().size() > 10), "jsonl.gz");
    assertTrue(any(chatFiles, f -> f.path().endsWith(".ndjson") && f.good().size() > 10), "ndjson");
    assertTrue(any(chatFiles, f -> f.path().startsWith("chats/reexport/")), "re-export");
    FileResult cut = byPath.get("chats/broken/page-0001-partial.json");
    assertEquals(1, cut.broken());
    assertTrue(cut.good().size() > 10, "records before the cut survive");
    FileResult bad = byPath.get("chats/broken/chats-bad-lines.jsonl");
    assertEquals(3, bad.broken());
    assertTrue(bad.text().contains("\"createdAt\":{\"x\":1}"));
    assertTrue(any(chatFiles, f -> f.format().equals("empty") && f.path().startsWith("chats/broken/")), "empty file");
    assertTrue(any(chatFiles, f -> f.text().startsWith("<!DOCTYPE html>") && f.broken() == 1), "not JSON");
    // every other chat file parses completely
    for (FileResult f : chatFiles) {
      if (!f.path().startsWith("chats/broken/")) {
        assertEquals(0, f.broken(), f.path());
        assertFalse(f.good().isEmpty(), f.path());
      }
    }
    for (FileResult f : messageFiles) {
      if (!f.path().startsWith("messages/broken/")) {
        assertEquals(0, f.broken(), f.path());
      }
    }
    assertTrue(any(messageFiles, f -> f.format().equals("api") && f.path().endsWith(".gz")));
    assertTrue(any(messageFiles, f -> f.format().equals("api") && f.text().contains("\"total\":")));
    assertTrue(any(messageFiles, f -> f.format().equals("array")));
    assertTrue(any(messageFiles, f -> f.format().equals("jsonl")));
  }

  private static boolean any(List<FileResult> files, Predicate<FileResult> p) {
    return files.stream().anyMatch(p);
  }

  // ------------------------------------------------------------------ quirks

  private static boolean anyChat(Predicate<JsonNode> p) {
    return chats.stream().map(Rec::node).anyMatch(p);
  }

  private static boolean anyTime(Predicate<JsonNode> p) {
    return anyChat(n -> {
      for (String f : ExportTree.CHAT_TIMES) {
        JsonNode v = n.get(f);
        if (v != null && p.test(v)) {
          return true;
        }
      }
      return false;
    });
  }

  private static boolean anyRaw(Pattern p) {
    return chatFiles.stream().anyMatch(f -> p.matcher(f.text()).find());
  }

  private static String status(JsonNode n) {
    return ExportTree.text(n, "status");
  }

  @Test
  void timestampQuirks() {
    assertTrue(anyTime(v -> v.isTextual() && v.asText().matches("\\d{10}")), "string seconds");
    assertTrue(anyTime(v -> v.isIntegralNumber() && v.asLong() < 100_000_000_000L), "bare number");
    assertTrue(anyTime(v -> v.isTextual() && v.asText().matches("\\d{10}\\.0")), "decimal .0 string");
    assertTrue(anyTime(v -> v.isTextual() && v.asText().matches("\\d{10}\\.\\d*[1-9]\\d*")), "fraction string");
    assertTrue(anyTime(v -> v.isIntegralNumber() && v.asLong() > 100_000_000_000L), "milliseconds");
    assertTrue(anyTime(JsonNode::isNull), "null");
    assertTrue(anyTime(v -> v.isTextual() && v.asText().isEmpty()), "empty string");
    assertTrue(anyTime(v -> v.isTextual() && v.asText().equals("0")), "\"0\"");
    assertTrue(anyChat(n -> !n.has("closedAt")), "absent time field");
    long stringy = chats.stream().filter(r -> r.node().get("createdAt").isTextual()
      && r.node().get("createdAt").asText().matches("\\d{10}")).count();
    assertTrue(stringy > chats.size() * 0.9, "strings are the default");
  }

  @Test
  void idAndObjectQuirks() {
    assertTrue(anyChat(n -> n.get("id").isTextual()), "id as numeric string");
    assertTrue(anyChat(n -> n.path("lastMessageId").isTextual()), "other ids as strings");
    assertTrue(anyChat(n -> n.path("assignee").isObject() && n.get("assignee").isEmpty()), "assignee {}");
    assertTrue(anyChat(n -> !n.has("assignee")), "assignee missing");
    assertTrue(anyChat(n -> n.path("assignee").isNull()), "unassigned");
    assertTrue(anyChat(n -> n.path("department").isObject() && n.get("department").isEmpty()), "department {}");
    assertTrue(anyChat(n -> !n.has("department")), "department missing");
    assertTrue(anyChat(n -> n.path("customer").isObject() && n.get("customer").isEmpty()), "customer {}");
    assertTrue(anyChat(n -> !n.has("customer")), "customer missing");
    assertTrue(anyChat(n -> n.has("customer") && n.get("customer").has("userId")
      && n.get("customer").get("userId").isNull()), "customer without userId");
    assertTrue(anyChat(n -> n.has("agents") && n.get("agents").isNull()), "agents null");
    assertTrue(anyChat(n -> !n.has("agents")), "agents missing");
    assertTrue(anyChat(n -> n.path("agents").isArray() && n.get("agents").isEmpty()), "agents []");
    assertTrue(anyChat(n -> n.has("tags") && n.has("customFields")), "unknown root fields");
    assertTrue(anyChat(n -> n.path("customer").has("phone") || n.path("assignee").has("avatar")), "unknown nested");
    assertTrue(anyRaw(Pattern.compile("\\{\"closedBy\"")), "id not first");
    long noDept = latest.values().stream().filter(r -> r.node().path("department").isNull()).count();
    assertTrue(noDept > CHATS * 0.03 && noDept < CHATS * 0.15, "share without department: " + noDept);
  }

  @Test
  void statusAndRatingQuirks() {
    for (String s : List.of("new", "opened", "pending", "onhold", "no communication", "closed", "empty",
      "on hold", "on-hold", "on_hold", "no_communication", "no-communication", "OPENED", "archived")) {
      assertTrue(anyChat(n -> s.equals(status(n))), "status " + s);
    }
    assertTrue(anyChat(n -> status(n).matches("\\s+\\S.*\\S\\s+") && !status(n).equals(status(n).toLowerCase())),
      "status padded and capitalised");
    for (String r : List.of("great", "average", "poor", "perfect")) {
      assertTrue(anyChat(n -> r.equals(ExportTree.text(n, "rating"))), "rating " + r);
    }
    assertTrue(anyChat(n -> n.hasNonNull("rating")
      && List.of("excellent", "good", "very poor").contains(ExportTree.text(n, "rating"))),
      "unknown rating");
    assertTrue(anyChat(n -> n.hasNonNull("rating") && !ExportTree.text(n, "rating").equals(
      ExportTree.text(n, "rating").trim().toLowerCase())), "rating in other case/spaces");
    long closed = latest.values().stream().filter(r -> status(r.node()).trim().equalsIgnoreCase("closed")).count();
    assertTrue(closed > CHATS / 2, "mostly closed");
    for (String w : List.of("public_api", "broadcast_reply", "agent_message", "customer_message")) {
      assertTrue(anyChat(n -> w.equals(ExportTree.text(n, "createdWith"))), w);
    }
    assertTrue(anyChat(n -> "pending".equals(status(n)) && ExportTree.millis(n.get("snoozedUntil")) != null),
      "snoozed pending chat");
    assertTrue(anyChat(n -> n.path("closedBy").asText().equals("customer")));
    assertTrue(latest.values().stream().map(Rec::node).allMatch(
      n -> n.path("closedBy").isNull() || n.path("closedBy").isMissingNode()
        || status(n).trim().equalsIgnoreCase("closed") || status(n).equals("archived")),
      "closedBy only on closed chats");
  }

  @Test
  void textQuirks() {
    assertTrue(anyChat(n -> ExportTree.text(n, "lastMessageText") != null
      && ExportTree.text(n, "lastMessageText").length() > 15_000), "very long text");
    assertTrue(anyChat(n -> {
      String t = ExportTree.text(n, "lastMessageText");
      return t != null && t.codePoints().anyMatch(c -> c > 0xFFFF);
    }), "emoji");
    assertTrue(anyChat(n -> {
      String t = ExportTree.text(n, "lastMessageText");
      return t != null && (t.contains("ą") || t.contains("ł") || t.contains("ü") || t.contains("ö"));
    }), "Polish/German");
    assertTrue(anyRaw(Pattern.compile("\"lastMessageText\":\\s*\"[^\"]*\\\\u[0-9a-fA-F]{4}")), "escaped Unicode");
    assertTrue(anyRaw(Pattern.compile("\"lastMessageText\":\"[^\"]*[ąęłśżźćńó]")), "unescaped Unicode");
  }

  @Test
  void overlapsRepeatsAndLaterStates() {
    // the same record twice in one file
    boolean repeat = chatFiles.stream().anyMatch(f -> {
      Set<JsonNode> seen = new HashSet<>();
      return f.good().stream().anyMatch(r -> !seen.add(r.node()));
    });
    assertTrue(repeat, "exact repeat within a file");
    // a chat open in one file and closed (with a greater lastMessageAt) in a later file
    Map<Long, List<Rec>> byId = new HashMap<>();
    chats.forEach(r -> byId.computeIfAbsent(ExportTree.id(r.node().get("id")), k -> new ArrayList<>()).add(r));
    long later = byId.values().stream().filter(rs -> {
      for (Rec a : rs) {
        for (Rec b : rs) {
          if (!a.file().equals(b.file()) && Set.of("opened", "pending", "new").contains(status(a.node()))
            && status(b.node()).trim().equalsIgnoreCase("closed")
            && ExportTree.millis(b.node().get("lastMessageAt")) > ExportTree.millis(a.node().get("lastMessageAt"))
            && a.file().compareTo(b.file()) < 0) {
            return true;
          }
        }
      }
      return false;
    }).count();
    assertTrue(later > 10, "chats updated later: " + later);
    // a stale copy in a file that sorts last: the latest state must still come from elsewhere
    long stale = latest.values().stream().filter(r -> byId.get(ExportTree.id(r.node().get("id"))).stream()
      .anyMatch(o -> o.file().compareTo(r.file()) > 0
        && ExportTree.millis(o.node().get("lastMessageAt")) < ExportTree.millis(r.node().get("lastMessageAt"))))
      .count();
    assertTrue(stale > 0, "stale copies in later files");
  }

  /** history.md: a chat's snapshots in input.md's latest-state order; closed, then not closed or closed later. */
  @Test
  void reopensAcrossDailySnapshots() {
    Comparator<Rec> order = Comparator.<Rec>comparingLong(r -> orZero(ExportTree.millis(r.node().get("lastMessageAt"))))
      .thenComparingLong(r -> orZero(ExportTree.millis(r.node().get("closedAt"))))
      .thenComparing(Rec::file)
      .thenComparingInt(Rec::position);
    Map<Long, List<Rec>> byId = new HashMap<>();
    chats.forEach(r -> byId.computeIfAbsent(ExportTree.id(r.node().get("id")), k -> new ArrayList<>()).add(r));
    long reopens = 0;
    long reopenedChats = 0;
    long toOpen = 0;
    long toLaterClose = 0;
    for (List<Rec> snapshots : byId.values()) {
      snapshots.sort(order);
      int count = 0;
      for (int i = 1; i < snapshots.size(); i++) {
        JsonNode p = snapshots.get(i - 1).node();
        JsonNode n = snapshots.get(i).node();
        if (!isClosed(p)) {
          continue;
        }
        Long pc = ExportTree.millis(p.get("closedAt"));
        Long nc = ExportTree.millis(n.get("closedAt"));
        if (!isClosed(n)) {
          count++;
          toOpen++;
        } else if (pc != null && nc != null && nc > pc) {
          count++;
          toLaterClose++;
        }
      }
      reopens += count;
      reopenedChats += count > 0 ? 1 : 0;
    }
    assertEquals(report.reopens(), reopens, "reopens");
    assertEquals(report.reopenedChats(), reopenedChats, "reopened chats");
    assertTrue(reopenedChats > CHATS * 0.03, "reopened chats: " + reopenedChats);
    assertTrue(toOpen > 10 && toLaterClose > 5, "closed -> open " + toOpen + ", closed -> closed later " + toLaterClose);
    long stillOpen = latest.values().stream().filter(r -> !isClosed(r.node())
      && byId.get(ExportTree.id(r.node().get("id"))).stream().anyMatch(o -> isClosed(o.node()))).count();
    assertTrue(stillOpen > 0, "reopened and open now: " + stillOpen);
    assertTrue(chatFiles.stream().filter(f -> f.path().startsWith("chats/daily/chats-")).count() >= 20, "daily files");
  }

  private static boolean isClosed(JsonNode chat) {
    return status(chat).trim().equalsIgnoreCase("closed");
  }

  @Test
  void dailyRhythmAndAwaitingReply() {
    int[] hours = new int[24];
    for (Rec r : latest.values()) {
      long ms = ExportTree.millis(r.node().get("createdAt"));
      hours[Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC).getHour()]++;
    }
    int day = 0;
    int night = 0;
    for (int h = 9; h < 17; h++) {
      day += hours[h];
    }
    for (int h = 0; h < 8; h++) {
      night += hours[h];
    }
    assertTrue(day > 3 * night, "daily rhythm: day " + day + " night " + night);
    long awaiting = latest.values().stream().map(Rec::node).filter(n -> {
      String s = status(n).trim().toLowerCase();
      Long lc = ExportTree.millis(n.get("lastCustomerMessageAt"));
      Long lm = ExportTree.millis(n.get("lastMessageAt"));
      return !s.equals("closed") && !s.equals("empty") && lc != null && (lm == null || lm <= lc);
    }).count();
    assertTrue(awaiting > 5, "awaiting reply: " + awaiting);
  }

  // ------------------------------------------------------------------ messages

  private static Map<Long, List<JsonNode>> messagesByChat() {
    Map<Long, List<JsonNode>> m = new HashMap<>();
    for (Rec r : latestMessages.values()) {
      m.computeIfAbsent(ExportTree.id(r.node().get("chat")), k -> new ArrayList<>()).add(r.node());
    }
    Comparator<JsonNode> order = Comparator.<JsonNode>comparingLong(n -> ExportTree.millis(n.get("createdAt")))
      .thenComparingLong(n -> ExportTree.id(n.get("id")));
    m.values().forEach(l -> l.sort(order));
    return m;
  }

  private static boolean counted(JsonNode m) {
    String t = m.path("type").asText();
    return t.equals("message") || t.equals("email");
  }

  private static boolean fromAgent(JsonNode m) {
    return m.path("from").asText().equals("agent");
  }

  private static boolean reply(JsonNode m) {
    return fromAgent(m) && counted(m) && m.path("broadcastType").isNull() && m.path("agent").isObject()
      && m.get("agent").has("id");
  }

  @Test
  void messagesAgreeWithChats() {
    Map<Long, List<JsonNode>> byChat = messagesByChat();
    int checked = 0;
    int noMessages = 0;
    int skew = 0;
    for (Map.Entry<Long, Rec> e : latest.entrySet()) {
      JsonNode c = e.getValue().node();
      List<JsonNode> ms = byChat.get(e.getKey());
      String s = status(c).trim().toLowerCase();
      if (ms == null) {
        if (!s.equals("empty")) {
          noMessages++;
          assertTrue(true);
        }
        continue;
      }
      checked++;
      JsonNode last = null;
      JsonNode lastCustomer = null;
      Set<Long> replying = new HashSet<>();
      for (JsonNode m : ms) {
        if (counted(m)) {
          last = m;
          if (!fromAgent(m)) {
            lastCustomer = m;
          }
        }
        if (reply(m)) {
          replying.add(ExportTree.id(m.get("agent").get("id")));
        }
      }
      String where = "chat " + e.getKey() + " in " + e.getValue().file();
      assertEquals(last == null ? null : ExportTree.millis(last.get("createdAt")),
        ExportTree.millis(c.get("lastMessageAt")), "lastMessageAt of " + where);
      assertEquals(lastCustomer == null ? null : ExportTree.millis(lastCustomer.get("createdAt")),
        ExportTree.millis(c.get("lastCustomerMessageAt")), "lastCustomerMessageAt of " + where);
      if (last != null) {
        assertEquals(last.get("text").asText(), ExportTree.text(c, "lastMessageText"), where);
        assertEquals(ExportTree.id(last.get("id")), ExportTree.id(c.get("lastMessageId")), where);
      }
      if (c.path("agents").isArray()) {
        Set<Long> listed = new HashSet<>();
        c.get("agents").forEach(a -> listed.add(ExportTree.id(a.get("id"))));
        assertTrue(listed.containsAll(replying), "agents[] of " + where);
      }
      Long created = ExportTree.millis(c.get("createdAt"));
      for (JsonNode m : ms) {
        assertTrue(ExportTree.millis(m.get("createdAt")) >= created, "message before its chat: " + where);
      }
      if (s.equals("closed")) {
        Long closed = ExportTree.millis(c.get("closedAt"));
        assertNotNull(closed, where);
        if (closed < created) {
          skew++;
        } else if (last != null) {
          assertTrue(closed >= ExportTree.millis(last.get("createdAt")), "closedAt >= lastMessageAt: " + where);
        }
      }
    }
    assertTrue(checked > CHATS * 0.85, "chats checked: " + checked);
    assertEquals(report.chatsWithoutExportedMessages(), noMessages, "chats whose messages are not exported");
    assertTrue(noMessages > 0);
    assertTrue(skew >= 1 && skew <= 3, "clock skew cases: " + skew);
  }

  @Test
  void messageQuirks() {
    Map<Long, List<JsonNode>> byChat = messagesByChat();
    List<JsonNode> all = latestMessages.values().stream().map(Rec::node).toList();
    for (String t : List.of("message", "email", "private", "tech", "knowledgeBase")) {
      assertTrue(all.stream().anyMatch(m -> m.path("type").asText().equals(t)), "type " + t);
    }
    for (String b : List.of("trigger", "auto chat", "auto email", "manual chat", "manual email")) {
      assertTrue(all.stream().anyMatch(m -> m.path("broadcastType").asText().equals(b)), "broadcastType " + b);
    }
    assertTrue(all.stream().anyMatch(m -> fromAgent(m) && counted(m) && m.path("broadcastType").isNull()
      && m.path("agent").isNull()), "agent message without agent");
    int multi = 0;
    int automationFirst = 0;
    int noteBetween = 0;
    int otherAgent = 0;
    for (Map.Entry<Long, List<JsonNode>> e : byChat.entrySet()) {
      List<JsonNode> ms = e.getValue();
      boolean seenCustomer = false;
      boolean automation = false;
      for (int i = 0; i < ms.size(); i++) {
        JsonNode m = ms.get(i);
        if (!fromAgent(m) && counted(m)) {
          if (automation && !seenCustomer) {
            automationFirst++;
          }
          seenCustomer = true;
          if (i + 1 < ms.size() && !fromAgent(ms.get(i + 1)) && counted(ms.get(i + 1))) {
            multi++;
          }
        }
        if (fromAgent(m) && !m.path("broadcastType").isNull()) {
          automation = true;
        }
        String t = m.path("type").asText();
        if (seenCustomer && (t.equals("private") || t.equals("knowledgeBase"))) {
          noteBetween++;
        }
      }
      Rec chat = latest.get(e.getKey());
      if (chat != null && chat.node().path("assignee").has("id")) {
        long assignee = ExportTree.id(chat.node().get("assignee").get("id"));
        if (ms.stream().anyMatch(m -> reply(m) && ExportTree.id(m.get("agent").get("id")) != assignee)) {
          otherAgent++;
        }
      }
    }
    assertTrue(multi > 10, "several customer messages in a turn");
    assertTrue(automationFirst > 10, "automation before the first customer message");
    assertTrue(noteBetween > 10, "notes and articles after customer messages");
    assertTrue(otherAgent > 10, "replies by another agent than the assignee");
    // edited messages exported again with a greater updatedAt
    Map<Long, List<Rec>> byId = new HashMap<>();
    messages.forEach(r -> byId.computeIfAbsent(ExportTree.id(r.node().get("id")), k -> new ArrayList<>()).add(r));
    long edited = byId.values().stream().filter(rs -> rs.size() > 1 && rs.stream().anyMatch(
      r -> r.node().path("edited").asBoolean()
        && ExportTree.millis(r.node().get("updatedAt")) > ExportTree.millis(r.node().get("createdAt")))
      && rs.stream().anyMatch(r -> !r.node().path("edited").asBoolean())).count();
    assertTrue(edited > 0, "edited re-exports");
    // API pages: newest first within a chat
    for (FileResult f : messageFiles) {
      if (!f.format().equals("api")) {
        continue;
      }
      assertEquals(f.good().size(), totalOf(f.text()), "total of " + f.path());
      for (int i = 1; i < f.good().size(); i++) {
        JsonNode a = f.good().get(i - 1).node();
        JsonNode b = f.good().get(i).node();
        if (ExportTree.id(a.get("chat")) == ExportTree.id(b.get("chat"))) {
          assertTrue(ExportTree.id(a.get("id")) > ExportTree.id(b.get("id")), "newest first in " + f.path());
        }
      }
    }
  }

  private static long totalOf(String pageText) {
    try {
      JsonNode root = ExportTree.MAPPER.readTree(pageText);
      return root.has("total") ? root.get("total").asLong() : root.path("meta").path("total").asLong();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
