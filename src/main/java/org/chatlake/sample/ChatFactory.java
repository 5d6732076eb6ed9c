package org.chatlake.sample;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Creates chat number {@code index} of a run. Everything comes from a generator seeded with (seed, index), so a chat
 * can be rebuilt at any time (for re-exports, broken copies, messages files) without keeping it in memory.
 */
final class ChatFactory {
  /** Message ids of chat k are {@code FIRST_MESSAGE_ID + k * MESSAGE_ID_STRIDE + sequence}. */
  static final long FIRST_MESSAGE_ID = 50_000_001L;
  static final int MESSAGE_ID_STRIDE = 64;

  private static final ChatStatus[] STATUSES = ChatStatus.values();
  // NEW, OPENED, PENDING, ONHOLD, NO_COMMUNICATION, CLOSED, EMPTY
  private static final double[] STATUS_WEIGHTS = {0.035, 0.065, 0.045, 0.025, 0.05, 0.735, 0.045};
  /** The last days of the period hold more chats still open. */
  private static final double[] RECENT_STATUS_WEIGHTS = {0.10, 0.16, 0.10, 0.05, 0.05, 0.50, 0.04};
  private static final String[] CREATED_WITH = {"customer_message", "broadcast_reply", "agent_message", "public_api"};
  private static final double[] CREATED_WITH_WEIGHTS = {0.62, 0.16, 0.12, 0.10};
  private static final String[] UNKNOWN_RATINGS = {"excellent", "good", "very poor"};
  private static final List<List<Agent>> TEAMS;
  /** Share of closed chats (without a forced quirk) that are reopened later: history.md's reopens. */
  private static final double REOPENED_SHARE = 0.10;
  private static final long HISTORY_STREAM = 0x5EED_4E0F_E4ED_0001L;

  static {
    List<List<Agent>> teams = new java.util.ArrayList<>();
    for (int d = 0; d < Catalog.DEPARTMENTS.length; d++) {
      teams.add(Catalog.agentsOf(d));
    }
    teams.add(Catalog.agentsOf(-1));
    TEAMS = List.copyOf(teams);
  }

  private final long seed;
  private final long chats;
  private final TimeModel time;
  private final int padLastMessageTo;
  private final boolean history;

  /**
   * @param padLastMessageTo when > 0, the last message's text is lengthened to about this many characters (bench
   *                         layout: bigger chat records with the same structure)
   * @param history          reopen some closed chats on later days (the sample layout's daily snapshots show them)
   */
  ChatFactory(long seed, long chats, TimeModel time, int padLastMessageTo, boolean history) {
    this.seed = seed;
    this.chats = chats;
    this.time = time;
    this.padLastMessageTo = padLastMessageTo;
    this.history = history;
  }

  /** Daily snapshots are written for the period's days and the day after it: every history ends before then. */
  long historyEndMillis() {
    return time.endMillis() + 86_400_000L;
  }

  long chats() {
    return chats;
  }

  static long chatId(long index) {
    return Catalog.FIRST_CHAT_ID + index;
  }

  GeneratedChat create(long index) {
    SplittableRandom r = Rng.forChat(seed, index);
    Quirk forced = Quirk.forcedAt(index);
    GeneratedChat c = new GeneratedChat(index, chatId(index));
    c.forced = forced;
    c.msPrecision = forced == Quirk.TIME_DECIMAL_FRACTION || (forced == null && Rng.chance(r, 0.006));
    long created = time.createdAtMillis(index, chats, r);
    c.createdAt = c.msPrecision ? created + 1 + r.nextInt(999) : created;
    c.status = status(r, forced, index);
    int dept = forced == Quirk.NO_DEPARTMENT || Rng.chance(r, 0.08) ? -1 : Rng.weighted(r, Catalog.DEPARTMENT_WEIGHTS);
    c.department = dept < 0 ? null : Catalog.DEPARTMENTS[dept];
    c.customer = Catalog.customer(r.nextLong(Catalog.customerPoolSize(chats)));
    c.createdWith = createdWith(r, c.status, forced);

    long firstMessageId = FIRST_MESSAGE_ID + index * MESSAGE_ID_STRIDE;
    List<Agent> team = TEAMS.get(dept < 0 ? TEAMS.size() - 1 : dept);
    new ConversationBuilder(r, c, team, firstMessageId).build();
    if (history && c.status == ChatStatus.CLOSED && forced == null) {
      reopen(c, team, firstMessageId);
    }

    rating(r, c, forced);
    if (c.status == ChatStatus.PENDING && (forced == Quirk.SNOOZED || Rng.chance(r, 0.4))) {
      long base = c.messages.isEmpty() ? c.createdAt : c.messages.get(c.messages.size() - 1).createdAt;
      c.snoozedUntil = base - Math.floorMod(base, 1000L) + (1 + r.nextInt(72)) * 3600_000L
        + (c.msPrecision ? 1 + r.nextInt(999) : 0);
    }
    if (forced == Quirk.CLOCK_SKEW && c.status == ChatStatus.CLOSED) {
      c.closedAt = c.createdAt - (30 + r.nextInt(600)) * 1000L; // an agent's clock ran behind
    }
    texts(r, c, forced);
    edits(r, c, forced);
    readFlags(c);
    c.quirks = QuirkPicker.pick(r, c, forced);
    exportPlan(r, c, forced);
    if (padLastMessageTo > 0) {
      pad(c);
    }
    return c;
  }

  /** Its own random stream, so that the chats that are not reopened stay exactly as without history. */
  private void reopen(GeneratedChat c, List<Agent> team, long firstMessageId) {
    SplittableRandom h = Rng.forChat(seed ^ HISTORY_STREAM, c.index);
    if (!Rng.chance(h, REOPENED_SHARE)) {
      return;
    }
    int times = Rng.chance(h, 0.15) ? 2 : 1;
    boolean lastStaysOpen = Rng.chance(h, 0.15);
    ConversationBuilder.after(h, c, team, firstMessageId).reopen(times, lastStaysOpen, historyEndMillis());
  }

  private ChatStatus status(SplittableRandom r, Quirk forced, long index) {
    double[] weights = index >= chats * 9 / 10 ? RECENT_STATUS_WEIGHTS : STATUS_WEIGHTS;
    ChatStatus s = STATUSES[Rng.weighted(r, weights)];
    if (forced == null) {
      return s;
    }
    return switch (forced) {
      case STATUS_ON_HOLD_SPACE, STATUS_ON_HOLD_DASH, STATUS_ON_HOLD_UNDERSCORE -> ChatStatus.ONHOLD;
      case STATUS_NO_COMMUNICATION_UNDERSCORE, STATUS_NO_COMMUNICATION_DASH -> ChatStatus.NO_COMMUNICATION;
      case STATUS_UPPER, AWAITING_REPLY, UNASSIGNED, LONG_TEXT, ABSENT_EMPTY_STRING, ABSENT_ZERO_STRING,
        ABSENT_MISSING -> ChatStatus.OPENED;
      case SNOOZED -> ChatStatus.PENDING;
      default -> ChatStatus.CLOSED;
    };
  }

  private static String createdWith(SplittableRandom r, ChatStatus status, Quirk forced) {
    if (forced == Quirk.AUTOMATION_FIRST) {
      return "customer_message";
    }
    String w = CREATED_WITH[Rng.weighted(r, CREATED_WITH_WEIGHTS)];
    if (status == ChatStatus.NO_COMMUNICATION && w.equals("customer_message")) {
      return "broadcast_reply";
    }
    if (status == ChatStatus.NEW && w.equals("agent_message")) {
      return "customer_message";
    }
    return w;
  }

  private static void rating(SplittableRandom r, GeneratedChat c, Quirk forced) {
    if (c.status != ChatStatus.CLOSED) {
      return;
    }
    if (forced == Quirk.RATING_PERFECT) {
      c.rating = "perfect";
    } else if (forced == Quirk.RATING_UNKNOWN) {
      c.rating = Rng.pick(r, UNKNOWN_RATINGS);
    } else if (forced == Quirk.RATING_CASE || Rng.chance(r, 0.35)) {
      double x = r.nextDouble();
      c.rating = x < 0.55 ? "great" : x < 0.75 ? "average" : x < 0.90 ? "poor" : x < 0.97 ? "perfect"
        : Rng.pick(r, UNKNOWN_RATINGS);
      if (forced == Quirk.RATING_CASE && c.rating.length() > 7) {
        c.rating = "great";
      }
    }
  }

  /** Long text, Unicode for escaping: the last message (what becomes lastMessageText). */
  private static void texts(SplittableRandom r, GeneratedChat c, Quirk forced) {
    GeneratedMessage last = lastCounted(c);
    if (last == null) {
      return;
    }
    if (forced == Quirk.LONG_TEXT || (forced == null && !last.fromAgent && Rng.chance(r, 0.004))) {
      last.text = TextBank.longPaste(r, 20_000);
    }
    if (forced == Quirk.ESCAPED_UNICODE && TextBank.isAscii(last.text)) {
      last.text = last.text + " " + TextBank.unicodeSample();
    }
  }

  /** Some messages are edited a little later (never the chat's last message, whose text the chat shows). */
  private static void edits(SplittableRandom r, GeneratedChat c, Quirk forced) {
    GeneratedMessage last = lastCounted(c);
    boolean forceOne = forced == Quirk.EDITED_LATER;
    for (GeneratedMessage m : c.messages) {
      if (m == last || !m.counted() || m.broadcastType != null) {
        continue;
      }
      if (forceOne || Rng.chance(r, 0.03)) {
        forceOne = false;
        m.edited = true;
        m.originalText = m.text;
        m.text = TextBank.edited(m.text);
        m.updatedAt = m.createdAt + (20 + r.nextInt(900)) * 1000L;
      }
    }
  }

  /** Unread trailing messages of open chats, matching the chat's readByAgent / readByCustomer. */
  private static void readFlags(GeneratedChat c) {
    GeneratedMessage last = lastCounted(c);
    if (last == null || !c.status.open()) {
      return;
    }
    boolean customerLast = !last.fromAgent;
    boolean unread = customerLast ? c.id % 3 != 0 : c.id % 2 == 0;
    if (!unread) {
      return;
    }
    for (int i = c.messages.size() - 1; i >= 0; i--) {
      GeneratedMessage m = c.messages.get(i);
      if (m.counted() && m.fromAgent != last.fromAgent) {
        break;
      }
      if (m.counted()) {
        m.read = false;
      }
    }
  }

  private static void exportPlan(SplittableRandom r, GeneratedChat c, Quirk forced) {
    List<GeneratedMessage> counted = c.counted();
    c.messagesNotExported = !c.messages.isEmpty()
      && (forced == Quirk.MESSAGES_NOT_EXPORTED || (forced == null && Rng.chance(r, 0.01)));
    c.editedLater = c.hasEdits() && !c.messagesNotExported && (forced == Quirk.EDITED_LATER || Rng.chance(r, 0.2));
    boolean cuttable = counted.size() >= 2 && forced == null && !c.reopened(); // reopened: daily snapshots
    c.laterInReexport = cuttable && c.status == ChatStatus.CLOSED && Rng.chance(r, 0.06);
    if (c.laterInReexport) {
      c.earlyCutoff = counted.get(r.nextInt(counted.size() - 1)).createdAt;
    }
    c.staleCopy = cuttable && !c.laterInReexport && Rng.chance(r, 0.02);
    if (c.staleCopy) {
      c.staleCutoff = counted.get(r.nextInt(counted.size() - 1)).createdAt;
    }
    c.repeatInFile = Rng.chance(r, 0.015);
    c.overlapInReexport = !c.laterInReexport && Rng.chance(r, 0.02);
  }

  private void pad(GeneratedChat c) {
    GeneratedMessage last = lastCounted(c);
    if (last != null) {
      last.text = TextBank.padTo(last.text, padLastMessageTo, new SplittableRandom(Rng.mix64(seed + c.id)));
    }
  }

  static GeneratedMessage lastCounted(GeneratedChat c) {
    for (int i = c.messages.size() - 1; i >= 0; i--) {
      if (c.messages.get(i).counted()) {
        return c.messages.get(i);
      }
    }
    return null;
  }
}
