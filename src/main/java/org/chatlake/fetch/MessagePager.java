package org.chatlake.fetch;

import java.io.IOException;
import java.util.ArrayList;
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

  /** One page's body and where each message object lies in it. */
  private record Page(byte[] body, List<int[]> items) {}

  MessagePager(ApiClient api, MessageFiles files, FetchCounters counters) {
    this.api = api;
    this.files = files;
    this.counters = counters;
  }

  /**
   * Fetches and writes the chat's messages; false, writing none, when the API answers that the chat
   * is not found (deleted after it was listed). The pages are written only once the last one is in,
   * so a chat deleted mid-paging never leaves just its newest messages, which would skew its metrics.
   */
  boolean fetch(String chatId) throws IOException {
    String path = "chats/" + java.net.URLEncoder.encode(chatId, java.nio.charset.StandardCharsets.UTF_8) + "/messages";
    List<Page> pages = new ArrayList<>();
    for (long offset = 0; ; offset += LIMIT) {
      ApiResponse r;
      try {
        r = api.get(String.format(Locale.ROOT, "%s?offset=%d&limit=%d", path, offset, LIMIT),
            json -> PageItems.listKey(json, PageItems.MESSAGE_KEYS) != null);
      } catch (ApiRejected e) {
        if (e.chatNotFound()) {
          return false;
        }
        throw e;
      }
      counters.messagePages.incrementAndGet();
      String key = PageItems.listKey(r.json(), PageItems.MESSAGE_KEYS);
      pages.add(new Page(r.body(), PageItems.rawObjects(r.body(), key)));
      long total = PageItems.total(r.json());
      if (r.json().get(key).size() < LIMIT || (total >= 0 && offset + LIMIT >= total)) {
        break;
      }
    }
    for (Page page : pages) {
      for (int[] item : page.items()) {
        files.add(page.body(), item[0], item[1]);
      }
      counters.messages.addAndGet(page.items().size());
    }
    return true;
  }
}
