package org.chatlake.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the message history of one chat in time order, and the chat fields that follow from it (assignee,
 * closedAt, closedBy). Message ids are {@code firstMessageId + sequence}: unique and increasing.
 */
final class ConversationBuilder {
  private static final String[] BROADCAST_TYPES = {"trigger", "auto chat", "auto email", "manual chat", "manual email"};
  private static final double[] BROADCAST_WEIGHTS = {0.35, 0.20, 0.15, 0.20, 0.10};

  private final SplittableRandom r;
  private final GeneratedChat chat;
  private final Language lang;
  private final List<Agent> team;
  private final long firstMessageId;
  private final List<GeneratedMessage> out = new ArrayList<>();
  private long t;
  private boolean agentWithoutAgentPending;

  ConversationBuilder(SplittableRandom r, GeneratedChat chat, List<Agent> team, long firstMessageId) {
    this.r = r;
    this.chat = chat;
    this.lang = chat.customer.language();
    this.team = team;
    this.firstMessageId = firstMessageId;
    this.t = chat.createdAt;
  }

  /**
   * A builder that goes on after the chat's messages (same message ids, clock after its last message and its close),
   * drawing from {@code r}.
   */
  static ConversationBuilder after(SplittableRandom r, GeneratedChat chat, List<Agent> team, long firstMessageId) {
    ConversationBuilder b = new ConversationBuilder(r, chat, team, firstMessageId);
    b.out.addAll(chat.messages);
    b.t = chat.lastChange();
    return b;
  }

  /**
   * history.md's reopens for a closed chat: {@code times} times the customer writes again on a later day; each reopen
   * is answered and closed again, the same day or the next one (then a daily export shows it open), except that the
   * last one stays open when {@code lastStaysOpen}. Sets chat.earlierCloses. Changes nothing and returns false when
   * the history would not be over by {@code endMillis} or would need too many message ids.
   */
  boolean reopen(int times, boolean lastStaysOpen, long endMillis) {
    ChatStatus status = chat.status;
    Long closedAt = chat.closedAt;
    String closedBy = chat.closedBy;
    Agent agent = lastReplier();
    List<GeneratedChat.Close> closes = new ArrayList<>();
    for (int k = 0; k < times; k++) {
      t = withMillis(dayStart(chat.closedAt, 1 + r.nextInt(3)) + 8 * 3_600_000L + r.nextInt(8 * 3600) * 1000L);
      closes.add(new GeneratedChat.Close(chat.closedAt, chat.closedBy, t));
      customerTurn(false);
      if (k == times - 1 && lastStaysOpen) {
        boolean answered = Rng.chance(r, 0.5);
        if (answered) {
          waitAgent();
          agentTurn(agent);
        }
        chat.status = answered ? ChatStatus.PENDING : ChatStatus.OPENED;
        chat.closedAt = null;
        chat.closedBy = null;
        break;
      }
      waitAgent();
      agentTurn(agent);
      if (Rng.chance(r, 0.55)) {
        t = withMillis(dayStart(t, 1) + 8 * 3_600_000L + r.nextInt(8 * 3600) * 1000L);
      }
      close(agent);
    }
    long end = chat.closedAt == null ? t : Math.max(t, chat.closedAt);
    if (end >= endMillis || out.size() >= ChatFactory.MESSAGE_ID_STRIDE) {
      chat.status = status;
      chat.closedAt = closedAt;
      chat.closedBy = closedBy;
      return false;
    }
    chat.messages = out;
    chat.earlierCloses = List.copyOf(closes);
    return true;
  }

  /** The agent who replied last, else the assignee, else the team's first agent. */
  private Agent lastReplier() {
    for (int i = out.size() - 1; i >= 0; i--) {
      if (out.get(i).agentReply()) {
        return out.get(i).agent;
      }
    }
    return chat.assignee != null ? chat.assignee : team.get(0);
  }

  /** Midnight UTC {@code days} days after the day of {@code millis}. */
  private static long dayStart(long millis, int days) {
    return (Math.floorDiv(millis, 86_400_000L) + days) * 86_400_000L;
  }

  /** Fills chat.messages, chat.assignee, chat.closedAt and chat.closedBy. */
  void build() {
    Quirk forced = chat.forced;
    Agent primary = team.get(r.nextInt(team.size()));
    Agent first = primary;
    if (team.size() > 1 && (forced == Quirk.OTHER_AGENT_REPLIES || Rng.chance(r, 0.12))) {
      first = otherThan(primary);
    }
    Agent helper = team.size() > 2 && Rng.chance(r, 0.05) ? otherThan(primary) : null;
    agentWithoutAgentPending = forced == Quirk.AGENT_MESSAGE_WITHOUT_AGENT || Rng.chance(r, 0.004);
    chat.assignee = primary;

    if (chat.status == ChatStatus.EMPTY) {
      chat.assignee = Rng.chance(r, 0.8) ? null : primary;
      chat.messages = List.of();
      return;
    }
    boolean automationFirst = forced == Quirk.AUTOMATION_FIRST || Rng.chance(r, 0.12);
    switch (chat.createdWith) {
      case "broadcast_reply" -> automation(primary);
      case "agent_message" -> add(true, GeneratedMessage.MESSAGE, null, primary, TextBank.broadcast(lang, r));
      case "public_api" -> add(true, GeneratedMessage.TECH, null, null, TextBank.createdViaApi());
      default -> {
        if (automationFirst) {
          automation(primary);
        }
      }
    }
    switch (chat.status) {
      case NO_COMMUNICATION -> noCommunication(primary);
      case NEW -> newChat(primary);
      default -> conversation(primary, first, helper);
    }
    if (chat.status == ChatStatus.NEW || chat.status == ChatStatus.NO_COMMUNICATION) {
      if (Rng.chance(r, chat.status == ChatStatus.NEW ? 0.7 : 0.5)) {
        chat.assignee = null;
      }
    } else if (forced == Quirk.UNASSIGNED || Rng.chance(r, 0.05)) {
      chat.assignee = null;
    }
    chat.messages = out;
  }

  private void noCommunication(Agent primary) {
    boolean anyCounted = out.stream().anyMatch(GeneratedMessage::counted);
    if (!anyCounted) {
      automation(primary);
    }
    if (Rng.chance(r, 0.3)) {
      t += hours(20, 30);
      automation(primary);
    }
  }

  private void newChat(Agent primary) {
    if (!out.isEmpty()) {
      waitCustomer();
    }
    customerTurn(true);
    if (Rng.chance(r, 0.2)) {
      step(5, 30);
      add(true, GeneratedMessage.KNOWLEDGE_BASE, null, null, TextBank.knowledgeBase(r));
    }
  }

  private void conversation(Agent primary, Agent first, Agent helper) {
    Quirk forced = chat.forced;
    int turns = 2 + r.nextInt(4);
    boolean unansweredEnd = switch (chat.status) {
      case OPENED -> forced == Quirk.AWAITING_REPLY || forced == Quirk.LONG_TEXT || Rng.chance(r, 0.5);
      case ONHOLD -> Rng.chance(r, 0.3);
      default -> false;
    };
    if (!out.isEmpty()) {
      waitCustomer();
    }
    boolean noteAndArticle = forced == Quirk.NOTE_AND_ARTICLE;
    for (int k = 1; k <= turns; k++) {
      customerTurn(k == 1);
      if (k == turns && unansweredEnd) {
        break;
      }
      Agent who = k == 1 ? first : primary;
      if (helper != null && k == turns - 1 && k > 1) {
        who = helper;
      }
      if (k == 1 && Rng.chance(r, 0.35)) {
        step(2, 20);
        add(true, GeneratedMessage.TECH, null, null, TextBank.assigned(first));
      }
      if (noteAndArticle || Rng.chance(r, 0.10)) {
        step(20, 240);
        add(true, GeneratedMessage.PRIVATE, null, who, TextBank.privateNote(r));
      }
      if (noteAndArticle || Rng.chance(r, 0.07)) {
        step(5, 60);
        add(true, GeneratedMessage.KNOWLEDGE_BASE, null, who, TextBank.knowledgeBase(r));
      }
      noteAndArticle = false;
      waitAgent();
      if (k == 2 && first != primary) {
        add(true, GeneratedMessage.TECH, null, null, TextBank.transferred(chat.department, primary));
        step(30, 300);
      }
      agentTurn(who);
      if (k < turns) {
        waitCustomer();
      }
    }
    if (chat.status == ChatStatus.CLOSED) {
      close(primary);
    }
  }

  private void close(Agent primary) {
    boolean byCustomer;
    if (Rng.chance(r, 0.45)) {
      waitCustomer();
      add(false, GeneratedMessage.MESSAGE, null, null, TextBank.customerThanks(lang, r));
      byCustomer = Rng.chance(r, 0.5);
    } else {
      if (Rng.chance(r, 0.4)) {
        step(20, 180);
        add(true, GeneratedMessage.MESSAGE, null, primary, TextBank.agentClosing(lang, r));
      }
      byCustomer = Rng.chance(r, 0.1);
    }
    long closeDelay = Rng.logNormalSeconds(r, 600, 1.2, 30, 6 * 3600);
    chat.closedAt = withMillis(t + closeDelay * 1000);
    chat.closedBy = byCustomer ? "customer" : "agent";
    if (Rng.chance(r, 0.25)) {
      t = chat.closedAt;
      add(true, GeneratedMessage.TECH, null, null, TextBank.closedEvent(!byCustomer));
    }
  }

  private void customerTurn(boolean opening) {
    int n = chat.forced == Quirk.MULTI_MESSAGE_TURN && opening ? 3 : 1 + Rng.weighted(r, new double[] {0.6, 0.28, 0.12});
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        step(8, 120);
      }
      String text = opening && i == 0 ? TextBank.customerOpening(lang, r) : TextBank.customerFollowUp(lang, r);
      add(false, Rng.chance(r, 0.03) ? GeneratedMessage.EMAIL : GeneratedMessage.MESSAGE, null, null, text);
    }
  }

  private void agentTurn(Agent who) {
    int n = Rng.chance(r, 0.35) ? 2 : 1;
    if (agentWithoutAgentPending) {
      // an agent message whose sender is unknown (deleted team member), then the real agent goes on
      agentWithoutAgentPending = false;
      add(true, GeneratedMessage.MESSAGE, null, null, TextBank.agentReply(lang, r));
      step(10, 90);
    }
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        step(10, 150);
      }
      add(true, Rng.chance(r, 0.03) ? GeneratedMessage.EMAIL : GeneratedMessage.MESSAGE, null, who,
        TextBank.agentReply(lang, r));
    }
  }

  private void automation(Agent primary) {
    String bt = BROADCAST_TYPES[Rng.weighted(r, BROADCAST_WEIGHTS)];
    Agent sender = bt.startsWith("manual") || Rng.chance(r, 0.5) ? primary : null;
    String type = bt.endsWith("email") ? GeneratedMessage.EMAIL : GeneratedMessage.MESSAGE;
    add(true, type, bt, sender, TextBank.broadcast(lang, r));
  }

  private Agent otherThan(Agent a) {
    Agent b = team.get(r.nextInt(team.size() - 1));
    return b == a ? team.get(team.size() - 1) : b;
  }

  private void add(boolean fromAgent, String type, String broadcastType, Agent agent, String text) {
    long id = firstMessageId + out.size();
    out.add(new GeneratedMessage(id, chat.id, fromAgent, type, broadcastType, agent, text, t));
    step(1, 1); // the next message is at least one second later
  }

  private void waitAgent() {
    long s = TimeModel.workingHours(t)
      ? Rng.logNormalSeconds(r, 150, 1.0, 15, 3 * 3600)
      : Rng.logNormalSeconds(r, 2.5 * 3600, 0.8, 300, 16 * 3600);
    advance(s);
  }

  private void waitCustomer() {
    advance(Rng.logNormalSeconds(r, 300, 1.3, 15, 2 * 86400));
  }

  private void step(int minSeconds, int maxSeconds) {
    advance(minSeconds + (maxSeconds > minSeconds ? r.nextInt(maxSeconds - minSeconds + 1) : 0));
  }

  private long hours(int min, int max) {
    return (min + r.nextInt(max - min + 1)) * 3600_000L;
  }

  /** Moves the clock on by whole seconds; chats with millisecond times get a new millisecond part. */
  private void advance(long seconds) {
    t = withMillis(t - Math.floorMod(t, 1000L) + Math.max(1, seconds) * 1000L);
  }

  private long withMillis(long millis) {
    if (!chat.msPrecision) {
      return millis - Math.floorMod(millis, 1000L);
    }
    return millis - Math.floorMod(millis, 1000L) + 1 + r.nextInt(999);
  }
}
