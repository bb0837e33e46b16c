package io.loadstone.sandbox.truth;

/** Facts about one session that the sandbox records the first time they happen. */
public enum TruthEvent {
  /** the control plane received POST /api/v1/sessions for it */
  CREATE_REQUESTED("createRequested"),
  /** the start_session command left the control plane (or was dropped by a fault) */
  START_DISPATCHED("startDispatched"),
  DEPLOYMENT_CREATED("deploymentCreated"),
  SERVICE_CREATED("serviceCreated"),
  POD_CREATED("podCreated"),
  POD_READY("podReady"),
  TUNNEL_UP("tunnelUp"),
  /** the control plane set state running (on the agent's status message) */
  RUNNING("running"),
  DELETE_REQUESTED("deleteRequested"),
  DEPLOYMENT_GONE("deploymentGone"),
  SERVICE_GONE("serviceGone"),
  POD_GONE("podGone"),
  PVC_GONE("pvcGone"),
  SESSION_CR_GONE("sessionCrGone");

  private final String jsonName;

  TruthEvent(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }
}
