package org.chatlake.fetch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps the API key out of every text the fetcher produces: log lines, error messages, files and
 * exception texts pass through {@link #redact}. The key is registered once, when it is read from
 * the environment; an {@code Authorization} header value is masked whatever it holds.
 */
public final class Redaction {
  public static final String MASK = "[REDACTED]";
  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
  private static final Pattern AUTH_HEADER =
      Pattern.compile("(?i)(authorization\"?\\s*[:=]\\s*\"?)(bearer\\s+)?[^\\s\",}]+");

  private Redaction() {}

  /** Registers a secret (the API key) so that it never appears in any text from now on. */
  public static void register(String secret) {
    if (secret != null && !secret.isBlank()) {
      SECRETS.add(secret);
    }
  }

  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String s = text;
    for (String secret : SECRETS) {
      s = s.replace(secret, MASK);
    }
    return AUTH_HEADER.matcher(s).replaceAll("$1$2" + MASK);
  }

  /** A URL as it may be shown: without user information (user:password@) or query. */
  public static String url(java.net.URI uri) {
    try {
      return redact(new java.net.URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
          .toString());
    } catch (java.net.URISyntaxException e) {
      return "(an unprintable URL)";
    }
  }
}
