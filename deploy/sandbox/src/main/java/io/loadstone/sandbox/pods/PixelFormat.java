package io.loadstone.sandbox.pods;

import io.vertx.core.buffer.Buffer;

/**
 * An RFB PIXEL_FORMAT (RFC 6143 section 7.4): how a pixel is laid out on the wire. The server's native
 * format is {@link #NATIVE} (32 bpp, depth 24, little-endian true colour, shifts 16/8/0); a client may ask for
 * another one with SetPixelFormat, which {@link #parse} validates.
 */
record PixelFormat(int bitsPerPixel, int depth, boolean bigEndian, boolean trueColour,
                   int redMax, int greenMax, int blueMax, int redShift, int greenShift, int blueShift) {

  static final PixelFormat NATIVE = new PixelFormat(32, 24, false, true, 255, 255, 255, 16, 8, 0);

  /** Wire size of a PIXEL_FORMAT, padding included. */
  static final int SIZE = 16;

  int bytesPerPixel() {
    return bitsPerPixel / 8;
  }

  /** Reads 16 bytes at {@code pos}; null when the format is one RFB does not allow (bpp not 8, 16 or 32). */
  static PixelFormat parse(Buffer buf, int pos) {
    int bpp = buf.getUnsignedByte(pos);
    if (bpp != 8 && bpp != 16 && bpp != 32) {
      return null;
    }
    return new PixelFormat(bpp, buf.getUnsignedByte(pos + 1), buf.getByte(pos + 2) != 0, buf.getByte(pos + 3) != 0,
        buf.getUnsignedShort(pos + 4), buf.getUnsignedShort(pos + 6), buf.getUnsignedShort(pos + 8),
        buf.getUnsignedByte(pos + 10), buf.getUnsignedByte(pos + 11), buf.getUnsignedByte(pos + 12));
  }

  void writeTo(Buffer out) {
    out.appendByte((byte) bitsPerPixel).appendByte((byte) depth)
        .appendByte((byte) (bigEndian ? 1 : 0)).appendByte((byte) (trueColour ? 1 : 0))
        .appendUnsignedShort(redMax).appendUnsignedShort(greenMax).appendUnsignedShort(blueMax)
        .appendByte((byte) redShift).appendByte((byte) greenShift).appendByte((byte) blueShift)
        .appendBytes(new byte[3]);
  }

  /** Appends one pixel given as 8-bit r, g, b. */
  void appendPixel(Buffer out, int r, int g, int b) {
    long value;
    if (trueColour) {
      value = ((long) scale(r, redMax) << redShift) | ((long) scale(g, greenMax) << greenShift)
          | ((long) scale(b, blueMax) << blueShift);
    } else {
      // No colour map is ever sent, so a palette client just sees a grey ramp: defined bytes, right count.
      value = (r + g + b) / 3;
    }
    int bytes = bytesPerPixel();
    for (int i = 0; i < bytes; i++) {
      int shift = 8 * (bigEndian ? bytes - 1 - i : i);
      out.appendByte((byte) (value >>> shift));
    }
  }

  private static int scale(int component, int max) {
    return (component * max + 127) / 255;
  }
}
