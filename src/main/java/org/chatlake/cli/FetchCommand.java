package org.chatlake.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.chatlake.fetch.FetchFailure;
import org.chatlake.fetch.FetchLog;
import org.chatlake.fetch.FetchOptions;
import org.chatlake.fetch.Fetcher;
import org.chatlake.fetch.Redaction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatlake fetch}: exports chats and messages from the HelpCrunch API (no Spark). */
@Command(name = "fetch",
    mixinStandardHelpOptions = true,
    version = "chatlake fetch",
    sortOptions = false,
    description = {
        "Fetches the chats changed since a cursor (and their messages) from the HelpCrunch API into DIR:",
        "chat pages as received (gzip) under DIR/chats, messages as gzip JSON Lines under DIR/messages,",
        "a summary in DIR/_fetch.json. Run the job on them with --input DIR/chats --messages DIR/messages.",
        "The API key comes from the environment variable HELPCRUNCH_API_KEY only.", ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the fetch is complete and the state's cursor advanced",
        "1:the fetch failed (network, 5xx after 5 retries, 429 past --max-wait, HTTP 400, disk); the cursor is unchanged",
        "2:usage error, HELPCRUNCH_API_KEY missing, or the API key was rejected (HTTP 401/403)"})
public final class FetchCommand implements Callable<Integer> {
  static final String KEY_VARIABLE = "HELPCRUNCH_API_KEY";

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where this export's files go.")
  Path out;

  @Option(names = "--since", paramLabel = "TIME",
      description = "Chats changed since then: ISO-8601 instant (2026-11-01T00:00:00Z), date (2026-11-01, UTC)"
          + " or UNIX seconds. Default: the state file's cursor; without one, every chat.")
  String since;

  @Option(names = "--with-messages", description = "Fetch the messages of the chats whose lastMessageId changed (the default).")
  boolean withMessages;

  @Option(names = "--without-messages", description = "Chats only.")
  boolean withoutMessages;

  @Option(names = "--api-url", paramLabel = "URL", defaultValue = "https://api.helpcrunch.com/v1",
      description = "Default: ${DEFAULT-VALUE}.")
  String apiUrl;

  @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "120",
      description = "Requests per minute, retries included, in any sliding 60-second window. Default: ${DEFAULT-VALUE}.")
  int rateLimit;

  @Option(names = "--state", paramLabel = "FILE",
      description = "The cursor and per-chat lastMessageId. Default: DIR/../.fetch-state.json.")
  Path state;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Per request; a timeout is retried like a 5xx. Default: ${DEFAULT-VALUE}.")
  double timeoutSeconds;

  @Option(names = "--max-wait", paramLabel = "MINUTES", defaultValue = "15",
      description = "How long one request may keep getting HTTP 429 before the fetch fails: minutes, or with"
          + " a unit (90s, 2h). Default: ${DEFAULT-VALUE}.")
  String maxWait;

  @Option(names = "--overlap", paramLabel = "MINUTES", defaultValue = "60",
      description = "The next cursor is this fetch's start minus this much: minutes, or with a unit (30s, 2h)."
          + " Default: ${DEFAULT-VALUE}.")
  String overlap;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs {@code fetch} with these arguments (without the command name); never calls System.exit. */
  public static int run(String... args) {
    return run(System.getenv(), args);
  }

  /** The same with another environment (tests: a key that no command line ever holds). */
  public static int run(java.util.Map<String, String> environment, String... args) {
    return new CommandLine(new FetchCommand(environment)).execute(args);
  }

  private final java.util.Map<String, String> environment;

  public FetchCommand() {
    this(System.getenv());
  }

  FetchCommand(java.util.Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    try {
      new Fetcher(options(environment.get(KEY_VARIABLE))).run();
      return 0;
    } catch (FetchFailure e) {
      System.err.println("fetch: " + e.getMessage());
      return e.exitCode();
    } catch (RuntimeException e) {
      System.err.println("fetch: " + Redaction.redact(Chatlake.describe(e)));
      return FetchFailure.FAILED;
    }
  }

  FetchOptions options(String key) {
    if (key == null || key.isBlank()) {
      throw usage(KEY_VARIABLE + " is not set: export the API key (Settings > Developers > Public API) in that"
          + " environment variable; it is never read from the command line");
    }
    String trimmed = key.strip();
    Redaction.register(key);
    Redaction.register(trimmed);
    if (trimmed.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
      throw usage(KEY_VARIABLE + " holds spaces or characters an HTTP header cannot carry; pass the key exactly");
    }
    if (withMessages && withoutMessages) {
      throw usage("--with-messages and --without-messages: choose one");
    }
    if (rateLimit < 1) {
      throw usage("--rate-limit must be at least 1");
    }
    if (!(timeoutSeconds > 0)) {
      throw usage("--timeout must be positive");
    }
    URI url;
    try {
      url = new URI(apiUrl.strip());
    } catch (java.net.URISyntaxException e) {
      throw usage("--api-url is not a URL");
    }
    if (url.getScheme() == null || !(url.getScheme().equals("https") || url.getScheme().equals("http"))
        || url.getHost() == null) {
      throw usage("--api-url must be an http(s) URL, e.g. https://api.helpcrunch.com/v1");
    }
    return FetchOptions.builder().apiKey(trimmed).out(out).apiUrl(url)
        .since(since == null ? null : parseSince(since))
        .withMessages(!withoutMessages)
        .ratePerWindow(rateLimit).window(Duration.ofSeconds(60))
        .timeout(Duration.ofMillis((long) (timeoutSeconds * 1000)))
        .maxWait(minutes("--max-wait", maxWait))
        .overlap(minutes("--overlap", overlap))
        .stateFile(state)
        .build();
  }

  /** A duration: a number of minutes, or a number with a unit s, m, h (or ms). */
  static Duration minutes(String option, String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)?")
        .matcher(text.strip().toLowerCase(java.util.Locale.ROOT));
    if (!m.matches()) {
      throw usage(option + ": not a duration: '" + text + "' (minutes, or e.g. 90s, 2h)");
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "m" : m.group(2);
    double millis = switch (unit) {
      case "ms" -> value;
      case "s" -> value * 1000;
      case "h" -> value * 3_600_000;
      default -> value * 60_000;
    };
    return Duration.ofMillis((long) millis);
  }

  static Instant parseSince(String text) {
    String s = text.strip();
    try {
      if (s.matches("\\d+")) {
        return Instant.ofEpochSecond(Long.parseLong(s));
      }
      if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return java.time.LocalDate.parse(s).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      }
      return java.time.OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw usage("--since: not an ISO-8601 instant, date or UNIX seconds: '" + text + "'");
    }
  }

  private static FetchFailure usage(String message) {
    return new FetchFailure(FetchFailure.USAGE, message);
  }
}
