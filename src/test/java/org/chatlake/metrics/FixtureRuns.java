package org.chatlake.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.chatlake.SparkTestSession;
import org.chatlake.cli.ChatJob;

/**
 * Runs the job over {@code fixtures/metrics/chats.jsonl} once per time zone and JVM, so the tests
 * that read the output (DailyMetricsFixtureTest, OutputSchemaTest) share two runs instead of
 * each starting their own. The output directories are deleted when the JVM exits.
 */
final class FixtureRuns {
  private FixtureRuns() {}

  static final String FIXTURE = "/fixtures/metrics/chats.jsonl";

  private static final Map<String, Path> OUTPUTS = new HashMap<>();
  private static Path root;

  /** The output root of a full run without --timezone (output.md: UTC by default). */
  static Path utc() {
    return run(null);
  }

  /** The output root of a full run with {@code --timezone America/New_York}. */
  static Path newYork() {
    return run("America/New_York");
  }

  static Path fixture() {
    try {
      return Paths.get(FixtureRuns.class.getResource(FIXTURE).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @param zone the --timezone value, or null to leave the option out */
  private static synchronized Path run(String zone) {
    String name = zone == null ? "default-zone" : zone.replace('/', '_');
    Path out = OUTPUTS.get(name);
    if (out == null) {
      SparkTestSession.get();
      out = root().resolve(name);
      List<String> args = new ArrayList<>(List.of("--input", fixture().toString(),
          "--output", out.toString(), "--mode", "full"));
      if (zone != null) {
        args.addAll(List.of("--timezone", zone));
      }
      int code = ChatJob.run(args.toArray(new String[0]));
      assertEquals(0, code, "exit code of the job over " + FIXTURE + " with " + name);
      OUTPUTS.put(name, out);
    }
    return out;
  }

  private static Path root() {
    if (root == null) {
      try {
        root = Files.createTempDirectory("chatlake-metrics-fixture");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path dir = root;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
    }
    return root;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }
}
