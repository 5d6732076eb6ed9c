package org.chatlake.fetch;

import static org.chatlake.fetch.FetchTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chatlake.fakeapi.FakeHelpCrunch;
import org.chatlake.fakeapi.Faults.Counted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key never appears in a log line, an error message, a file or an exception text, even
 * when a careless server quotes the Authorization header back in its error bodies.
 */
class FetchRedactionTest {
  @TempDir Path dir;

  private static void assertNoKey(String where, String text) {
    assertFalse(text.contains(KEY), where + " holds the key: " + text);
    assertFalse(text.contains(KEY.substring(8)), where + " holds part of the key: " + text);
  }

  @Test
  void theKeyAppearsNowhere() throws Exception {
    List<String> texts = new ArrayList<>();
    try (FakeHelpCrunch server = FakeHelpCrunch.start(data(15), KEY)) {
      server.faults().echoAuthorization = true;
      Map<String, String> env = Map.of("HELPCRUNCH_API_KEY", KEY);
      String url = server.url().toString();
      // the URL with credentials in it: they must not show either
      String urlWithUser = url.replace("http://", "http://someone:" + "pw-" + KEY + "@");

      // a complete fetch, 5xx and 429 retries on the way
      server.faults().next(Counted.SERVER_ERROR, 2).next(Counted.TOO_MANY, 2);
      FetchCli.Result ok = FetchCli.run(env, "--out", dir.resolve("ok").toString(), "--api-url", urlWithUser);
      assertEquals(0, ok.exit(), ok.stderr());
      texts.add(ok.stdout());
      texts.add(ok.stderr());

      // a 400 whose errors[] quote the Authorization header
      server.faults().clear();
      server.faults().echoAuthorization = true;
      server.faults().next(Counted.BAD_REQUEST, 1);
      FetchCli.Result bad = FetchCli.run(env, "--out", dir.resolve("bad").toString(), "--api-url", url);
      assertEquals(1, bad.exit());
      assertTrue(bad.stderr().contains("Authorization: Bearer " + Redaction.MASK), bad.stderr());
      texts.add(bad.stdout());
      texts.add(bad.stderr());

      // 401 with the header quoted
      server.faults().rejectStatus = 401;
      FetchCli.Result rejected = FetchCli.run(env, "--out", dir.resolve("rejected").toString(), "--api-url", url);
      assertEquals(2, rejected.exit());
      texts.add(rejected.stdout());
      texts.add(rejected.stderr());
      server.faults().clear();

      // retries exhausted, and nobody listening: the library's exceptions, with causes and stack traces
      server.faults().next(Counted.SERVER_ERROR, 10);
      texts.add(exceptionText(() -> new Fetcher(options(server, dir.resolve("5xx"))).run()));
      server.faults().clear();
      java.net.URI nowhere = java.net.URI.create("http://127.0.0.1:1/v1");
      FetchOptions refused = options(server, dir.resolve("refused")).toBuilder().apiUrl(nowhere).build();
      texts.add(exceptionText(() -> new Fetcher(refused).run()));
      // a key with a line break: refused (exit 2) without showing it
      FetchCli.Result broken = FetchCli.run(Map.of("HELPCRUNCH_API_KEY", KEY + "\nX"), "--out",
          dir.resolve("broken").toString(), "--api-url", url);
      assertEquals(2, broken.exit());
      texts.add(broken.stderr());
    }
    assertTrue(texts.stream().anyMatch(t -> t.contains("complete:")), "the successful fetch logged");
    for (String t : texts) {
      assertNoKey("output", t);
      assertFalse(t.contains("pw-"), "the URL's password: " + t);
    }
    try (var files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (!Files.isRegularFile(f)) {
          continue;
        }
        byte[] bytes = f.getFileName().toString().endsWith(".gz") ? gunzip(f) : Files.readAllBytes(f);
        assertNoKey(f.toString(), new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertFalse(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("pw-"), f.toString());
      }
    }
    assertTrue(Files.readString(dir.resolve("bad/_fetch.json")).contains(Redaction.MASK), "the error, redacted");
  }

  /** The thrown exception's message, causes and stack trace, as a log would print them. */
  private static String exceptionText(FetchTestSupport.ThrowingRunnable run) throws Exception {
    FetchFailure e = assertThrows(FetchFailure.class, () -> logOf(run));
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    return e.getMessage() + "\n" + e + "\n" + w;
  }
}
