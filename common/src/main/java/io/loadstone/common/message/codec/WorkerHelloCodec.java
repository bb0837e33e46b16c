package io.loadstone.common.message.codec;

import io.loadstone.common.message.RunId;
import io.loadstone.common.message.WorkerHello;
import io.vertx.core.buffer.Buffer;

/** {@link WorkerHello} on the wire, schema version 1. */
public final class WorkerHelloCodec extends VersionedCodec<WorkerHello> {
  public WorkerHelloCodec() {
    super("loadstone.WorkerHello", 1);
  }

  @Override
  protected void writeFields(Buffer out, WorkerHello h) {
    Wire.string(out, h.run().value());
    Wire.string(out, h.worker());
    Wire.string(out, h.node());
    out.appendInt(h.capacity());
  }

  @Override
  protected WorkerHello readFields(Wire.Reader in) {
    return new WorkerHello(new RunId(in.readString()), in.readString(), in.readString(), in.readInt());
  }
}
