package org.chatlake.fetch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.chatlake.cli.FetchCommand;

/** Runs {@code chatlake fetch} in this JVM with an environment of the test's, capturing stdout and stderr. */
final class FetchCli {
  record Result(int exit, String stdout, String stderr) {}

  private FetchCli() {}

  static synchronized Result run(Map<String, String> env, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = FetchCommand.run(env, args);
      return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
