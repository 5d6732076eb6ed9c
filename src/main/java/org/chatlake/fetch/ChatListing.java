package org.chatlake.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lists the chats to export and stores every chat page byte for byte (gzip) under {@code chats/}.
 *
 * <ul>
 *   <li>No cursor (a backfill): {@code GET /chats?sort=chats.createdAt&order=asc}, every chat.</li>
 *   <li>A cursor: {@code POST /chats/search} with {@code chats.updatedAt >= cursor}, by createdAt
 *   ascending.</li>
 *   <li>If the API refuses that filter (400 naming it): {@code chats.createdAt >= cursor} (new chats)
 *   plus {@code GET /chats?sort=chats.lastMessageAt&order=desc} read until lastMessageAt is older
 *   than the cursor (chats with new messages).</li>
 * </ul>
 * Offset paging, 100 a page, until {@code offset >= total} or a short page.
 */
final class ChatListing {
  static final int LIMIT = 100;
  static final String UPDATED_AT = "chats.updatedAt";
  static final String CREATED_AT = "chats.createdAt";

  /** Which query found the chats (named in {@code _fetch.json}). */
  enum Query {
    BACKFILL("backfill: GET /chats by createdAt"),
    UPDATED_AT_FILTER("POST /chats/search chats.updatedAt >= cursor"),
    FALLBACK("fallback: POST /chats/search chats.createdAt >= cursor + GET /chats by lastMessageAt desc");

    final String description;

    Query(String description) {
      this.description = description;
    }
  }

  private final ApiClient api;
  private final Path dir;
  /** This fetch's id: the names of two fetches into one directory never collide. */
  private final String prefix;
  private final FetchCounters counters;
  /** Chat id to lastMessageId of every chat seen, in the order first seen (later pages win). */
  private final Map<String, String> chats;

  ChatListing(ApiClient api, Path dir, String prefix, FetchCounters counters, Map<String, String> chats) {
    this.api = api;
    this.dir = dir;
    this.prefix = prefix;
    this.counters = counters;
    this.chats = chats;
  }

  Query list(Instant cursor) throws IOException {
    if (cursor == null) {
      pages("all", offset -> api.get(get(CREATED_AT, "asc", offset), ChatListing::isPage), null);
      return Query.BACKFILL;
    }
    long since = cursor.getEpochSecond();
    try {
      pages("updated", offset -> api.post("chats/search", search(UPDATED_AT, since, offset), ChatListing::isPage), null);
      return Query.UPDATED_AT_FILTER;
    } catch (ApiRejected e) {
      if (!e.namesFilter(UPDATED_AT)) {
        throw e;
      }
      FetchLog.info("the API refused the %s filter (%s); falling back to createdAt + lastMessageAt", UPDATED_AT,
          e.errors());
    }
    pages("created", offset -> api.post("chats/search", search(CREATED_AT, since, offset), ChatListing::isPage), null);
    pages("recent", offset -> api.get(get("chats.lastMessageAt", "desc", offset), ChatListing::isPage), since);
    return Query.FALLBACK;
  }

  private interface PageCall {
    ApiResponse at(long offset);
  }

  /**
   * Reads pages from offset 0 and stores each as {@code chats/<fetch>-<name>-NNNNN.json.gz}.
   *
   * @param olderThan when not null, stops after the first page holding a chat whose lastMessageAt is
   *     before it (the pages are sorted by lastMessageAt, newest first)
   */
  private void pages(String name, PageCall call, Long olderThan) throws IOException {
    int page = 0;
    for (long offset = 0; ; offset += LIMIT) {
      ApiResponse r = call.at(offset);
      page++;
      AtomicFiles.writeGzip(dir.resolve(String.format(Locale.ROOT, "%s-%s-%05d.json.gz", prefix, name, page)), r.body());
      counters.chatPages.incrementAndGet();
      long total = PageItems.total(r.json());
      if (offset == 0 && total >= 0 && olderThan == null) {
        counters.chatsExpected.set(Math.max(0, counters.chatsExpected.get()) + total);
      }
      JsonNode data = r.json().get("data");
      boolean reachedOlder = false;
      for (JsonNode chat : data) {
        String id = PageItems.id(chat.get("id"));
        if (id != null) {
          chats.put(id, PageItems.id(chat.get("lastMessageId")));
        }
        Double last = PageItems.seconds(chat.get("lastMessageAt"));
        reachedOlder |= olderThan != null && last != null && last < olderThan;
      }
      counters.chats.set(chats.size());
      if (reachedOlder || data.size() < LIMIT || (total >= 0 && offset + LIMIT >= total)) {
        return;
      }
    }
  }

  private static String get(String sort, String order, long offset) {
    return String.format(Locale.ROOT, "chats?sort=%s&order=%s&offset=%d&limit=%d", sort, order, offset, LIMIT);
  }

  static ObjectNode search(String field, long since, long offset) {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    ObjectNode filter = body.putArray("filter").addObject();
    filter.put("field", field);
    filter.put("operator", ">=");
    filter.put("value", since);
    body.put("comparison", "AND");
    body.put("sort", CREATED_AT);
    body.put("order", "asc");
    body.put("offset", offset);
    body.put("limit", LIMIT);
    return body;
  }

  static boolean isPage(JsonNode json) {
    return PageItems.listKey(json, List.of("data")) != null;
  }
}
