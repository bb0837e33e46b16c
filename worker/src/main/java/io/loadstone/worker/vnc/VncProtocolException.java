package io.loadstone.worker.vnc;

/** The server's bytes were not what RFB 3.8 with security None allows at that step. */
public final class VncProtocolException extends VncException {
  public VncProtocolException(String sessionId, String step, String detail) {
    super(sessionId, step, detail, null);
  }
}
