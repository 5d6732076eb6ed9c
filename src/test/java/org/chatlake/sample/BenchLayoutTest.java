package org.chatlake.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.chatlake.sample.ExportTree.FileResult;

/** The bench layout: large files, half API pages and half JSON Lines, nothing broken, nothing repeated. */
class BenchLayoutTest {

  @TempDir
  Path tmp;

  @Test
  void halfApiPagesHalfJsonLinesNoDuplicatesNoBroken() throws IOException {
    int n = 2000;
    GenerationReport r = SampleDataGenerator.generate(GeneratorOptions.builder(tmp).chats(n)
      .layout(GeneratorOptions.Layout.BENCH).chatsPerFile(400).build());
    List<FileResult> chats = ExportTree.readAll(tmp, "chats", false);
    List<FileResult> messages = ExportTree.readAll(tmp, "messages", true);
    assertEquals(6, chats.size()); // 1000 chats in pages of 400: 3 files, same for JSON Lines
    assertEquals(n / 2, chats.stream().filter(f -> f.format().equals("api")).mapToInt(f -> f.good().size()).sum());
    assertEquals(n / 2, chats.stream().filter(f -> f.format().equals("jsonl")).mapToInt(f -> f.good().size()).sum());
    Set<Long> ids = new HashSet<>();
    chats.forEach(f -> f.good().forEach(rec -> ids.add(ExportTree.id(rec.node().get("id")))));
    assertEquals(n, ids.size());
    assertEquals(n, r.chatRecords());
    assertEquals(0, r.duplicateChatRecords());
    assertEquals(0, r.brokenChatRecords());
    chats.forEach(f -> assertEquals(0, f.broken(), f.path()));
    messages.forEach(f -> assertEquals(0, f.broken(), f.path()));
    Set<Long> mids = new HashSet<>();
    messages.forEach(f -> f.good().forEach(rec -> mids.add(ExportTree.id(rec.node().get("id")))));
    long records = messages.stream().mapToLong(f -> f.good().size()).sum();
    assertEquals(records, mids.size(), "no repeated message");
    assertEquals(r.messageRecords(), records);
    assertEquals(0, r.orphanMessages());
    long chatBytes = r.files(RecordKind.CHATS).stream().mapToLong(GenerationReport.FileReport::bytes).sum();
    double perChat = (double) chatBytes / n;
    assertTrue(perChat > 1300 && perChat < 1800, "about 1.5 KB per chat: " + perChat);
  }

  @Test
  void singleFile() throws IOException {
    for (GeneratorOptions.SingleFile sf : GeneratorOptions.SingleFile.values()) {
      Path out = tmp.resolve(sf.name());
      GenerationReport r = SampleDataGenerator.generate(GeneratorOptions.builder(out).chats(700)
        .layout(GeneratorOptions.Layout.BENCH).singleFile(sf).messages(false).build());
      assertEquals(1, r.files().size());
      List<FileResult> files = ExportTree.readAll(out, "chats", false);
      assertEquals(1, files.size());
      assertEquals(sf == GeneratorOptions.SingleFile.API ? "api" : "jsonl", files.get(0).format());
      assertEquals(700, files.get(0).good().size());
    }
  }
}
