package org.chatlake.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * All messages of one chat: {@code GET /chats/{id}/messages}, 100 a page, newest first, until
 * {@code offset >= total} (total at the root, or under meta) or a short page. The list may be under
 * {@code data} or {@code messages}. Each message goes to the files exactly as the API spelled it.
 */
final class MessagePager {
  static final int LIMIT = 100;

  private final ApiClient api;
  private final MessageFiles files;
  private final FetchCounters counters;

  MessagePager(ApiClient api, MessageFiles files, FetchCounters counters) {
    this.api = api;
    this.files = files;
    this.counters = counters;
  }

  void fetch(String chatId) throws IOException {
    String path = "chats/" + java.net.URLEncoder.encode(chatId, java.nio.charset.StandardCharsets.UTF_8) + "/messages";
    for (long offset = 0; ; offset += LIMIT) {
      ApiResponse r = api.get(String.format(Locale.ROOT, "%s?offset=%d&limit=%d", path, offset, LIMIT),
          json -> PageItems.listKey(json, PageItems.MESSAGE_KEYS) != null);
      counters.messagePages.incrementAndGet();
      String key = PageItems.listKey(r.json(), PageItems.MESSAGE_KEYS);
      List<int[]> items = PageItems.rawObjects(r.body(), key);
      for (int[] item : items) {
        files.add(r.body(), item[0], item[1]);
      }
      counters.messages.addAndGet(items.size());
      JsonNode list = r.json().get(key);
      long total = PageItems.total(r.json());
      if (list.size() < LIMIT || (total >= 0 && offset + LIMIT >= total)) {
        return;
      }
    }
  }
}
