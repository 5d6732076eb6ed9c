package org.chatlake.sample;

import java.util.ArrayList;
import java.util.List;

/** Counts what the writers actually wrote; one per writing task, merged at the end. */
final class ReportCollector {
  private final List<GenerationReport.FileReport> files = new ArrayList<>();
  private final LongBitSet chatIndexes = new LongBitSet();
  private final LongBitSet messageSerials = new LongBitSet();
  private long chatRecords;
  private long extraChatIds;
  private long messageRecords;
  private long orphanMessages;
  private long chatsWithoutExportedMessages;
  private long reopenedChats;
  private long reopens;

  /** A good record of a generated chat. */
  void chat(GeneratedChat c) {
    chatRecords++;
    chatIndexes.set(c.index);
  }

  /** A good record of a chat id that belongs to no generated chat (unique). */
  void extraChat() {
    chatRecords++;
    extraChatIds++;
  }

  /** A good record of a message of a generated chat. */
  void message(GeneratedMessage m) {
    messageRecords++;
    messageSerials.set(m.id - ChatFactory.FIRST_MESSAGE_ID);
  }

  /** A good record of a message (unique id) whose chat is in no chat file. */
  void orphanMessage() {
    messageRecords++;
    orphanMessages++;
  }

  void chatWithoutExportedMessages() {
    chatsWithoutExportedMessages++;
  }

  /** A chat whose snapshots show {@code reopens} reopens (history.md). */
  void reopenedChat(int reopens) {
    reopenedChats++;
    this.reopens += reopens;
  }

  void file(GenerationReport.FileReport f) {
    files.add(f);
  }

  void merge(ReportCollector o) {
    files.addAll(o.files);
    chatIndexes.or(o.chatIndexes);
    messageSerials.or(o.messageSerials);
    chatRecords += o.chatRecords;
    extraChatIds += o.extraChatIds;
    messageRecords += o.messageRecords;
    orphanMessages += o.orphanMessages;
    chatsWithoutExportedMessages += o.chatsWithoutExportedMessages;
    reopenedChats += o.reopenedChats;
    reopens += o.reopens;
  }

  GenerationReport build(GeneratorOptions opts) {
    List<GenerationReport.FileReport> sorted = new ArrayList<>(files);
    sorted.sort((a, b) -> a.path().compareTo(b.path()));
    long distinctChats = chatIndexes.cardinality() + extraChatIds;
    long distinctMessages = messageSerials.cardinality() + orphanMessages;
    return new GenerationReport(opts, sorted, chatRecords, distinctChats, messageRecords, distinctMessages,
      orphanMessages, chatsWithoutExportedMessages, reopenedChats, reopens);
  }
}
