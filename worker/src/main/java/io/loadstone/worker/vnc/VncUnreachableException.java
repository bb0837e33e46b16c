package io.loadstone.worker.vnc;

/** No WebSocket connection could be made to the control plane (refused, unknown host, TLS failure). */
public final class VncUnreachableException extends VncException {
  public VncUnreachableException(String sessionId, String url, Throwable cause) {
    super(sessionId, "upgrade", "control plane unreachable at " + url + ": " + cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : " (" + RfbConnection.redact(cause.getMessage()) + ")"), cause);
  }
}
