package io.loadstone.common.message.codec;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The wire primitives every codec uses: big-endian numbers, and strings as a signed int length (-1 = null) followed
 * by UTF-8 bytes, explicitly (never the platform charset). {@link Reader} keeps the read position, so a codec reads
 * its fields in order from wherever the event bus says the message starts.
 */
final class Wire {
  private Wire() {
  }

  static void string(Buffer out, String value) {
    if (value == null) {
      out.appendInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.appendInt(bytes.length).appendBytes(bytes);
  }

  static void bytes(Buffer out, byte[] value) {
    out.appendInt(value.length).appendBytes(value);
  }

  /** A read cursor over one message in a buffer. */
  static final class Reader {
    private final Buffer in;
    private int pos;

    Reader(Buffer in, int pos) {
      this.in = in;
      this.pos = pos;
    }

    int position() {
      return pos;
    }

    byte readByte() {
      return in.getByte(pos++);
    }

    boolean readBoolean() {
      return readByte() != 0;
    }

    int readInt() {
      int v = in.getInt(pos);
      pos += 4;
      return v;
    }

    long readLong() {
      long v = in.getLong(pos);
      pos += 8;
      return v;
    }

    String readString() {
      int length = readInt();
      if (length < 0) {
        return null;
      }
      String v = in.getString(pos, pos + length, "UTF-8");
      pos += length;
      return v;
    }

    byte[] readBytes() {
      int length = readInt();
      byte[] v = in.getBytes(pos, pos + length);
      pos += length;
      return v;
    }
  }
}
