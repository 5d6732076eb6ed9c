package org.chatlake.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark data: a handful of large files, latest states only, no duplicates, no broken records. Half of the chats
 * go to API-page files, half to JSON Lines files (or all into one file with --single-file). Files are independent,
 * so they are written in parallel; their content does not depend on the number of threads.
 */
final class BenchLayout {
  private final GeneratorOptions opts;
  private final ChatFactory factory;
  private final Path root;
  private final long n;

  BenchLayout(GeneratorOptions opts, ChatFactory factory) {
    this.opts = opts;
    this.factory = factory;
    this.root = opts.out();
    this.n = opts.chats();
  }

  ReportCollector write() throws IOException {
    List<Callable<ReportCollector>> tasks = new ArrayList<>();
    long per = opts.chatsPerFile();
    long half = n / 2;
    if (opts.singleFile() == GeneratorOptions.SingleFile.API) {
      tasks.add(() -> chats("chats/api-pages/chats-all.json", FileFormat.API_PAGE, 0, n, 1));
    } else if (opts.singleFile() == GeneratorOptions.SingleFile.JSONL) {
      tasks.add(() -> chats("chats/jsonl/chats-all.jsonl", FileFormat.JSONL, 0, n, 1));
    } else {
      int k = 1;
      for (long from = 0; from < half; from += per, k++) {
        long a = from;
        long b = Math.min(half, from + per);
        int page = k;
        tasks.add(() -> chats(String.format(Locale.ROOT, "chats/api-pages/page-%04d.json", page), FileFormat.API_PAGE, a, b, page));
      }
      for (long from = half; from < n; from += per) {
        long a = from;
        long b = Math.min(n, from + per);
        tasks.add(() -> chats(String.format(Locale.ROOT, "chats/jsonl/chats-%04d.jsonl", fileNo(a, half, per)), FileFormat.JSONL, a, b, 0));
      }
    }
    if (opts.messages()) {
      for (long from = 0; from < half; from += per) {
        long a = from;
        long b = Math.min(half, from + per);
        tasks.add(() -> messages(String.format(Locale.ROOT, "messages/api-pages/messages-%04d.json", fileNo(a, 0, per)),
          FileFormat.API_PAGE, a, b));
      }
      for (long from = half; from < n; from += per) {
        long a = from;
        long b = Math.min(n, from + per);
        tasks.add(() -> messages(String.format(Locale.ROOT, "messages/jsonl/messages-%04d.jsonl", fileNo(a, half, per)),
          FileFormat.JSONL, a, b));
      }
    }
    return run(tasks);
  }

  private static int fileNo(long from, long base, long per) {
    return (int) ((from - base) / per) + 1;
  }

  private ReportCollector run(List<Callable<ReportCollector>> tasks) throws IOException {
    ReportCollector all = new ReportCollector();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(opts.threads(), Math.max(1, tasks.size())));
    try {
      List<Future<ReportCollector>> futures = new ArrayList<>();
      for (Callable<ReportCollector> t : tasks) {
        futures.add(pool.submit(t));
      }
      for (Future<ReportCollector> f : futures) {
        all.merge(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw new IllegalStateException(c);
    } finally {
      pool.shutdownNow();
    }
    return all;
  }

  private ReportCollector chats(String name, FileFormat format, long from, long to, int page) throws IOException {
    ReportCollector rc = new ReportCollector();
    Envelope env = format == FileFormat.API_PAGE ? Envelope.chatPage(n, page, false) : null;
    try (RecordFile f = RecordFile.plain(root, name, RecordKind.CHATS, format, env)) {
      for (long i = from; i < to; i++) {
        GeneratedChat c = factory.create(i);
        f.startRecord();
        ChatJsonWriter.write(f.generator(), ChatSnapshot.latest(c));
        f.endRecord();
        rc.chat(c);
      }
      rc.file(f.finish());
    }
    return rc;
  }

  private ReportCollector messages(String name, FileFormat format, long from, long to) throws IOException {
    ReportCollector rc = new ReportCollector();
    Envelope env = format == FileFormat.API_PAGE ? Envelope.messagePage(false) : null;
    boolean newestFirst = format == FileFormat.API_PAGE;
    try (RecordFile f = RecordFile.plain(root, name, RecordKind.MESSAGES, format, env)) {
      for (long i = from; i < to; i++) {
        GeneratedChat c = factory.create(i);
        if (c.messages.isEmpty()) {
          continue;
        }
        if (c.messagesNotExported) {
          rc.chatWithoutExportedMessages();
          continue;
        }
        List<GeneratedMessage> ms = c.messages;
        for (int j = 0; j < ms.size(); j++) {
          GeneratedMessage m = ms.get(newestFirst ? ms.size() - 1 - j : j);
          f.startRecord();
          MessageJsonWriter.write(f.generator(), m, c.quirks, false);
          f.endRecord();
          rc.message(m);
        }
      }
      rc.file(f.finish());
    }
    return rc;
  }
}
