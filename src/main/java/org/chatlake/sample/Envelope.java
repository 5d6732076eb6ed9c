package org.chatlake.sample;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

/** The object around the {@code data} array of an API page. */
interface Envelope {
  /** Writes everything up to and including the opening of the data array. */
  void head(JsonGenerator g) throws IOException;

  /** Writes the closing of the data array and everything after it. */
  void tail(JsonGenerator g, long records) throws IOException;

  /**
   * A Chats API page: {@code {"data":[...],"meta":{"total":T,"page":k}}}; optionally meta before data. A negative
   * total means "the number of records in the file" (meta after data only).
   */
  static Envelope chatPage(long total, int page, boolean metaFirst) {
    return new Envelope() {
      @Override
      public void head(JsonGenerator g) throws IOException {
        g.writeStartObject();
        if (metaFirst) {
          meta(g, 0);
        }
        g.writeArrayFieldStart("data");
      }

      @Override
      public void tail(JsonGenerator g, long records) throws IOException {
        g.writeEndArray();
        if (!metaFirst) {
          meta(g, records);
        }
        g.writeEndObject();
      }

      private void meta(JsonGenerator g, long records) throws IOException {
        g.writeObjectFieldStart("meta");
        g.writeNumberField("total", total < 0 ? records : total);
        g.writeNumberField("page", page);
        g.writeEndObject();
      }
    };
  }

  /**
   * A Messages API page: {@code {"data":[...],"total":N}} (total at the root, as that endpoint does), or with
   * {@code underMeta} {@code {"data":[...],"meta":{"total":N}}}. N is the number of records in the file.
   */
  static Envelope messagePage(boolean underMeta) {
    return new Envelope() {
      @Override
      public void head(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("data");
      }

      @Override
      public void tail(JsonGenerator g, long records) throws IOException {
        g.writeEndArray();
        if (underMeta) {
          g.writeObjectFieldStart("meta");
          g.writeNumberField("total", records);
          g.writeEndObject();
        } else {
          g.writeNumberField("total", records);
        }
        g.writeEndObject();
      }
    };
  }
}
