package io.loadstone.sandbox.pods;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The pod's small, still desktop. Pixels are a pure function of the desktop name and position, so two
 * sessions never show the same picture (a client can tell a cross-wired tunnel from the pixels alone) and
 * nothing is stored per pod.
 */
final class Framebuffer {
  static final int WIDTH = 64;
  static final int HEIGHT = 48;

  private final int seed;

  Framebuffer(String desktopName) {
    // FNV-1a spreads near-identical session ids (same user and template) over very different colours.
    int h = 0x811c9dc5;
    for (byte b : desktopName.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x01000193;
    }
    this.seed = h;
  }

  /** 0xRRGGBB of the pixel at (x, y). */
  int rgb(int x, int y) {
    int r = ((seed >>> 16) + x * 4) & 0xff;
    int g = ((seed >>> 8) + y * 5) & 0xff;
    int b = (seed ^ (x * 7 + y * 3)) & 0xff;
    return (r << 16) | (g << 8) | b;
  }

  /**
   * A complete FramebufferUpdate message for the requested area clipped to the screen: one Raw rectangle,
   * or no rectangle at all when the area lies outside the screen.
   */
  Buffer update(PixelFormat format, int x, int y, int width, int height) {
    int x0 = Math.min(x, WIDTH);
    int y0 = Math.min(y, HEIGHT);
    int w = Math.min(x + width, WIDTH) - x0;
    int h = Math.min(y + height, HEIGHT) - y0;
    boolean empty = w <= 0 || h <= 0;
    Buffer out = Buffer.buffer(16 + (empty ? 0 : w * h * format.bytesPerPixel()));
    out.appendByte((byte) 0).appendByte((byte) 0).appendUnsignedShort(empty ? 0 : 1);
    if (empty) {
      return out;
    }
    out.appendUnsignedShort(x0).appendUnsignedShort(y0).appendUnsignedShort(w).appendUnsignedShort(h).appendInt(0);
    for (int row = y0; row < y0 + h; row++) {
      for (int col = x0; col < x0 + w; col++) {
        int rgb = rgb(col, row);
        format.appendPixel(out, (rgb >>> 16) & 0xff, (rgb >>> 8) & 0xff, rgb & 0xff);
      }
    }
    return out;
  }
}
