package io.loadstone.common.message.codec;

import io.loadstone.common.message.IntervalHistogram;
import io.loadstone.common.message.RunId;
import io.vertx.core.buffer.Buffer;

/** {@link IntervalHistogram} on the wire, schema version 1. */
public final class IntervalHistogramCodec extends VersionedCodec<IntervalHistogram> {
  public IntervalHistogramCodec() {
    super("loadstone.IntervalHistogram", 1);
  }

  @Override
  protected void writeFields(Buffer out, IntervalHistogram h) {
    Wire.string(out, h.run().value());
    Wire.string(out, h.node());
    out.appendLong(h.sequence());
    Wire.string(out, h.phase().id());
    out.appendLong(h.startWallMillis()).appendLong(h.endWallMillis());
    Wire.bytes(out, h.compressed());
  }

  @Override
  protected IntervalHistogram readFields(Wire.Reader in) {
    return new IntervalHistogram(new RunId(in.readString()), in.readString(), in.readLong(),
        Codecs.phase(in.readString()), in.readLong(), in.readLong(), in.readBytes());
  }
}
