package io.loadstone.common.message.codec;

import io.loadstone.common.message.RunId;
import io.loadstone.common.message.RunOffer;
import io.vertx.core.buffer.Buffer;

/** {@link RunOffer} on the wire, schema version 1. */
public final class RunOfferCodec extends VersionedCodec<RunOffer> {
  public RunOfferCodec() {
    super("loadstone.RunOffer", 1);
  }

  @Override
  protected void writeFields(Buffer out, RunOffer o) {
    Wire.string(out, o.run().value());
    Wire.string(out, o.orchestratorNode());
  }

  @Override
  protected RunOffer readFields(Wire.Reader in) {
    return new RunOffer(new RunId(in.readString()), in.readString());
  }
}
