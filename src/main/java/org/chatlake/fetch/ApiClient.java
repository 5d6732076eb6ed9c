package org.chatlake.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Calls the HelpCrunch API over the JDK's HttpClient, one request at a time, each behind the
 * shared {@link RateLimiter}, and applies the fault table of fetch.md: 429 waits (Retry-After when
 * given) until {@code maxWait}; 5xx, resets, timeouts, truncated or invalid bodies are retried with
 * back-off, {@code maxTries} tries in all; 401/403 end the fetch at once (exit 2); other 4xx throw
 * {@link ApiRejected} with the API's {@code errors[]}, which ends the fetch unless the caller knows
 * better (a chat's 404, see {@link MessagePager}).
 */
public final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String authorization;
  private final HttpClient http;
  private final FetchOptions options;
  private final RateLimiter limiter;
  private final Backoff backoff;
  private final Backoff tooManyBackoff;
  private final Clock clock;
  private final FetchCounters counters;
  private final Runnable afterEachRequest;

  public ApiClient(FetchOptions options, RateLimiter limiter, Clock clock, FetchCounters counters,
      Runnable afterEachRequest) {
    String url = options.apiUrl().toString();
    this.base = URI.create(url.endsWith("/") ? url : url + "/");
    this.authorization = "Bearer " + options.apiKey();
    this.options = options;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(options.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    this.limiter = limiter;
    this.backoff = new Backoff(options.retryBase(), options.retryMax());
    this.tooManyBackoff = new Backoff(options.tooManyBase(), options.tooManyMax());
    this.clock = clock;
    this.counters = counters;
    this.afterEachRequest = afterEachRequest;
  }

  /** GET {@code pathAndQuery} (relative to the API URL). */
  public ApiResponse get(String pathAndQuery, Predicate<JsonNode> wellFormed) {
    return send("GET", pathAndQuery, null, wellFormed);
  }

  /** POST a JSON body to {@code path}. */
  public ApiResponse post(String path, JsonNode body, Predicate<JsonNode> wellFormed) {
    try {
      return send("POST", path, JSON.writeValueAsBytes(body), wellFormed);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a request body", e);
    }
  }

  private ApiResponse send(String method, String pathAndQuery, byte[] body, Predicate<JsonNode> wellFormed) {
    String what = method + " /" + pathAndQuery;
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(options.timeout())
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .header("Accept-Encoding", "gzip")
        .header("User-Agent", "chatlake-fetch");
    if (body != null) {
      builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      builder.GET();
    }
    HttpRequest request = builder.build();
    int failures = 0;
    long firstTooMany = -1;
    int tooMany = 0;
    while (true) {
      String problem;
      try {
        long[] permit = limiter.acquire();
        counters.requests.incrementAndGet();
        HttpResponse<byte[]> response;
        try {
          response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } finally {
          limiter.done(permit);
          afterEachRequest.run();
        }
        int status = response.statusCode();
        byte[] bytes = decode(response);
        counters.bytes.addAndGet(bytes.length);
        if (status == 401 || status == 403) {
          throw new FetchFailure(FetchFailure.USAGE, "the API key was rejected (HTTP " + status + ")");
        }
        List<ApiRejected.ApiError> errors = status >= 300 ? errors(bytes) : List.of();
        if (status == 429 || errors.stream().anyMatch(e -> "too_many_requests".equals(e.code()))) {
          tooMany++;
          counters.tooManyRequests.incrementAndGet();
          long now = clock.nanoTime();
          firstTooMany = firstTooMany < 0 ? now : firstTooMany;
          long wait = tooManyWait(response, tooMany);
          if (now + wait - firstTooMany > options.maxWait().toNanos()) {
            throw new FetchFailure(FetchFailure.FAILED, what + ": the API still answered HTTP 429 (too many requests)"
                + " after " + options.maxWait().toSeconds() + " s of waiting (--max-wait)");
          }
          counters.retries.incrementAndGet();
          FetchLog.info("%s: HTTP 429 (too many requests); waiting %.1f s%s", what, wait / 1e9,
              response.headers().firstValue("Retry-After").isPresent() ? " (Retry-After)" : "");
          clock.sleepNanos(wait);
          continue;
        }
        if (status >= 500) {
          problem = "HTTP " + status;
        } else if (status >= 300) {
          throw new ApiRejected(what, status, errors);
        } else {
          JsonNode json = parse(bytes);
          if (json == null) {
            problem = "the response is not valid JSON (" + bytes.length + " bytes; truncated?)";
          } else if (!wellFormed.test(json)) {
            problem = "the response is JSON but not the expected page (" + bytes.length + " bytes)";
          } else {
            return new ApiResponse(bytes, json);
          }
        }
      } catch (HttpTimeoutException e) {
        problem = "no response within " + options.timeout().toMillis() / 1000.0 + " s";
      } catch (IOException e) {
        problem = "connection failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FetchFailure(FetchFailure.FAILED, "interrupted");
      }
      failures++;
      if (failures >= options.maxTries()) {
        throw new FetchFailure(FetchFailure.FAILED, what + " failed " + failures + " times; the last time: " + problem);
      }
      counters.retries.incrementAndGet();
      FetchLog.info("%s: %s; try %d of %d follows", what, problem, failures + 1, options.maxTries());
      try {
        clock.sleepNanos(backoff.nanosAfter(failures));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FetchFailure(FetchFailure.FAILED, "interrupted");
      }
    }
  }

  /** Retry-After (seconds or an HTTP date) when present; else until the window frees, growing to a minute. */
  private long tooManyWait(HttpResponse<?> response, int tooMany) {
    String header = response.headers().firstValue("Retry-After").orElse(null);
    if (header != null) {
      String h = header.trim();
      try {
        return Math.max(0, (long) (Double.parseDouble(h) * 1e9));
      } catch (NumberFormatException notSeconds) {
        try {
          ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
          return Math.max(0, Duration.between(java.time.Instant.now(), at.toInstant()).toNanos());
        } catch (java.time.DateTimeException notADate) {
          // fall through: an unreadable header is as good as none
        }
      }
    }
    return Math.max(limiter.nanosUntilFree(), tooManyBackoff.stepNanos(tooMany));
  }

  private static byte[] decode(HttpResponse<byte[]> response) throws IOException {
    byte[] bytes = response.body() == null ? new byte[0] : response.body();
    String encoding = response.headers().firstValue("Content-Encoding").orElse("");
    if (!encoding.equalsIgnoreCase("gzip")) {
      return bytes;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  static JsonNode parse(byte[] bytes) {
    try {
      JsonNode json = JSON.readTree(bytes);
      return json == null || json.isMissingNode() ? null : json;
    } catch (IOException e) {
      return null;
    }
  }

  /** The {@code errors[]} of an error body, tolerant of any shape (none when it has none). */
  static List<ApiRejected.ApiError> errors(byte[] bytes) {
    List<ApiRejected.ApiError> errors = new ArrayList<>();
    JsonNode json = parse(bytes);
    if (json != null && json.path("errors").isArray()) {
      for (JsonNode e : json.path("errors")) {
        errors.add(new ApiRejected.ApiError(e.path("code").asText(""), e.path("message").asText("")));
      }
    }
    return errors;
  }
}
