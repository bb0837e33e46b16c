package io.loadstone.common.message.codec;

import io.loadstone.common.message.RunId;
import io.loadstone.common.message.RunSpec;
import io.vertx.core.buffer.Buffer;

/** {@link RunSpec} on the wire, schema version 1. */
public final class RunSpecCodec extends VersionedCodec<RunSpec> {
  public RunSpecCodec() {
    super("loadstone.RunSpec", 1);
  }

  @Override
  protected void writeFields(Buffer out, RunSpec s) {
    Wire.string(out, s.run().value());
    Wire.string(out, s.orchestratorNode());
    Wire.string(out, s.planSource());
    Wire.string(out, s.planYaml());
    Wire.string(out, s.api());
    Wire.string(out, s.username());
    Wire.string(out, s.password());
    Wire.string(out, s.kubernetes());
    Wire.string(out, s.namespace());
  }

  @Override
  protected RunSpec readFields(Wire.Reader in) {
    return new RunSpec(new RunId(in.readString()), in.readString(), in.readString(), in.readString(),
        in.readString(), in.readString(), in.readString(), in.readString(), in.readString());
  }
}
