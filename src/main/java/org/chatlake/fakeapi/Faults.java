package org.chatlake.fakeapi;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emulator's switchable faults. Counted faults hit the next N API requests (only those whose
 * path contains {@link #onlyPath}, when set); the others stay on until switched off.
 */
public final class Faults {
  /** Faults that hit a number of requests, in the order a request meets them. */
  public enum Counted {
    /** HTTP 429 with the documented body; Retry-After when {@link #retryAfterSeconds} is set. */
    TOO_MANY,
    /** HTTP 5xx ({@link #serverErrorStatus}). */
    SERVER_ERROR,
    /** The connection is closed before any response. */
    RESET,
    /** HTTP 400 with an {@code errors[]} body. */
    BAD_REQUEST,
    /** The response is delayed by {@link #stallMillis}. */
    STALL,
    /** A Content-Length of the whole body, then half of it and the connection closed. */
    TRUNCATED,
    /** HTTP 200 whose body is cut in half (not valid JSON), with a matching Content-Length. */
    BAD_JSON,
    /** HTTP 404 with the documented chat-not-found body, as if the chat had just been deleted. */
    CHAT_NOT_FOUND
  }

  private final Map<Counted, Integer> left = new EnumMap<>(Counted.class);
  private final Set<Long> goneChats = ConcurrentHashMap.newKeySet();
  private volatile String onlyPath;

  /** Seconds in Retry-After of a 429, or null for no header. */
  public volatile Integer retryAfterSeconds;
  public volatile int serverErrorStatus = 503;
  public volatile long stallMillis = 2000;
  /** Every response is delayed this much. */
  public volatile long slowMillis;
  /** 401 or 403 for every request (as if the key were wrong), 0 for none. */
  public volatile int rejectStatus;
  /** The messages list under {@code messages} instead of {@code data}. */
  public volatile boolean messagesKey;
  /** {@code chats.updatedAt} in a search filter answers 400 naming {@code filter[i].field}. */
  public volatile boolean refuseUpdatedAt;
  /** Error bodies quote the request's Authorization header (a careless server; for redaction tests). */
  public volatile boolean echoAuthorization;
  /** Server-side limit: more than this many requests in any {@link #rateWindowMillis} answer 429 (0: none). */
  public volatile int rateLimit;
  public volatile long rateWindowMillis = 60_000;

  public synchronized Faults next(Counted fault, int requests) {
    left.put(fault, requests);
    return this;
  }

  /**
   * Chat {@code id} is deleted after it was listed: it stays in the chat listings, but
   * {@code GET /chats/{id}} and its messages answer 404 {@code chat_not_found}.
   */
  public Faults goneChat(long id) {
    goneChats.add(id);
    return this;
  }

  boolean gone(long chatId) {
    return goneChats.contains(chatId);
  }

  public Faults onlyPath(String pathPart) {
    this.onlyPath = pathPart;
    return this;
  }

  /** Switches every fault off. */
  public synchronized void clear() {
    left.clear();
    goneChats.clear();
    onlyPath = null;
    retryAfterSeconds = null;
    serverErrorStatus = 503;
    stallMillis = 2000;
    slowMillis = 0;
    rejectStatus = 0;
    messagesKey = false;
    refuseUpdatedAt = false;
    echoAuthorization = false;
    rateLimit = 0;
  }

  /** Whether {@code fault} hits this request (and counts it down when it does). */
  synchronized boolean take(Counted fault, String path) {
    int n = left.getOrDefault(fault, 0);
    if (n <= 0 || (onlyPath != null && !path.contains(onlyPath))) {
      return false;
    }
    left.put(fault, n - 1);
    return true;
  }

  /** Sets a fault from a control request's parameter (see the README); false when the name is unknown. */
  boolean set(String name, String value) {
    switch (name) {
      case "tooMany" -> next(Counted.TOO_MANY, Integer.parseInt(value));
      case "serverErrors" -> next(Counted.SERVER_ERROR, Integer.parseInt(value));
      case "resets" -> next(Counted.RESET, Integer.parseInt(value));
      case "badRequests" -> next(Counted.BAD_REQUEST, Integer.parseInt(value));
      case "stalls" -> next(Counted.STALL, Integer.parseInt(value));
      case "truncated" -> next(Counted.TRUNCATED, Integer.parseInt(value));
      case "badJson" -> next(Counted.BAD_JSON, Integer.parseInt(value));
      case "chatNotFound" -> next(Counted.CHAT_NOT_FOUND, Integer.parseInt(value));
      case "goneChat" -> {
        for (String id : value.split(",")) {
          goneChat(Long.parseLong(id.strip()));
        }
      }
      case "onlyPath" -> onlyPath(value.isEmpty() ? null : value);
      case "retryAfter" -> retryAfterSeconds = value.isEmpty() ? null : Integer.valueOf(value);
      case "serverErrorStatus" -> serverErrorStatus = Integer.parseInt(value);
      case "stallMillis" -> stallMillis = Long.parseLong(value);
      case "slowMillis" -> slowMillis = Long.parseLong(value);
      case "rejectStatus" -> rejectStatus = Integer.parseInt(value);
      case "messagesKey" -> messagesKey = Boolean.parseBoolean(value);
      case "refuseUpdatedAt" -> refuseUpdatedAt = Boolean.parseBoolean(value);
      case "rateLimit" -> rateLimit = Integer.parseInt(value);
      case "rateWindowMillis" -> rateWindowMillis = Long.parseLong(value);
      default -> {
        return false;
      }
    }
    return true;
  }
}
