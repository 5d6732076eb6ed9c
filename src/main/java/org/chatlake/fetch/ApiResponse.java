package org.chatlake.fetch;

import com.fasterxml.jackson.databind.JsonNode;

/** A successful response: the body exactly as received (after gunzip) and its parsed JSON. */
public record ApiResponse(byte[] body, JsonNode json) {}
