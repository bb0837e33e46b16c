package io.loadstone.worker.lifecycle;

/** Why a session attempt ends early ({@link SessionLifecycle#stop(StopMode)}). */
public enum StopMode {
  /** the orchestrator is gone: delete the session and clean up */
  TERMINATE,
  /** the worker drains: give the session back as it is */
  HAND_BACK
}
