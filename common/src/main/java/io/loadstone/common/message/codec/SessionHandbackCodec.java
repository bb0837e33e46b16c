package io.loadstone.common.message.codec;

import io.loadstone.common.message.RunId;
import io.loadstone.common.message.SessionHandback;
import io.vertx.core.buffer.Buffer;

/** {@link SessionHandback} on the wire, schema version 1. */
public final class SessionHandbackCodec extends VersionedCodec<SessionHandback> {
  public SessionHandbackCodec() {
    super("loadstone.SessionHandback", 1);
  }

  @Override
  protected void writeFields(Buffer out, SessionHandback h) {
    Wire.string(out, h.run().value());
    Wire.string(out, h.session());
    out.appendInt(h.attempt());
    Wire.string(out, h.platformSession());
    Wire.string(out, h.worker());
  }

  @Override
  protected SessionHandback readFields(Wire.Reader in) {
    return new SessionHandback(new RunId(in.readString()), in.readString(), in.readInt(), in.readString(),
        in.readString());
  }
}
