package org.chatlake.sample;

/** One message of a generated chat (Messages API object), times in epoch milliseconds. */
final class GeneratedMessage {
  static final String MESSAGE = "message";
  static final String EMAIL = "email";
  static final String PRIVATE = "private";
  static final String TECH = "tech";
  static final String KNOWLEDGE_BASE = "knowledgeBase";

  final long id;
  final long chatId;
  final boolean fromAgent;
  final String type;
  /** null, or trigger / auto chat / auto email / manual chat / manual email. */
  final String broadcastType;
  /** The sender for agent-side messages; may be null (automation, deleted agent). */
  final Agent agent;
  final long createdAt;
  String text;
  long updatedAt;
  boolean edited;
  /** The text before the edit, when {@link #edited}. */
  String originalText;
  boolean read = true;

  GeneratedMessage(long id, long chatId, boolean fromAgent, String type, String broadcastType, Agent agent,
           String text, long createdAt) {
    this.id = id;
    this.chatId = chatId;
    this.fromAgent = fromAgent;
    this.type = type;
    this.broadcastType = broadcastType;
    this.agent = agent;
    this.text = text;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }

  /** message or email: what HelpCrunch counts for lastMessageAt. */
  boolean counted() {
    return MESSAGE.equals(type) || EMAIL.equals(type);
  }

  /** An agent reply as messages.md defines it: counted, no broadcast, a known agent. */
  boolean agentReply() {
    return fromAgent && counted() && broadcastType == null && agent != null;
  }
}
