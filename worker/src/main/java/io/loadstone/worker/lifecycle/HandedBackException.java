package io.loadstone.worker.lifecycle;

import io.loadstone.common.message.SessionJob;

/**
 * How a lifecycle stopped with {@code HAND_BACK} ends: the session was left on the platform as it was, for the
 * orchestrator to offer as the next attempt. Not an error.
 */
public final class HandedBackException extends RuntimeException {
  private final transient SessionJob job;
  private final String platformSession;

  HandedBackException(SessionJob job, String platformSession) {
    super("run " + job.run() + " session " + job.session() + " attempt " + job.attempt() + " handed back"
        + (platformSession == null ? "" : " (" + platformSession + ")"), null, false, false);
    this.job = job;
    this.platformSession = platformSession;
  }

  public SessionJob job() {
    return job;
  }

  /** The platform's session id, or null when no create was answered. */
  public String platformSession() {
    return platformSession;
  }
}
