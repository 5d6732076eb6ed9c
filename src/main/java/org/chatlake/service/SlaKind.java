package org.chatlake.service;

import java.util.Optional;

/** The three SLA targets of service-hours.md, by their config key. */
public enum SlaKind {
  FIRST_RESPONSE("first_response"),
  NEXT_REPLY("next_reply"),
  RESOLUTION("resolution");

  private final String key;

  SlaKind(String key) {
    this.key = key;
  }

  /** The key under {@code sla:} in the config. */
  public String key() {
    return key;
  }

  public static Optional<SlaKind> ofKey(String key) {
    for (SlaKind k : values()) {
      if (k.key.equals(key)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
