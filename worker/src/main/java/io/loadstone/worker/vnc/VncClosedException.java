package io.loadstone.worker.vnc;

/** The WebSocket closed (or failed) before the step had the bytes it needed. */
public final class VncClosedException extends VncException {
  public VncClosedException(String sessionId, String step, String detail) {
    super(sessionId, step, "closed early: " + detail, null);
  }
}
