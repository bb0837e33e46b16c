package io.loadstone.common.message.codec;

import io.loadstone.common.message.EndHold;
import io.loadstone.common.message.RunId;
import io.vertx.core.buffer.Buffer;

/** {@link EndHold} on the wire, schema version 1. */
public final class EndHoldCodec extends VersionedCodec<EndHold> {
  public EndHoldCodec() {
    super("loadstone.EndHold", 1);
  }

  @Override
  protected void writeFields(Buffer out, EndHold e) {
    Wire.string(out, e.run().value());
    Wire.string(out, e.session());
    out.appendInt(e.attempt());
    Wire.string(out, e.reason());
  }

  @Override
  protected EndHold readFields(Wire.Reader in) {
    return new EndHold(new RunId(in.readString()), in.readString(), in.readInt(), in.readString());
  }
}
