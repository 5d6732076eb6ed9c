package org.chatlake.metrics.crosscheck;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A second, independent computation of a full UTC run over chat and message exports, in plain
 * Java from the contract (input.md, output.md, metrics.md, messages.md) and the README's
 * decisions: the run summary's counts and every department_daily row. Uses none of the job's
 * code.
 */
public final class IndependentRun {

  /**
   * The service-hours.md metric columns: the run this class checks has no --config, so they are
   * null on every row (service-hours.md, "Daily metric columns").
   */
  public static final List<String> SERVICE_METRICS = List.of(
      "first_response_business_seconds_avg", "first_response_business_seconds_p50",
      "first_response_business_seconds_p90", "response_business_seconds_avg", "resolution_business_seconds_avg",
      "resolution_business_seconds_p50", "resolution_business_seconds_p90", "sla_first_response_met",
      "sla_first_response_breached", "sla_first_response_pending", "sla_first_response_rate",
      "sla_next_reply_turns", "sla_next_reply_breaches", "sla_next_reply_rate", "sla_resolution_met",
      "sla_resolution_breached", "sla_resolution_pending", "sla_resolution_rate");

  /** The department_daily metric columns, in the order of output.md, messages.md, then service-hours.md. */
  public static final List<String> METRICS;
  private static final List<String> MESSAGE_AND_CHAT_METRICS = List.of(
      "chats_total", "chats_empty", "chats_open", "chats_no_communication", "chats_closed",
      "closed_by_agent", "closed_by_customer", "closure_rate", "chats_rated", "rating_great",
      "rating_average", "rating_poor", "csat", "resolution_seconds_avg", "resolution_seconds_p50",
      "resolution_seconds_p90", "last_reply_seconds_avg", "last_reply_seconds_p50",
      "last_reply_seconds_p90", "chats_awaiting_reply", "chats_with_messages",
      "first_response_seconds_avg", "first_response_seconds_p50", "first_response_seconds_p90",
      "response_seconds_avg", "chats_unanswered",
      "chats_reopened", "reopen_rate", "chats_one_touch", "one_touch_rate", "chats_handed_off");

  /** Every department_daily column. */
  public static final List<String> COLUMNS;

  static {
    List<String> metrics = new ArrayList<>(MESSAGE_AND_CHAT_METRICS);
    metrics.addAll(SERVICE_METRICS);
    METRICS = List.copyOf(metrics);
    List<String> c = new ArrayList<>(List.of("report_date", "department_id", "department_name"));
    c.addAll(METRICS);
    COLUMNS = List.copyOf(c);
  }

  /** A department_daily key; reportDate is ISO yyyy-MM-dd, or null for chats without created_at. */
  public record Key(String reportDate, Long departmentId) {
    @Override
    public String toString() {
      return "(report_date=" + reportDate + ", department_id=" + departmentId + ")";
    }
  }

  /** Counts of one input kind as the run summary reports them. */
  public static final class Counts {
    public long read;
    public long rejected;
    public final Map<String, Long> rejectedByReason = new TreeMap<>();
    public long duplicates;
    public long kept;
    public long orphans;

    void reject(String reason, long n) {
      rejected += n;
      rejectedByReason.merge(reason, n, Long::sum);
    }
  }

  /** Per chat: the latest state and the values derived from it and from its messages. */
  public static final class ChatValues {
    public Records.Chat chat;
    public String reportDate;
    public Double resolutionSeconds;
    public Double lastReplySeconds;
    public boolean awaitingReply;
    public int messagesTotal;
    public Long firstCustomerMessageAt;
    public Long firstReplyAt;
    public Long firstReplyAgentId;
    public Double firstResponseSeconds;
    public int responseTurns;
    public int responseTurnsAnswered;
    public long responseMillisSum;
    public boolean unanswered;
    // history.md
    public int reopenCount;
    public Long firstClosedAt;
    public Boolean oneTouch;
    public boolean handedOff;
  }

  public final Counts chats = new Counts();
  public final Counts messages = new Counts();
  /** Latest state per chat id. */
  public final Map<Long, ChatValues> chatValues = new TreeMap<>();
  /** Every good record per chat id: the snapshots history.md counts reopens over. */
  private final Map<Long, List<Records.Chat>> snapshots = new HashMap<>();
  /** department_daily: key -> column -> value (Long for counts and ids, Double, String). */
  public final Map<Key, Map<String, Object>> departmentDaily = new LinkedHashMap<>();
  /** department id (null: no department) -> the name the daily tables show. */
  public final Map<Long, String> departmentNames = new HashMap<>();
  /** history.md's data horizon: the greatest last_message_at of the chats or created_at of the kept messages. */
  public Long horizon;
  /** backlog_daily and hourly_volume (history.md). */
  public HistoryTables history;

  private static final Comparator<Long> NULL_LOSES = Comparator.nullsFirst(Comparator.naturalOrder());

  /** input.md: greatest lastMessageAt, then greatest closedAt (absent loses), then path, then position. */
  static final Comparator<Records.Chat> CHAT_ORDER = Comparator
      .comparing(Records.Chat::lastMessageAt, NULL_LOSES)
      .thenComparing(Records.Chat::closedAt, NULL_LOSES)
      .thenComparing(Records.Chat::file)
      .thenComparingInt(Records.Chat::position);

  /** messages.md: greatest updatedAt, then the file/position order of input.md. */
  static final Comparator<Records.Message> MESSAGE_ORDER = Comparator
      .comparing(Records.Message::updatedAt, NULL_LOSES)
      .thenComparing(Records.Message::file)
      .thenComparingInt(Records.Message::position);

  public static IndependentRun compute(Path chatDir, Path messageDir) {
    return compute(List.of(chatDir), messageDir);
  }

  /** One full UTC run over the chat exports under {@code chatRoots} and the messages under {@code messageDir}. */
  public static IndependentRun compute(List<Path> chatRoots, Path messageDir) {
    IndependentRun run = new IndependentRun();
    Map<Long, Records.Chat> latestChats = run.readChats(ExportFiles.read(chatRoots));
    Map<Long, List<Records.Message>> messagesByChat =
        run.readMessages(ExportFiles.read(messageDir), latestChats.keySet());
    for (Records.Chat c : latestChats.values()) {
      ChatValues v = derive(c, messagesByChat.getOrDefault(c.id(), List.of()));
      countReopens(v, run.snapshots.get(c.id()));
      run.chatValues.put(c.id(), v);
    }
    run.aggregate();
    for (Records.Chat c : latestChats.values()) {
      run.later(c.lastMessageAt());
    }
    run.history = HistoryTables.compute(run.chatValues.values(), run.departmentNames, run.horizon);
    return run;
  }

  private void later(Long time) {
    if (time != null && (horizon == null || time > horizon)) {
      horizon = time;
    }
  }

  private Map<Long, Records.Chat> readChats(ExportFiles.Contents in) {
    in.fileRejects.forEach((reason, n) -> chats.reject(reason, n));
    Map<Long, Records.Chat> latest = new HashMap<>();
    long good = 0;
    for (ExportFiles.Found f : in.records) {
      Records.Chat c;
      try {
        c = Records.chat(f);
      } catch (Fields.Bad bad) {
        chats.reject(bad.code, 1);
        continue;
      }
      good++;
      latest.merge(c.id(), c, (a, b) -> CHAT_ORDER.compare(a, b) >= 0 ? a : b);
      snapshots.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(c);
    }
    chats.read = good + chats.rejected;
    chats.kept = latest.size();
    chats.duplicates = good - latest.size();
    return latest;
  }

  private Map<Long, List<Records.Message>> readMessages(ExportFiles.Contents in, Set<Long> chatIds) {
    in.fileRejects.forEach((reason, n) -> messages.reject(reason, n));
    Map<Long, Records.Message> latest = new HashMap<>();
    long good = 0;
    for (ExportFiles.Found f : in.records) {
      Records.Message m;
      try {
        m = Records.message(f);
      } catch (Fields.Bad bad) {
        messages.reject(bad.code, 1);
        continue;
      }
      good++;
      latest.merge(m.id(), m, (a, b) -> MESSAGE_ORDER.compare(a, b) >= 0 ? a : b);
    }
    messages.read = good + messages.rejected;
    messages.kept = latest.size();
    latest.values().forEach(m -> later(m.createdAt())); // orphans are kept (stored) too
    messages.duplicates = good - latest.size();
    Map<Long, List<Records.Message>> byChat = new HashMap<>();
    for (Records.Message m : latest.values()) {
      if (chatIds.contains(m.chatId())) {
        byChat.computeIfAbsent(m.chatId(), k -> new ArrayList<>()).add(m);
      } else {
        messages.orphans++;
      }
    }
    return byChat;
  }

  /** history.md, one run over every export: transitions between consecutive snapshots in latest-state order. */
  static void countReopens(ChatValues v, List<Records.Chat> all) {
    List<Records.Chat> ordered = new ArrayList<>(all);
    ordered.sort(CHAT_ORDER);
    Records.Chat previous = null;
    for (Records.Chat n : ordered) {
      boolean closed = "closed".equals(n.status());
      if (previous != null && "closed".equals(previous.status()) && (!closed
          || previous.closedAt() != null && n.closedAt() != null && n.closedAt() > previous.closedAt())) {
        v.reopenCount++;
      }
      if (closed && n.closedAt() != null && (v.firstClosedAt == null || n.closedAt() < v.firstClosedAt)) {
        v.firstClosedAt = n.closedAt();
      }
      previous = n;
    }
  }

  static ChatValues derive(Records.Chat c, List<Records.Message> ms) {
    ChatValues v = new ChatValues();
    v.chat = c;
    v.reportDate = c.createdAt() == null ? null
        : Instant.ofEpochMilli(c.createdAt()).atZone(ZoneOffset.UTC).toLocalDate().toString();
    String status = c.status();
    // metrics.md
    if ("closed".equals(status) && c.createdAt() != null && c.closedAt() != null
        && c.closedAt() >= c.createdAt()) {
      v.resolutionSeconds = (c.closedAt() - c.createdAt()) / 1000.0;
    }
    Long lm = c.lastMessageAt();
    Long lcm = c.lastCustomerMessageAt();
    if (lm != null && lcm != null && lm > lcm) {
      v.lastReplySeconds = (lm - lcm) / 1000.0;
    }
    v.awaitingReply = !"closed".equals(status) && !"empty".equals(status) && lcm != null
        && (lm == null || lm <= lcm);
    // messages.md
    v.messagesTotal = ms.size();
    List<Records.Message> timeline = new ArrayList<>();
    for (Records.Message m : ms) {
      if (m.createdAt() != null) {
        timeline.add(m);
      }
    }
    timeline.sort(Comparator.comparing(Records.Message::createdAt).thenComparingLong(Records.Message::id));
    Long turnStart = null;
    for (Records.Message m : timeline) {
      boolean textual = "message".equals(m.type()) || "email".equals(m.type());
      if ("customer".equals(m.from()) && textual) {
        if (v.firstCustomerMessageAt == null) {
          v.firstCustomerMessageAt = m.createdAt();
        }
        if (turnStart == null) {
          turnStart = m.createdAt();
          v.responseTurns++;
        }
      } else if ("agent".equals(m.from()) && textual && m.broadcastType() == null && m.agentId() != null) {
        if (v.firstCustomerMessageAt != null && v.firstReplyAt == null) {
          v.firstReplyAt = m.createdAt();
          v.firstReplyAgentId = m.agentId();
        }
        if (turnStart != null) {
          v.responseMillisSum += m.createdAt() - turnStart;
          v.responseTurnsAnswered++;
          turnStart = null;
        }
      }
    }
    if (v.firstCustomerMessageAt != null && v.firstReplyAt != null) {
      v.firstResponseSeconds = (v.firstReplyAt - v.firstCustomerMessageAt) / 1000.0;
    }
    v.unanswered = !"empty".equals(status) && turnStart != null;
    // history.md (the sample run has message data, so every chat has it)
    Set<Long> replyAgents = new java.util.HashSet<>();
    int replies = 0;
    for (Records.Message m : ms) {
      boolean textual = "message".equals(m.type()) || "email".equals(m.type());
      if ("agent".equals(m.from()) && textual && m.broadcastType() == null && m.agentId() != null) {
        replies++;
        replyAgents.add(m.agentId());
      }
    }
    v.oneTouch = "closed".equals(status) ? replies == 1 : null;
    v.handedOff = replyAgents.size() >= 2;
    return v;
  }

  private void aggregate() {
    // output.md / README: the name on the latest chat (by created_at) of that department id.
    Map<Long, ChatValues> latestOfDepartment = new HashMap<>();
    Comparator<ChatValues> byCreated = Comparator
        .comparing((ChatValues v) -> v.chat.createdAt(), NULL_LOSES)
        .thenComparingLong(v -> v.chat.id());
    Map<Key, List<ChatValues>> groups = new TreeMap<>(Comparator
        .comparing(Key::reportDate, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
        .thenComparing(Key::departmentId, NULL_LOSES));
    for (ChatValues v : chatValues.values()) {
      Long dept = v.chat.departmentId();
      if (dept != null) {
        latestOfDepartment.merge(dept, v, (a, b) -> byCreated.compare(a, b) >= 0 ? a : b);
      }
      groups.computeIfAbsent(new Key(v.reportDate, dept), k -> new ArrayList<>()).add(v);
    }
    for (Map.Entry<Key, List<ChatValues>> g : groups.entrySet()) {
      Long dept = g.getKey().departmentId();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("report_date", g.getKey().reportDate());
      row.put("department_id", dept);
      String name = dept == null ? "No department" : latestOfDepartment.get(dept).chat.departmentName();
      departmentNames.put(dept, name);
      row.put("department_name", name);
      row.putAll(metrics(g.getValue()));
      departmentDaily.put(g.getKey(), row);
    }
  }

  static Map<String, Object> metrics(List<ChatValues> chats) {
    long total = chats.size();
    long empty = 0, open = 0, noCommunication = 0, closed = 0, byAgent = 0, byCustomer = 0;
    long rated = 0, great = 0, average = 0, poor = 0, awaiting = 0, withMessages = 0, unanswered = 0;
    long answeredTurns = 0, responseMillis = 0;
    long reopened = 0, everClosed = 0, oneTouch = 0, oneTouchKnown = 0, handedOff = 0;
    List<Double> resolution = new ArrayList<>();
    List<Double> lastReply = new ArrayList<>();
    List<Double> firstResponse = new ArrayList<>();
    for (ChatValues v : chats) {
      String s = Objects.toString(v.chat.status(), "");
      switch (s) {
        case "empty" -> empty++;
        case "new", "opened", "pending", "onhold" -> open++;
        case "no communication" -> noCommunication++;
        case "closed" -> {
          closed++;
          if ("agent".equals(v.chat.closedBy())) {
            byAgent++;
          } else if ("customer".equals(v.chat.closedBy())) {
            byCustomer++;
          }
        }
        default -> { }
      }
      String r = v.chat.rating();
      if (r != null) {
        rated++;
        switch (r) {
          case "great" -> great++;
          case "average" -> average++;
          case "poor" -> poor++;
          default -> throw new IllegalStateException(r);
        }
      }
      if (v.resolutionSeconds != null) {
        resolution.add(v.resolutionSeconds);
      }
      if (v.lastReplySeconds != null) {
        lastReply.add(v.lastReplySeconds);
      }
      if (v.awaitingReply) {
        awaiting++;
      }
      if (v.messagesTotal > 0) {
        withMessages++;
      }
      if (v.firstResponseSeconds != null) {
        firstResponse.add(v.firstResponseSeconds);
      }
      answeredTurns += v.responseTurnsAnswered;
      responseMillis += v.responseMillisSum;
      if (v.unanswered) {
        unanswered++;
      }
      reopened += v.reopenCount > 0 ? 1 : 0;
      everClosed += v.reopenCount > 0 || v.firstClosedAt != null ? 1 : 0;
      oneTouch += Boolean.TRUE.equals(v.oneTouch) ? 1 : 0;
      oneTouchKnown += v.oneTouch != null ? 1 : 0;
      handedOff += v.handedOff ? 1 : 0;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("chats_total", total);
    m.put("chats_empty", empty);
    m.put("chats_open", open);
    m.put("chats_no_communication", noCommunication);
    m.put("chats_closed", closed);
    m.put("closed_by_agent", byAgent);
    m.put("closed_by_customer", byCustomer);
    m.put("closure_rate", total - empty == 0 ? null : (double) closed / (total - empty));
    m.put("chats_rated", rated);
    m.put("rating_great", great);
    m.put("rating_average", average);
    m.put("rating_poor", poor);
    m.put("csat", rated == 0 ? null : (double) great / rated);
    m.put("resolution_seconds_avg", mean(resolution));
    m.put("resolution_seconds_p50", percentile(resolution, 0.5));
    m.put("resolution_seconds_p90", percentile(resolution, 0.9));
    m.put("last_reply_seconds_avg", mean(lastReply));
    m.put("last_reply_seconds_p50", percentile(lastReply, 0.5));
    m.put("last_reply_seconds_p90", percentile(lastReply, 0.9));
    m.put("chats_awaiting_reply", awaiting);
    m.put("chats_with_messages", withMessages);
    m.put("first_response_seconds_avg", mean(firstResponse));
    m.put("first_response_seconds_p50", percentile(firstResponse, 0.5));
    m.put("first_response_seconds_p90", percentile(firstResponse, 0.9));
    m.put("response_seconds_avg", answeredTurns == 0 ? null : responseMillis / 1000.0 / answeredTurns);
    m.put("chats_unanswered", unanswered);
    m.put("chats_reopened", reopened);
    m.put("reopen_rate", everClosed == 0 ? null : (double) reopened / everClosed);
    m.put("chats_one_touch", oneTouch);
    m.put("one_touch_rate", oneTouchKnown == 0 ? null : (double) oneTouch / oneTouchKnown);
    m.put("chats_handed_off", handedOff);
    SERVICE_METRICS.forEach(name -> m.put(name, null));
    if (!m.keySet().equals(new java.util.LinkedHashSet<>(METRICS))) {
      throw new IllegalStateException("metric list out of step: " + m.keySet());
    }
    return m;
  }

  static Double mean(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    double sum = 0;
    for (double d : values) {
      sum += d;
    }
    return sum / values.size();
  }

  /** numpy's default: rank r = p * (n - 1), linear between v[floor r] and v[ceil r]. */
  static Double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return null;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    double rank = p * (v.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    return v[lo] + (rank - lo) * (v[hi] - v[lo]);
  }
}
