package org.chatlake.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * The Chat object as an export shows it at one moment: the latest state, or an earlier one (only the messages up to
 * a cutoff: still open, or closed before a reopen). Derived fields follow the messages: lastMessageAt is the last message/email, from either
 * side; lastCustomerMessageAt the customer's last; agents every agent who sent a message/email.
 */
final class ChatSnapshot {
  final GeneratedChat chat;
  /** Status as written (quirky spelling included). */
  final String status;
  final Long closedAt;
  final String closedBy;
  /** Rating as written, or null. */
  final String rating;
  final Long snoozedUntil;
  final Long lastMessageAt;
  final Long lastCustomerMessageAt;
  final String lastMessageText;
  final Long lastMessageId;
  final Long lastCommunicatedAgentId;
  final List<Agent> agents;
  final Agent assignee;
  final boolean readByAgent;
  final boolean readByCustomer;

  private ChatSnapshot(GeneratedChat c, long cutoff, boolean latest, GeneratedChat.Close closedThen) {
    this.chat = c;
    GeneratedMessage last = null;
    GeneratedMessage lastCustomer = null;
    GeneratedMessage lastAgentWithSender = null;
    boolean anyReply = false;
    List<Agent> senders = new ArrayList<>(3);
    for (GeneratedMessage m : c.messages) {
      if (m.createdAt > cutoff) {
        break;
      }
      if (!m.counted()) {
        continue;
      }
      last = m;
      if (!m.fromAgent) {
        lastCustomer = m;
      } else if (m.agent != null) {
        lastAgentWithSender = m;
        if (!senders.contains(m.agent)) {
          senders.add(m.agent);
        }
      }
      anyReply |= m.agentReply();
    }
    this.lastMessageAt = last == null ? null : last.createdAt;
    this.lastCustomerMessageAt = lastCustomer == null ? null : lastCustomer.createdAt;
    this.lastMessageText = last == null ? null : last.text;
    this.lastMessageId = last == null ? null : last.id;
    this.lastCommunicatedAgentId = lastAgentWithSender == null ? null : lastAgentWithSender.agent.id();
    this.agents = senders;
    boolean customerLast = last != null && !last.fromAgent;
    if (latest) {
      this.status = c.quirks.statusSpelling != null ? c.quirks.statusSpelling : c.status.api;
      this.closedAt = c.closedAt;
      this.closedBy = c.closedBy;
      this.rating = c.rating == null ? null : c.quirks.ratingSpelling != null ? c.quirks.ratingSpelling : c.rating;
      this.snoozedUntil = c.snoozedUntil;
      this.assignee = c.assignee;
      boolean open = c.status.open();
      this.readByAgent = !(open && customerLast && c.id % 3 != 0);
      this.readByCustomer = !(open && !customerLast && c.id % 2 == 0);
    } else if (closedThen != null) {
      this.status = ChatStatus.CLOSED.api;
      this.closedAt = closedThen.closedAt();
      this.closedBy = closedThen.closedBy();
      this.rating = null;
      this.snoozedUntil = null;
      this.assignee = c.assignee;
      this.readByAgent = true;
      this.readByCustomer = true;
    } else {
      this.status = !anyReply ? ChatStatus.NEW.api
        : customerLast || c.id % 2 == 0 ? ChatStatus.OPENED.api : ChatStatus.PENDING.api;
      this.closedAt = null;
      this.closedBy = null;
      this.rating = null;
      this.snoozedUntil = null;
      this.assignee = anyReply ? c.assignee : null;
      this.readByAgent = !customerLast;
      this.readByCustomer = true;
    }
  }

  static ChatSnapshot latest(GeneratedChat c) {
    return new ChatSnapshot(c, Long.MAX_VALUE, true, null);
  }

  /** The chat as exported at {@code cutoff} (inclusive), while it was still open. */
  static ChatSnapshot asOf(GeneratedChat c, long cutoff) {
    return new ChatSnapshot(c, cutoff, false, null);
  }

  /**
   * The chat as an export taken at {@code cutoff} (inclusive) shows it, whatever it was then: its latest state once
   * nothing changes any more, closed between a close and the reopen that undid it, open otherwise.
   */
  static ChatSnapshot at(GeneratedChat c, long cutoff) {
    if (cutoff >= c.lastChange()) {
      return latest(c);
    }
    for (GeneratedChat.Close close : c.earlierCloses) {
      if (close.closedAt() <= cutoff && cutoff < close.reopenedAt()) {
        return new ChatSnapshot(c, cutoff, false, close);
      }
    }
    return asOf(c, cutoff);
  }
}
