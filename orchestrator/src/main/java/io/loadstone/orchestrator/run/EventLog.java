package io.loadstone.orchestrator.run;

import io.loadstone.common.message.PhaseEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code events.jsonl}: one JSON line per phase event, appended as it arrives (writes are queued in order, never
 * blocking the event loop). Each line: {@code run, session, attempt, phase, elapsedMs, observedNanos, observedAt,
 * node, platformSession, interval, agent} ({@code interval}: the node's interval histogram holding the value, 0 for
 * none; {@code agent}: only when known).
 */
public final class EventLog {
  private final AsyncFile file;

  private EventLog(AsyncFile file) {
    this.file = file;
  }

  /** Opens (creating or appending to) {@code path}. */
  public static Future<EventLog> open(Vertx vertx, Path path) {
    return vertx.fileSystem().open(path.toString(), new OpenOptions().setCreate(true).setAppend(true).setWrite(true))
        .map(EventLog::new);
  }

  public void append(PhaseEvent e) {
    JsonObject line = new JsonObject().put("run", e.run().value()).put("session", e.session())
        .put("attempt", e.attempt()).put("phase", e.phase().id()).put("elapsedMs", e.elapsedMicros() / 1000.0)
        .put("observedNanos", e.observedNanos()).put("observedAt", Instant.ofEpochMilli(e.wallMillis()).toString())
        .put("node", e.node()).put("platformSession", e.platformSession())
        .put("interval", e.interval());
    if (e.agent() != null) {
      line.put("agent", e.agent());
    }
    file.write(Buffer.buffer(line.encode()).appendString("\n"));
  }

  /** Flushes what was appended and closes the file. */
  public Future<Void> close() {
    return file.flush().compose(v -> file.close());
  }
}
