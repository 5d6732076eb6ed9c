package org.chatlake.sample;

/** What a written file holds. */
public enum RecordKind {
    CHATS, MESSAGES
}
