package io.loadstone.worker.vnc;

/**
 * A VNC probe of one session failed; the subclass says how: {@link VncRefusedException} (the control plane answered
 * the upgrade with an error status), {@link VncUnreachableException} (no connection), {@link VncClosedException}
 * (the stream ended early), {@link VncTimeoutException} (a step took too long), {@link VncProtocolException} (the
 * server spoke something this client does not accept). Never carries the token.
 */
public abstract class VncException extends RuntimeException {
  private final String sessionId;
  private final String step;

  protected VncException(String sessionId, String step, String detail, Throwable cause) {
    super("VNC of session " + sessionId + ", step " + step + ": " + detail, cause);
    this.sessionId = sessionId;
    this.step = step;
  }

  public String sessionId() {
    return sessionId;
  }

  /** {@code upgrade}, {@code version}, {@code security}, {@code security-result}, {@code server-init}, {@code first-frame} */
  public String step() {
    return step;
  }
}
