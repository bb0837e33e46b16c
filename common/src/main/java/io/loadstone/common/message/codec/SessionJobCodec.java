package io.loadstone.common.message.codec;

import io.loadstone.common.message.RunId;
import io.loadstone.common.message.SessionJob;
import io.vertx.core.buffer.Buffer;

/** {@link SessionJob} on the wire, schema version 2 (2 added the user). */
public final class SessionJobCodec extends VersionedCodec<SessionJob> {
  public SessionJobCodec() {
    super("loadstone.SessionJob", 2);
  }

  @Override
  protected void writeFields(Buffer out, SessionJob j) {
    Wire.string(out, j.run().value());
    Wire.string(out, j.session());
    out.appendInt(j.attempt());
    Wire.string(out, j.user());
    Wire.string(out, j.platformSession());
  }

  @Override
  protected SessionJob readFields(Wire.Reader in) {
    return new SessionJob(new RunId(in.readString()), in.readString(), in.readInt(), in.readString(),
        in.readString());
  }
}
