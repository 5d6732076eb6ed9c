package org.chatlake.fetch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** What a fetch did so far: for progress lines and {@code _fetch.json}. */
public final class FetchCounters {
  public final AtomicLong requests = new AtomicLong();
  public final AtomicLong retries = new AtomicLong();
  public final AtomicLong tooManyRequests = new AtomicLong();
  public final AtomicLong bytes = new AtomicLong();
  public final AtomicLong chatPages = new AtomicLong();
  public final AtomicLong chats = new AtomicLong();
  public final AtomicLong messagePages = new AtomicLong();
  public final AtomicLong messages = new AtomicLong();
  /** Chats whose messages were fetched. */
  public final AtomicLong chatsWithMessages = new AtomicLong();
  /** The chat total the API reported (meta.total of the first page of each query), -1 while unknown. */
  public final AtomicLong chatsExpected = new AtomicLong(-1);
  /** Ids of the listed chats whose messages the API no longer found (deleted since), in the order met. */
  public final List<String> chatsGone = new CopyOnWriteArrayList<>();
}
