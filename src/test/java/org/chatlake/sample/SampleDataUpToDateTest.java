package org.chatlake.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed sample-data/ is what the generator writes with its defaults (compared uncompressed: gzip bytes may
 * differ between zlib builds). Fails when the generator changed and sample-data/ was not regenerated.
 */
class SampleDataUpToDateTest {

  @TempDir
  Path tmp;

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize)
        .filter(p -> p.startsWith("chats") || p.startsWith("messages")).sorted().toList();
    }
  }

  @Test
  void committedSampleMatchesTheGenerator() throws IOException {
    Path committed = Path.of("sample-data");
    assumeTrue(Files.isDirectory(committed.resolve("chats")), "no sample-data/ in the working directory");
    SampleDataGenerator.generate(GeneratorOptions.defaults(tmp));
    List<Path> expected = files(tmp);
    assertEquals(expected, files(committed), "file list of sample-data/ (regenerate it, see its README)");
    for (Path p : expected) {
      assertArrayEquals(ExportTree.content(tmp.resolve(p)), ExportTree.content(committed.resolve(p)),
        "content of sample-data/" + p + " (regenerate it, see sample-data/README.md)");
    }
  }
}
