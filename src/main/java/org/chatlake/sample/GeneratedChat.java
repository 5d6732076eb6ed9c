package org.chatlake.sample;

import java.util.List;

/**
 * One generated chat with its whole message history (chronological) and how it is exported. A pure function of
 * (seed, index, options): {@link ChatFactory#create} rebuilds it whenever a layout needs it again.
 */
final class GeneratedChat {
  final long index;
  final long id;
  /** Quirk forced on this chat by {@link Quirk#PLAN}, or null. */
  Quirk forced;

  ChatStatus status;
  long createdAt;
  boolean msPrecision;
  String createdWith;
  Customer customer;
  Department department;
  Agent assignee;
  Long closedAt;
  String closedBy;
  String rating;
  Long snoozedUntil;
  List<GeneratedMessage> messages = List.of();
  ChatQuirks quirks = new ChatQuirks();
  /** Closes before the current state, each undone by the customer writing again (history.md's reopens). */
  List<Close> earlierCloses = List.of();

  /** A close that a later customer message (at {@code reopenedAt}) undid. */
  record Close(long closedAt, String closedBy, long reopenedAt) {
  }

  // ---- export plan (used by the sample layout) ----
  /** Messages of this chat are not in any messages file. */
  boolean messagesNotExported;
  /** The main chat file holds an earlier state ({@link #earlyCutoff}); the later state is in a re-export. */
  boolean laterInReexport;
  long earlyCutoff;
  /** A re-export file holds a stale earlier state ({@link #staleCutoff}); the main file holds the latest. */
  boolean staleCopy;
  long staleCutoff;
  /** Written twice in its main file. */
  boolean repeatInFile;
  /** Written again, unchanged, in the re-export. */
  boolean overlapInReexport;
  /** Main messages files hold the messages before their edit; a re-export holds the edited versions. */
  boolean editedLater;

  GeneratedChat(long index, long id) {
    this.index = index;
    this.id = id;
  }

  /** Messages of type message/email, chronological. */
  List<GeneratedMessage> counted() {
    return messages.stream().filter(GeneratedMessage::counted).toList();
  }

  boolean reopened() {
    return !earlierCloses.isEmpty();
  }

  /** The last instant the chat changed: its last message/email or its close, whichever is later. */
  long lastChange() {
    long last = createdAt;
    for (GeneratedMessage m : messages) {
      if (m.counted()) {
        last = Math.max(last, m.createdAt);
      }
    }
    return closedAt == null ? last : Math.max(last, closedAt);
  }

  boolean hasEdits() {
    for (GeneratedMessage m : messages) {
      if (m.edited) {
        return true;
      }
    }
    return false;
  }
}
