package io.loadstone.worker.vnc;

/**
 * What a VNC probe saw: the desktop name and framebuffer size from ServerInit, the size in bytes of the first
 * complete FramebufferUpdate message (headers included), and three {@code System.nanoTime()} readings: the upgrade
 * completed, ServerInit fully received, the first update fully received.
 */
public record RfbResult(String desktopName, int width, int height, long firstFrameBytes, long connectedNanos,
                        long serverInitNanos, long firstFrameNanos) {

  /** Whether the desktop is the session's own: the platform's pods name their desktop after the session id. */
  public boolean desktopIs(String sessionId) {
    return sessionId.equals(desktopName);
  }
}
