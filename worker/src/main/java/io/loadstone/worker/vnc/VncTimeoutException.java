package io.loadstone.worker.vnc;

/** A step did not finish within the step timeout. */
public final class VncTimeoutException extends VncException {
  private final long timeoutMillis;

  public VncTimeoutException(String sessionId, String step, long timeoutMillis) {
    super(sessionId, step, "no answer within " + timeoutMillis + " ms", null);
    this.timeoutMillis = timeoutMillis;
  }

  public long timeoutMillis() {
    return timeoutMillis;
  }
}
