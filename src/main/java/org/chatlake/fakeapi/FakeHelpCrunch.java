package org.chatlake.fakeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.chatlake.fakeapi.FakeApiData.StoredChat;
import org.chatlake.fakeapi.FakeApiData.StoredMessage;

/**
 * A local HTTP emulator of the HelpCrunch REST API v1 calls the fetcher uses (helpcrunch-api.md),
 * with the documented envelopes, sort orders, paging and error bodies:
 *
 * <ul>
 *   <li>{@code GET /v1/chats?sort=&order=&offset=&limit=}: {@code {"data": [...], "meta": {"total": N}}}</li>
 *   <li>{@code POST /v1/chats/search} ({@code filter[]}, {@code comparison}, {@code sort}, {@code order},
 *   {@code offset}, {@code limit}): the same envelope</li>
 *   <li>{@code GET /v1/chats/{id}}: the bare Chat object</li>
 *   <li>{@code GET /v1/chats/{id}/messages?offset=&limit=}: newest first, {@code {"data": [...], "total": N}}</li>
 * </ul>
 * Limits above 100 are refused (400). {@code Authorization: Bearer <key>} is required (any key when
 * none is configured). {@link Faults} switch faults on; {@code /_control/...} does the same over HTTP.
 * Every API request is recorded (arrival time, method, path, body) for tests.
 */
public final class FakeHelpCrunch implements AutoCloseable {
  static final int MAX_LIMIT = 100;

  static {
    // Without it small responses wait for delayed ACKs (Nagle): about 40 ms a request.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** One API request as it arrived. */
  public record Request(long nanoTime, String method, String path, String body) {}

  private final FakeApiData data;
  private final String apiKey;
  private final Faults faults = new Faults();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ArrayDeque<Long> recent = new ArrayDeque<>();

  /**
   * @param apiKey the key requests must carry, or null to accept any
   * @param port 0 for any free port
   */
  public FakeHelpCrunch(FakeApiData data, String apiKey, String host, int port) throws IOException {
    this.data = data;
    this.apiKey = apiKey;
    this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public static FakeHelpCrunch start(FakeApiData data, String apiKey) throws IOException {
    return new FakeHelpCrunch(data, apiKey, "127.0.0.1", 0);
  }

  /** The API's base URL, e.g. {@code http://127.0.0.1:8089/v1}. */
  public URI url() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/v1");
  }

  public Faults faults() {
    return faults;
  }

  public FakeApiData data() {
    return data;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getRawPath();
      if (path.startsWith("/_control/")) {
        control(ex, path.substring("/_control/".length()));
        return;
      }
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String query = ex.getRequestURI().getRawQuery();
      String full = query == null ? path : path + "?" + query;
      requests.add(new Request(System.nanoTime(), ex.getRequestMethod(), full, body));
      api(ex, path.startsWith("/v1/") ? path.substring(3) : path, query, body, full);
    } catch (RuntimeException e) {
      send(ex, 500, error("internal_error", "The emulator failed: " + e));
    } finally {
      ex.close();
    }
  }

  private void api(HttpExchange ex, String path, String query, String body, String full) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String echo = faults.echoAuthorization ? " (Authorization: " + auth + ")" : "";
    if (faults.rejectStatus != 0 || !authorized(auth)) {
      int status = faults.rejectStatus != 0 ? faults.rejectStatus : 401;
      send(ex, status, status == 403 ? error("forbidden", "Forbidden" + echo) : error("invalid_token", "Invalid token" + echo));
      return;
    }
    if (overServerLimit() || faults.take(Faults.Counted.TOO_MANY, full)) {
      if (faults.retryAfterSeconds != null) {
        ex.getResponseHeaders().set("Retry-After", String.valueOf(faults.retryAfterSeconds));
      }
      send(ex, 429, error("too_many_requests", "You have exceeded your requests limit"));
      return;
    }
    if (faults.take(Faults.Counted.SERVER_ERROR, full)) {
      send(ex, faults.serverErrorStatus, "<html><body>Bad Gateway</body></html>");
      return;
    }
    if (faults.take(Faults.Counted.RESET, full)) {
      return; // closed without a response
    }
    if (faults.take(Faults.Counted.CHAT_NOT_FOUND, full)) {
      send(ex, 404, chatGone().body);
      return;
    }
    if (faults.take(Faults.Counted.BAD_REQUEST, full)) {
      send(ex, 400, "{\"errors\":[{\"code\":\"invalid_request\",\"message\":\"Invalid request\"},"
          + "{\"code\":\"customer\",\"message\":\"This value should be of type numeric." + jsonText(echo) + "\"}]}");
      return;
    }
    Response r = route(ex.getRequestMethod(), path, params(query), body);
    if (faults.slowMillis > 0) {
      sleep(faults.slowMillis);
    }
    if (faults.take(Faults.Counted.STALL, full)) {
      sleep(faults.stallMillis);
    }
    byte[] bytes = r.body.getBytes(StandardCharsets.UTF_8);
    if (r.status == 200 && faults.take(Faults.Counted.TRUNCATED, full)) {
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, bytes.length);
      OutputStream out = ex.getResponseBody();
      out.write(bytes, 0, bytes.length / 2);
      out.flush();
      // closing the exchange with bytes missing cuts the connection: the client sees a short body
      return;
    }
    if (r.status == 200 && faults.take(Faults.Counted.BAD_JSON, full)) {
      send(ex, 200, r.body.substring(0, r.body.length() / 2));
      return;
    }
    send(ex, r.status, r.body);
  }

  private boolean authorized(String auth) {
    if (auth == null || !auth.startsWith("Bearer ") || auth.length() <= 7) {
      return false;
    }
    return apiKey == null || auth.substring(7).equals(apiKey);
  }

  private synchronized boolean overServerLimit() {
    int limit = faults.rateLimit;
    long now = System.nanoTime();
    recent.addLast(now);
    long window = faults.rateWindowMillis * 1_000_000;
    while (!recent.isEmpty() && recent.peekFirst() <= now - window) {
      recent.pollFirst();
    }
    return limit > 0 && recent.size() > limit;
  }

  private record Response(int status, String body) {}

  private Response route(String method, String path, Map<String, String> params, String body) {
    String[] parts = path.replaceAll("^/+|/+$", "").split("/");
    if (parts.length >= 1 && parts[0].equals("chats")) {
      if (parts.length == 1 && method.equals("GET")) {
        return list(params);
      }
      if (parts.length == 2 && parts[1].equals("search") && method.equals("POST")) {
        return search(body);
      }
      if (parts.length >= 2 && parts[1].matches("\\d+") && method.equals("GET")) {
        long id = Long.parseLong(parts[1]);
        if (faults.gone(id)) {
          return chatGone();
        }
        if (parts.length == 2) {
          StoredChat c = data.chat(id);
          return c == null ? notFound() : new Response(200, c.json());
        }
        if (parts.length == 3 && parts[2].equals("messages")) {
          return messages(id, params);
        }
      }
    }
    return new Response(404, error("not_found", "Not found"));
  }

  private static Response notFound() {
    return new Response(404, "{\"errors\":[{\"code\":\"invalid_request\",\"message\":\"Invalid request\"},"
        + "{\"code\":\"not_found\",\"message\":\"Chat not found\"}]}");
  }

  /** The older docs' spelling of a chat's 404 ({@link #notFound} has the newer one). */
  private static Response chatGone() {
    return new Response(404, error("chat_not_found", "Chat not found"));
  }

  private Response list(Map<String, String> params) {
    Paging paging = paging(params.get("offset"), params.get("limit"));
    if (paging.error != null) {
      return paging.error;
    }
    Function<StoredChat, Double> key = sortKey(params.getOrDefault("sort", "chats.createdAt"));
    if (key == null) {
      return badRequest("sort", "This value is not valid.");
    }
    return page(data.chats(), key, params.getOrDefault("order", "asc"), paging);
  }

  private Response search(String body) {
    JsonNode request;
    try {
      request = FakeApiData.JSON.readTree(body);
    } catch (IOException e) {
      return badRequest("body", "This value should be valid JSON.");
    }
    if (request == null || !request.isObject()) {
      return badRequest("body", "This value should be valid JSON.");
    }
    Paging paging = paging(text(request.get("offset")), text(request.get("limit")));
    if (paging.error != null) {
      return paging.error;
    }
    Function<StoredChat, Double> key = sortKey(request.path("sort").asText("chats.createdAt"));
    if (key == null) {
      return badRequest("sort", "This value is not valid.");
    }
    boolean any = request.path("comparison").asText("AND").equalsIgnoreCase("OR");
    List<java.util.function.Predicate<StoredChat>> tests = new ArrayList<>();
    JsonNode filters = request.path("filter");
    for (int i = 0; i < filters.size(); i++) {
      JsonNode f = filters.get(i);
      String field = f.path("field").asText("");
      Function<StoredChat, Double> value = field.equals("chats.updatedAt") && !faults.refuseUpdatedAt
          ? c -> c.updatedAt : field.equals("chats.updatedAt") ? null : sortKey(field);
      if (value == null) {
        return badRequest("filter[" + i + "].field", "This value is not valid.");
      }
      JsonNode v = f.get("value");
      if (v == null || !(v.isNumber() || v.isTextual() && v.asText().matches("\\d+(\\.\\d+)?"))) {
        return badRequest("filter[" + i + "].value", "This value should be of type numeric.");
      }
      double bound = v.asDouble();
      String op = f.path("operator").asText("=");
      tests.add(c -> {
        Double x = value.apply(c);
        return x != null && switch (op) {
          case ">" -> x > bound;
          case ">=" -> x >= bound;
          case "<" -> x < bound;
          case "<=" -> x <= bound;
          case "!=" -> x != bound;
          default -> x == bound;
        };
      });
    }
    List<StoredChat> matching = data.chats().stream().filter(c -> tests.isEmpty()
        || (any ? tests.stream().anyMatch(t -> t.test(c)) : tests.stream().allMatch(t -> t.test(c)))).toList();
    return page(matching, key, request.path("order").asText("asc"), paging);
  }

  private static String text(JsonNode v) {
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Function<StoredChat, Double> sortKey(String sort) {
    return switch (sort.startsWith("chats.") ? sort.substring(6) : sort) {
      case "createdAt" -> c -> c.createdAt;
      case "lastMessageAt" -> c -> c.lastMessageAt;
      case "closedAt" -> c -> c.closedAt;
      default -> null;
    };
  }

  /** Sorted (nulls lowest, as SQL sorts them ascending; ties by id), then one page. */
  private static Response page(List<StoredChat> chats, Function<StoredChat, Double> key, String order, Paging p) {
    Comparator<StoredChat> byKey = Comparator.comparing(key, Comparator.nullsFirst(Comparator.naturalOrder()));
    Comparator<StoredChat> sorted = order.equalsIgnoreCase("desc") ? byKey.reversed() : byKey;
    List<StoredChat> all = chats.stream().sorted(sorted.thenComparingLong(c -> c.id)).toList();
    StringBuilder b = new StringBuilder("{\"data\":[");
    for (int i = p.offset; i < Math.min(all.size(), p.offset + p.limit); i++) {
      b.append(i > p.offset ? "," : "").append(all.get(i).json());
    }
    return new Response(200, b.append("],\"meta\":{\"total\":").append(all.size()).append("}}").toString());
  }

  private Response messages(long chatId, Map<String, String> params) {
    Paging paging = paging(params.get("offset"), params.get("limit"));
    if (paging.error != null) {
      return paging.error;
    }
    List<StoredMessage> all = data.messagesNewestFirst(chatId);
    if (all == null) {
      return notFound();
    }
    StringBuilder b = new StringBuilder("{\"").append(faults.messagesKey ? "messages" : "data").append("\":[");
    for (int i = paging.offset; i < Math.min(all.size(), paging.offset + paging.limit); i++) {
      b.append(i > paging.offset ? "," : "").append(all.get(i).json());
    }
    return new Response(200, b.append("],\"total\":").append(all.size()).append("}").toString());
  }

  private record Paging(int offset, int limit, Response error) {}

  private static Paging paging(String offset, String limit) {
    try {
      int o = offset == null ? 0 : Integer.parseInt(offset);
      int l = limit == null ? MAX_LIMIT : Integer.parseInt(limit);
      if (o < 0) {
        return new Paging(0, 0, badRequest("offset", "This value should be greater than or equal to 0."));
      }
      if (l < 1 || l > MAX_LIMIT) {
        return new Paging(0, 0, badRequest("limit", "This value should be between 1 and 100."));
      }
      return new Paging(o, l, null);
    } catch (NumberFormatException e) {
      return new Paging(0, 0, badRequest(offset == null ? "limit" : "offset", "This value should be of type numeric."));
    }
  }

  private static Response badRequest(String code, String message) {
    return new Response(400, "{\"errors\":[{\"code\":\"invalid_request\",\"message\":\"Invalid request\"},"
        + "{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}");
  }

  private static String error(String code, String message) {
    return "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + jsonText(message) + "\"}]}";
  }

  private static String jsonText(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static Map<String, String> params(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        params.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  /**
   * {@code POST /_control/faults?tooMany=3&retryAfter=1&...} sets faults ({@link Faults#set});
   * {@code POST /_control/clear} switches them off; {@code POST /_control/touch?chat=ID&messages=N}
   * adds messages to a chat (it changes now); {@code POST /_control/new-chat} adds a chat;
   * {@code GET /_control/stats} counts the API requests so far.
   */
  private void control(HttpExchange ex, String what) throws IOException {
    Map<String, String> params = params(ex.getRequestURI().getRawQuery());
    switch (what) {
      case "faults" -> {
        for (Map.Entry<String, String> e : params.entrySet()) {
          if (!faults.set(e.getKey(), e.getValue())) {
            send(ex, 400, error("unknown_fault", e.getKey()));
            return;
          }
        }
        send(ex, 200, "{\"ok\":true}");
      }
      case "clear" -> {
        faults.clear();
        send(ex, 200, "{\"ok\":true}");
      }
      case "touch" -> {
        long chat = Long.parseLong(params.getOrDefault("chat", String.valueOf(data.chats().get(0).id)));
        data.addMessages(chat, Integer.parseInt(params.getOrDefault("messages", "1")), java.time.Instant.now());
        send(ex, 200, "{\"chat\":" + chat + "}");
      }
      case "new-chat" -> send(ex, 200, "{\"chat\":" + data.addChat(java.time.Instant.now()) + "}");
      case "stats" -> send(ex, 200, "{\"requests\":" + requests.size() + ",\"chats\":" + data.chats().size() + "}");
      default -> send(ex, 404, error("not_found", "Not found"));
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
