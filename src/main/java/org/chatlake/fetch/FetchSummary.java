package org.chatlake.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code DIR/_fetch.json}: what was asked (since, cursor, API URL without credentials), which query
 * found the chats, the counts, timings and {@code complete}. Written with {@code complete: false}
 * when a fetch starts and again when it ends; its name starts with {@code _}, so the job skips it.
 */
final class FetchSummary {
  static final String FILE = "_fetch.json";

  private FetchSummary() {}

  static void write(Path out, FetchOptions options, Instant startedAt, Instant finishedAt, String sinceSource,
      Instant cursor, Instant nextCursor, ChatListing.Query query, FetchCounters c, int messageFiles,
      boolean complete, String error) throws IOException {
    ObjectNode json = ApiClient.JSON.createObjectNode();
    json.put("complete", complete);
    json.put("apiUrl", Redaction.url(options.apiUrl()));
    json.put("since", options.since() == null ? null : options.since().toString());
    json.put("cursorFrom", sinceSource);
    if (cursor != null) {
      json.put("cursor", cursor.getEpochSecond());
      json.put("cursorTime", cursor.toString());
    } else {
      json.putNull("cursor");
    }
    json.put("chatQuery", query == null ? null : query.name().toLowerCase(java.util.Locale.ROOT));
    json.put("chatQueryDescription", query == null ? null : query.description);
    json.put("withMessages", options.withMessages());
    json.put("rateLimitPerMinute", options.ratePerWindow() * 60.0 / Math.max(1, options.window().toMillis()) * 1000);
    json.put("stateFile", options.stateFile().toString());
    if (nextCursor != null) {
      json.put("nextCursor", nextCursor.getEpochSecond());
      json.put("nextCursorTime", nextCursor.toString());
    }
    ObjectNode counts = json.putObject("counts");
    counts.put("requests", c.requests.get());
    counts.put("retries", c.retries.get());
    counts.put("429s", c.tooManyRequests.get());
    counts.put("chatPages", c.chatPages.get());
    counts.put("chats", c.chats.get());
    counts.put("chatsWithMessagesFetched", c.chatsWithMessages.get());
    counts.put("messagePages", c.messagePages.get());
    counts.put("messages", c.messages.get());
    counts.put("messageFiles", messageFiles);
    counts.put("bytes", c.bytes.get());
    counts.put("chatsGone", c.chatsGone.size());
    com.fasterxml.jackson.databind.node.ArrayNode gone = json.putArray("chatsGoneIds");
    c.chatsGone.forEach(id -> {
      if (id.matches("\\d{1,18}")) {
        gone.add(Long.parseLong(id));
      } else {
        gone.add(id);
      }
    });
    ObjectNode timings = json.putObject("timings");
    timings.put("startedAt", startedAt.toString());
    if (finishedAt != null) {
      timings.put("finishedAt", finishedAt.toString());
      timings.put("seconds", Duration.between(startedAt, finishedAt).toMillis() / 1000.0);
    }
    if (error != null) {
      json.put("error", Redaction.redact(error));
    }
    byte[] bytes = ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
    AtomicFiles.writePlain(out.resolve(FILE), Redaction.redact(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
