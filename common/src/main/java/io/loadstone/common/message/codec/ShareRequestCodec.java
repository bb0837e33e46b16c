package io.loadstone.common.message.codec;

import io.loadstone.common.message.RunId;
import io.loadstone.common.message.ShareRequest;
import io.vertx.core.buffer.Buffer;

/** {@link ShareRequest} on the wire, schema version 1. */
public final class ShareRequestCodec extends VersionedCodec<ShareRequest> {
  public ShareRequestCodec() {
    super("loadstone.ShareRequest", 1);
  }

  @Override
  protected void writeFields(Buffer out, ShareRequest r) {
    Wire.string(out, r.run().value());
    Wire.string(out, r.worker());
    out.appendInt(r.known());
  }

  @Override
  protected ShareRequest readFields(Wire.Reader in) {
    return new ShareRequest(new RunId(in.readString()), in.readString(), in.readInt());
  }
}
