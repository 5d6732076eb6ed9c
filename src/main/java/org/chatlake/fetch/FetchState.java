package org.chatlake.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The state between fetches: the cursor (chats changed since then are fetched next) and, per chat,
 * the {@code lastMessageId} whose messages were fetched. Written (atomically) only after a
 * complete fetch; a fetch that fails or is killed leaves it as it was.
 *
 * <pre>{"cursor": 1790000000, "cursorTime": "2026-...Z", "fetchedAt": "...", "lastMessageIds": {"123": "456"}}</pre>
 */
public final class FetchState {
  private final Instant cursor;
  /** Chat id to its lastMessageId as the API wrote it (null when the chat had none). */
  private final Map<String, String> lastMessageIds;

  public FetchState(Instant cursor, Map<String, String> lastMessageIds) {
    this.cursor = cursor;
    this.lastMessageIds = lastMessageIds;
  }

  public static FetchState empty() {
    return new FetchState(null, new HashMap<>());
  }

  public Instant cursor() {
    return cursor;
  }

  /** Whether the messages of chat {@code id} as of {@code lastMessageId} were fetched before. */
  public boolean knows(String id, String lastMessageId) {
    return lastMessageIds.containsKey(id) && java.util.Objects.equals(lastMessageIds.get(id), lastMessageId);
  }

  public Map<String, String> lastMessageIds() {
    return lastMessageIds;
  }

  public static FetchState load(Path file) {
    if (!Files.exists(file)) {
      return empty();
    }
    try {
      JsonNode json = ApiClient.JSON.readTree(file.toFile());
      Instant cursor = json.hasNonNull("cursor") ? Instant.ofEpochSecond(json.get("cursor").asLong()) : null;
      Map<String, String> ids = new HashMap<>();
      json.path("lastMessageIds").properties().forEach(e ->
          ids.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
      return new FetchState(cursor, ids);
    } catch (IOException | RuntimeException e) {
      throw new FetchFailure(FetchFailure.FAILED, "cannot read the state file " + file + ": " + e.getMessage()
          + " (fix or remove it; without it the next fetch is a backfill)");
    }
  }

  public void save(Path file, Instant fetchedAt) throws IOException {
    ObjectNode json = ApiClient.JSON.createObjectNode();
    if (cursor != null) {
      json.put("cursor", cursor.getEpochSecond());
      json.put("cursorTime", cursor.toString());
    }
    json.put("fetchedAt", fetchedAt.toString());
    ObjectNode ids = json.putObject("lastMessageIds");
    lastMessageIds.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> ids.put(e.getKey(), e.getValue()));
    AtomicFiles.writePlain(file, ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
  }
}
