package io.loadstone.common.message.codec;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Base of every Loadstone event-bus codec: the message is framed as a total length, then the schema version byte,
 * then the fields. A receiver that meets a version it does not know fails with the codec's name and both versions
 * rather than misreading fields. Local delivery passes the (immutable) record itself. Thread-safe: no state.
 *
 * @param <T> an immutable record
 */
public abstract class VersionedCodec<T> implements MessageCodec<T, T> {
  private final String name;
  private final byte version;

  protected VersionedCodec(String name, int version) {
    this.name = name;
    this.version = (byte) version;
  }

  protected abstract void writeFields(Buffer out, T value);

  protected abstract T readFields(Wire.Reader in);

  @Override
  public final void encodeToWire(Buffer buffer, T value) {
    Buffer body = Buffer.buffer().appendByte(version);
    writeFields(body, value);
    buffer.appendInt(body.length()).appendBuffer(body);
  }

  @Override
  public final T decodeFromWire(int pos, Buffer buffer) {
    Wire.Reader in = new Wire.Reader(buffer, pos + 4);
    byte seen = in.readByte();
    if (seen != version) {
      throw new IllegalStateException("codec " + name + ": cannot read schema version " + seen + " (this node reads "
          + version + "); run the same Loadstone version on every node");
    }
    return readFields(in);
  }

  @Override
  public final T transform(T value) {
    return value;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final byte systemCodecID() {
    return -1;
  }
}
