package org.chatlake.sample;

/** The layout of one written file. */
public enum FileFormat {
    /** {@code {"data":[...], "meta":{...}}} or, for messages, {@code {"data":[...], "total":N}}. */
    API_PAGE,
    /** {@code [record, ...]}. */
    ARRAY,
    /** One record per line. */
    JSONL,
    /** Deliberately not JSON at all (a saved HTML error page). */
    NOT_JSON,
    /** A zero-byte file. */
    EMPTY
}
