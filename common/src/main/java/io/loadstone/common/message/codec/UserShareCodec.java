package io.loadstone.common.message.codec;

import io.loadstone.common.message.RunId;
import io.loadstone.common.message.UserShare;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** {@link UserShare} on the wire, schema version 1. */
public final class UserShareCodec extends VersionedCodec<UserShare> {
  public UserShareCodec() {
    super("loadstone.UserShare", 1);
  }

  @Override
  protected void writeFields(Buffer out, UserShare s) {
    Wire.string(out, s.run().value());
    Wire.string(out, s.worker());
    out.appendInt(s.generation());
    out.appendByte((byte) (s.everyone() ? 1 : 0));
    out.appendInt(s.users().size());
    s.users().forEach(u -> Wire.string(out, u));
  }

  @Override
  protected UserShare readFields(Wire.Reader in) {
    RunId run = new RunId(in.readString());
    String worker = in.readString();
    int generation = in.readInt();
    boolean everyone = in.readByte() != 0;
    int count = in.readInt();
    List<String> users = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      users.add(in.readString());
    }
    return new UserShare(run, worker, generation, everyone, users);
  }
}
