package org.chatlake.sample;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Generated chats as HelpCrunch's API holds them: each chat's latest state and all its messages, as JSON text
 * (quirks included). The API emulator serves these; a test writes the same text to files directly.
 */
public final class ApiSample {
  private static final JsonFactory JSON = new JsonFactory();

  /** One chat: its Chat object, its messages oldest first, and the times the API sorts and filters by. */
  public record Chat(long id, long createdAtMillis, Long lastMessageAtMillis, long updatedAtMillis, String json,
      List<Message> messages) {
  }

  public record Message(long id, long createdAtMillis, String json) {
  }

  private ApiSample() {
  }

  /** {@code chats} chats of the generator (seed, start day, days), in id order. */
  public static List<Chat> generate(long seed, int chats, LocalDate start, int days) {
    ChatFactory factory = new ChatFactory(seed, chats, new TimeModel(start, days), 0, true);
    List<Chat> all = new ArrayList<>(chats);
    for (long i = 0; i < chats; i++) {
      all.add(toApi(factory.create(i)));
    }
    return all;
  }

  private static Chat toApi(GeneratedChat c) {
    ChatSnapshot s = ChatSnapshot.latest(c);
    List<Message> messages = new ArrayList<>(c.messages.size());
    long updated = c.createdAt;
    for (GeneratedMessage m : c.messages) {
      messages.add(new Message(m.id, m.createdAt, json(g -> MessageJsonWriter.write(g, m, c.quirks, false))));
      updated = Math.max(updated, Math.max(m.createdAt, m.updatedAt));
    }
    if (c.closedAt != null) {
      updated = Math.max(updated, c.closedAt);
    }
    return new Chat(c.id, c.createdAt, s.lastMessageAt, updated, json(g -> ChatJsonWriter.write(g, s)),
      List.copyOf(messages));
  }

  private interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private static String json(Writer w) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      w.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
