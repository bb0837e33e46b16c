package io.loadstone.worker.platform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One answer of {@code GET /api/v1/sessions} read for its states only: each session's id and state, with the byte
 * range of its JSON, which is decoded into a {@link SessionView} only when asked. The API-state follower polls this
 * list every 250 ms while any session is starting; decoding every session of every answer into objects was a third
 * of a worker's event-loop time at 1,000 sessions, and with several workers most of those sessions are another's.
 */
public final class StateList {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** One session of the list: its id ({@code name}, else {@code sessionId}, else {@code id}) and state. */
  public record Entry(String name, String state, int start, int end) {
  }

  private final byte[] body;
  private final List<Entry> entries;
  private final long receivedNanos;

  private StateList(byte[] body, List<Entry> entries, long receivedNanos) {
    this.body = body;
    this.entries = List.copyOf(entries);
    this.receivedNanos = receivedNanos;
  }

  public List<Entry> entries() {
    return entries;
  }

  /** {@code System.nanoTime()} at which the complete answer had arrived. */
  public long receivedNanos() {
    return receivedNanos;
  }

  /** The entry's session decoded in full. */
  public SessionView view(Entry entry) {
    return SessionView.fromJson(new JsonObject(Buffer.buffer().appendBytes(body, entry.start(),
        entry.end() - entry.start())));
  }

  /**
   * Reads {@code {"sessions": [...], ...}}.
   *
   * @throws IOException when the body is not JSON of that shape
   */
  static StateList parse(Buffer answer, long receivedNanos) throws IOException {
    byte[] body = answer.getBytes();
    List<Entry> entries = new ArrayList<>();
    boolean sawSessions = false;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("sessions".equals(field) && value == JsonToken.START_ARRAY) {
          sawSessions = true;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.START_OBJECT) {
              entries.add(entry(p));
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    }
    if (!sawSessions) {
      throw new IOException("no \"sessions\" array");
    }
    return new StateList(body, entries, receivedNanos);
  }

  /** One session object, the parser on its START_OBJECT; leaves it on the matching END_OBJECT. */
  private static Entry entry(JsonParser p) throws IOException {
    int start = (int) p.currentTokenLocation().getByteOffset();
    String name = null;
    String sessionId = null;
    String id = null;
    String state = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_STRING) {
        switch (field) {
          case "name" -> name = p.getText();
          case "sessionId" -> sessionId = p.getText();
          case "id" -> id = p.getText();
          case "state" -> state = p.getText();
          default -> {
          }
        }
      } else {
        p.skipChildren();
      }
    }
    int end = (int) p.currentTokenLocation().getByteOffset() + 1;
    return new Entry(firstNonEmpty(name, sessionId, id), state == null || state.isEmpty() ? null : state, start, end);
  }

  private static String firstNonEmpty(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return null;
  }
}
