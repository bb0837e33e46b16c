package io.loadstone.worker.vnc;

/**
 * The control plane refused the WebSocket upgrade: 404 unknown session, 403 not the owner, 409 not running, 503 agent
 * not connected (contract section 1), or any other status, with the first 200 characters of its answer.
 */
public final class VncRefusedException extends VncException {
  private final int status;
  private final String bodyExcerpt;

  public VncRefusedException(String sessionId, int status, String bodyExcerpt) {
    super(sessionId, "upgrade", "refused with HTTP " + status + (bodyExcerpt == null || bodyExcerpt.isEmpty() ? ""
        : " " + bodyExcerpt), null);
    this.status = status;
    this.bodyExcerpt = bodyExcerpt;
  }

  public int status() {
    return status;
  }

  public String bodyExcerpt() {
    return bodyExcerpt;
  }
}
