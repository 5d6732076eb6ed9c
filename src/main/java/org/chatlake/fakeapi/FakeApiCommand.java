package org.chatlake.fakeapi;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatlake fake-api}: the HelpCrunch API emulator, serving generated chats until stopped. */
@Command(name = "fake-api",
    mixinStandardHelpOptions = true,
    version = "chatlake fake-api",
    sortOptions = false,
    description = {
        "Serves generated HelpCrunch chats and messages over HTTP like the HelpCrunch REST API v1",
        "(GET /v1/chats, POST /v1/chats/search, GET /v1/chats/{id}, GET /v1/chats/{id}/messages), so that",
        "`chatlake fetch --api-url http://127.0.0.1:PORT/v1` can be tried without an account. Requests need",
        "`Authorization: Bearer <key>`: the key in HELPCRUNCH_API_KEY when set, else any key.",
        "Faults are switched with the options below or at run time:",
        "  curl -X POST 'http://127.0.0.1:PORT/_control/faults?tooMany=5&retryAfter=2'",
        "  (tooMany, retryAfter, serverErrors, serverErrorStatus, resets, badRequests, stalls, stallMillis,",
        "   truncated, badJson, chatNotFound, slowMillis, rejectStatus, messagesKey, refuseUpdatedAt, rateLimit,",
        "   onlyPath, goneChat=ID[,ID...]: listed, but the chat and its messages answer 404 chat_not_found)",
        "  curl -X POST http://127.0.0.1:PORT/_control/clear            # every fault off",
        "  curl -X POST 'http://127.0.0.1:PORT/_control/touch?chat=ID'  # a new message: the chat changed now",
        "  curl -X POST http://127.0.0.1:PORT/_control/new-chat",
        "  curl http://127.0.0.1:PORT/_control/stats", ""})
public final class FakeApiCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8089", description = "Default: ${DEFAULT-VALUE} (0: any free port).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--chats", defaultValue = "1000", description = "Generated chats. Default: ${DEFAULT-VALUE}.")
  int chats;

  @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--days", defaultValue = "30", description = "Days the chats spread over. Default: ${DEFAULT-VALUE}.")
  int days;

  @Option(names = "--start-date", paramLabel = "YYYY-MM-DD",
      description = "First day (UTC). Default: --days + 1 days before today, so every chat is in the past.")
  LocalDate startDate;

  @Option(names = "--rate-limit", defaultValue = "0",
      description = "Answer 429 past this many requests a minute, as HelpCrunch does past 120 (0: no limit).")
  int rateLimit;

  @Option(names = "--retry-after", paramLabel = "SECONDS", description = "Retry-After on every 429.")
  Integer retryAfter;

  @Option(names = "--slow-ms", defaultValue = "0", description = "Delay every response this much.")
  long slowMillis;

  @Option(names = "--messages-key", description = "List messages under \"messages\" instead of \"data\".")
  boolean messagesKey;

  @Option(names = "--refuse-updated-at", description = "Refuse the chats.updatedAt search filter (HTTP 400).")
  boolean refuseUpdatedAt;

  @Option(names = "--fault", paramLabel = "NAME=VALUE",
      description = "Any fault of /_control/faults, e.g. --fault tooMany=3 --fault serverErrors=2. Repeatable.")
  java.util.Map<String, String> faultSettings = new java.util.LinkedHashMap<>();

  public static int run(String... args) {
    CommandLine cli = new CommandLine(new FakeApiCommand());
    cli.registerConverter(LocalDate.class, LocalDate::parse);
    return cli.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    LocalDate start = startDate != null ? startDate : LocalDate.now(ZoneOffset.UTC).minusDays(days + 1L);
    FakeApiData data = FakeApiData.generated(seed, chats, start, days);
    String key = System.getenv("HELPCRUNCH_API_KEY");
    FakeHelpCrunch server = new FakeHelpCrunch(data, key == null || key.isBlank() ? null : key.strip(), host, port);
    Faults f = server.faults();
    f.rateLimit = rateLimit;
    f.retryAfterSeconds = retryAfter;
    f.slowMillis = slowMillis;
    f.messagesKey = messagesKey;
    f.refuseUpdatedAt = refuseUpdatedAt;
    for (var e : faultSettings.entrySet()) {
      if (!f.set(e.getKey(), e.getValue())) {
        server.close();
        throw new CommandLine.ParameterException(new CommandLine(this), "--fault: unknown fault " + e.getKey());
      }
    }
    int messages = data.chats().stream().mapToInt(FakeApiData.StoredChat::messageCount).sum();
    System.out.printf("fake-api: serving %d chats (%d messages, created %s to %s) at %s%n", chats, messages, start,
        start.plusDays(days - 1L), server.url());
    System.out.println("fake-api: " + (key == null || key.isBlank() ? "any API key is accepted"
        : "requests must carry the key in HELPCRUNCH_API_KEY") + "; Ctrl-C stops");
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stop.countDown();
    }));
    stop.await();
    return 0;
  }
}
