package io.loadstone.common.message.codec;

import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunId;
import io.loadstone.common.phase.Phase;
import io.vertx.core.buffer.Buffer;

/**
 * {@link PhaseEvent} on the wire, schema version 4 (2 added the platform session id, 3 the interval histogram's
 * sequence number, 4 the session's agent).
 */
public final class PhaseEventCodec extends VersionedCodec<PhaseEvent> {
  public PhaseEventCodec() {
    super("loadstone.PhaseEvent", 4);
  }

  @Override
  protected void writeFields(Buffer out, PhaseEvent e) {
    Wire.string(out, e.run().value());
    Wire.string(out, e.session());
    out.appendInt(e.attempt());
    Wire.string(out, e.phase().id());
    out.appendLong(e.elapsedMicros()).appendLong(e.observedNanos()).appendLong(e.wallMillis());
    Wire.string(out, e.node());
    Wire.string(out, e.platformSession());
    out.appendLong(e.interval());
    Wire.string(out, e.agent());
  }

  @Override
  protected PhaseEvent readFields(Wire.Reader in) {
    RunId run = new RunId(in.readString());
    String session = in.readString();
    int attempt = in.readInt();
    Phase phase = Codecs.phase(in.readString());
    return new PhaseEvent(run, session, attempt, phase, in.readLong(), in.readLong(), in.readLong(), in.readString(),
        in.readString(), in.readLong(), in.readString());
  }
}
