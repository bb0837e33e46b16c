package io.loadstone.common.phase;

import java.util.Arrays;
import java.util.Optional;

/**
 * The measured steps of one session's life. Each is a time on the observing worker's monotonic clock since the
 * create request was sent, except {@link #CLEANED_UP}, which is since the delete request was sent.
 */
public enum Phase {
  /** the platform answered the create with 202 */
  CREATED("created", Origin.CREATE_SENT),
  /** the session's Deployment and Service both exist in Kubernetes */
  PROVISIONED("provisioned", Origin.CREATE_SENT),
  /** its pod's Ready condition is True */
  POD_READY("podReady", Origin.CREATE_SENT),
  /** the platform's API reports state {@code running} */
  RUNNING("running", Origin.CREATE_SENT),
  /** an RFB ServerInit arrived through the platform's VNC WebSocket */
  TUNNEL_UP("tunnelUp", Origin.CREATE_SENT),
  /** the platform answered the delete with 202 */
  TERMINATED("terminated", Origin.CREATE_SENT),
  /** Deployment, Service and Pod are gone from Kubernetes */
  CLEANED_UP("cleanedUp", Origin.DELETE_SENT);

  /** Which request a phase's time is measured from. */
  public enum Origin { CREATE_SENT, DELETE_SENT }

  private final String jsonName;
  private final Origin origin;

  Phase(String jsonName, Origin origin) {
    this.jsonName = jsonName;
    this.origin = origin;
  }

  /** The name in plans, reports and JSON, e.g. {@code podReady}. */
  public String jsonName() {
    return jsonName;
  }

  public Origin origin() {
    return origin;
  }

  public static Optional<Phase> byJsonName(String name) {
    return Arrays.stream(values()).filter(p -> p.jsonName.equals(name)).findFirst();
  }
}
